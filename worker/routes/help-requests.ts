// POST /api/calls/:id/help-requests: the agent on a live call raises a hand with a reason.
// The call's actor decides (only its agent, only while it is live) and records it as the
// call's event: on its timeline, and through the help-requests feature on every
// supervisor's board until one joins, the agent withdraws it (DELETE on the same path) or
// the call ends. Audited here.
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { callActorStub } from "../../objects/shared/actor-stubs";
import { raiseHand, withdrawHand } from "../http/contracts/supervision";
import { ApiError, notFound } from "../http/errors";
import { agentOnVisibleCall } from "../calls/agent-on-call";
import { defineRoute, member } from "../http/route-table";

/** What a supervisor reads at a glance on their board. */
const MAX_REASON_CHARS = 200;

defineRoute(raiseHand, {
  summary: "Raise a hand on your live call: ask a supervisor to join, with a reason (the agent on the call only)",
  access: member("agent"),
  resource: "call",
  body: z.strictObject({ reason: z.string().trim().min(1, "say what you need help with").max(MAX_REASON_CHARS, `at most ${MAX_REASON_CHARS} characters`) }),
  handler: async (c, { body }) => {
    const { identity, callId, userId } = await agentOnVisibleCall(c, "Only the agent on the call raises a hand on it");
    const answer = await callActorStub(c.env, identity.organizationId, callId).raiseHand(userId, body.reason);
    if (answer.kind === "no_call") throw notFound("Call");
    if (answer.kind === "refused") throw new ApiError(409, "conflict", answer.message);
    await c.var.db.transaction((tx) =>
      recordAudit(tx, identity.organizationId, identity, {
        action: "call.help_requested",
        resourceType: "call",
        resourceId: callId,
        after: { requestId: answer.requestId, reason: body.reason },
      }),
    );
    return c.json({ requestId: answer.requestId, call: answer.call }, 202);
  },
});

defineRoute(withdrawHand, {
  summary: "Withdraw the hand you raised on your live call (the agent on the call only; nothing up is not an error)",
  access: member("agent"),
  resource: "call",
  handler: async (c) => {
    const { identity, callId, userId } = await agentOnVisibleCall(c, "Only the agent on the call withdraws its raised hand");
    const answer = await callActorStub(c.env, identity.organizationId, callId).withdrawHand(userId);
    if (answer.kind === "no_call") throw notFound("Call");
    if (answer.kind === "refused") throw new ApiError(409, "conflict", answer.message);
    const withdrawnRequestId = answer.requestId;
    if (withdrawnRequestId !== null) {
      await c.var.db.transaction((tx) =>
        recordAudit(tx, identity.organizationId, identity, {
          action: "call.help_withdrawn",
          resourceType: "call",
          resourceId: callId,
          after: { requestId: withdrawnRequestId },
        }),
      );
    }
    return c.json({ withdrawnRequestId, call: answer.call }, 200);
  },
});
