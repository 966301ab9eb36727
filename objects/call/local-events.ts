// The events we raise ourselves, built in one place. Their ids are stable (type and leg;
// the payment events: type and request, so a call can carry several links), so raising
// one twice is a duplicate the inbox ignores, like a redelivered webhook.
// `payload` holds their fields for the stored record row, as the carrier's payload does.
import { LOCAL_EVENTS, type CallLeg, type DetectedLanguage, type EventOf, type HelpRequest, type PaymentLinkRequest, type RecordingControlRequest, type RaisedAlert, type ReservedAgent, type Supervisor } from "./carrier-event";
import type { SupervisorMode } from "../../domain/supervision";
import type { TranslationSettings } from "../../domain/intelligence-settings";
import type {
  CallIntelligenceStart,
  CallSummary,
  ModelDispositionSuggestion,
  ModelLanguageReading,
  ModelSentimentScore,
  ModelSuggestion,
  TranslatedLine,
  VoiceLine,
  VoiceLineRequest,
} from "./features/intelligence/intelligence-events";

type LocalEventType = (typeof LOCAL_EVENTS)[keyof typeof LOCAL_EVENTS];

const common = <Type extends LocalEventType>(type: Type, leg: CallLeg, atMs: number, callControlId = "") => ({
  id: `${type}:${leg}`,
  type,
  occurredAtMs: atMs,
  leg,
  callControlId,
  callSessionId: null,
});

/** A later agent leg's events (an AI call taken over again): their own ids, and the generation they are about. */
const ofGeneration = (id: string, generation: number | undefined) => (generation && generation >= 2 ? { id: `${id}#${generation}`, agentGeneration: generation } : {});

export const dialAccepted = (leg: CallLeg, atMs: number, callControlId: string, generation?: number): EventOf<typeof LOCAL_EVENTS.dialAccepted> => {
  const base = common(LOCAL_EVENTS.dialAccepted, leg, atMs, callControlId);
  return { ...base, ...ofGeneration(base.id, generation), payload: {} };
};

export const transcribedFromAnswer = (leg: CallLeg, atMs: number): EventOf<typeof LOCAL_EVENTS.transcribedFromAnswer> => ({
  ...common(LOCAL_EVENTS.transcribedFromAnswer, leg, atMs),
  payload: {},
});

export const hangupRequested = (atMs: number): EventOf<typeof LOCAL_EVENTS.hangupRequested> => ({
  ...common(LOCAL_EVENTS.hangupRequested, "customer", atMs),
  payload: {},
});

export const commandFailed = (leg: CallLeg, atMs: number, command: string, detail: string, generation?: number): EventOf<typeof LOCAL_EVENTS.commandFailed> => ({
  ...common(LOCAL_EVENTS.commandFailed, leg, atMs),
  ...ofGeneration(`${LOCAL_EVENTS.commandFailed}:${leg}`, generation),
  command,
  detail,
  payload: { command, detail },
});

export const watchdogEnded = (atMs: number): EventOf<typeof LOCAL_EVENTS.watchdogEnded> => ({
  ...common(LOCAL_EVENTS.watchdogEnded, "customer", atMs),
  payload: {},
});

export const agentReserved = (atMs: number, agent: ReservedAgent, generation?: number): EventOf<typeof LOCAL_EVENTS.agentReserved> => ({
  ...common(LOCAL_EVENTS.agentReserved, "agent", atMs),
  ...ofGeneration(`${LOCAL_EVENTS.agentReserved}:agent`, generation),
  agent,
  payload: { userId: agent.userId, address: agent.address, ...(agent.name ? { name: agent.name } : {}) },
});

export const agentUnavailable = (atMs: number): EventOf<typeof LOCAL_EVENTS.agentUnavailable> => ({
  ...common(LOCAL_EVENTS.agentUnavailable, "customer", atMs),
  payload: {},
});

/** A payment event's common fields: its id is `<type>:<requestId>`, on the customer's leg. */
const perRequest = <Type extends LocalEventType>(type: Type, requestId: string, atMs: number) => ({
  ...common(type, "customer", atMs),
  id: `${type}:${requestId}`,
});

