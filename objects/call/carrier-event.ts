// The events a call is folded from, as one discriminated union with typed fields where
// the fold or a feature reads them: carrier webhooks (Telnyx Call Control v2 envelope,
// validated with zod and reduced here) and the local events we raise ourselves. Unknown
// carrier event types are kept (they land on the record) but change nothing. The same
// union is stored in the call's inbox and parsed on read with `carrierEventSchema`, which
// also reads rows older builds wrote (their typed fields lived in `payload`).
import { z } from "zod";
import { SUPERVISOR_MODES, type SupervisorMode } from "../../domain/supervision";
import { aiEventBodySchema, type AiEventBody } from "./features/ai-agent/ai-events";
import { queueEventBodySchema, type QueueEventBody } from "./features/queue/queue-events";
import { translationSettings, type TranslationSettings } from "../../domain/intelligence-settings";
import {
  callIntelligenceStart,
  callSummary,
  modelDispositionSuggestion,
  modelLanguageReading,
  modelSentimentScore,
  modelSuggestion,
  translatedLine,
  voiceLine,
  voiceLineRequest,
  type CallIntelligenceStart,
  type CallSummary,
  type ModelDispositionSuggestion,
  type ModelLanguageReading,
  type VoiceLine,
  type VoiceLineRequest,
  type ModelSentimentScore,
  type ModelSuggestion,
  type TranslatedLine,
} from "./features/intelligence/intelligence-events";

/** The call's own parties; the call's status follows them. */
export const PARTY_LEGS = ["customer", "agent"] as const;
export type PartyLeg = (typeof PARTY_LEGS)[number];
/**
 * Every leg a call's events may be about: its parties, and supervisors listening in
 * (features/supervision/; which supervisor a leg is, its call_control_id says).
 */
export const CALL_LEGS = [...PARTY_LEGS, "supervisor"] as const;
export type CallLeg = (typeof CALL_LEGS)[number];

const payloadSchema = z
  .object({
    // Optional in the SDK's own types, and an independent carrier left it out of
    // call.recording.saved: client_state routes the event, the leg keeps an earlier id.
    call_control_id: z.string().min(1).optional(),
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
        // Not in Telnyx's typed payload; some engines report the language they heard (BCP 47).
        language: z.string().optional(),
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
    // Our own events are named wib.*: the carrier never sends those, so none can be forged.
    event_type: z
      .string()
      .min(1)
      .refine((type) => !type.startsWith("wib."), "wib.* events are ours, never the carrier's"),
    id: z.string().min(1),
    occurred_at: z.string().datetime({ offset: true }),
    payload: payloadSchema,
  }),
  meta: z.object({ attempt: z.number().optional(), delivered_to: z.string().optional() }).partial().optional(),
});
export type TelnyxWebhook = z.infer<typeof telnyxWebhookSchema>;

export type AmdResult = "human" | "machine" | "not_sure" | "fax";

