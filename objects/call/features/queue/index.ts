// Inbound queues (issue 15): a call to a number routed to an open queue with room waits in
// it. The Worker puts the caller in line (the agent pool holds the queue: AgentPoolActor
// `queueArrive`); this feature answers, says the position and expected wait on joining and
// every 30 s with the hold message, asks the pool for its turn each second (the pool
// routes the whole queue then, reserving each chosen agent atomically), and on its turn
// raises `wib.agent.reserved` so the carrier-commands feature dials and bridges the agent
// as for a ring-agent call. A caller who hangs up while waiting is a queue abandon with
// their wait; one who waited past the queue's longest hears the overflow message.
import { agentReserved, hangupRequested } from "../../local-events";
import type { CallFeature, CallSituation, TaskContext, TaskOutcome } from "../feature";
import { logEvent } from "../../../../domain/log";
import { TERMINAL_STATUSES } from "../../../../domain/call-status";
import { queueEvent } from "./queue-events";
import { foldQueueWait } from "./queue-wait";
import { desiredQueueTasks, nextAnnouncementAtMs, overflowMessageHeard, QUEUE_POLL_MS, type QueueCommandTask, type QueueLeaveTask, type QueueTask, type QueueTurnTask } from "./queue-tasks";

const stillWanted = (situation: CallSituation, name: string) => desiredQueueTasks(situation).some((task) => task.name === name);

async function sendQueueCommand(task: QueueCommandTask, { situation, ports, attempt }: TaskContext): Promise<TaskOutcome> {
  if (task.command.action === "speak" && !stillWanted(situation, task.name)) return { kind: "done", note: "no longer needed" };
  const outcome = await ports.carrier.send(situation.spec, task.command, attempt.commandId);
  switch (outcome.kind) {
    case "done":
      return { kind: "done" };
    case "moot":
      return { kind: "done", note: outcome.error };
    case "retry":
      return attempt.isLast ? { kind: "failed", error: outcome.error } : { kind: "retry", error: outcome.error };
    case "failed":
      return { kind: "failed", error: outcome.error };
  }
}

/** One poll: a changed standing ends it with a position event (the next poll is a new task); the same standing asks again in a second. */
async function askForTurn(task: QueueTurnTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  if (!stillWanted(situation, task.name)) return { kind: "done", note: "no longer waiting" };
  let turn;
  try {
    turn = await ports.agentPool.queueTurn(task.queueId, situation.spec.id);
  } catch (error) {
    logEvent({ event: "queue_turn_failed", callId: situation.spec.id, error: String(error) });
    return { kind: "retry", error: String(error), atMs: ports.now() + QUEUE_POLL_MS };
  }
  const now = ports.now();
  const wait = foldQueueWait(situation.spec, situation.events);
  switch (turn.kind) {
    case "waiting": {
      const same = wait && wait.standing.position === turn.position && wait.standing.expectedWaitSeconds === turn.expectedWaitSeconds;
      if (same) return { kind: "retry", error: "still waiting", atMs: now + QUEUE_POLL_MS };
      return { kind: "done", events: [queueEvent(`position:${task.update + 1}`, now, { kind: "position", position: turn.position, expectedWaitSeconds: turn.expectedWaitSeconds })] };
    }
    case "agent": {
      const waitSeconds = Math.max(0, (now - (wait?.joinedAtMs ?? now)) / 1000);
      return { kind: "done", events: [agentReserved(now, turn.agent), queueEvent("answered", now, { kind: "answered", agentUserId: turn.agent.userId, waitSeconds })] };
    }
    case "overflowed":
      return { kind: "done", events: [queueEvent("overflowed", now, { kind: "overflowed" })] };
    case "gone":
      return { kind: "done", note: "the queue no longer holds this caller" };
  }
}

/** The caller hung up in line: the pool ends their stay as an abandon (and gives back an agent it had just chosen for them). */
async function leaveQueue(task: QueueLeaveTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  const { abandonedWaitSeconds } = await ports.agentPool.queueLeave(task.queueId, situation.spec.id);
  if (abandonedWaitSeconds === null) return { kind: "done", note: "no longer in line" };
  return { kind: "done", events: [queueEvent("abandoned", ports.now(), { kind: "abandoned", waitSeconds: abandonedWaitSeconds })] };
}

export const queue: CallFeature<QueueTask> = {
  name: "queue",
  desiredTasks: desiredQueueTasks,
  wakeAtMs: nextAnnouncementAtMs,
  dueEvents: (situation) => {
    const wait = foldQueueWait(situation.spec, situation.events);
    if (!wait) return [];
    const due = [];
    if (!wait.joinedNoted) due.push(queueEvent("joined", situation.spec.createdAtMs, { kind: "joined", queueId: wait.queue.queueId, ...wait.queue.joined }));
    if (!TERMINAL_STATUSES.has(situation.record.status) && !situation.record.hangupRequested && overflowMessageHeard(situation)) due.push(hangupRequested(situation.nowMs));
    return due;
  },
  runners: { queue_command: sendQueueCommand, queue_turn: askForTurn, queue_leave: leaveQueue },
};
