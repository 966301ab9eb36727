// What a queue call wants done, as a pure function of the call: ask the pool for its
// turn (one poll task per standing: a poll that finds the standing changed ends with a
// position event, and the next poll is a new task); the position and expected wait said
// on joining and every QUEUE_ANNOUNCE_EVERY_MS (the feature's named timer), with the hold
// message; the speech stopped once an agent is reserved (the carrier-commands feature
// dials and bridges them, as for a ring-agent call); the queue told when the caller hangs
// up while waiting (a queue abandon); the overflow message when the wait ran past the
// queue's longest. A caller who pressed 1 (queue-callback.ts) is booked with the pool,
// hears the confirmation and is hung up on; the call then goes on asking for their turn
// after it has ended, starts the callback call (agent first) when it comes, and after an
// attempt that did not reach them puts them back in line once the retry time has come.
import { z } from "zod";
import type { CallSituation } from "../feature";
import { carrierCommandSchema, type CarrierCommand } from "../carrier-commands/desired-commands";
import { TERMINAL_STATUSES } from "../../../../domain/call-status";
import { announcement, foldQueueWait, type QueueWait } from "./queue-wait";
import { CALLBACK_CONFIRMATION, callbackPhase, OVERFLOW_CALLBACK_CONFIRMATION, type CallbackPhase } from "./queue-callback";
import { ivrOf } from "../../call-spec";

/** How often a waiting caller hears their position again. */
export const QUEUE_ANNOUNCE_EVERY_MS = 30_000;
/** How soon the caller at the head of the line asks the pool for their turn again. */
export const QUEUE_POLL_MS = 1000;
/** The longest a caller further back waits between asks. */
export const QUEUE_POLL_MAX_MS = 5000;

/**
 * How soon a waiting call asks again, by its place: the head each second (each ask routes the
 * whole queue, so an agent who frees is taken within a second, and a wait past the longest is
 * seen), callers further back less often, up to QUEUE_POLL_MAX_MS. The pool tells a caller at
 * once when it chooses an agent for them (CallActor.queueTurnDue), so a slower ask only delays
 * a new place in line being known; thirty callers asking every second kept a loaded machine busy.
 */
export const queuePollDelayMs = (position: number): number => Math.min(QUEUE_POLL_MAX_MS, QUEUE_POLL_MS * Math.max(1, position));

export const queueCommandTaskSchema = z.object({ name: z.string().startsWith("queue-"), action: z.literal("queue_command"), command: carrierCommandSchema });
export const queueTurnTaskSchema = z.object({ name: z.string().startsWith("queue-turn-"), action: z.literal("queue_turn"), queueId: z.string(), update: z.number().int().nonnegative() });
export const queueLeaveTaskSchema = z.object({ name: z.literal("queue-leave"), action: z.literal("queue_leave"), queueId: z.string() });
/** The pool's side of a callback: book it (keep the place), put the caller back in line for the next attempt, or note it given up. */
export const queueCallbackTaskSchema = z.object({
  name: z.string().startsWith("queue-callback-"),
  action: z.literal("queue_callback"),
  queueId: z.string(),
  step: z.enum(["book", "requeue", "unreached"]),
  attempt: z.number().int().nonnegative(),
});
/** Starts the callback call of one attempt (the agent's leg first, then the caller). */
export const queueCallbackCallTaskSchema = z.object({ name: z.string().startsWith("queue-callback-call-"), action: z.literal("queue_callback_call"), attempt: z.number().int().positive() });
/** A callback call tells its queue call how it ended (reached the caller or not). */
export const queueCallbackReportTaskSchema = z.object({ name: z.literal("queue-callback-report"), action: z.literal("queue_callback_report") });
/** An attempt that did not reach the caller gives back the agent reserved for it under the queue call's id. */
export const queueCallbackReleaseTaskSchema = z.object({ name: z.string().startsWith("queue-callback-release-"), action: z.literal("queue_callback_release"), attempt: z.number().int().positive(), userId: z.string() });
export const queueTaskSchemas = [queueCommandTaskSchema, queueTurnTaskSchema, queueLeaveTaskSchema, queueCallbackTaskSchema, queueCallbackCallTaskSchema, queueCallbackReportTaskSchema, queueCallbackReleaseTaskSchema] as const;

