// What a queue call wants done, as a pure function of the call: ask the pool for its
// turn (one poll task per standing: a poll that finds the standing changed ends with a
// position event, and the next poll is a new task); the position and expected wait said
// on joining and every QUEUE_ANNOUNCE_EVERY_MS (the feature's named timer), with the hold
// message; the speech stopped once an agent is reserved (the carrier-commands feature
// dials and bridges them, as for a ring-agent call); the queue told when the caller hangs
// up while waiting (a queue abandon); the overflow message when the wait ran past the
// queue's longest.
import { z } from "zod";
import type { CallSituation } from "../feature";
import { carrierCommandSchema, type CarrierCommand } from "../carrier-commands/desired-commands";
import { TERMINAL_STATUSES } from "../../../../domain/call-status";
import { announcement, foldQueueWait, type QueueWait } from "./queue-wait";

/** How often a waiting caller hears their position again. */
export const QUEUE_ANNOUNCE_EVERY_MS = 30_000;
/** How soon a waiting call asks the pool for its turn again. */
export const QUEUE_POLL_MS = 1000;

export const queueCommandTaskSchema = z.object({ name: z.string().startsWith("queue-"), action: z.literal("queue_command"), command: carrierCommandSchema });
export const queueTurnTaskSchema = z.object({ name: z.string().startsWith("queue-turn-"), action: z.literal("queue_turn"), queueId: z.string(), update: z.number().int().nonnegative() });
export const queueLeaveTaskSchema = z.object({ name: z.literal("queue-leave"), action: z.literal("queue_leave"), queueId: z.string() });
export const queueTaskSchemas = [queueCommandTaskSchema, queueTurnTaskSchema, queueLeaveTaskSchema] as const;

export type QueueCommandTask = z.infer<typeof queueCommandTaskSchema>;
export type QueueTurnTask = z.infer<typeof queueTurnTaskSchema>;
export type QueueLeaveTask = z.infer<typeof queueLeaveTaskSchema>;
export type QueueTask = QueueCommandTask | QueueTurnTask | QueueLeaveTask;

export const QUEUE_TASK_NAMES = {
  turn: (update: number) => `queue-turn-${update}`,
  announce: (n: number) => `queue-announce-${n}`,
  holdStop: "queue-hold-stop",
  overflowMessage: "queue-overflow-message",
  leave: "queue-leave",
} as const;

/** The announcement due now (0 on joining, then one per QUEUE_ANNOUNCE_EVERY_MS): only the latest, never a burst after a gap. */
export const announcementDue = (wait: Pick<QueueWait, "joinedAtMs">, nowMs: number) => Math.max(0, Math.floor((nowMs - wait.joinedAtMs) / QUEUE_ANNOUNCE_EVERY_MS));

export function desiredQueueTasks(situation: CallSituation): QueueTask[] {
  const wait = foldQueueWait(situation.spec, situation.events);
  if (!wait) return [];
  const { record, nowMs, tasks } = situation;
  const customer = record.legs.customer;
  const wanted: QueueTask[] = [];
  const waiting = wait.outcome === "waiting" && record.assignedAgent === null;
  // Hung up while in line: the queue counts an abandon (the pool knows the wait).
  if (waiting && customer.state === "ended") wanted.push({ name: QUEUE_TASK_NAMES.leave, action: "queue_leave", queueId: wait.queue.queueId });
  if (TERMINAL_STATUSES.has(record.status) || record.hangupRequested || customer.state === "ended") return wanted;
  const callControlId = customer.callControlId;
  const say = (name: string, text: string) => {
    if (callControlId) wanted.push({ name, action: "queue_command", command: { name, action: "speak", leg: "customer", callControlId, text } satisfies CarrierCommand });
  };
  if (waiting) {
    wanted.push({ name: QUEUE_TASK_NAMES.turn(wait.positionUpdates), action: "queue_turn", queueId: wait.queue.queueId, update: wait.positionUpdates });
    if (customer.state === "answered") say(QUEUE_TASK_NAMES.announce(announcementDue(wait, nowMs)), announcement(wait.standing, wait.queue.holdMessage));
  }
  // The agent is coming: what is being said stops, so the caller hears them at once.
  if (record.assignedAgent !== null && tasks.state(QUEUE_TASK_NAMES.announce(0)) !== null && callControlId) {
    const name = QUEUE_TASK_NAMES.holdStop;
    wanted.push({ name, action: "queue_command", command: { name, action: "playback_stop", leg: "customer", callControlId } });
  }
  if (wait.outcome === "overflowed" && customer.state === "answered") say(QUEUE_TASK_NAMES.overflowMessage, wait.queue.overflowMessage);
  return wanted;
}

/** The next announcement's time while the caller waits. */
export function nextAnnouncementAtMs(situation: CallSituation): number | null {
  const wait = foldQueueWait(situation.spec, situation.events);
  if (!wait || wait.outcome !== "waiting" || situation.record.assignedAgent !== null || TERMINAL_STATUSES.has(situation.record.status)) return null;
  return wait.joinedAtMs + (announcementDue(wait, situation.nowMs) + 1) * QUEUE_ANNOUNCE_EVERY_MS;
}

/** The overflow message has been said to its end: the caller's speech ends outnumber what we asked to be said. */
export function overflowMessageHeard(situation: CallSituation): boolean {
  const wait = foldQueueWait(situation.spec, situation.events);
  if (!wait || wait.outcome !== "overflowed" || situation.tasks.state(QUEUE_TASK_NAMES.overflowMessage) !== "done") return false;
  let spoken = 1;
  for (let n = 0; n <= announcementDue(wait, situation.nowMs); n++) if (situation.tasks.state(QUEUE_TASK_NAMES.announce(n)) === "done") spoken += 1;
  const ended = situation.events.filter((event) => event.type === "call.speak.ended" && event.leg === "customer").length;
  return ended >= spoken;
}
