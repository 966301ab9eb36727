// Telnyx Call Control v2 on the wire, as the simulator speaks it: the webhook envelope,
// each event's own payload fields (names checked against the `telnyx` SDK's
// resources/webhooks.d.ts), and the `{ errors: [...] }` error body. Types only, plus
// the few constructors for error bodies.

export const EVENT_TYPES = [
  "call.initiated",
  "call.answered",
  "call.hangup",
  "call.machine.detection.ended",
  "call.machine.greeting.ended",
  "call.machine.premium.detection.ended",
  "call.machine.premium.greeting.ended",
  "call.speak.started",
  "call.speak.ended",
  "call.gather.ended",
  "call.dtmf.received",
  "call.playback.started",
  "call.playback.ended",
  "call.bridged",
  "call.recording.saved",
  "call.transcription",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type Direction = "outgoing" | "incoming";
/** Telnyx's leg states: initiated outbound legs are "bridging", inbound ones "parked". */
export type WireState = "bridging" | "parked" | "answered" | "hangup";
export type HangupCause = "call_rejected" | "normal_clearing" | "originator_cancel" | "timeout" | "user_busy" | "not_found";
export type HangupSource = "caller" | "callee" | "unknown";
export type AmdResult = "human" | "machine" | "not_sure";
export type PremiumAmdResult = "human_residence" | "human_business" | "machine" | "silence" | "fax_detected" | "not_sure";
export type TranscriptionTrack = "inbound" | "outbound";

interface RecordingUrls {
  wav: string | null;
  mp3: string | null;
}

/** The fields each event adds to the common payload. */
export interface EventFields {
  "call.initiated": Record<string, never>;
  "call.answered": Record<string, never>;
  "call.hangup": {
    hangup_cause: HangupCause;
    hangup_source: HangupSource;
    sip_hangup_cause: string;
    call_quality_stats: null;
  };
  "call.machine.detection.ended": { result: AmdResult };
  "call.machine.greeting.ended": { result: "beep_detected" | "ended" | "not_sure" };
  "call.machine.premium.detection.ended": { result: PremiumAmdResult };
  "call.machine.premium.greeting.ended": { result: "beep_detected" | "no_beep_detected" };
  "call.speak.started": Record<string, never>;
  "call.speak.ended": { status: "completed" | "call_hangup" };
  "call.gather.ended": { digits: string; status: "valid" | "invalid" | "timeout"; gather_id?: string };
  "call.dtmf.received": { digit: string };
  "call.playback.started": { media_url: string | null; media_name: string | null; overlay: boolean };
  "call.playback.ended": {
    media_url: string | null;
    media_name: string | null;
    overlay: boolean;
    status: "completed" | "cancelled";
  };
  "call.bridged": Record<string, never>;
  "call.recording.saved": {
    recording_id: string;
    channels: "single" | "dual";
    recording_started_at: string;
    recording_ended_at: string;
    recording_urls: RecordingUrls;
    public_recording_urls: RecordingUrls;
  };
  "call.transcription": {
    transcription_data: {
      transcript: string;
      confidence: number;
      is_final: boolean;
      transcription_track: TranscriptionTrack;
    };
  };
}

/** What every call event's payload carries. */
export interface CommonPayload {
  call_control_id: string;
  call_leg_id: string;
  call_session_id: string;
  connection_id: string;
  client_state: string | null;
  from: string;
  to: string;
  direction: Direction;
  state: WireState;
  start_time: string;
}

export type EventPayload<T extends EventType> = CommonPayload & EventFields[T];

export interface EventData<T extends EventType = EventType> {
  record_type: "event";
  event_type: T;
  id: string;
  occurred_at: string;
  payload: EventPayload<T>;
}

export interface WebhookEnvelope {
  data: EventData;
  meta: { attempt: number; delivered_to: string };
}

export interface TelnyxError {
  code: string;
  title: string;
  detail: string;
  source?: { pointer: string };
}

export interface TelnyxErrorBody {
  errors: TelnyxError[];
}

/** Telnyx's own code for a command on a call that is gone (or never was). */
export function callEndedError(callControlId: string): TelnyxError {
  return {
    code: "90018",
    title: "Call has already ended",
    detail: `This call is no longer active and can't receive commands (${callControlId}).`,
  };
}

/** A command the call's current state does not allow (answering an answered call, speaking before answer). */
export function invalidStateError(detail: string): TelnyxError {
  return { code: "10015", title: "Bad Request", detail };
}