export const paymentLinkRequested = (atMs: number, request: PaymentLinkRequest): EventOf<typeof LOCAL_EVENTS.paymentLinkRequested> => ({
  ...perRequest(LOCAL_EVENTS.paymentLinkRequested, request.requestId, atMs),
  ...request,
  payload: { ...request },
});

export const paymentLinkSent = (
  atMs: number,
  fields: { requestId: string; checkoutSessionId: string; expiresAtMs: number },
): EventOf<typeof LOCAL_EVENTS.paymentLinkSent> => ({
  ...perRequest(LOCAL_EVENTS.paymentLinkSent, fields.requestId, atMs),
  ...fields,
  payload: { ...fields },
});

export const paymentLinkFailed = (atMs: number, fields: { requestId: string; reason: string }): EventOf<typeof LOCAL_EVENTS.paymentLinkFailed> => ({
  ...perRequest(LOCAL_EVENTS.paymentLinkFailed, fields.requestId, atMs),
  ...fields,
  payload: { ...fields },
});

export const paymentSucceeded = (
  atMs: number,
  fields: { requestId: string; paymentId: string; amountCents: number; balanceAfterCents: number },
): EventOf<typeof LOCAL_EVENTS.paymentSucceeded> => ({
  ...perRequest(LOCAL_EVENTS.paymentSucceeded, fields.requestId, atMs),
  ...fields,
  payload: { ...fields },
});

// ---- The IVR's own

export const ivrNoAgent = (atMs: number, attempt: number): EventOf<typeof LOCAL_EVENTS.ivrNoAgent> => ({
  ...common(LOCAL_EVENTS.ivrNoAgent, "customer", atMs),
  id: `${LOCAL_EVENTS.ivrNoAgent}:${attempt}`,
  payload: { attempt },
});

export const ivrPaymentTimedOut = (atMs: number, requestId: string): EventOf<typeof LOCAL_EVENTS.ivrPaymentTimedOut> => ({
  ...perRequest(LOCAL_EVENTS.ivrPaymentTimedOut, requestId, atMs),
  requestId,
  payload: { requestId },
});

/** The recording paused for (or resumed after) payment step `payment`: one of each per step. */
export const ivrRecording = (atMs: number, recording: "paused" | "resumed", payment: number): EventOf<typeof LOCAL_EVENTS.ivrRecording> => ({
  ...common(LOCAL_EVENTS.ivrRecording, "customer", atMs),
  id: `${LOCAL_EVENTS.ivrRecording}:${recording}:${payment}`,
  recording,
  payment,
  payload: { recording, payment },
});

/** One per language per call: a later, different language is a new event. */
export const languageDetected = (atMs: number, detected: DetectedLanguage): EventOf<typeof LOCAL_EVENTS.languageDetected> => ({
  ...common(LOCAL_EVENTS.languageDetected, "customer", atMs),
  id: `${LOCAL_EVENTS.languageDetected}:${detected.language}`,
  detected,
  payload: { ...detected },
});

/** One per condition per call: the key is the id, so raising it again is a duplicate. */
export const intelligenceAlert = (atMs: number, alert: RaisedAlert): EventOf<typeof LOCAL_EVENTS.intelligenceAlert> => ({
  ...common(LOCAL_EVENTS.intelligenceAlert, "customer", atMs),
  id: `${LOCAL_EVENTS.intelligenceAlert}:${alert.key}`,
  alert,
  payload: { ...alert },
});

// ---- Supervision: ids carry the request or the session, as a call may have many ----

const onSupervisorLeg = <Type extends LocalEventType>(type: Type, key: string, atMs: number, callControlId = "") => ({
  id: `${type}:${key}`,
  type,
  occurredAtMs: atMs,
  leg: "supervisor" as const,
  callControlId,
  callSessionId: null,
});