/** Events we raise ourselves; they live in the same inbox as carrier events. */
export const LOCAL_EVENTS = {
  /** The carrier accepted our dial: the leg is ringing even if call.initiated is late or lost. */
  dialAccepted: "wib.dial.accepted",
  /** The carrier took the customer's dial or answer that transcribes the leg from its answer on. */
  transcribedFromAnswer: "wib.transcription.from_answer",
  hangupRequested: "wib.hangup.requested",
  commandFailed: "wib.command.failed",
  watchdogEnded: "wib.watchdog.ended",
  /** Dialer calls: the agent pool reserved an agent for this person. */
  agentReserved: "wib.agent.reserved",
  /** Dialer calls: no agent was free within the connect window. */
  agentUnavailable: "wib.agent.unavailable",
  /** Payments contract (owned by the payments feature): someone on the call wants money; one Checkout Session + SMS per request. */
  paymentLinkRequested: "wib.payment_link.requested",
  /** Payments contract: the link for a request was created and texted. */
  paymentLinkSent: "wib.payment_link.sent",
  /** Payments contract: the link for a request could not be created or sent. */
  paymentLinkFailed: "wib.payment_link.failed",
  /** Payments contract: Stripe confirmed the payment of a request (the ledger has it). */
  paymentSucceeded: "wib.payment.succeeded",
  /** IVR: the caller asked for an agent and none was free in time. */
  ivrNoAgent: "wib.ivr.no_agent",
  /** IVR: the caller held for the payment longer than the organisation's timeout. */
  ivrPaymentTimedOut: "wib.ivr.payment_timed_out",
  /** IVR: the carrier paused (or resumed) the recording around a payment step: the recording player marks the span. */
  ivrRecording: "wib.ivr.recording",
  /** Live intelligence: the customer's language is known (features/intelligence). */
  languageDetected: "wib.language.detected",
  /** Live intelligence: a supervisor alert condition was met (once per condition per call). */
  intelligenceAlert: "wib.intelligence.alert",
  /** Live intelligence: the organisation's (or campaign's) settings and the model, read when the call started. */
  intelligenceStarted: "wib.intelligence.started",
  /** Live intelligence: someone on the call chose its translation (on/off, from, to). */
  translationConfigured: "wib.translation.configured",
  /** Live intelligence: one segment's translation came back from the model (or gave up). */
  translationReturned: "wib.translation.returned",
  /** Live intelligence: translations pushed to the console, in the order said (a batch). */
  translationsDelivered: "wib.translation.delivered",
  /** Live intelligence: the call's summary, written when it ended (or why there is none). */
  summaryWritten: "wib.summary.written",
  summaryFailed: "wib.summary.failed",
  /** Live intelligence: the model's suggested line for a customer line came back (or gave up). */
  suggestionReturned: "wib.suggestion.returned",
  /** Live intelligence: the model's sentiment for a customer line came back (or gave up). */
  modelSentimentReturned: "wib.sentiment.model_scored",
  /** Live intelligence: the model's suggested disposition for the ended call came back (or gave up). */
  dispositionSuggested: "wib.disposition.suggested",
  /** Live intelligence: the model's reading of a customer line's language came back (or gave up). */
  modelLanguageReturned: "wib.language.model_read",
  /** Live intelligence, voice-to-voice: the agent asked for a line to be said to the customer in their language. */
  voiceLineRequested: "wib.voice_line.requested",
  /** Voice-to-voice: that line came back translated (and is spoken), or why it is not. */
  voiceLineTranslated: "wib.voice_line.translated",
  /** A supervisor asked to join the call, or to switch mode (features/supervision/). */
  supervisionRequested: "wib.supervision.requested",
  /** A supervisor asked to leave. */
  supervisionLeft: "wib.supervision.left",
  /** The carrier accepted a supervisor's dial: their leg's call_control_id. */
  supervisorDialAccepted: "wib.supervisor.dial.accepted",
  /** The carrier refused a supervisor's dial: that session is over. */
  supervisorDialFailed: "wib.supervisor.dial.failed",
  /** The agent raised a hand: a help request with a reason (features/help-requests/). */
  helpRequested: "wib.help.requested",
  /** The agent withdrew their raised hand before a supervisor came. */
  helpWithdrawn: "wib.help.withdrawn",
  /** The agent paused the call's recording, with a reason (features/recording-controls/). */
  recordingPauseRequested: "wib.recording.pause_requested",
  /** The agent resumed the call's recording. */
  recordingResumeRequested: "wib.recording.resume_requested",
  /** The AI voice agent's events, one type with a body by kind (features/ai-agent/ai-events.ts). */
  ai: "wib.ai",
  /** A queue's events, one type with a body by kind (features/queue/queue-events.ts). */
  queue: "wib.queue",
  /**
   * The carrier's call.speak.ended of the recording disclosure (told apart by the
   * client_state its speak set, client-state.ts), read as its own event: recording waits
   * for it, and no reader of other speech (a message, the voicemail, safe harbor, the
   * IVR's hold loop, the queue's announcements) ever counts it.
   */
  recordingDisclosurePlayed: "wib.recording_disclosure.played",
} as const;

export const PAYMENT_SOURCES = ["ivr", "agent"] as const;
export type PaymentSource = (typeof PAYMENT_SOURCES)[number];

