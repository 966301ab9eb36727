// What a call tells its organisation's agent pool: the agent is on this call from the
// moment it starts (their leg rings first on bridge calls) until it ends, then wraps
// up. On an AI call a person's part ends sooner: when their leg ends (a hand-back hangs it
// up, or they hang up), they wrap up and the pool may give them the next call while the
// AI keeps the caller. Sent as tasks, like carrier commands: retried until done, each sent once.
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

/** The agent leg a pool task is about (its name's `-g<n>`, else the first). */
export const generationOfPoolTask = (task: Pick<PoolUpdateTask, "name">): number => Number(/-g(\d+)$/.exec(task.name)?.[1] ?? 1);

/**
 * Whether the person of agent leg `generation` is done with the call: it ended, or (an AI
 * call) their leg did. An earlier leg was handed back before the next takeover began.
 */
export function agentPartOver(spec: CallSpec, record: CallRecord, generation: number): boolean {
  if (TERMINAL_STATUSES.has(record.status)) return true;
  if (!spec.ai) return false;
  return generation < record.agentGeneration || record.legs.agent.state === "ended";
}

/**
 * The same person holds a later agent leg of this call, still live (taken over again):
 * the earlier leg's end must not wrap them up; the later leg's end does.
 */
export function heldAgainLater(spec: CallSpec, record: CallRecord, task: PoolUpdateTask): boolean {
  return generationOfPoolTask(task) < record.agentGeneration && callAgentUserId(spec, record) === task.userId && !agentPartOver(spec, record, record.agentGeneration);
}

export function desiredPoolUpdates(spec: CallSpec, record: CallRecord): PoolUpdateTask[] {
  const current = callAgentUserId(spec, record);
  const agents = [...record.earlierAgents, ...(current ? [{ generation: record.agentGeneration, userId: current }] : [])];
  return agents.flatMap(({ generation, userId }): PoolUpdateTask[] => [
    { name: poolTaskName("started", generation), action: "pool_update", change: "started", userId },
    ...(agentPartOver(spec, record, generation) ? [{ name: poolTaskName("ended", generation), action: "pool_update" as const, change: "ended" as const, userId }] : []),
  ]);
}
