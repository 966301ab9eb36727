// What a caller gives while the call must not keep it. Keys pressed in a sensitive IVR
// step (the amount, and anything keyed while a payment is under way) are never kept:
// before an event is stored, its digits become "•" in its typed fields and in the carrier
// payload the record row copies, and the amount the IVR read from them rides along as
// `ivrAmount`. Words transcribed while the recording is paused (a payment step, or the
// agent's pause for card details read out loud) become "•" the same way, final or
// partial, whichever track: the recording's pause would mean little if the transcript
// kept them. Run on arrival, against the call as it stood before the event. Pure.
import { isKnownEvent, LOCAL_EVENTS, type CarrierEvent } from "../../carrier-event";
import type { CallSpec } from "../../call-spec";
import { foldRecordingControls } from "../recording-controls/recording-state";
import { readAmount } from "./amount";
import { isSensitiveStep } from "./ivr-state";
import { inPaymentStep, ivrStateOf } from "./ivr-tasks";

/** What stands in for keys that are not kept. */
export const REDACTED_KEYS = "•";

/** The carrier's fields that carry keys: `digits` (gather ended) and `digit` (each key received). */
const KEY_FIELDS = ["digits", "digit"] as const;

/** A transcript line whose words were not kept: nothing in it to translate or score. */
export const isMaskedLine = (segment: { text: string }): boolean => segment.text === REDACTED_KEYS;

/** The event as the call may keep it: keys and words given while it must not keep them masked. */
export function redactSensitiveInput(spec: CallSpec, before: readonly CarrierEvent[], incoming: CarrierEvent): CarrierEvent {
  if (incoming.type === "call.transcription") return recordingPaused(spec, before) ? redactedLine(incoming) : incoming;
  return redactSensitiveKeys(spec, before, incoming);
}

/** The IVR is in a payment step, or the agent paused the recording and has not resumed it. */
function recordingPaused(spec: CallSpec, before: readonly CarrierEvent[]): boolean {
  if (inPaymentStep({ spec, events: before })) return true;
  // Only the pause and resume requests matter: the fold is not run over the whole inbox per line.
  const controls = before.filter((event) => event.type === LOCAL_EVENTS.recordingPauseRequested || event.type === LOCAL_EVENTS.recordingResumeRequested);
  return controls.length > 0 && foldRecordingControls(controls).paused;
}

/** A transcription with its words masked: the typed line, and the carrier's payload the record row copies. */
function redactedLine(incoming: CarrierEvent): CarrierEvent {
  const data = incoming.payload.transcription_data;
  const payload = data && typeof data === "object" ? { ...incoming.payload, transcription_data: { ...data, transcript: REDACTED_KEYS } } : incoming.payload;
  if (isKnownEvent(incoming) && incoming.type === "call.transcription" && incoming.transcript) {
    return { ...incoming, transcript: { ...incoming.transcript, text: REDACTED_KEYS }, payload };
  }
  return { ...incoming, payload };
}

function redactSensitiveKeys(spec: CallSpec, before: readonly CarrierEvent[], incoming: CarrierEvent): CarrierEvent {
  const carriesKeys = incoming.type === "call.gather.ended" || incoming.type === "call.dtmf.received" || KEY_FIELDS.some((field) => field in incoming.payload);
  if (!carriesKeys) return incoming;
  const found = ivrStateOf({ spec, events: before });
  if (!found || !isSensitiveStep(found.state.step)) return incoming;
  const { step, balanceCents } = found.state;
  const payload = { ...incoming.payload };
  for (const field of KEY_FIELDS) if (field in payload) payload[field] = REDACTED_KEYS;
  if (isKnownEvent(incoming) && incoming.type === "call.gather.ended") {
    const ivrAmount = step.kind === "amount" ? readAmount(incoming.digits, balanceCents ?? 0) : undefined;
    return { ...incoming, digits: REDACTED_KEYS, payload, ...(ivrAmount ? { ivrAmount } : {}) };
  }
  return { ...incoming, payload };
}
