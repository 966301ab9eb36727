// The IVR (inbound calls whose number routes to it): a pure state machine folded from
// the call's events (ivr-state.ts), the tasks it wants (ivr-tasks.ts), and their runners:
// carrier commands sent once with their command_id, the payment link requested by
// raising the payments contract's event, and an agent asked of the pool (the dialer's
// reservation path; the carrier-commands feature dials and bridges the agent it gives).
// Each step of the caller's trail becomes one audit row through the call's outbox, and a
// recording pause or resume the carrier took becomes the call's `wib.ivr.recording` fact.
// An option of the organisation's own puts the caller in a queue's line (the queue feature
// takes the call from there).
import { agentReserved, hangupRequested, ivrNoAgent, ivrPaymentTimedOut, ivrRecording, paymentLinkRequested } from "../../local-events";
import { commandTaskOutcome, type CallFeature, type CallSituation, type TaskContext, type TaskOutcome } from "../feature";
import { logEvent } from "../../../../domain/log";
import { desiredIvrTasks, ivrStateOf, paymentDeadlineMs, recordingStepOf, type IvrAuditTask, type IvrBookCallbackTask, type IvrCampaignProgressTask, type IvrCommandTask, type IvrJoinQueueTask, type IvrPaymentRequestTask, type IvrReserveAgentTask, type IvrTask } from "./ivr-tasks";
import { TERMINAL_STATUSES } from "../../../../domain/call-status";
import { ivrOf } from "../../call-spec";
import { queueOpenAt } from "../../../../domain/inbound-queues";
import { ivrOptionReason } from "../../../../domain/caller-reason";
import { queueEvent } from "../queue/queue-events";
import { DEFAULT_OVERFLOW_MESSAGE } from "../queue/queue-spec";

/** How soon a caller waiting for an agent asks the pool again. */
export const IVR_RESERVE_RETRY_MS = 1000;

const stillWanted = (situation: CallSituation, name: string) => desiredIvrTasks(situation).some((task) => task.name === name);

async function sendIvrCommand(task: IvrCommandTask, { situation, ports, attempt }: TaskContext): Promise<TaskOutcome> {
  if (!stillWanted(situation, task.name)) return { kind: "done", note: "no longer needed" };
  const outcome = await ports.carrier.send(situation.spec, task.command, attempt.commandId);
  // A pause or resume the carrier took is the call's fact: the timeline and the recording player show it.
  const recording = outcome.kind === "done" ? recordingStepOf(task.name) : null;
  return commandTaskOutcome(outcome, attempt, recording ? { kind: "done", events: [ivrRecording(ports.now(), recording.recording, recording.payment)] } : { kind: "done" });
}

async function requestPayment(task: IvrPaymentRequestTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  if (!stillWanted(situation, task.name)) return { kind: "done", note: "no longer needed" };
  // Never before what the call has already seen: the step's timeout counts from here.
  return { kind: "done", events: [paymentLinkRequested(ports.now(), task.request)] };
}

async function reserveAgent(task: IvrReserveAgentTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  if (!stillWanted(situation, task.name)) return { kind: "done", note: "no longer needed" };
  let reserved = null;
  try {
    reserved = await ports.agentPool.reserveLongestIdleAgent(situation.spec.id, null);
  } catch (error) {
    logEvent({ event: "call_reserve_agent_failed", callId: situation.spec.id, error: String(error) });
  }
  const now = ports.now();
  if (reserved) return { kind: "done", events: [agentReserved(now, reserved)] };
  if (now >= task.giveUpAtMs) return { kind: "done", note: "no agent free", events: [ivrNoAgent(now, task.attempt)] };
  return { kind: "retry", error: "no agent free yet", atMs: Math.min(task.giveUpAtMs, now + IVR_RESERVE_RETRY_MS) };
}

/**
 * The caller keyed an option of the organisation's own: they join that queue's line (the pool,
 * with the queue's routing as the call started, why they call led by the option they keyed),
 * and from the `joined` event on the queue feature has the call. A queue closed now or with a
 * full line refuses them: the IVR says so and offers the menu again.
 */
