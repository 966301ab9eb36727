// Pool updates: the agent on a call is on it, in their pool, from the start until the
// end (then wrap-up; on an AI call, until their own leg ends: a hand-back frees them). The
// end waits for the start, so the agent is never left on a call that is over; if the
// start never got there, neither does the end.
import { retryDelayMs } from "../../../shared/durable";
import { wrapUpOf } from "../../call-spec";
import type { CallFeature, TaskContext, TaskOutcome } from "../feature";
import { desiredPoolUpdates, heldAgainLater, type PoolUpdateTask } from "./pool-tasks";

async function updatePool(task: PoolUpdateTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  if (task.change === "ended") {
    const started = situation.tasks.state(task.name.replace("-ended", "-started"));
    if (started === "pending") return { kind: "retry", error: "waiting for the start to reach the pool", atMs: situation.nowMs + retryDelayMs(0) };
    if (started === "failed") return { kind: "failed", error: "the start never reached the pool" };
    // Handed back and taken over again by the same person before this end was sent: they are on the call again.
    if (heldAgainLater(situation.spec, situation.record, task)) return { kind: "done", note: "the same person holds the call again" };
  }
  try {
    if (task.change === "started") await ports.agentPool.callStarted(task.userId, situation.spec.id);
    else await ports.agentPool.callEnded(task.userId, situation.spec.id, wrapUpOf(situation.spec));
    return { kind: "done" };
  } catch (error) {
    return { kind: "retry", error: String(error) };
  }
}

export const poolUpdates: CallFeature<PoolUpdateTask> = {
  name: "poolUpdates",
  desiredTasks: ({ spec, record }) => desiredPoolUpdates(spec, record),
  runners: { pool_update: updatePool },
};