export type QueueCommandTask = z.infer<typeof queueCommandTaskSchema>;
export type QueueTurnTask = z.infer<typeof queueTurnTaskSchema>;
export type QueueLeaveTask = z.infer<typeof queueLeaveTaskSchema>;
export type QueueCallbackTask = z.infer<typeof queueCallbackTaskSchema>;
export type QueueCallbackCallTask = z.infer<typeof queueCallbackCallTaskSchema>;
export type QueueCallbackReportTask = z.infer<typeof queueCallbackReportTaskSchema>;
export type QueueCallbackReleaseTask = z.infer<typeof queueCallbackReleaseTaskSchema>;
export type QueueTask = QueueCommandTask | QueueTurnTask | QueueLeaveTask | QueueCallbackTask | QueueCallbackCallTask | QueueCallbackReportTask | QueueCallbackReleaseTask;

export const QUEUE_TASK_NAMES = {
  /** One poll per standing; after a move, a fresh series (the old queue's polls are finished). */
  turn: (update: number, moves = 0) => (moves === 0 ? `queue-turn-${update}` : `queue-turn-m${moves}-${update}`),
  /** The n-th announcement since joining, or since the latest move (a fresh series: the new queue is said at once). */
  announce: (n: number, moves = 0) => (moves === 0 ? `queue-announce-${n}` : `queue-announce-m${moves}-${n}`),
  holdStop: "queue-hold-stop",
  overflowMessage: "queue-overflow-message",
  leave: "queue-leave",
  /** A booked callback's polls, apart from the caller's own (a finished task's name is never run again). */
  callbackTurn: (attempt: number, update: number) => `queue-turn-cb${attempt}-${update}`,
  callbackBook: "queue-callback-book",
  callbackConfirm: "queue-callback-confirm",
  callbackCall: (attempt: number) => `queue-callback-call-${attempt}`,
  callbackRequeue: (attempt: number) => `queue-callback-requeue-${attempt}`,
  callbackUnreached: "queue-callback-unreached",
  callbackRelease: (attempt: number) => `queue-callback-release-${attempt}`,
  callbackReport: "queue-callback-report",
} as const;

/** How long the announcement's gather waits for the callback key after it is said. */
export const CALLBACK_KEY_TIMEOUT_MS = 4000;

/**
 * The announcement due now (0 on joining or on being moved to another queue, then one per
 * QUEUE_ANNOUNCE_EVERY_MS): only the latest, never a burst after a gap.
 */
export const announcementDue = (wait: Pick<QueueWait, "announcedFromMs">, nowMs: number) => Math.max(0, Math.floor((nowMs - wait.announcedFromMs) / QUEUE_ANNOUNCE_EVERY_MS));

/** The name of the announcement due now, in the series of the caller's latest move. */
const announcementDueName = (wait: QueueWait, nowMs: number) => QUEUE_TASK_NAMES.announce(announcementDue(wait, nowMs), wait.moves);

export function desiredQueueTasks(situation: CallSituation): QueueTask[] {
  const report = callbackReportTask(situation);
  if (report) return [report];
  const wait = foldQueueWait(situation.spec, situation.events);
  if (!wait) return [];
  const { record, nowMs, tasks } = situation;
  const customer = record.legs.customer;
  const wanted: QueueTask[] = [];
  const callback = callbackPhase(wait.callback, wait.callbackOffer);
  const queueId = wait.queue.queueId;
  const waiting = wait.outcome === "waiting" && record.assignedAgent === null;
  // Hung up while in line: the queue counts an abandon (the pool knows the wait); a caller
  // who pressed 1 keeps their place instead.
  const keepsPlace = callback.kind !== "none" && callback.kind !== "refused";
  if (waiting && customer.state === "ended" && !keepsPlace) wanted.push({ name: QUEUE_TASK_NAMES.leave, action: "queue_leave", queueId });
  wanted.push(...callbackTasks(callback, wait, situation));
  if (TERMINAL_STATUSES.has(record.status) || record.hangupRequested || customer.state === "ended") return wanted;
  const callControlId = customer.callControlId;
  const say = (name: string, text: string) => {
    if (callControlId) wanted.push({ name, action: "queue_command", command: { name, action: "speak", leg: "customer", callControlId, text } satisfies CarrierCommand });
  };
  if (waiting && !keepsPlace) {
    wanted.push({ name: QUEUE_TASK_NAMES.turn(wait.positionUpdates, wait.moves), action: "queue_turn", queueId, update: wait.positionUpdates });
    if (customer.state === "answered") {
      const name = announcementDueName(wait, nowMs);
      const offersCallback = Boolean(wait.queue.callback) && callback.kind === "none";
      const text = announcement(wait.standing, wait.queue.holdMessage, offersCallback);
      // Offered: said as a gather, so the key pressed is heard (the caller may press it while it is said).
      if (offersCallback && callControlId) {
        wanted.push({ name, action: "queue_command", command: { name, action: "gather_using_speak", leg: "customer", callControlId, text, language: "en-US", maxDigits: 1, timeoutMs: CALLBACK_KEY_TIMEOUT_MS } });
      } else say(name, text);
    }
  }
  if (callback.kind !== "none" && callback.kind !== "booking" && callback.kind !== "refused" && customer.state === "answered") {
    say(QUEUE_TASK_NAMES.callbackConfirm, wait.callback.byOverflow ? OVERFLOW_CALLBACK_CONFIRMATION : CALLBACK_CONFIRMATION);
  }
  // The agent is coming: what is being said stops, so the caller hears them at once.
  const announced = tasks.state(QUEUE_TASK_NAMES.announce(0)) !== null || tasks.state(QUEUE_TASK_NAMES.announce(0, wait.moves)) !== null;
  if (record.assignedAgent !== null && announced && callControlId) {
    const name = QUEUE_TASK_NAMES.holdStop;
    wanted.push({ name, action: "queue_command", command: { name, action: "playback_stop", leg: "customer", callControlId } });
  }
  // Overflowed to the IVR, the menu speaks next (the IVR feature); otherwise the overflow message (or voicemail greeting).
  if ((wait.outcome === "overflowed" || wait.outcome === "lost") && customer.state === "answered" && !leavesForIvr(situation, wait)) say(QUEUE_TASK_NAMES.overflowMessage, wait.queue.overflowMessage);
  return wanted;
}

