// What the IVR wants done, as a pure function of the call: the prompt for the step in
// hand (a `gather_using_speak`), the hold message loop while a payment is under way and
// its stop once the step is over, the recording paused for each payment step and
// resumed after it, the payment link requested once per step (payments contract), an
// agent asked of the pool, and, by time alone, the payment's timeout and the hang-up
// after the last words. Each task has a stable name, so re-deriving after every event
// never sends anything twice; a prompt waits for the pause or hold stop before it.
import { z } from "zod";
import { ivrOf, type IvrCallSpec } from "../../call-spec";
import { LOCAL_EVENTS, PAYMENT_SOURCES, type PaymentLinkRequest } from "../../carrier-event";
import type { CallSituation } from "../feature";
import { carrierCommandSchema, type CarrierCommand } from "../carrier-commands/desired-commands";
import { TERMINAL_STATUSES } from "../../../../domain/call-status";
import { foldIvr, holdText, isSensitiveStep, IVR_AUDIT_ACTIONS, paymentRequestId, type IvrState, type IvrStep, type IvrTrailEntry } from "./ivr-state";
import { IVR_PHRASES } from "./phrases";
import { ivrProgressOf } from "./ivr-progress";
import { ivrProgress } from "../../../../domain/ivr-progress";

/** How long a prompt waits for the caller's keys after it is said. */
export const PROMPT_TIMEOUT_MS = 8000;
/** How long the caller waits for an agent before being offered a callback. */
export const AGENT_WAIT_MS = 20_000;
/** The hold message is said at most this many times (the payment's timeout ends the hold first). */
export const MAX_HOLD_LOOPS = 100;

export const ivrCommandTaskSchema = z.object({ name: z.string().startsWith("ivr-"), action: z.literal("ivr_command"), command: carrierCommandSchema });
export type IvrCommandTask = z.infer<typeof ivrCommandTaskSchema>;

const paymentLinkRequestSchema = z.object({
  requestId: z.string(),
  amountCents: z.number().int().positive(),
  currency: z.literal("usd"),
  accountId: z.string(),
  debtId: z.string().nullable(),
  source: z.enum(PAYMENT_SOURCES),
  requestedByUserId: z.string().nullable(),
  sendTo: z.string(),
}) satisfies z.ZodType<PaymentLinkRequest>;

export const ivrPaymentRequestTaskSchema = z.object({ name: z.string().startsWith("ivr-"), action: z.literal("ivr_request_payment"), request: paymentLinkRequestSchema });
export type IvrPaymentRequestTask = z.infer<typeof ivrPaymentRequestTaskSchema>;

export const ivrReserveAgentTaskSchema = z.object({ name: z.string().startsWith("ivr-"), action: z.literal("ivr_reserve_agent"), attempt: z.number().int(), giveUpAtMs: z.number() });
export type IvrReserveAgentTask = z.infer<typeof ivrReserveAgentTaskSchema>;

export const ivrBookCallbackTaskSchema = z.object({ name: z.literal("ivr-book-callback"), action: z.literal("ivr_book_callback"), phone: z.string() });
export type IvrBookCallbackTask = z.infer<typeof ivrBookCallbackTaskSchema>;

/** A campaign call tells its campaign each change of its IVR step and payment status (the supervisors' live room). */
export const ivrCampaignProgressTaskSchema = z.object({ name: z.string().startsWith("ivr-campaign-"), action: z.literal("ivr_campaign_progress"), campaignId: z.string(), progress: ivrProgress });
export type IvrCampaignProgressTask = z.infer<typeof ivrCampaignProgressTaskSchema>;

/** One step of the caller's in the audit log (ivr-state.ts `trail`), written once through the call's outbox. */
export const ivrAuditTaskSchema = z.object({
  name: z.string().startsWith("ivr-audit-"),
  action: z.literal("ivr_audit"),
  entry: z.object({ key: z.string().min(1), atMs: z.number(), action: z.enum(IVR_AUDIT_ACTIONS), detail: z.record(z.string(), z.union([z.string(), z.number(), z.null()])) }),
}) satisfies z.ZodType<{ entry: IvrTrailEntry }>;
export type IvrAuditTask = z.infer<typeof ivrAuditTaskSchema>;