/** A join (a new session id) or a switch; `requestId` is fresh per request, so two asks are two events. */
export const supervisionRequested = (
  atMs: number,
  request: { requestId: string; sessionId: string; supervisor: Supervisor; mode: SupervisorMode; visibleToAgent: boolean },
): EventOf<typeof LOCAL_EVENTS.supervisionRequested> => ({
  ...onSupervisorLeg(LOCAL_EVENTS.supervisionRequested, request.requestId, atMs),
  sessionId: request.sessionId,
  supervisor: request.supervisor,
  mode: request.mode,
  visibleToAgent: request.visibleToAgent,
  payload: { sessionId: request.sessionId, userId: request.supervisor.userId, name: request.supervisor.name, mode: request.mode, visibleToAgent: request.visibleToAgent },
});

export const supervisionLeft = (atMs: number, sessionId: string): EventOf<typeof LOCAL_EVENTS.supervisionLeft> => ({
  ...onSupervisorLeg(LOCAL_EVENTS.supervisionLeft, sessionId, atMs),
  sessionId,
  payload: { sessionId },
});

export const supervisorDialAccepted = (atMs: number, sessionId: string, callControlId: string): EventOf<typeof LOCAL_EVENTS.supervisorDialAccepted> => ({
  ...onSupervisorLeg(LOCAL_EVENTS.supervisorDialAccepted, sessionId, atMs, callControlId),
  sessionId,
  payload: { sessionId },
});

export const supervisorDialFailed = (atMs: number, sessionId: string, detail: string): EventOf<typeof LOCAL_EVENTS.supervisorDialFailed> => ({
  ...onSupervisorLeg(LOCAL_EVENTS.supervisorDialFailed, sessionId, atMs),
  sessionId,
  detail,
  payload: { sessionId, detail },
});

/** The agent raised a hand (a fresh request id per raise: raising again is a new request). */
export const helpRequested = (atMs: number, request: HelpRequest): EventOf<typeof LOCAL_EVENTS.helpRequested> => ({
  ...common(LOCAL_EVENTS.helpRequested, "agent", atMs),
  id: `${LOCAL_EVENTS.helpRequested}:${request.requestId}`,
  ...request,
  payload: { ...request },
});

/** The agent withdrew the raised hand `requestId` (one withdrawal per raise: its id derives from the raise's). */
export const helpWithdrawn = (atMs: number, requestId: string, agentUserId: string): EventOf<typeof LOCAL_EVENTS.helpWithdrawn> => ({
  ...common(LOCAL_EVENTS.helpWithdrawn, "agent", atMs),
  id: `${LOCAL_EVENTS.helpWithdrawn}:${requestId}`,
  requestId,
  agentUserId,
  payload: { requestId, agentUserId },
});

/** The agent pauses or resumes the recording (a fresh request id each time: pausing again later is a new request). */
export const recordingControlRequested = (
  atMs: number,
  action: "pause" | "resume",
  request: RecordingControlRequest,
): EventOf<typeof LOCAL_EVENTS.recordingPauseRequested | typeof LOCAL_EVENTS.recordingResumeRequested> => {
  const type = action === "pause" ? LOCAL_EVENTS.recordingPauseRequested : LOCAL_EVENTS.recordingResumeRequested;
  return { ...common(type, "customer", atMs), id: `${type}:${request.requestId}`, ...request, payload: { ...request } };
};

// ---- Live intelligence: translation and the summary ----

/** Once per call: the settings it started with. */
export const intelligenceStarted = (atMs: number, started: CallIntelligenceStart): EventOf<typeof LOCAL_EVENTS.intelligenceStarted> => ({
  ...common(LOCAL_EVENTS.intelligenceStarted, "customer", atMs),
  started,
  payload: { ...started },
});

/** One per request (a fresh id each time someone changes the call's translation). */
export const translationConfigured = (atMs: number, requestId: string, translation: TranslationSettings, byUserId: string | null): EventOf<typeof LOCAL_EVENTS.translationConfigured> => ({
  ...perRequest(LOCAL_EVENTS.translationConfigured, requestId, atMs),
  translation,
  byUserId,
  payload: { ...translation, byUserId },
});