/** The wait overflowed to the IVR menu, and the call has the menu ready (calls started before it have not: they hear the overflow message). */
export const leavesForIvr = (situation: Pick<CallSituation, "spec">, wait: QueueWait): boolean => wait.outcome === "overflowed" && wait.overflowedTo === "ivr" && ivrOf(situation.spec) !== null;

/** How long after an overflow to the IVR the menu begins at the latest, whatever the wait's last announcement is still doing. */
export const IVR_HANDOVER_MAX_WAIT_MS = 20_000;

/**
 * An overflow to the IVR hands the caller over once the wait's words are over: every
 * announcement said to its end and, when the last offered the callback (a gather), its key
 * window closed (a gather ended after the last speech), so no key meant for the wait is read
 * as a menu choice. At the latest IVR_HANDOVER_MAX_WAIT_MS after the overflow.
 */
export function ivrHandoverDue(situation: CallSituation, wait: QueueWait): boolean {
  const { record, events, tasks, nowMs } = situation;
  if (wait.ivrHandedOver || !leavesForIvr(situation, wait) || record.legs.customer.state !== "answered" || TERMINAL_STATUSES.has(record.status) || record.hangupRequested) return false;
  if (wait.overflowedAtMs !== null && nowMs >= wait.overflowedAtMs + IVR_HANDOVER_MAX_WAIT_MS) return true;
  // Every series (one per queue they waited in) counts: no series is longer than the whole wait.
  const most = Math.floor((nowMs - wait.joinedAtMs) / QUEUE_ANNOUNCE_EVERY_MS);
  let spoken = 0;
  for (let moves = 0; moves <= wait.moves; moves++) for (let n = 0; n <= most; n++) if (tasks.state(QUEUE_TASK_NAMES.announce(n, moves)) === "done") spoken += 1;
  const customerMedia = events.filter((event) => event.leg === "customer" && (event.type === "call.speak.ended" || event.type === "call.gather.ended"));
  if (customerMedia.filter((event) => event.type === "call.speak.ended").length < spoken) return false;
  return spoken === 0 || !wait.queue.callback || customerMedia.at(-1)?.type === "call.gather.ended";
}

/** When an overflow to the IVR hands over at the latest (the feature's named timer). */
export function ivrHandoverAtMs(situation: CallSituation): number | null {
  const wait = foldQueueWait(situation.spec, situation.events);
  if (!wait || wait.overflowedAtMs === null || wait.ivrHandedOver || !leavesForIvr(situation, wait)) return null;
  const at = wait.overflowedAtMs + IVR_HANDOVER_MAX_WAIT_MS;
  return at > situation.nowMs ? at : null;
}

/**
 * A booked callback goes on after the caller hung up (the call's status ended): the pool is
 * asked for their turn once they are off the line, each attempt's call is started when an
 * agent is reserved, and an attempt that did not reach them is followed by the next one.
 */
function callbackTasks(callback: CallbackPhase, wait: QueueWait, situation: CallSituation): QueueTask[] {
  const queueId = wait.queue.queueId;
  const releases = agentReleases(wait);
  return [...releases, ...callbackSteps(callback, wait, situation)];
}

