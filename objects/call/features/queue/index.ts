// Inbound queues (issue 15): a call to a number routed to an open queue with room waits in
// it. The Worker puts the caller in line (the agent pool holds the queue: AgentPoolActor
// `queueArrive`); this feature answers, says the position and expected wait on joining and
// every 30 s with the hold message, asks the pool for its turn (the head of the line each
// second, callers further back less often: queuePollDelayMs; the pool routes the whole queue
// then, reserving each chosen agent atomically, and has the calls it chose ask at once), and on its turn
// raises `wib.agent.reserved` so the carrier-commands feature dials and bridges the agent
// as for a ring-agent call. A caller who hangs up while waiting is a queue abandon with
// their wait; one who waited past the queue's longest leaves by its overflow action (moved to
// the overflow queue by the pool, keeping their wait; voicemail; or the overflow message), and
// one the pool no longer holds ends with the reason (`lost`). A caller
// who pressed 1 keeps their place (queue-callback.ts): when their turn comes the pool
// reserves an agent, and the callback call (`callback-call.ts`: a bridge, the agent first,
// then the caller) tells this call how it ended; a miss puts them back in line.
import { agentReserved, hangupRequested } from "../../local-events";
import { commandTaskOutcome, type CallFeature, type CallSituation, type TaskContext, type TaskOutcome } from "../feature";
import { logEvent } from "../../../../domain/log";
import { TERMINAL_STATUSES } from "../../../../domain/call-status";
import { queueEvent, type QueueEventBody } from "./queue-events";
import { ivrOf } from "../../call-spec";
import { foldQueueWait, saidAlike, type QueueWait } from "./queue-wait";
import { VOICEMAIL_MAX_SECONDS } from "../../../../domain/inbound-queues";
import {
  callbackRetryAtMs,
  desiredQueueTasks,
  ivrHandoverAtMs,
  ivrHandoverDue,
  nextAnnouncementAtMs,
  overflowMessageHeard,
  QUEUE_POLL_MS,
  queuePollDelayMs,
  type QueueCallbackCallTask,
  type QueueCallbackReleaseTask,
  type QueueCallbackReportTask,
  type QueueCallbackTask,
  type QueueCommandTask,
  type QueueLeaveTask,
  type QueueTask,
  type QueueTurnTask,
} from "./queue-tasks";
import { callbackCallSpec } from "./callback-call";
import { callbackPhase } from "./queue-callback";

/** Said on the timeline when the pool no longer holds a waiting caller. */
export const QUEUE_LOST_REASON = "the queue no longer holds this caller (its line was reset)";

const stillWanted = (situation: CallSituation, name: string) => desiredQueueTasks(situation).some((task) => task.name === name);

