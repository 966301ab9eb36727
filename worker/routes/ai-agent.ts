// POST /api/calls/:id/ai-agent: an agent or supervisor takes a call over from the AI
// voice agent, or hands it back with notes. The call's actor decides against the AI's
// state (objects/call/features/ai-agent/operator.ts) and runs the rest (the pool, the
// bridge, the hang-up of the person's leg, the AI's resumed line); each switch is
// audited here and on the call's timeline there.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { calls } from "../../db/schema";
import { callActorStub } from "../../objects/shared/actor-stubs";
import { AI_OPERATOR_ACTIONS, aiOperatorRoute } from "../http/contracts/ai-agent";
import { ApiError, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { defineRoute, member } from "../http/route-table";

defineRoute(aiOperatorRoute, {
  summary: "Take a call over from the AI voice agent (you are rung and bridged), or hand it back to the AI with notes",
  access: member("agent"),
  resource: "aiCall",
  body: z.strictObject({ action: z.enum(AI_OPERATOR_ACTIONS), notes: z.string().max(2000).optional() }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const callId = idParam(c, "Call");
    const [row] = await c.var.db.select({ id: calls.id }).from(calls).where(and(eq(calls.id, callId), eq(calls.organizationId, identity.organizationId)));
    if (!row) throw notFound("Call");
    if (!identity.userId) throw new ApiError(403, "forbidden", "Taking a call over rings a person's softphone: an API key cannot");
    const by = { userId: identity.userId.toLowerCase(), name: identity.displayName };
    const answer = await callActorStub(c.env, identity.organizationId, callId).aiOperator({ kind: body.action, by, role: identity.role, ...(body.notes ? { notes: body.notes } : {}) });
    if (answer.kind === "no_call") throw notFound("Call");
    if (answer.kind === "refused" && answer.reason === "not_yours") throw new ApiError(403, "forbidden", answer.message);
    if (answer.kind === "refused") throw new ApiError(409, "conflict", answer.message);
    await c.var.db.transaction((tx) =>
      recordAudit(tx, identity.organizationId, identity, {
        action: body.action === "take_over" ? "call.ai_taken_over" : "call.ai_handed_back",
        resourceType: "call",
        resourceId: callId,
        after: body.action === "hand_back" ? { notes: body.notes ?? "" } : { by: by.userId },
      }),
    );
    return c.json({ ai: { change: body.action }, call: answer.call }, 200);
  },
});