/** What a payment link is asked for (payments contract). */
export interface PaymentLinkRequest {
  /** Stable per step (`ivr-pay-1`, `agent-<commandId>`): the event id and Stripe's idempotency key derive from it. */
  requestId: string;
  amountCents: number;
  currency: "usd";
  accountId: string;
  debtId: string | null;
  source: PaymentSource;
  requestedByUserId: string | null;
  /** E.164: where the link is texted. */
  sendTo: string;
}

const AMD_EVENT_TYPES = ["call.machine.detection.ended", "call.machine.premium.detection.ended"] as const;
/** Known events that carry nothing beyond the common fields. */
const PLAIN_EVENT_TYPES = [
  "call.initiated",
  "call.answered",
  "call.bridged",
  "call.speak.started",
  "call.speak.ended",
  "call.machine.greeting.ended",
  "call.machine.premium.greeting.ended",
  LOCAL_EVENTS.dialAccepted,
  LOCAL_EVENTS.transcribedFromAnswer,
  LOCAL_EVENTS.hangupRequested,
  LOCAL_EVENTS.watchdogEnded,
  LOCAL_EVENTS.agentUnavailable,
  LOCAL_EVENTS.ivrNoAgent,
  LOCAL_EVENTS.recordingDisclosurePlayed,
] as const;

export interface TranscriptPiece {
  text: string;
  track: "inbound" | "outbound";
  confidence: number | null;
  /** The language the carrier reported hearing, when it reports one. */
  language?: string | null;
}

export interface DetectedLanguage {
  language: string;
  /** Its share of the customer's segments' evidence, 0..1. */
  share: number;
  /** Sure enough to become the account's preferred language. */
  confident: boolean;
  /** Which source decided it (the one with most of its evidence); absent from older events. */
  source?: "offline" | "carrier" | "model";
  /** That source's confidence in it, 0..1; absent from older events. */
  confidence?: number;
}

export interface RaisedAlert {
  rule: string;
  /** The condition: one alert per key per call. */
  key: string;
  segmentId: string;
  message: string;
}

export interface RecordingFile {
  url: string;
  startedAtMs: number | null;
  endedAtMs: number | null;
}

/** Who asked to supervise: the session's user, with where their leg rings. */
export interface Supervisor {
  userId: string;
  name: string;
  /** Where the supervisor's leg rings (their softphone, like an agent's). */
  address: string;
}

export interface ReservedAgent {
  userId: string;
  /** Where the agent's leg rings. */
  address: string;
  name: string | null;
}

interface EventBase {
  id: string;
  occurredAtMs: number;
  leg: CallLeg;
  /** Empty when the carrier left it out; the leg keeps the id an earlier event gave. */
  callControlId: string;
  callSessionId: string | null;
  /**
   * The agent leg's generation, 2 or more (absent: the first). An AI call taken over again
   * after a hand-back dials a new agent leg; its events say which leg they are about, so a
   * late event of an earlier leg never moves the current one (machine.ts).
   */
  agentGeneration?: number;
  /**
   * The carrier's payload as received (our own events: their fields), for the stored
   * record row only. Read the typed fields instead.
   */
  payload: Record<string, unknown>;
}

type PlainEventType = (typeof PLAIN_EVENT_TYPES)[number];
/** One member per plain type, so a `case` narrows to exactly that event. */
type PlainEvent = { [Type in PlainEventType]: EventBase & { type: Type } }[PlainEventType];