/** The caller keyed an option of the organisation's own: the pool puts them in that queue's line (or the queue is closed or full). */
export const ivrJoinQueueTaskSchema = z.object({ name: z.string().startsWith("ivr-join-queue-"), action: z.literal("ivr_join_queue"), attempt: z.number().int().positive(), key: z.string() });
export type IvrJoinQueueTask = z.infer<typeof ivrJoinQueueTaskSchema>;

export type IvrTask = IvrCommandTask | IvrPaymentRequestTask | IvrReserveAgentTask | IvrBookCallbackTask | IvrCampaignProgressTask | IvrAuditTask | IvrJoinQueueTask;

/** Task names, one place. */
export const IVR_TASK_NAMES = {
  prompt: (number: number) => `ivr-prompt-${number}`,
  hold: (payment: number, loop: number) => `ivr-hold-${payment}-${loop}`,
  holdStop: (payment: number) => `ivr-hold-stop-${payment}`,
  recordPause: (payment: number) => `ivr-record-pause-${payment}`,
  recordResume: (payment: number) => `ivr-record-resume-${payment}`,
  transcriptionStop: (payment: number) => `ivr-transcription-stop-${payment}`,
  transcriptionResume: (payment: number) => `ivr-transcription-resume-${payment}`,
  paymentRequest: (payment: number) => `ivr-request-${paymentRequestId(payment)}`,
  connecting: (attempt: number) => `ivr-connecting-${attempt}`,
  reserveAgent: (attempt: number) => `ivr-reserve-agent-${attempt}`,
  joinQueue: (attempt: number) => `ivr-join-queue-${attempt}`,
  campaignProgress: (order: number) => `ivr-campaign-${order}`,
  audit: (key: string) => `ivr-audit-${key}`,
} as const;

/** The payment step a recording pause or resume task is for (by its name), else null. */
export function recordingStepOf(taskName: string): { recording: "paused" | "resumed"; payment: number } | null {
  const match = /^ivr-record-(pause|resume)-(\d+)$/.exec(taskName);
  return match ? { recording: match[1] === "pause" ? "paused" : "resumed", payment: Number(match[2]) } : null;
}

/** The IVR state of a call the IVR answers, else null. */
export function ivrStateOf(situation: Pick<CallSituation, "spec" | "events">): { ivr: IvrCallSpec; state: IvrState } | null {
  const ivr = ivrOf(situation.spec);
  return ivr ? { ivr, state: foldIvr(ivr, situation.events) } : null;
}

/** The caller is in a payment step (the amount asked, or the payment under way): keys and words are not kept, and the recording stays paused whoever asks. No IVR: never. */
export const inPaymentStep = (situation: Pick<CallSituation, "spec" | "events">): boolean => {
  const found = ivrStateOf(situation);
  return found !== null && isSensitiveStep(found.state.step);
};

const settled = (state: string | null) => state === "done" || state === "failed";

export function desiredIvrTasks(situation: CallSituation): IvrTask[] {
  const found = ivrStateOf(situation);
  if (!found) return [];
  // Audited even once the call is over: a payment confirmed after the caller hung up still is.
  const audits: IvrTask[] = found.state.trail.map((entry) => ({ name: IVR_TASK_NAMES.audit(entry.key), action: "ivr_audit", entry }));
  return [...audits, ...stepTasks(situation, found)];
}

