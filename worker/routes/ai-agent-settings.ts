// The organisation's AI voice agent settings (domain/ai-agent-settings.ts): read by its
// members, set by its admins as a whole, audited. Copied into each AI call's spec when
// the call starts (worker/calls/inbound.ts), so a change never alters a call in progress.
// A test call (ai-agent/test-call-simulator.ts): a carrier simulator persona rings an AI number.
import { and, asc, eq } from "drizzle-orm";
import { recordAudit } from "../../db/audit/record";
import { organizationAiAgentSettings, phoneNumbers } from "../../db/schema";
import { aiAgentSettings, readAiAgentSettings } from "../../domain/ai-agent-settings";
import { requireFeature } from "../billing/plan-gate";
import { E164_SHAPE, E164_SHAPE_REASON } from "../../domain/phone-number";
import { placeSimulatorInboundCall, simulatorCallerPersonas, TEST_CALL_NEEDS_SIMULATOR, testCallerNumber } from "../ai-agent/test-call-simulator";
import { requireSimulatorControl } from "../simulator-control";
import { inboundCallId } from "../calls/inbound";
import { aiTestCallRequest, getAiAgentSettings, listAiTestPersonas, placeAiTestCall, setAiAgentSettings } from "../http/contracts/ai-agent-settings";
import { ApiError, conflict, notFound } from "../http/errors";
import { defineRoute, member, type AppContext } from "../http/route-table";

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

defineRoute(listAiTestPersonas, {
  summary: "The carrier simulator's personas a test call to the AI may come from (no simulator: a 409 saying how to test instead)",
  access: member("admin"),
  handler: async (c) => c.json({ personas: await simulatorCallerPersonas(requireSimulatorControl(c.env, TEST_CALL_NEEDS_SIMULATOR)) }),
});

defineRoute(placeAiTestCall, {
  summary: "A test call: a carrier simulator persona calls one of the organisation's AI numbers; answers the call's id",
  access: member("admin"),
  body: aiTestCallRequest,
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    if (body.from !== undefined && !E164_SHAPE.test(body.from)) throw new ApiError(400, "validation_failed", `Invalid from: ${E164_SHAPE_REASON}`, [{ path: "from", message: E164_SHAPE_REASON }]);
    // Like every AI call: a plan without the AI agent (say, after a downgrade) gets a 402 naming the plan that has it.
    await requireFeature(c.var.db, identity.organizationId, "ai_agent");
    const controlUrl = requireSimulatorControl(c.env, TEST_CALL_NEEDS_SIMULATOR);
    const number = await aiNumber(c.var.db, identity.organizationId, body.phoneNumberId);
    const personas = await simulatorCallerPersonas(controlUrl);
    if (!personas.some((p) => p.name === body.persona)) {
      const names = personas.map((p) => p.name).join(", ");
      throw new ApiError(400, "validation_failed", `No simulator persona can call as ${body.persona}`, [{ path: "persona", message: `must be one of the simulator's callers: ${names}` }]);
    }
    const from = body.from ?? testCallerNumber();
    const callSessionId = await placeSimulatorInboundCall(controlUrl, { from, to: number.e164, persona: body.persona });
    const testCall = { callId: await inboundCallId(callSessionId), callSessionId, persona: body.persona, phoneNumberId: number.id, from, to: number.e164 };
    await c.var.db.transaction((tx) =>
      recordAudit(tx, identity.organizationId, identity, { action: "ai_agent.test_call", resourceType: "call", resourceId: testCall.callId, after: testCall }),
    );
    return c.json({ testCall }, 201);
  },
});

/** The AI number a test call rings: the one named, else the organisation's first; a 409 naming what is missing. */
async function aiNumber(db: AppContext["var"]["db"], organizationId: string, phoneNumberId: string | undefined) {
  const rows = await db
    .select({ id: phoneNumbers.id, e164: phoneNumbers.e164, inboundAction: phoneNumbers.inboundAction })
    .from(phoneNumbers)
    .where(phoneNumberId ? and(eq(phoneNumbers.organizationId, organizationId), eq(phoneNumbers.id, phoneNumberId)) : and(eq(phoneNumbers.organizationId, organizationId), eq(phoneNumbers.inboundAction, "ai_agent")))
    .orderBy(asc(phoneNumbers.createdAt), asc(phoneNumbers.id))
    .limit(1);
  const [row] = rows;
  if (phoneNumberId && !row) throw notFound("Phone number");
  if (!row) throw conflict("A test call rings one of the organisation's AI numbers, and it has none: set a phone number's inbound action to the AI agent (Administration → Phone numbers) first");
  if (row.inboundAction !== "ai_agent") throw conflict(`${row.e164} does not route its callers to the AI agent (its inbound action is ${row.inboundAction}); a test call rings an AI number`);
  return row;
}
