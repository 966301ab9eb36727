// Carrier webhooks (Telnyx Call Control v2 envelope) validated with zod and reduced to
// the CarrierEvent the call machine understands. Unknown event types are kept (they
// land on the record) but change nothing.
import { z } from "zod";

export const CALL_LEGS = ["customer", "agent"] as const;
export type CallLeg = (typeof CALL_LEGS)[number];

const payloadSchema = z
  .object({
    call_control_id: z.string().min(1),
    call_leg_id: z.string().optional(),
    call_session_id: z.string().optional(),
    client_state: z.string().nullish(),
    from: z.string().optional(),
    to: z.string().optional(),
    direction: z.string().optional(),
    hangup_cause: z.string().optional(),
    hangup_source: z.string().optional(),
    result: z.string().optional(),
    digits: z.string().optional(),
    status: z.string().optional(),
    transcription_data: z
      .object({
        transcript: z.string().optional(),
        confidence: z.number().nullish(),
        is_final: z.boolean().optional(),
        transcription_track: z.enum(["inbound", "outbound"]).optional(),
      })
      .optional(),
    recording_urls: z.object({ wav: z.string().nullish(), mp3: z.string().nullish() }).partial().optional(),
    recording_started_at: z.string().optional(),
    recording_ended_at: z.string().optional(),
    channels: z.string().optional(),
    recording_id: z.string().optional(),
  })
  .passthrough();

export const telnyxWebhookSchema = z.object({
  data: z.object({
    record_type: z.literal("event"),
    event_type: z.string().min(1),
    id: z.string().min(1),
    occurred_at: z.string().datetime({ offset: true }),
    payload: payloadSchema,
  }),
  meta: z.object({ attempt: z.number().optional(), delivered_to: z.string().optional() }).partial().optional(),
});
export type TelnyxWebhook = z.infer<typeof telnyxWebhookSchema>;

export type AmdResult = "human" | "machine" | "not_sure" | "fax";

export interface CarrierEvent {
  id: string;
  type: string;
  occurredAtMs: number;
  leg: CallLeg;
  callControlId: string;
  callSessionId: string | null;
  hangupCause: string | null;
  hangupSource: string | null;
  amdResult: AmdResult | null;
  transcript: { text: string; track: "inbound" | "outbound"; confidence: number | null } | null;
  recording: { url: string; startedAtMs: number | null; endedAtMs: number | null } | null;
  /** The carrier's payload as received, for the record. */
  payload: Record<string, unknown>;
}

const AMD_RESULTS: Record<string, AmdResult> = {
  human: "human",
  human_residence: "human",
  human_business: "human",
  machine: "machine",
  not_sure: "not_sure",
  silence: "not_sure",
  fax_detected: "fax",
};

const AMD_EVENTS = new Set(["call.machine.detection.ended", "call.machine.premium.detection.ended"]);

export function toCarrierEvent(webhook: TelnyxWebhook, leg: CallLeg): CarrierEvent {
  const { data } = webhook;
  const p = data.payload;
  const transcription = data.event_type === "call.transcription" ? p.transcription_data : undefined;
  const recordingUrl = p.recording_urls?.wav ?? p.recording_urls?.mp3 ?? null;
  return {
    id: data.id,
    type: data.event_type,
    occurredAtMs: Date.parse(data.occurred_at),
    leg,
    callControlId: p.call_control_id,
    callSessionId: p.call_session_id ?? null,
    hangupCause: data.event_type === "call.hangup" ? (p.hangup_cause ?? "unspecified") : null,
    hangupSource: data.event_type === "call.hangup" ? (p.hangup_source ?? null) : null,
    amdResult: AMD_EVENTS.has(data.event_type) ? (AMD_RESULTS[p.result ?? ""] ?? "not_sure") : null,
    transcript:
      transcription?.transcript && transcription.is_final !== false
        ? {
            text: transcription.transcript,
            track: transcription.transcription_track ?? "inbound",
            confidence: transcription.confidence ?? null,
          }
        : null,
    recording:
      data.event_type === "call.recording.saved" && recordingUrl
        ? {
            url: recordingUrl,
            startedAtMs: p.recording_started_at ? Date.parse(p.recording_started_at) : null,
            endedAtMs: p.recording_ended_at ? Date.parse(p.recording_ended_at) : null,
          }
        : null,
    payload: p as Record<string, unknown>,
  };
}
