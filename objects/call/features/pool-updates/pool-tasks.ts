// What a call tells its organisation's agent pool: the agent is on this call from the
// moment it starts (their leg rings first on bridge calls) until it ends, then wraps
// up. Sent as tasks, like carrier commands: retried until done, each sent once.
import { z } from "zod";
import type { CallSpec } from "../../call-spec";
import { callAgentUserId } from "../../call-view";
import { type CallRecord } from "../../machine";
import { TERMINAL_STATUSES } from "../../../../domain/call-status";

export const poolUpdateTaskSchema = z.object({
  name: z.enum(["pool-call-started", "pool-call-ended"]),
  action: z.literal("pool_update"),
  change: z.enum(["started", "ended"]),
  userId: z.string(),
});
export type PoolUpdateTask = z.infer<typeof poolUpdateTaskSchema>;

export function desiredPoolUpdates(spec: CallSpec, record: CallRecord): PoolUpdateTask[] {
  const userId = callAgentUserId(spec, record);
  if (!userId) return [];
  const updates: PoolUpdateTask[] = [{ name: "pool-call-started", action: "pool_update", change: "started", userId }];
  if (TERMINAL_STATUSES.has(record.status)) {
    updates.push({ name: "pool-call-ended", action: "pool_update", change: "ended", userId });
  }
  return updates;
}
