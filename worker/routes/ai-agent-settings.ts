// The organisation's AI voice agent settings (domain/ai-agent-settings.ts): read by its
// members, set by its admins as a whole, audited. Copied into each AI call's spec when
// the call starts (worker/calls/inbound.ts), so a change never alters a call in progress.
import { eq } from "drizzle-orm";
import { recordAudit } from "../../db/audit/record";
import { organizationAiAgentSettings } from "../../db/schema";
import { aiAgentSettings, readAiAgentSettings } from "../../domain/ai-agent-settings";
import { getAiAgentSettings, setAiAgentSettings } from "../http/contracts/ai-agent-settings";
import { defineRoute, member } from "../http/route-table";

defineRoute(getAiAgentSettings, {
  summary: "The organisation's AI voice agent settings (its defaults until set)",
  access: member("viewer"),
  handler: async (c) => {
    const [row] = await c.var.db
      .select({ settings: organizationAiAgentSettings.settings })
      .from(organizationAiAgentSettings)
      .where(eq(organizationAiAgentSettings.organizationId, c.var.identity.organizationId));
    return c.json({ aiAgentSettings: readAiAgentSettings(row?.settings) });
  },
});

defineRoute(setAiAgentSettings, {
  summary: "Set the AI voice agent's prompt, model, voice, temperature, guardrails, disclosures, lowest payment and payment links per call",
  access: member("admin"),
  body: aiAgentSettings,
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    await c.var.db.transaction(async (tx) => {
      const [before] = await tx
        .select({ settings: organizationAiAgentSettings.settings })
        .from(organizationAiAgentSettings)
        .where(eq(organizationAiAgentSettings.organizationId, identity.organizationId))
        .for("update");
      await tx
        .insert(organizationAiAgentSettings)
        .values({ organizationId: identity.organizationId, settings: body })
        .onConflictDoUpdate({ target: organizationAiAgentSettings.organizationId, set: { settings: body, updatedAt: new Date() } });
      await recordAudit(tx, identity.organizationId, identity, {
        action: "organization.ai_agent_settings_changed",
        resourceType: "organization",
        resourceId: identity.organizationId,
        before: readAiAgentSettings(before?.settings),
        after: body,
      });
    });
    return c.json({ aiAgentSettings: body });
  },
});