/** What the step in hand wants done while the call is live. */
function stepTasks(situation: CallSituation, found: { ivr: IvrCallSpec; state: IvrState }): IvrTask[] {
  const { record, nowMs, tasks, spec } = situation;
  const callControlId = record.legs.customer.callControlId;
  if (!callControlId || TERMINAL_STATUSES.has(record.status) || record.hangupRequested) return [];
  const { ivr, state } = found;
  const { step } = state;
  const say = IVR_PHRASES[ivr.language];
  const wanted: IvrTask[] = [];
  const command = (name: string, cmd: DistributiveOmit<CarrierCommand, "name" | "leg" | "callControlId">) =>
    wanted.push({ name, action: "ivr_command", command: { ...cmd, name, leg: "customer", callControlId } as CarrierCommand });

  // Recording: paused for each payment step (once recording runs), resumed when that step is over.
  // Transcription likewise: stopped, started again (what it hears meanwhile is masked on arrival, key-redaction.ts).
  const recording = spec.record && tasks.state("record_start-customer") === "done";
  // From the answer on (carrier-commands): a stop sent before it took would only fail, and fail settled.
  const transcribing = spec.transcribe;
  const inPayment = (payment: number) => isSensitiveStep(step) && "payment" in step && step.payment === payment;
  let promptBlocked = false;
  for (let payment = 1; payment <= state.payments; payment++) {
    const pause = IVR_TASK_NAMES.recordPause(payment);
    const stop = IVR_TASK_NAMES.transcriptionStop(payment);
    if (inPayment(payment)) {
      if (recording) command(pause, { action: "record_pause" });
      if (recording && !settled(tasks.state(pause))) promptBlocked = true;
      if (transcribing) command(stop, { action: "transcription_stop" });
      if (transcribing && !settled(tasks.state(stop))) promptBlocked = true;
    } else {
      if (tasks.state(pause) === "done") command(IVR_TASK_NAMES.recordResume(payment), { action: "record_resume" });
      if (tasks.state(stop) === "done") command(IVR_TASK_NAMES.transcriptionResume(payment), { action: "transcription_start" });
    }
    // The hold message is cut once its step is over, before anything else is said.
    const holding = step.kind === "paying" && step.payment === payment;
    if (!holding && tasks.state(IVR_TASK_NAMES.hold(payment, 0)) !== null) {
      const stop = IVR_TASK_NAMES.holdStop(payment);
      command(stop, { action: "playback_stop" });
      if (!settled(tasks.state(stop))) promptBlocked = true;
    }
  }

  const prompt = promptOf(step);
  if (prompt && !promptBlocked) {
    command(IVR_TASK_NAMES.prompt(prompt.number), { action: "gather_using_speak", text: prompt.text, language: say.carrierLanguage, maxDigits: prompt.maxDigits, timeoutMs: PROMPT_TIMEOUT_MS });
  }
  if (step.kind === "paying" && ivr.account && ivr.sendTo) {
    const request: PaymentLinkRequest = {
      requestId: step.requestId,
      amountCents: step.amountCents,
      currency: "usd",
      accountId: ivr.account.id,
      debtId: ivr.account.debtId,
      source: "ivr",
      requestedByUserId: null,
      sendTo: ivr.sendTo,
    };
    wanted.push({ name: IVR_TASK_NAMES.paymentRequest(step.payment), action: "ivr_request_payment", request });
    if (step.holds < MAX_HOLD_LOOPS && !promptBlocked) {
      command(IVR_TASK_NAMES.hold(step.payment, step.holds), { action: "speak", text: holdText(say, ivr.prompts.holdMessage, step), language: say.carrierLanguage });
    }
  }
  const campaignId = spec.dialer?.campaignId;
  // Before a person is on the line (a reminder call waits for AMD) there is nothing to show.
  const progress = campaignId && step.kind !== "waiting" ? ivrProgressOf(ivr, situation.events) : null;
  if (campaignId && progress) {
    wanted.push({ name: IVR_TASK_NAMES.campaignProgress(progress.order), action: "ivr_campaign_progress", campaignId, progress });
  }
  if (state.callbackRequested) wanted.push({ name: "ivr-book-callback", action: "ivr_book_callback", phone: spec.from });
  if (step.kind === "queue") wanted.push({ name: IVR_TASK_NAMES.joinQueue(step.attempt), action: "ivr_join_queue", attempt: step.attempt, key: step.key });
  if (step.kind === "agent") {
    command(IVR_TASK_NAMES.connecting(step.attempt), { action: "speak", text: say.connecting, language: say.carrierLanguage });
    wanted.push({ name: IVR_TASK_NAMES.reserveAgent(step.attempt), action: "ivr_reserve_agent", attempt: step.attempt, giveUpAtMs: nowMs + AGENT_WAIT_MS });
  }
  return wanted;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The question a step asks, if it asks one. */
export function promptOf(step: IvrStep) {
  switch (step.kind) {
    case "menu":
    case "pay_choice":
    case "amount":
    case "callback_offer":
    case "goodbye":
      return step.prompt;
    default:
      return null;
  }
}

/** When the payment step in hand times out: its link was requested this long ago (local clock). */
export function paymentDeadlineMs(situation: CallSituation): { requestId: string; atMs: number } | null {
  const found = ivrStateOf(situation);
  if (!found || found.state.step.kind !== "paying") return null;
  const { requestId } = found.state.step;
  const requested = situation.events.find((event) => event.type === LOCAL_EVENTS.paymentLinkRequested && event.id === `${LOCAL_EVENTS.paymentLinkRequested}:${requestId}`);
  return requested ? { requestId, atMs: requested.occurredAtMs + found.ivr.paymentHoldMs } : null;
}