async function sendQueueCommand(task: QueueCommandTask, { situation, ports, attempt }: TaskContext): Promise<TaskOutcome> {
  if (task.command.action === "speak" && !stillWanted(situation, task.name)) return { kind: "done", note: "no longer needed" };
  const outcome = await ports.carrier.send(situation.spec, task.command, attempt.commandId);
  return commandTaskOutcome(outcome, attempt);
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
      // The queue overflowed them to a callback (past its longest wait, or a full line): their place is kept as one.
      if (turn.callbackKept && wait && !wait.callback.asked) return { kind: "done", events: [queueEvent("callback-booked-overflow", now, { kind: "callback_booked", by: "overflow" })] };
      if (wait && saidAlike(wait.standing, turn)) return { kind: "retry", error: "still waiting", atMs: now + queuePollDelayMs(turn.position) };
      return { kind: "done", events: [queueEvent(`position:${task.update + 1}`, now, { kind: "position", position: turn.position, expectedWaitSeconds: turn.expectedWaitSeconds })] };
    }
    case "agent": {
      const callback = wait && callbackPhase(wait.callback, wait.callbackOffer);
      if (callback?.kind === "waiting") {
        // Their turn came: the agent is reserved for them, and the callback call rings the agent first.
        const dialing = { kind: "callback_dialing" as const, attempt: callback.nextAttempt, agentUserId: turn.agent.userId, agentAddress: turn.agent.address, callbackCallId: crypto.randomUUID() };
        return { kind: "done", events: [queueEvent(`callback-dialing:${callback.nextAttempt}`, now, dialing)] };
      }
      const waitSeconds = Math.max(0, (now - (wait?.joinedAtMs ?? now)) / 1000);
      return { kind: "done", events: [agentReserved(now, turn.agent), queueEvent("answered", now, { kind: "answered", agentUserId: turn.agent.userId, waitSeconds })] };
    }
    case "overflowed":
      return { kind: "done", events: [queueEvent("overflowed", now, overflowedBody(situation, wait))] };
    case "moved": {
      // The pool put them in the overflow queue's line in the same step: ask it from now on (a new series of polls), with
      // its settings; or that queue was closed (or a supervisor moved them into it closed): they leave by its closed action.
      const { kind: _kind, by, ...moved } = turn;
      return { kind: "done", events: [queueEvent(`overflow-moved:${wait?.moves ?? 0}`, now, { kind: "moved", ...moved, by: by ?? "overflow" })] };
    }
    case "gone": {
      // Moved by a supervisor (the move's event is on its way), or hung up meanwhile: nothing ends here.
      const stillWaiting = wait !== null && wait.outcome === "waiting" && !turn.heldElsewhere;
      if (!stillWaiting) return { kind: "done", note: "the queue no longer holds this caller" };
      // Their queue's line was lost (reset, or unreadable): polling would never end, so the wait does, saying why.
      return { kind: "done", events: [queueEvent("lost", now, { kind: "lost", reason: QUEUE_LOST_REASON })] };
    }
  }
}

/** How the wait overflowed: to voicemail, to the IVR menu (when the call has one ready), or to the overflow message. */
function overflowedBody(situation: CallSituation, wait: QueueWait | null): QueueEventBody {
  if (wait?.queue.overflowTo === "ivr" && ivrOf(situation.spec)) return { kind: "overflowed", to: "ivr" };
  return { kind: "overflowed", ...(wait?.queue.overflowVoicemail ? { voicemail: true } : {}) };
}

/** The caller hung up in line: the pool ends their stay as an abandon (and gives back an agent it had just chosen for them). */
async function leaveQueue(task: QueueLeaveTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  const { abandonedWaitSeconds } = await ports.agentPool.queueLeave(task.queueId, situation.spec.id);
  if (abandonedWaitSeconds === null) return { kind: "done", note: "no longer in line" };
  return { kind: "done", events: [queueEvent("abandoned", ports.now(), { kind: "abandoned", waitSeconds: abandonedWaitSeconds })] };
}

/** The pool's side of a caller's callback: booked (or refused: they were no longer in line), put back in line, or given up. */
async function callbackStepRunner(task: QueueCallbackTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  const kept = await ports.agentPool.queueCallback(task.queueId, situation.spec.id, task.step);
  const now = ports.now();
  switch (task.step) {
    case "book":
      return { kind: "done", events: [queueEvent("callback-booked", now, kept ? { kind: "callback_booked" } : { kind: "callback_refused" })] };
    case "requeue":
      return { kind: "done", events: [queueEvent(`callback-requeued:${task.attempt}`, now, { kind: "callback_requeued", attempt: task.attempt })] };
    case "unreached":
      return { kind: "done", events: [queueEvent("callback-unreached", now, { kind: "callback_unreached", attempts: task.attempt })] };
  }
}