export type KnownEvent =
  | PlainEvent
  | (EventBase & { type: "call.hangup"; hangupCause: string; hangupSource: string | null })
  | (EventBase & { type: (typeof AMD_EVENT_TYPES)[number]; amdResult: AmdResult })
  // A partial (not final) transcript carries none.
  | (EventBase & { type: "call.transcription"; transcript: TranscriptPiece | null })
  | (EventBase & { type: "call.recording.saved"; recording: RecordingFile | null })
  // The digits a caller keyed in (IVR).
  // The digits a caller keyed in (IVR). In a sensitive IVR step they are redacted to "•"
  // before the event is stored, and `ivrAmount` keeps what the IVR read from them.
  | (EventBase & { type: "call.gather.ended"; digits: string | null; ivrAmount?: IvrAmountReading })
  // Null only in a row an older build stored without the agent: the fold ignores it, as it did.
  | (EventBase & { type: typeof LOCAL_EVENTS.agentReserved; agent: ReservedAgent | null })
  | (EventBase & { type: typeof LOCAL_EVENTS.commandFailed; command: string; detail: string })
  | (EventBase & { type: typeof LOCAL_EVENTS.paymentLinkRequested } & PaymentLinkRequest)
  | (EventBase & { type: typeof LOCAL_EVENTS.paymentLinkSent; requestId: string; checkoutSessionId: string; expiresAtMs: number })
  | (EventBase & { type: typeof LOCAL_EVENTS.paymentLinkFailed; requestId: string; reason: string })
  | (EventBase & { type: typeof LOCAL_EVENTS.paymentSucceeded; requestId: string; paymentId: string; amountCents: number; balanceAfterCents: number })
  | (EventBase & { type: typeof LOCAL_EVENTS.ivrPaymentTimedOut; requestId: string })
  | (EventBase & { type: typeof LOCAL_EVENTS.ivrRecording; recording: "paused" | "resumed"; payment: number })
  | (EventBase & { type: typeof LOCAL_EVENTS.languageDetected; detected: DetectedLanguage })
  | (EventBase & { type: typeof LOCAL_EVENTS.intelligenceAlert; alert: RaisedAlert })
  | (EventBase & { type: typeof LOCAL_EVENTS.intelligenceStarted; started: CallIntelligenceStart })
  | (EventBase & { type: typeof LOCAL_EVENTS.translationConfigured; translation: TranslationSettings; byUserId: string | null })
  | (EventBase & { type: typeof LOCAL_EVENTS.translationReturned; line: TranslatedLine })
  | (EventBase & { type: typeof LOCAL_EVENTS.translationsDelivered; lines: TranslatedLine[] })
  | (EventBase & { type: typeof LOCAL_EVENTS.summaryWritten; summary: CallSummary })
  | (EventBase & { type: typeof LOCAL_EVENTS.summaryFailed; reason: string })
  | (EventBase & { type: typeof LOCAL_EVENTS.suggestionReturned; suggestion: ModelSuggestion })
  | (EventBase & { type: typeof LOCAL_EVENTS.modelSentimentReturned; scored: ModelSentimentScore })
  | (EventBase & { type: typeof LOCAL_EVENTS.dispositionSuggested; suggested: ModelDispositionSuggestion })
  | (EventBase & { type: typeof LOCAL_EVENTS.modelLanguageReturned; reading: ModelLanguageReading })
  | (EventBase & { type: typeof LOCAL_EVENTS.voiceLineRequested; request: VoiceLineRequest })
  | (EventBase & { type: typeof LOCAL_EVENTS.voiceLineTranslated; line: VoiceLine })
  // A join (a new sessionId) or a switch (a session already on the call). `visibleToAgent`:
  // the organisation's setting when asked (an agent may be told who listens, or not).
  | (EventBase & { type: typeof LOCAL_EVENTS.supervisionRequested; sessionId: string; supervisor: Supervisor; mode: SupervisorMode; visibleToAgent: boolean })
  | (EventBase & { type: typeof LOCAL_EVENTS.supervisionLeft; sessionId: string })
  | (EventBase & { type: typeof LOCAL_EVENTS.supervisorDialAccepted; sessionId: string })
  | (EventBase & { type: typeof LOCAL_EVENTS.supervisorDialFailed; sessionId: string; detail: string })
  | (EventBase & { type: typeof LOCAL_EVENTS.helpRequested } & HelpRequest)
  | (EventBase & { type: typeof LOCAL_EVENTS.helpWithdrawn; requestId: string; agentUserId: string })
  | (EventBase & { type: typeof LOCAL_EVENTS.recordingPauseRequested | typeof LOCAL_EVENTS.recordingResumeRequested } & RecordingControlRequest)
  | (EventBase & { type: typeof LOCAL_EVENTS.ai; ai: AiEventBody })
  | (EventBase & { type: typeof LOCAL_EVENTS.queue; queue: QueueEventBody });

/** The agent pausing or resuming the call's recording: why, and who. */
export interface RecordingControlRequest {
  /** Fresh per request: the event's id and the carrier command's name derive from it. */
  requestId: string;
  reason: string;
  byUserId: string;
}

