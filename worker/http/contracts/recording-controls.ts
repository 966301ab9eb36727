// The agent's recording controls on their live call: pause (with a reason) and resume.
import { z } from "zod";
import { callView } from "../../../objects/call/protocol";
import { routeContract } from "./contract";

export const recordingControlAnswer = z.strictObject({
  /** The request recorded on the call; null when the recording was already as asked. */
  requestId: z.string().nullable(),
  /** Paused by the agent now. */
  paused: z.boolean(),
  call: callView,
});

/**
 * 202: the request is on the call (its timeline and record) and goes to the carrier; 200:
 * the recording was already as asked. conflict: the call is over, is not recorded (yet),
 * the caller is not its agent, or a payment step keeps the recording paused.
 */
export const controlRecording = routeContract({
  method: "POST",
  path: "/api/calls/:id/recording-control",
  response: { 202: recordingControlAnswer, 200: recordingControlAnswer },
  errors: ["conflict", "not_found"],
});

export const recordingControlRoutes = [controlRecording] as const;