/** Starts the attempt's callback call (idempotent: its id was chosen when the agent was reserved). */
async function startCallbackCall(task: QueueCallbackCallTask, context: TaskContext): Promise<TaskOutcome> {
  const { situation, ports } = context;
  const wait = foldQueueWait(situation.spec, situation.events);
  const attempt = wait?.callback.attempts.find((a) => a.attempt === task.attempt);
  if (!wait || !attempt) return { kind: "done", note: "no such attempt" };
  try {
    await ports.calls.start(callbackCallSpec(situation.spec, wait.queue.queueId, attempt, ports.now()));
    return { kind: "done" };
  } catch (error) {
    if (!context.attempt.isLast) return { kind: "retry", error: String(error) };
    // It never started: the attempt ends unreached (its agent is released, the next attempt follows).
    const ended = { kind: "callback_ended" as const, attempt: task.attempt, reached: false, status: "not_started" };
    return { kind: "done", note: String(error), events: [queueEvent(`callback-ended:${task.attempt}`, ports.now(), ended)] };
  }
}

/** An attempt that did not reach the caller gives back the agent reserved for it under this call's id. */
async function releaseCallbackAgent(task: QueueCallbackReleaseTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  await ports.agentPool.queueRelease(task.userId, situation.spec.id);
  return { kind: "done" };
}

/** On a callback call that ended: its queue call hears whether it reached the caller (bridged to the agent). */
async function reportCallback(_task: QueueCallbackReportTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  const of = situation.spec.queueCallback;
  if (!of) return { kind: "done", note: "not a callback" };
  const reached = situation.record.bridgedAtMs !== null;
  await ports.calls.tell(of.queueCallId, queueEvent(`callback-ended:${of.attempt}`, ports.now(), { kind: "callback_ended", attempt: of.attempt, reached, status: situation.record.status }));
  return { kind: "done" };
}

/** When an overflow to voicemail has recorded long enough (null: not a voicemail overflow). */
const overflowVoicemailEndsAtMs = (wait: QueueWait): number | null =>
  wait.outcome === "overflowed" && wait.queue.overflowVoicemail && wait.overflowedAtMs !== null ? wait.overflowedAtMs + VOICEMAIL_MAX_SECONDS * 1000 : null;

function voicemailEndsAtMs(situation: CallSituation): number | null {
  const wait = foldQueueWait(situation.spec, situation.events);
  const ends = wait && overflowVoicemailEndsAtMs(wait);
  return ends && !TERMINAL_STATUSES.has(situation.record.status) && ends > situation.nowMs ? ends : null;
}

const soonest = (...times: (number | null)[]) => times.reduce<number | null>((min, t) => (t === null ? min : min === null ? t : Math.min(min, t)), null);

export const queue: CallFeature<QueueTask> = {
  name: "queue",
  desiredTasks: desiredQueueTasks,
  wakeAtMs: (situation) => soonest(nextAnnouncementAtMs(situation), callbackRetryAtMs(situation), voicemailEndsAtMs(situation), ivrHandoverAtMs(situation)),
  dueEvents: (situation) => {
    const wait = foldQueueWait(situation.spec, situation.events);
    if (!wait) return [];
    const due = [];
    if (!wait.joinedNoted) {
      const reasons = wait.queue.reasons;
      due.push(queueEvent("joined", situation.spec.createdAtMs, { kind: "joined", queueId: wait.queue.queueId, ...wait.queue.joined, ...(reasons?.length ? { reasons } : {}) }));
    }
    if (ivrHandoverDue(situation, wait)) due.push(queueEvent("ivr-handover", situation.nowMs, { kind: "ivr_handover" }));
    const voicemailEnds = overflowVoicemailEndsAtMs(wait);
    // An overflow to voicemail keeps the line (the call is recorded) until the caller hangs up or the message is long enough.
    const over = voicemailEnds !== null ? situation.nowMs >= voicemailEnds : overflowMessageHeard(situation);
    if (!TERMINAL_STATUSES.has(situation.record.status) && !situation.record.hangupRequested && over) due.push(hangupRequested(situation.nowMs));
    return due;
  },
  runners: {
    queue_command: sendQueueCommand,
    queue_turn: askForTurn,
    queue_leave: leaveQueue,
    queue_callback: callbackStepRunner,
    queue_callback_call: startCallbackCall,
    queue_callback_report: reportCallback,
    queue_callback_release: releaseCallbackAgent,
  },
};