/** An agent's raised hand on their call: cleared by a supervisor joining, or the call's end. */
export interface HelpRequest {
  /** Fresh per raise: the event's id derives from it. */
  requestId: string;
  reason: string;
  agentUserId: string;
}

/** What the IVR read from an amount the caller keyed (the digits themselves are never kept). */
export type IvrAmountReading = { kind: "amount"; amountCents: number } | { kind: "rejected"; reason: "empty" | "not_digits" | "zero" | "above_balance" };

/** A carrier event type we do not act on (speak started, DTMF, ...): recorded, nothing more. */
export interface UnrecognisedEvent extends EventBase {
  type: string;
}

export type CarrierEvent = KnownEvent | UnrecognisedEvent;
export type KnownEventType = KnownEvent["type"];
export type EventOf<Type extends KnownEventType> = Extract<KnownEvent, { type: Type }>;

const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set<KnownEventType>([
  ...PLAIN_EVENT_TYPES,
  ...AMD_EVENT_TYPES,
  "call.hangup",
  "call.transcription",
  "call.recording.saved",
  "call.gather.ended",
  LOCAL_EVENTS.agentReserved,
  LOCAL_EVENTS.commandFailed,
  LOCAL_EVENTS.paymentLinkRequested,
  LOCAL_EVENTS.paymentLinkSent,
  LOCAL_EVENTS.paymentLinkFailed,
  LOCAL_EVENTS.paymentSucceeded,
  LOCAL_EVENTS.ivrPaymentTimedOut,
  LOCAL_EVENTS.ivrRecording,
  LOCAL_EVENTS.languageDetected,
  LOCAL_EVENTS.intelligenceAlert,
  LOCAL_EVENTS.intelligenceStarted,
  LOCAL_EVENTS.translationConfigured,
  LOCAL_EVENTS.translationReturned,
  LOCAL_EVENTS.translationsDelivered,
  LOCAL_EVENTS.summaryWritten,
  LOCAL_EVENTS.summaryFailed,
  LOCAL_EVENTS.suggestionReturned,
  LOCAL_EVENTS.modelSentimentReturned,
  LOCAL_EVENTS.dispositionSuggested,
  LOCAL_EVENTS.modelLanguageReturned,
  LOCAL_EVENTS.voiceLineRequested,
  LOCAL_EVENTS.voiceLineTranslated,
  LOCAL_EVENTS.supervisionRequested,
  LOCAL_EVENTS.supervisionLeft,
  LOCAL_EVENTS.supervisorDialAccepted,
  LOCAL_EVENTS.supervisorDialFailed,
  LOCAL_EVENTS.helpRequested,
  LOCAL_EVENTS.helpWithdrawn,
  LOCAL_EVENTS.recordingPauseRequested,
  LOCAL_EVENTS.recordingResumeRequested,
  LOCAL_EVENTS.ai,
  LOCAL_EVENTS.queue,
]);

/**
 * Narrows to the events the fold acts on. (A union member whose `type` is any string
 * would otherwise stay in every `case`, hiding the typed fields.)
 */
export function isKnownEvent(event: CarrierEvent): event is KnownEvent {
  return KNOWN_EVENT_TYPES.has(event.type);
}

// ---- Stored form -------------------------------------------------------------------

const base = {
  id: z.string().min(1),
  occurredAtMs: z.number(),
  leg: z.enum(CALL_LEGS),
  callControlId: z.string(),
  callSessionId: z.string().nullable(),
  agentGeneration: z.number().int().min(2).optional(),
  payload: z.record(z.string(), z.unknown()),
};
const transcriptPiece = z.object({ text: z.string(), track: z.enum(["inbound", "outbound"]), confidence: z.number().nullable(), language: z.string().nullish() });
const detectedLanguage = z.object({
  language: z.string().min(1),
  share: z.number(),
  confident: z.boolean(),
  source: z.enum(["offline", "carrier", "model"]).optional(),
  confidence: z.number().min(0).max(1).optional(),
});
const raisedAlert = z.object({ rule: z.string().min(1), key: z.string().min(1), segmentId: z.string(), message: z.string() });
const recordingFile = z.object({ url: z.string(), startedAtMs: z.number().nullable(), endedAtMs: z.number().nullable() });
const ivrAmountReading = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("amount"), amountCents: z.number().int().positive() }),
  z.object({ kind: z.literal("rejected"), reason: z.enum(["empty", "not_digits", "zero", "above_balance"]) }),
]);
const reservedAgent = z.object({ userId: z.string().min(1), address: z.string().min(1), name: z.string().nullable() });
const supervisor = z.object({ userId: z.string().min(1), name: z.string(), address: z.string().min(1) });