/** One per segment: a second answer for it is a duplicate. */
export const translationReturned = (line: TranslatedLine): EventOf<typeof LOCAL_EVENTS.translationReturned> => ({
  ...common(LOCAL_EVENTS.translationReturned, "customer", line.atMs),
  id: `${LOCAL_EVENTS.translationReturned}:${line.segmentId}`,
  line,
  payload: { ...line },
});

/** A batch is named by its first line: each line is delivered in one batch only. */
export const translationsDelivered = (atMs: number, lines: TranslatedLine[]): EventOf<typeof LOCAL_EVENTS.translationsDelivered> => ({
  ...common(LOCAL_EVENTS.translationsDelivered, "customer", atMs),
  id: `${LOCAL_EVENTS.translationsDelivered}:${lines[0]?.segmentId ?? "none"}`,
  lines,
  payload: { segmentIds: lines.map((line) => line.segmentId) },
});

export const summaryWritten = (atMs: number, summary: CallSummary): EventOf<typeof LOCAL_EVENTS.summaryWritten> => ({
  ...common(LOCAL_EVENTS.summaryWritten, "customer", atMs),
  summary,
  payload: { ...summary },
});

export const summaryFailed = (atMs: number, reason: string): EventOf<typeof LOCAL_EVENTS.summaryFailed> => ({
  ...common(LOCAL_EVENTS.summaryFailed, "customer", atMs),
  reason,
  payload: { reason },
});

/** One per customer line: a second answer for it is a duplicate. */
export const suggestionReturned = (suggestion: ModelSuggestion): EventOf<typeof LOCAL_EVENTS.suggestionReturned> => ({
  ...common(LOCAL_EVENTS.suggestionReturned, "customer", suggestion.atMs),
  id: `${LOCAL_EVENTS.suggestionReturned}:${suggestion.segmentId}`,
  suggestion,
  payload: { ...suggestion },
});

export const modelSentimentReturned = (scored: ModelSentimentScore): EventOf<typeof LOCAL_EVENTS.modelSentimentReturned> => ({
  ...common(LOCAL_EVENTS.modelSentimentReturned, "customer", scored.atMs),
  id: `${LOCAL_EVENTS.modelSentimentReturned}:${scored.segmentId}`,
  scored,
  payload: { ...scored },
});

/** One per call: the id names the event alone. */
export const dispositionSuggested = (suggested: ModelDispositionSuggestion): EventOf<typeof LOCAL_EVENTS.dispositionSuggested> => ({
  ...common(LOCAL_EVENTS.dispositionSuggested, "customer", suggested.atMs),
  id: LOCAL_EVENTS.dispositionSuggested,
  suggested,
  payload: { ...suggested },
});

/** One per customer line: a second reading of it is a duplicate. */
export const modelLanguageReturned = (reading: ModelLanguageReading): EventOf<typeof LOCAL_EVENTS.modelLanguageReturned> => ({
  ...common(LOCAL_EVENTS.modelLanguageReturned, "customer", reading.atMs),
  id: `${LOCAL_EVENTS.modelLanguageReturned}:${reading.segmentId}`,
  reading,
  payload: { ...reading },
});

/** One per request (the route's id): the same request again is a duplicate. */
export const voiceLineRequested = (atMs: number, request: VoiceLineRequest): EventOf<typeof LOCAL_EVENTS.voiceLineRequested> => ({
  ...common(LOCAL_EVENTS.voiceLineRequested, "customer", atMs),
  id: `${LOCAL_EVENTS.voiceLineRequested}:${request.requestId}`,
  request,
  payload: { ...request },
});

/** One per request: its translation (and what is spoken), or why nothing is. */
export const voiceLineTranslated = (line: VoiceLine): EventOf<typeof LOCAL_EVENTS.voiceLineTranslated> => ({
  ...common(LOCAL_EVENTS.voiceLineTranslated, "customer", line.atMs),
  id: `${LOCAL_EVENTS.voiceLineTranslated}:${line.requestId}`,
  line,
  payload: { ...line },
});
