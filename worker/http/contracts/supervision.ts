// Supervisors on live calls: join, switch mode, leave (the supervisor is the session's user).
import { z } from "zod";
import { callView } from "../../../objects/call/protocol";
import { SUPERVISOR_MODES } from "../../../domain/supervision";
import { id, routeContract } from "./contract";

export const supervisorMode = z.enum(SUPERVISOR_MODES);

export const supervisionAnswer = z.strictObject({
  supervision: z.strictObject({
    sessionId: id,
    /** The mode now (leaving: the mode they left from). */
    mode: supervisorMode,
    /** joined: a new session, their softphone rings; switched: the new mode is sent to the carrier; unchanged: already in that mode; left. */
    change: z.enum(["joined", "switched", "unchanged", "left"]),
  }),
  /** The live call as its actor sees it now, supervisors included. */
  call: callView,
});
export type SupervisionAnswerBody = z.infer<typeof supervisionAnswer>;

/**
 * 201 joined; 200 switched or already in that mode. conflict: the call is over, has no
 * agent, or already has as many supervisors as the organisation allows (the message names them).
 */
export const superviseCall = routeContract({
  method: "POST",
  path: "/api/calls/:id/supervision",
  response: { 201: supervisionAnswer, 200: supervisionAnswer },
  errors: ["conflict"],
});
/** not_found: the caller is not supervising this call (or there is no such call). */
export const leaveSupervision = routeContract({
  method: "DELETE",
  path: "/api/calls/:id/supervision",
  response: { 200: supervisionAnswer },
  errors: ["not_found"],
});

/**
 * 202: the hand is up on the call (its timeline, and every supervisor's board until one
 * joins or the call ends). conflict: the call is over, or the caller is not its agent.
 */
export const raiseHand = routeContract({
  method: "POST",
  path: "/api/calls/:id/help-requests",
  response: { 202: z.strictObject({ requestId: id, call: callView }) },
  errors: ["conflict", "not_found"],
});

/**
 * 200: the agent's raised hand is down (withdrawnRequestId), or none was up (null: asking
 * twice is harmless). conflict: the call is over, or the caller is not its agent.
 */
export const withdrawHand = routeContract({
  method: "DELETE",
  path: "/api/calls/:id/help-requests",
  response: { 200: z.strictObject({ withdrawnRequestId: id.nullable(), call: callView }) },
  errors: ["conflict", "not_found"],
});

export const supervisionRoutes = [superviseCall, leaveSupervision, raiseHand, withdrawHand] as const;
