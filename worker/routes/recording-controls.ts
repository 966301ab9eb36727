// POST /api/calls/:id/recording-control: the agent on a live call pauses its recording
// (with a reason: a card read aloud, a medical detail) or resumes it. The call's actor
// decides (only its agent, only while recording, never a resume during a payment step)
// and records it as the call's event (timeline, record); the carrier command follows
// through the recording-controls feature. Audited here.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { calls } from "../../db/schema";
import { callActorStub } from "../../objects/shared/actor-stubs";
import { controlRecording } from "../http/contracts/recording-controls";
import { ApiError, notFound } from "../http/errors";
import { agentOnVisibleCall } from "../calls/agent-on-call";
import { defineRoute, member } from "../http/route-table";

const MAX_REASON_CHARS = 200;

defineRoute(controlRecording, {
  summary: "Pause (with a reason) or resume the recording of your live call (the agent on the call only)",
  access: member("agent"),
  resource: "call",
  body: z.strictObject({
    action: z.enum(["pause", "resume"]),
    reason: z.string().trim().min(1, "say why (it is kept with the call)").max(MAX_REASON_CHARS, `at most ${MAX_REASON_CHARS} characters`),
  }),
  handler: async (c, { body }) => {
    const { identity, callId, userId } = await agentOnVisibleCall(c, "Only the agent on the call pauses or resumes its recording");
    const answer = await callActorStub(c.env, identity.organizationId, callId).controlRecording(userId, body.action, body.reason);
    if (answer.kind === "no_call") throw notFound("Call");
    if (answer.kind === "refused") throw new ApiError(409, "conflict", answer.message);
    if (answer.kind === "changed") {
      await c.var.db.transaction((tx) =>
        recordAudit(tx, identity.organizationId, identity, {
          action: body.action === "pause" ? "call.recording_paused" : "call.recording_resumed",
          resourceType: "call",
          resourceId: callId,
          after: { requestId: answer.requestId, reason: body.reason },
        }),
      );
    }
    return c.json({ requestId: answer.requestId, paused: answer.paused, call: answer.call }, answer.kind === "changed" ? 202 : 200);
  },
});