/** Each attempt that ended without reaching the caller gives its agent back (a no-op when the callback call had taken them). */
const agentReleases = (wait: QueueWait): QueueTask[] =>
  wait.callback.attempts.flatMap((a) => (a.ended && !a.ended.reached ? [{ name: QUEUE_TASK_NAMES.callbackRelease(a.attempt), action: "queue_callback_release" as const, attempt: a.attempt, userId: a.agentUserId }] : []));

function callbackSteps(callback: CallbackPhase, wait: QueueWait, situation: CallSituation): QueueTask[] {
  const queueId = wait.queue.queueId;
  switch (callback.kind) {
    case "booking":
      return [{ name: QUEUE_TASK_NAMES.callbackBook, action: "queue_callback", queueId, step: "book", attempt: 0 }];
    case "waiting":
      // Asked once they are off the line: a callback never rings someone still listening to us.
      if (situation.record.legs.customer.state !== "ended") return [];
      return [{ name: QUEUE_TASK_NAMES.callbackTurn(callback.nextAttempt, wait.positionUpdates), action: "queue_turn", queueId, update: wait.positionUpdates }];
    case "dialing":
      return [{ name: QUEUE_TASK_NAMES.callbackCall(callback.attempt.attempt), action: "queue_callback_call", attempt: callback.attempt.attempt }];
    case "retry_due":
      // Back in line only once this attempt's agent is given back: a late release must never free the next attempt's.
      if (situation.tasks.state(QUEUE_TASK_NAMES.callbackRelease(callback.attempt)) !== "done") return [];
      return situation.nowMs >= callback.atMs ? [{ name: QUEUE_TASK_NAMES.callbackRequeue(callback.attempt), action: "queue_callback", queueId, step: "requeue", attempt: callback.attempt }] : [];
    case "unreached":
      return callback.noted ? [] : [{ name: QUEUE_TASK_NAMES.callbackUnreached, action: "queue_callback", queueId, step: "unreached", attempt: callback.attempts }];
    case "none":
    case "refused":
    case "reached":
    case "lost":
      return [];
  }
}

/** The call's asks for its turn now pending (the pool chose an agent for them: ask at once). */
export const queueTurnTaskNames = (situation: CallSituation): string[] => desiredQueueTasks(situation).flatMap((task) => (task.action === "queue_turn" ? [task.name] : []));

/** On a callback call: once it has ended, its queue call is told whether it reached the caller. */
function callbackReportTask(situation: CallSituation): QueueCallbackReportTask | null {
  if (!situation.spec.queueCallback || !TERMINAL_STATUSES.has(situation.record.status)) return null;
  return { name: QUEUE_TASK_NAMES.callbackReport, action: "queue_callback_report" };
}

/** When a callback that did not reach the caller is due to go back in line (the feature's named timer). */
export function callbackRetryAtMs(situation: CallSituation): number | null {
  const wait = foldQueueWait(situation.spec, situation.events);
  if (!wait) return null;
  const callback = callbackPhase(wait.callback, wait.callbackOffer);
  return callback.kind === "retry_due" && callback.atMs > situation.nowMs ? callback.atMs : null;
}

/** The next announcement's time while the caller waits. */
export function nextAnnouncementAtMs(situation: CallSituation): number | null {
  const wait = foldQueueWait(situation.spec, situation.events);
  if (!wait || wait.outcome !== "waiting" || situation.record.assignedAgent !== null || TERMINAL_STATUSES.has(situation.record.status)) return null;
  return wait.announcedFromMs + (announcementDue(wait, situation.nowMs) + 1) * QUEUE_ANNOUNCE_EVERY_MS;
}

/**
 * The last words (the overflow message, or a callback's confirmation) have been said to
 * their end: the caller's speech ends outnumber what we asked to be said. Then we hang up.
 */
export function overflowMessageHeard(situation: CallSituation): boolean {
  const wait = foldQueueWait(situation.spec, situation.events);
  if (!wait) return false;
  const lastWords = wait.outcome === "overflowed" || wait.outcome === "lost" ? QUEUE_TASK_NAMES.overflowMessage : QUEUE_TASK_NAMES.callbackConfirm;
  if (situation.tasks.state(lastWords) !== "done") return false;
  let spoken = 1;
  for (let n = 0; n <= announcementDue(wait, situation.nowMs); n++) if (situation.tasks.state(QUEUE_TASK_NAMES.announce(n)) === "done") spoken += 1;
  const ended = situation.events.filter((event) => event.type === "call.speak.ended" && event.leg === "customer").length;
  return ended >= spoken;
}
