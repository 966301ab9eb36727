// Live intelligence's settings (domain/intelligence-settings.ts): the organisation's
// translation and objection phrases (read by its members, set by its admins as a whole),
// a campaign's own translation (supervisors), and a live call's translation (the agent on
// it, or a supervisor and up), each audited; and the agent's line said to the customer in
// their language (voice-to-voice, features/intelligence/voice-lines.ts). A call reads the first two when it starts
// (objects/call/features/intelligence); a live call's change goes to its actor as an event.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { calls, campaignTranslationSettings, organizationIntelligenceSettings } from "../../db/schema";
import { isTerminalStatus } from "../../domain/call-status";
import { intelligenceSettings, readIntelligenceSettings, readTranslationOverride, translationSettings, translationSettingsField } from "../../domain/intelligence-settings";
import { translationConfigured } from "../../objects/call/local-events";
import { callActorStub } from "../../objects/shared/actor-stubs";
import { getCampaignTranslation, getIntelligenceSettings, sayVoiceLine, setCallTranslation, setCampaignTranslation, setIntelligenceSettings } from "../http/contracts/intelligence-settings";
import { VOICE_LINE_MAX_CHARS } from "../../objects/call/features/intelligence/voice-lines";
import { ApiError, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { visibleCall } from "../calls/visible-calls";
import { defineRoute, member } from "../http/route-table";
import { findCampaign } from "./campaigns";

defineRoute(getIntelligenceSettings, {
  summary: "The organisation's live-intelligence settings: translation (on/off, from, to) and its own objection phrases",
  access: member("viewer"),
  handler: async (c) => {
    const [row] = await c.var.db
      .select({ settings: organizationIntelligenceSettings.settings })
      .from(organizationIntelligenceSettings)
      .where(eq(organizationIntelligenceSettings.organizationId, c.var.identity.organizationId));
    return c.json({ intelligenceSettings: readIntelligenceSettings(row?.settings) });
  },
});

defineRoute(setIntelligenceSettings, {
  summary: "Set the organisation's translation and objection phrases (as a whole; new calls read them when they start)",
  access: member("admin"),
  body: intelligenceSettings,
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    await c.var.db.transaction(async (tx) => {
      const [before] = await tx
        .select({ settings: organizationIntelligenceSettings.settings })
        .from(organizationIntelligenceSettings)
        .where(eq(organizationIntelligenceSettings.organizationId, identity.organizationId))
        .for("update");
      await tx
        .insert(organizationIntelligenceSettings)
        .values({ organizationId: identity.organizationId, settings: body })
        .onConflictDoUpdate({ target: organizationIntelligenceSettings.organizationId, set: { settings: body, updatedAt: new Date() } });
      await recordAudit(tx, identity.organizationId, identity, {
        action: "organization.intelligence_settings_changed",
        resourceType: "organization",
        resourceId: identity.organizationId,
        before: readIntelligenceSettings(before?.settings),
        after: body,
      });
    });
    return c.json({ intelligenceSettings: body });
  },
});

defineRoute(getCampaignTranslation, {
  summary: "A campaign's own translation settings (null: it follows the organisation's)",
  access: member("viewer"),
  resource: "campaign",
  handler: async (c) => {
    const campaign = await findCampaign(c.var.db, c.var.identity.organizationId, idParam(c, "Campaign"));
    const [row] = await c.var.db
      .select({ settings: campaignTranslationSettings.settings })
      .from(campaignTranslationSettings)
      .where(and(eq(campaignTranslationSettings.campaignId, campaign.id), eq(campaignTranslationSettings.organizationId, c.var.identity.organizationId)));
    return c.json({ campaignId: campaign.id, translation: readTranslationOverride(row?.settings) });
  },
});

defineRoute(setCampaignTranslation, {
  summary: "Set a campaign's own translation, or null to follow the organisation's (its next calls read it)",
  access: member("supervisor"),
  resource: "campaign",
  body: z.strictObject({ translation: translationSettingsField.nullable() }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const campaign = await findCampaign(c.var.db, identity.organizationId, idParam(c, "Campaign"));
    await c.var.db.transaction(async (tx) => {
      const [before] = await tx
        .select({ settings: campaignTranslationSettings.settings })
        .from(campaignTranslationSettings)
        .where(eq(campaignTranslationSettings.campaignId, campaign.id))
        .for("update");
      if (body.translation === null) await tx.delete(campaignTranslationSettings).where(eq(campaignTranslationSettings.campaignId, campaign.id));
      else
        await tx
          .insert(campaignTranslationSettings)
          .values({ campaignId: campaign.id, organizationId: identity.organizationId, settings: body.translation })
          .onConflictDoUpdate({ target: campaignTranslationSettings.campaignId, set: { settings: body.translation, updatedAt: new Date() } });
      await recordAudit(tx, identity.organizationId, identity, {
        action: "campaign.translation_changed",
        resourceType: "campaign",
        resourceId: campaign.id,
        before: { translation: readTranslationOverride(before?.settings) },
        after: { translation: body.translation },
      });
    });
    return c.json({ campaignId: campaign.id, translation: body.translation });
  },
});

defineRoute(setCallTranslation, {
  summary: "Change a live call's translation (the agent on the call, or supervisor+): from its next line",
  access: member("agent"),
  resource: "call",
  body: translationSettings,
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const callId = idParam(c, "Call");
    const [call] = await c.var.db
      .select({ id: calls.id, status: calls.status })
      .from(calls)
      .where(visibleCall(identity, callId));
    if (!call) throw notFound("Call");
    if (isTerminalStatus(call.status)) throw new ApiError(409, "conflict", "The call has ended: its translation can no longer change");
    await callActorStub(c.env, identity.organizationId, call.id).receiveCarrierEvent(translationConfigured(Date.now(), crypto.randomUUID(), body, identity.userId));
    await c.var.db.transaction((tx) =>
      recordAudit(tx, identity.organizationId, identity, { action: "call.translation_changed", resourceType: "call", resourceId: call.id, after: body }),
    );
    return c.json({ callId: call.id, translation: body }, 202);
  },
});

defineRoute(sayVoiceLine, {
  summary: "Say a line to the customer in their language (voice-to-voice): translated by the model, spoken by the carrier (the agent on the call, or supervisor+)",
  access: member("agent"),
  resource: "voiceCall",
  body: z.strictObject({
    text: z.string().trim().min(1, "type the line to say").max(VOICE_LINE_MAX_CHARS, `a line is at most ${VOICE_LINE_MAX_CHARS} characters`),
  }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const callId = idParam(c, "Call");
    const [call] = await c.var.db.select({ id: calls.id, status: calls.status }).from(calls).where(visibleCall(identity, callId));
    if (!call) throw notFound("Call");
    if (isTerminalStatus(call.status)) throw new ApiError(409, "conflict", "The call has ended: nothing can be said to the customer any more");
    const requestId = crypto.randomUUID();
    const answer = await callActorStub(c.env, identity.organizationId, call.id).requestVoiceLine({ requestId, text: body.text, byUserId: identity.userId ?? "api" });
    if (answer.kind === "no_call") throw new ApiError(409, "conflict", "The call is not live: a line can be said to the customer only while they are on it");
    if (answer.kind !== "accepted") throw new ApiError(409, "conflict", answer.message);
    await c.var.db.transaction((tx) =>
      recordAudit(tx, identity.organizationId, identity, { action: "call.voice_line_said", resourceType: "call", resourceId: call.id, after: { requestId, text: body.text, language: answer.language } }),
    );
    return c.json({ callId: call.id, requestId, text: body.text, language: answer.language }, 202);
  },
});