async function joinQueue(task: IvrJoinQueueTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  if (!stillWanted(situation, task.name)) return { kind: "done", note: "no longer needed" };
  const { spec, events } = situation;
  const option = ivrOf(spec)?.queueOptions?.find((choice) => choice.key === task.key);
  if (!option) return { kind: "done", note: "no such option" };
  const target = option.queue;
  const now = ports.now();
  const refused = (reason: "closed" | "full") => ({ kind: "done" as const, events: [queueEvent(`ivr-refused:${task.attempt}`, now, { kind: "ivr_refused", queueId: target.queueId, reason, attempt: task.attempt })] });
  if (target.hours && !queueOpenAt(target.hours.hours, target.hours.timeZone, now)) return refused("closed");
  const ivrOption = { key: option.key, label: option.label };
  const reasons = [ivrOptionReason(ivrOption), ...(ivrOf(spec)?.callerReasons ?? [])];
  const joined = await ports.agentPool.queueArrive(target.queueId, target.routing, { callId: spec.id, accountId: spec.accountId, reasons, priority: option.priority, needs: option.needs, from: spec.from, enteredAtMs: now });
  if (!joined) return refused("full");
  // After the menu's key on the call's clock too, so the wait never reads that key as its own.
  const keyedAtMs = Math.max(0, ...events.filter((event) => event.type === "call.gather.ended").map((event) => event.occurredAtMs));
  const settings = target.caller ?? { holdMessage: target.holdMessage, overflowMessage: DEFAULT_OVERFLOW_MESSAGE };
  return { kind: "done", events: [queueEvent("joined", Math.max(now, keyedAtMs + 1), { kind: "joined", queueId: target.queueId, ...joined, from: "ivr", settings, reasons, ivrOption })] };
}

/** The callback the caller asked for, written on their account through the call's outbox (one per call). */
async function bookCallback(task: IvrBookCallbackTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  const { spec } = situation;
  const row = { id: spec.id, organizationId: spec.organizationId, accountId: spec.accountId, callId: spec.id, phone: task.phone, requestedAt: new Date(ports.now()), doneAt: null };
  return { kind: "done", rows: [{ key: `callback:${spec.id}`, row: { table: "callback", row } }] };
}

/** One step of the caller's into the audit log, through the call's outbox (the writer adds each step once). */
async function writeAudit(task: IvrAuditTask, { situation }: TaskContext): Promise<TaskOutcome> {
  const { spec } = situation;
  const { key, atMs, action, detail } = task.entry;
  const row = { id: `${spec.id}:${key}`, organizationId: spec.organizationId, callId: spec.id, action, detail, occurredAt: new Date(atMs) };
  return { kind: "done", rows: [{ key: `ivr-audit:${key}`, row: { table: "call_audit", row } }] };
}

/** The supervisors' live room: the campaign keeps the newest report (by its order), so a late or repeated one changes nothing. */
async function tellCampaign(task: IvrCampaignProgressTask, { situation, ports, attempt }: TaskContext): Promise<TaskOutcome> {
  if (!stillWanted(situation, task.name)) return { kind: "done", note: "a newer step was reported" };
  try {
    await ports.campaign.callIvr(task.campaignId, situation.spec.id, task.progress);
    return { kind: "done" };
  } catch (error) {
    return attempt.isLast ? { kind: "failed", error: String(error) } : { kind: "retry", error: String(error) };
  }
}

export const ivr: CallFeature<IvrTask> = {
  name: "ivr",
  desiredTasks: desiredIvrTasks,
  wakeAtMs: (situation) => paymentDeadlineMs(situation)?.atMs ?? null,
  dueEvents: (situation) => {
    const found = ivrStateOf(situation);
    if (!found || TERMINAL_STATUSES.has(situation.record.status)) return [];
    // The last words were heard: hang up.
    if (found.state.step.kind === "done" && !situation.record.hangupRequested) return [hangupRequested(situation.nowMs)];
    const deadline = paymentDeadlineMs(situation);
    return deadline && situation.nowMs >= deadline.atMs ? [ivrPaymentTimedOut(situation.nowMs, deadline.requestId)] : [];
  },
  runners: { ivr_command: sendIvrCommand, ivr_request_payment: requestPayment, ivr_reserve_agent: reserveAgent, ivr_book_callback: bookCallback, ivr_campaign_progress: tellCampaign, ivr_audit: writeAudit, ivr_join_queue: joinQueue },
};