// Picked by type rather than tried in turn: a plain union parsed every stored or arriving
// event against up to ~40 shapes before its own, the largest part of the schema's cost per
// event (read on every webhook, every inbox load and every RPC).
const knownEventSchema = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.enum(PLAIN_EVENT_TYPES) }),
  z.object({ ...base, type: z.literal("call.hangup"), hangupCause: z.string(), hangupSource: z.string().nullable() }),
  z.object({ ...base, type: z.enum(AMD_EVENT_TYPES), amdResult: z.enum(["human", "machine", "not_sure", "fax"]) }),
  z.object({ ...base, type: z.literal("call.transcription"), transcript: transcriptPiece.nullable() }),
  z.object({ ...base, type: z.literal("call.recording.saved"), recording: recordingFile.nullable() }),
  z.object({ ...base, type: z.literal("call.gather.ended"), digits: z.string().nullable(), ivrAmount: ivrAmountReading.optional() }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.agentReserved), agent: reservedAgent.nullable() }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.commandFailed), command: z.string(), detail: z.string() }),
  z.object({
    ...base,
    type: z.literal(LOCAL_EVENTS.paymentLinkRequested),
    requestId: z.string().min(1),
    amountCents: z.number().int().positive(),
    currency: z.literal("usd"),
    accountId: z.string().min(1),
    debtId: z.string().min(1).nullable(),
    source: z.enum(PAYMENT_SOURCES),
    requestedByUserId: z.string().min(1).nullable(),
    sendTo: z.string().regex(/^\+[1-9]\d{1,14}$/),
  }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.paymentLinkSent), requestId: z.string().min(1), checkoutSessionId: z.string().min(1), expiresAtMs: z.number() }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.paymentLinkFailed), requestId: z.string().min(1), reason: z.string() }),
  z.object({
    ...base,
    type: z.literal(LOCAL_EVENTS.paymentSucceeded),
    requestId: z.string().min(1),
    paymentId: z.string().min(1),
    amountCents: z.number().int(),
    balanceAfterCents: z.number().int(),
  }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.ivrPaymentTimedOut), requestId: z.string().min(1) }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.ivrRecording), recording: z.enum(["paused", "resumed"]), payment: z.number().int().positive() }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.languageDetected), detected: detectedLanguage }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.intelligenceAlert), alert: raisedAlert }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.intelligenceStarted), started: callIntelligenceStart }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.translationConfigured), translation: translationSettings, byUserId: z.string().nullable() }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.translationReturned), line: translatedLine }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.translationsDelivered), lines: z.array(translatedLine) }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.summaryWritten), summary: callSummary }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.summaryFailed), reason: z.string() }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.suggestionReturned), suggestion: modelSuggestion }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.modelSentimentReturned), scored: modelSentimentScore }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.dispositionSuggested), suggested: modelDispositionSuggestion }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.modelLanguageReturned), reading: modelLanguageReading }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.voiceLineRequested), request: voiceLineRequest }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.voiceLineTranslated), line: voiceLine }),
  z.object({
    ...base,
    type: z.literal(LOCAL_EVENTS.supervisionRequested),
    sessionId: z.string().min(1),
    supervisor,
    mode: z.enum(SUPERVISOR_MODES),
    visibleToAgent: z.boolean(),
  }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.supervisionLeft), sessionId: z.string().min(1) }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.supervisorDialAccepted), sessionId: z.string().min(1) }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.supervisorDialFailed), sessionId: z.string().min(1), detail: z.string() }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.helpRequested), requestId: z.string().min(1), reason: z.string(), agentUserId: z.string().min(1) }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.helpWithdrawn), requestId: z.string().min(1), agentUserId: z.string().min(1) }),
  z.object({
    ...base,
    type: z.enum([LOCAL_EVENTS.recordingPauseRequested, LOCAL_EVENTS.recordingResumeRequested]),
    requestId: z.string().min(1),
    reason: z.string(),
    byUserId: z.string().min(1),
  }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.ai), ai: aiEventBodySchema }),
  z.object({ ...base, type: z.literal(LOCAL_EVENTS.queue), queue: queueEventBodySchema }),
]);
const unrecognisedEventSchema = z.object({ ...base, type: z.string().refine((type) => !KNOWN_EVENT_TYPES.has(type), "a known event type with the wrong fields") });

