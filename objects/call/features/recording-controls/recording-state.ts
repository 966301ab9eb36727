// The agent's pauses and resumes of a call's recording, as a pure fold of its events (any
// order, any duplicates, the same answer), and the decisions a new request gets. Each
// request the actor accepted is one carrier command (record_pause / record_resume), so
// the fold alternates; a request the state makes pointless (a pause while paused) is
// ignored rather than trusted.
import { isKnownEvent, LOCAL_EVENTS, type CarrierEvent } from "../../carrier-event";
import type { CallSpec } from "../../call-spec";
import { compareEvents, type CallRecord } from "../../machine";
import type { CallView } from "../../protocol";
import { callIsOver } from "../supervision/session-machine";
import { TERMINAL_STATUSES } from "../../../../domain/call-status";

export type RecordingAction = "pause" | "resume";

export interface RecordingControl {
  requestId: string;
  action: RecordingAction;
  reason: string;
  byUserId: string;
  atMs: number;
}

export interface RecordingControlState {
  /** The accepted requests, in order: pause, resume, pause, … */
  controls: RecordingControl[];
  /** Paused by the agent now. */
  paused: boolean;
}

export function foldRecordingControls(events: Iterable<CarrierEvent>): RecordingControlState {
  const unique = new Map<string, CarrierEvent>();
  for (const event of events) if (!unique.has(event.id)) unique.set(event.id, event);
  const controls: RecordingControl[] = [];
  let paused = false;
  for (const event of [...unique.values()].sort(compareEvents)) {
    if (!isKnownEvent(event)) continue;
    if (event.type !== LOCAL_EVENTS.recordingPauseRequested && event.type !== LOCAL_EVENTS.recordingResumeRequested) continue;
    const action: RecordingAction = event.type === LOCAL_EVENTS.recordingPauseRequested ? "pause" : "resume";
    if ((action === "pause") === paused) continue;
    paused = action === "pause";
    controls.push({ requestId: event.requestId, action, reason: event.reason, byUserId: event.byUserId, atMs: event.occurredAtMs });
  }
  return { controls, paused };
}

/** What the rules need to know besides the record: whether recording runs, and whether a payment step has it paused. */
export interface RecordingFacts {
  /** record_start reached the carrier. */
  recordingStarted: boolean;
  /** The IVR is in a payment step (card or amount keys are being taken): recording stays paused. */
  inPaymentStep: boolean;
}

export type RecordingDecision =
  | { kind: "change" }
  | { kind: "unchanged" }
  | { kind: "refused"; reason: "call_over" | "not_the_agent" | "not_recorded" | "payment_step"; message: string };

export function decideRecordingControl(
  spec: CallSpec,
  record: CallRecord,
  state: RecordingControlState,
  facts: RecordingFacts,
  callAgentUserId: string | null,
  userId: string,
  action: RecordingAction,
): RecordingDecision {
  // On an AI call the person's leg ending is not the call's end: the AI goes on, recorded.
  if (recordingOver(spec, record)) return { kind: "refused", reason: "call_over", message: "The call is over: its recording has ended" };
  if (callAgentUserId?.toLowerCase() !== userId.toLowerCase()) return { kind: "refused", reason: "not_the_agent", message: "Only the agent on the call pauses or resumes its recording" };
  // Nothing to resume is already as asked, recorded or not.
  if (action === "resume" && !state.paused) return { kind: "unchanged" };
  if (!spec.record || !facts.recordingStarted) return { kind: "refused", reason: "not_recorded", message: "This call is not being recorded (yet)" };
  if (action === "pause" && state.paused) return { kind: "unchanged" };
  // Card numbers and amounts must never reach a recording, whoever asks.
  if (action === "resume" && facts.inPaymentStep) return { kind: "refused", reason: "payment_step", message: "The caller is in a payment step: recording resumes by itself when it is over" };
  return { kind: "change" };
}

/** The call's recording has ended: the call is over, except that on an AI call the person's leg ending is not its end (the AI goes on). */
export function recordingOver(spec: CallSpec, record: CallRecord): boolean {
  if (!spec.ai) return callIsOver(record);
  return TERMINAL_STATUSES.has(record.status) || record.hangupRequested || record.legs.customer.state === "ended";
}

/** Why a pause ended by itself: the reason its resume carries (the timeline says "Recording resumed: …"). */
export const RESUMED_WITH_THE_AI = "the call went back to the AI";

/**
 * On an AI voice-agent call a pause ends with the person who made it: once the span the
 * person held the call in has closed (they handed it back, or their leg ended), the call
 * raises the resume itself, at that moment and in their name, since nobody else may resume
 * it and the AI hears the caller through the transcription the pause stopped.
 */
export function resumeOncePersonLeft(spec: CallSpec, record: CallRecord, state: RecordingControlState): { atMs: number; pause: RecordingControl } | null {
  const pause = state.controls.at(-1);
  if (!spec.ai || !state.paused || !pause || recordingOver(spec, record)) return null;
  const held = record.personHeld ?? [];
  const span = held.find((each) => each.fromMs <= pause.atMs && (each.toMs === null || each.toMs >= pause.atMs));
  if (span && span.toMs === null) return null;
  return { atMs: span?.toMs ?? pause.atMs, pause };
}

/** The recording's paused spans (epoch ms; an open one ends with the call), for the record and the player. */
export function pausedSpans(state: RecordingControlState, record: CallRecord): { fromMs: number; toMs: number | null; reason: string }[] {
  const spans: { fromMs: number; toMs: number | null; reason: string }[] = [];
  for (const control of state.controls) {
    if (control.action === "pause") spans.push({ fromMs: control.atMs, toMs: record.endedAtMs, reason: control.reason });
    else if (spans.length > 0) spans[spans.length - 1]!.toMs = control.atMs;
  }
  return spans;
}

/** What the Worker's recording-control route is answered by the call's actor (RPC). */
export type RecordingControlAnswer =
  | { kind: "changed" | "unchanged"; requestId: string | null; paused: boolean; call: CallView }
  | Extract<RecordingDecision, { kind: "refused" }>
  | { kind: "no_call" };
