// Supervisors on live calls: POST /api/calls/:id/supervision joins the call (or switches
// mode), DELETE leaves. The supervisor is the session's user: their softphone address is
// where the carrier rings them, exactly as an agent's leg. The call's actor decides (one
// place per call at a time unless the organisation allows more) and runs the carrier
// commands; every join, switch and leave is audited here and on the call's timeline there.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { calls, organizations } from "../../db/schema";
import { agentAddressFor } from "../../domain/agent-address";
import { SUPERVISOR_MODES } from "../../domain/supervision";
import type { SupervisionAnswer } from "../../objects/call/features/supervision/supervision-rpc";
import { callActorStub } from "../../objects/shared/actor-stubs";
import { leaveSupervision, superviseCall } from "../http/contracts/supervision";
import { ApiError, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { defineRoute, member, type AppContext } from "../http/route-table";

defineRoute(superviseCall, {
  summary: "Join a live call as its supervisor (monitor: hear both; whisper: only the agent hears you; barge: everyone hears you), or switch mode",
  access: member("supervisor"),
  resource: "supervisedCall",
  body: z.strictObject({ mode: z.enum(SUPERVISOR_MODES) }),
  handler: async (c, { body }) => {
    const { identity, callId, userId } = await supervisedCall(c);
    const settings = await supervisionSettings(c);
    const answer = await callActorStub(c.env, identity.organizationId, callId).supervise(
      { supervisor: { userId, name: identity.displayName, address: agentAddressFor(c.env, userId) }, mode: body.mode, visibleToAgent: settings.showSupervisorsToAgents },
      { maxSupervisors: settings.supervisorsPerCall },
    );
    if (answer.kind === "no_call") throw notFound("Call");
    if (answer.kind === "refused") throw new ApiError(409, "conflict", answer.message);
    if (answer.kind === "not_supervising" || answer.kind === "left") throw new Error(`supervise answered ${answer.kind}`);
    if (answer.kind !== "unchanged") {
      await c.var.db.transaction((tx) =>
        recordAudit(tx, identity.organizationId, identity, {
          action: answer.kind === "joined" ? "call.supervision_joined" : "call.supervision_switched",
          resourceType: "call",
          resourceId: callId,
          before: answer.previousMode ? { mode: answer.previousMode } : null,
          after: { mode: answer.mode, sessionId: answer.sessionId, visibleToAgent: settings.showSupervisorsToAgents },
        }),
      );
    }
    return c.json(bodyOf(answer), answer.kind === "joined" ? 201 : 200);
  },
});

defineRoute(leaveSupervision, {
  summary: "Stop supervising a call: only the supervisor's own leg is hung up",
  access: member("supervisor"),
  resource: "supervisedCall",
  handler: async (c) => {
    const { identity, callId, userId } = await supervisedCall(c);
    const answer = await callActorStub(c.env, identity.organizationId, callId).leaveSupervision(userId);
    if (answer.kind !== "left") throw notFound("Your supervision of this call");
    await c.var.db.transaction((tx) =>
      recordAudit(tx, identity.organizationId, identity, {
        action: "call.supervision_left",
        resourceType: "call",
        resourceId: callId,
        before: { mode: answer.mode, sessionId: answer.sessionId },
      }),
    );
    return c.json(bodyOf(answer), 200);
  },
});

/** The call (of the caller's organisation) and the person supervising it. */
async function supervisedCall(c: AppContext): Promise<{ identity: AppContext["var"]["identity"]; callId: string; userId: string }> {
  const identity = c.var.identity;
  const callId = idParam(c, "Call");
  const [row] = await c.var.db.select({ id: calls.id }).from(calls).where(and(eq(calls.id, callId), eq(calls.organizationId, identity.organizationId)));
  if (!row) throw notFound("Call");
  if (!identity.userId) throw new ApiError(403, "forbidden", "Supervising rings a person's softphone: an API key cannot supervise a call");
  return { identity, callId, userId: identity.userId.toLowerCase() };
}

async function supervisionSettings(c: AppContext) {
  const [settings] = await c.var.db
    .select({ supervisorsPerCall: organizations.supervisorsPerCall, showSupervisorsToAgents: organizations.showSupervisorsToAgents })
    .from(organizations)
    .where(eq(organizations.id, c.var.identity.organizationId));
  if (!settings) throw notFound("Organisation");
  return settings;
}

function bodyOf(answer: Extract<SupervisionAnswer, { sessionId: string }>) {
  return { supervision: { sessionId: answer.sessionId, mode: answer.mode, change: answer.kind }, call: answer.call };
}
