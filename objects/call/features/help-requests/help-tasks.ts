// What a raised hand tells the organisation's agent pool (whose room every supervisor's
// board and campaign room watch): the request when raised, and that it is cleared once a
// supervisor joined, a later raise replaced it, or the call ended. Named per request, so
// re-deriving after every event sends nothing twice; the clear waits for the raise.
import { z } from "zod";
import type { RaisedHand } from "./help-state";

export const helpTaskSchema = z.object({
  name: z.string().min(1),
  action: z.literal("help_update"),
  change: z.enum(["raised", "cleared"]),
  requestId: z.string().min(1),
  agentUserId: z.string().min(1),
  reason: z.string(),
  raisedAtMs: z.number(),
});
export type HelpTask = z.infer<typeof helpTaskSchema>;

export const helpRaiseTaskName = (requestId: string) => `help-raised-${requestId}`;

export function desiredHelpTasks(hands: readonly RaisedHand[]): HelpTask[] {
  return hands.flatMap((hand) => {
    const fields = { requestId: hand.requestId, agentUserId: hand.agentUserId, reason: hand.reason, raisedAtMs: hand.raisedAtMs, action: "help_update" as const };
    const raised: HelpTask = { ...fields, name: helpRaiseTaskName(hand.requestId), change: "raised" };
    return hand.open ? [raised] : [raised, { ...fields, name: `help-cleared-${hand.requestId}`, change: "cleared" }];
  });
}
