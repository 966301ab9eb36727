// What a call tells its organisation's agent pool: the agent is on this call from the
// moment it starts (their leg rings first on bridge calls) until it ends, then wraps
// up. Sent as tasks, like carrier commands: retried until done, each sent once.
import { z } from "zod";
import type { CallSpec } from "../../call-spec";
import { callAgentUserId } from "../../call-view";
import { type CallRecord } from "../../machine";
import { TERMINAL_STATUSES } from "../../../../domain/call-status";

export const poolUpdateTaskSchema = z.object({
  // One pair per agent leg: `pool-call-started` / `-ended`, then `-g2`, `-g3` … on an AI call taken over again.
  name: z.string().regex(/^pool-call-(started|ended)(-g\d+)?$/),
  action: z.literal("pool_update"),
  change: z.enum(["started", "ended"]),
  userId: z.string(),
});
export type PoolUpdateTask = z.infer<typeof poolUpdateTaskSchema>;

/** The task telling the pool `change` for the agent of agent leg `generation`. */
export const poolTaskName = (change: "started" | "ended", generation: number) => `pool-call-${change}${generation >= 2 ? `-g${generation}` : ""}`;

export function desiredPoolUpdates(spec: CallSpec, record: CallRecord): PoolUpdateTask[] {
  const current = callAgentUserId(spec, record);
  const agents = [...record.earlierAgents, ...(current ? [{ generation: record.agentGeneration, userId: current }] : [])];
  const ended = TERMINAL_STATUSES.has(record.status);
  // Every agent who held the call is on it until it ends (a hand-back does not free them yet).
  return agents.flatMap(({ generation, userId }): PoolUpdateTask[] => [
    { name: poolTaskName("started", generation), action: "pool_update", change: "started", userId },
    ...(ended ? [{ name: poolTaskName("ended", generation), action: "pool_update" as const, change: "ended" as const, userId }] : []),
  ]);
}