/** An event as stored in the inbox (or sent by RPC), from this build or an older one. */
export const carrierEventSchema: z.ZodType<CarrierEvent> = z.preprocess(liftLegacyFields, z.union([knownEventSchema, unrecognisedEventSchema]));

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/** Rows older builds stored kept these fields in `payload` (and every field on every event). */
function liftLegacyFields(value: unknown): unknown {
  if (!isRecord(value) || !isRecord(value.payload)) return value;
  const p = value.payload;
  switch (value.type) {
    case LOCAL_EVENTS.agentReserved: {
      if ("agent" in value) return value;
      const userId = text(p.userId);
      const address = text(p.address);
      return { ...value, agent: userId && address ? { userId, address, name: text(p.name) } : null };
    }
    case LOCAL_EVENTS.commandFailed:
      return "detail" in value ? value : { ...value, command: text(p.command) ?? "", detail: text(p.detail) ?? "command failed" };
    case "call.gather.ended":
      return "digits" in value ? value : { ...value, digits: text(p.digits) };
    default:
      return value;
  }
}

// ---- From the carrier's webhook ----------------------------------------------------

const AMD_RESULTS: Record<string, AmdResult> = {
  human: "human",
  human_residence: "human",
  human_business: "human",
  machine: "machine",
  not_sure: "not_sure",
  silence: "not_sure",
  fax_detected: "fax",
};

/** `speech`: what the leg's client_state says was being spoken (a tagged speak set it). */
export function toCarrierEvent(webhook: TelnyxWebhook, leg: CallLeg, speech: "recording_disclosure" | null = null, agentGeneration?: number): CarrierEvent {
  const { data } = webhook;
  const p = data.payload;
  const common: EventBase = {
    id: data.id,
    occurredAtMs: Date.parse(data.occurred_at),
    leg,
    callControlId: p.call_control_id ?? "",
    callSessionId: p.call_session_id ?? null,
    payload: p,
    ...(leg === "agent" && agentGeneration && agentGeneration >= 2 ? { agentGeneration } : {}),
  };
  const type = data.event_type;
  switch (type) {
    case "call.hangup":
      return { ...common, type, hangupCause: p.hangup_cause ?? "unspecified", hangupSource: p.hangup_source ?? null };
    case "call.machine.detection.ended":
    case "call.machine.premium.detection.ended":
      return { ...common, type, amdResult: AMD_RESULTS[p.result ?? ""] ?? "not_sure" };
    case "call.transcription": {
      const transcription = p.transcription_data;
      const final = transcription?.transcript && transcription.is_final !== false;
      return {
        ...common,
        type,
        transcript: final
          ? {
              text: transcription.transcript ?? "",
              track: transcription.transcription_track ?? "inbound",
              confidence: transcription.confidence ?? null,
              ...(transcription.language ? { language: transcription.language } : {}),
            }
          : null,
      };
    }
    case "call.recording.saved": {
      const url = p.recording_urls?.wav ?? p.recording_urls?.mp3 ?? null;
      const atMs = (iso: string | undefined) => (iso ? Date.parse(iso) : null);
      return { ...common, type, recording: url ? { url, startedAtMs: atMs(p.recording_started_at), endedAtMs: atMs(p.recording_ended_at) } : null };
    }
    case "call.gather.ended":
      return { ...common, type, digits: p.digits ?? null };
    case "call.speak.ended":
      return speech === "recording_disclosure" ? { ...common, type: LOCAL_EVENTS.recordingDisclosurePlayed } : { ...common, type };
    default:
      return { ...common, type };
  }
}
