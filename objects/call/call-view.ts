// Turns a call's spec and derived record into what consoles see (CallView) and what
// Postgres stores (the outbox rows). One place decides both, so they cannot drift.
import { ivrOf, previewAgentOf, type CallSpec } from "./call-spec";
import { isKnownEvent, LOCAL_EVENTS, type CarrierEvent } from "./carrier-event";
import { durationSeconds, type CallRecord, type TranscriptSegment } from "./machine";
import type { AiCallView, CallIntelligenceView, CallView, TranscriptSegmentView } from "./protocol";
import { analyseCall, segmentLanguageOf } from "./features/intelligence/call-intelligence";
import { summaryView, translationView } from "./features/intelligence/intelligence-view";
import { suggestedLine } from "./features/intelligence/suggested-line";
import { shownSuggestion } from "./features/intelligence/model-suggestion";
import { modelSentimentView, withModelEscalation } from "./features/intelligence/model-sentiment";
import { suggestedDispositionView } from "./features/intelligence/suggested-disposition";
import { callLanguageOf } from "./features/intelligence/model-language";
import { voiceView } from "./features/intelligence/voice-lines";
import { isRightToLeft } from "../../domain/languages";
import type { RecordRow } from "../../db/writers/call-rows";
import { callOrigin, callOutcome, type CallOrigin, type CallOutcome } from "../../domain/call-outcome";
import { liveSessions, type SupervisionState } from "./features/supervision/session-machine";
import { openHelpRequest, type RaisedHand } from "./features/help-requests/help-state";
import type { RecordingControlState } from "./features/recording-controls/recording-state";
import type { IvrProgress } from "../../domain/ivr-progress";
import { speakerOf } from "../../domain/transcript-speaker";
import type { CallerReason } from "../../domain/caller-reason";

/** What features folded from the call's events that its view shows. */
export interface FeatureViews {
  /** The agent's raised hands (features/help-requests). */
  hands?: readonly RaisedHand[];
  /** The agent's pauses of the recording (features/recording-controls). */
  recording?: RecordingControlState;
  /** The AI voice agent's card (features/ai-agent), on AI-answered calls; null on others. */
  ai?: AiCallView | null;
  /** The IVR's step and payment status (features/ivr/ivr-progress.ts), on IVR calls; null on others. */
  ivr?: Pick<IvrProgress, "step" | "payment"> | null;
  /** Why a queue's caller may be calling (features/queue: read when they joined), if known. */
  whyCalling?: CallerReason[];
}

/** Who a view is for: an agent is not told what the organisation keeps from agents. */
export type ViewAudience = "agent" | "supervisor";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The agent on the call: chosen up front, or (dialer calls) reserved when a person answered. */
export const callAgentUserId = (spec: CallSpec, record: CallRecord): string | null => spec.agentUserId ?? record.assignedAgent?.userId ?? null;

export function toCallView(
  spec: CallSpec,
  record: CallRecord,
  supervision: SupervisionState = NO_SUPERVISION,
  audience: ViewAudience = "supervisor",
  features: FeatureViews = {},
): CallView {
  const forAgent = audience === "agent";
  const hand = openHelpRequest(features.hands ?? []);
  const whyCalling = features.whyCalling?.length ? features.whyCalling : spec.queue?.reasons;
  return {
    id: spec.id,
    organizationId: spec.organizationId,
    kind: spec.kind,
    origin: originOf(spec),
    direction: spec.direction,
    to: spec.to,
    from: spec.from,
    agentUserId: callAgentUserId(spec, record),
    accountId: spec.accountId,
    status: record.status,
    amdResult: record.amdResult,
    hangupCause: record.hangupCause,
    createdAt: new Date(spec.createdAtMs).toISOString(),
    answeredAt: iso(record.answeredAtMs),
    bridgedAt: iso(record.bridgedAtMs),
    endedAt: iso(record.endedAtMs),
    durationSeconds: durationSeconds(record),
    timeline: timelineView(record, audience),
    supervisors: liveSessions(supervision, record)
      .filter((session) => !forAgent || session.visibleToAgent)
      .map((session) => ({ userId: session.supervisor.userId, name: session.supervisor.name, mode: session.mode, connected: session.legState === "answered" })),
    intelligence: toIntelligenceView(record),
    recordingPaused: features.recording?.paused ?? false,
    helpRequest: hand && { requestId: hand.requestId, reason: hand.reason, raisedAt: new Date(hand.raisedAtMs).toISOString(), agentUserId: hand.agentUserId },
    ...(features.ai ? { ai: features.ai } : {}),
    ...(features.ivr ? { ivr: features.ivr } : {}),
    ...(whyCalling?.length ? { whyCalling } : {}),
  };
}

/** The call's timeline as `audience` sees it (an agent is not shown the supervisors' entries). */
export function timelineView(record: CallRecord, audience: ViewAudience = "supervisor"): CallView["timeline"] {
  return record.timeline
    .filter((t) => !(audience === "agent" && t.audience === "supervisors"))
    .map((t) => ({
      at: new Date(t.atMs).toISOString(),
      text: t.text,
      eventId: t.eventId,
      status: t.status,
      ...(t.agentUserId ? { agentUserId: t.agentUserId } : {}),
      ...(t.audience ? { audience: t.audience } : {}),
      ...(t.recording ? { recording: t.recording } : {}),
    }));
}

/** What live intelligence shows on the call: derived from the transcript, like the rest of the view. */
export function toIntelligenceView(record: CallRecord): CallIntelligenceView {
  const { sentiment, objections, alerts } = analyseCall(record.transcript, record.intelligence.started?.objectionPhrases);
  const language = callLanguageOf(record);
  const at = (ms: number) => new Date(ms).toISOString();
  return {
    language: language && {
      language: language.language,
      share: language.share,
      confident: language.confident,
      rightToLeft: isRightToLeft(language.language),
      source: language.source,
      confidence: language.confidence,
    },
    sentiment,
    objections: objections.map((o) => ({ kind: o.kind, phrase: o.phrase, segmentId: o.segmentId, at: at(o.atMs) })),
    alerts: withModelEscalation(alerts, record.intelligence, record.transcript).map((a) => ({ rule: a.rule, key: a.key, message: a.message, segmentId: a.segmentId, at: at(a.atMs) })),
    // Only while the call is live: after the end there is nobody to say it to.
    suggestion: record.endedAtMs === null ? shownSuggestion(suggestedLine(record.transcript, { objections, sentiment }), record.intelligence.suggestions) : null,
    modelSentiment: modelSentimentView(record.intelligence),
    suggestedDisposition: suggestedDispositionView(record, { objections }),
    translation: translationView(record.intelligence),
    summary: summaryView(record.intelligence),
    voice: voiceView(record),
  };
}

const NO_SUPERVISION: SupervisionState = { sessions: [] };

/** The call and its transcript so far: what a console is sent when it joins. */
export function callSnapshot(
  spec: CallSpec,
  record: CallRecord,
  supervision?: SupervisionState,
  audience?: ViewAudience,
  features?: FeatureViews,
): { call: CallView; transcript: TranscriptSegmentView[] } {
  return { call: toCallView(spec, record, supervision, audience, features), transcript: record.transcript.map((segment) => toSegmentView(segment, record.personHeld)) };
}

/** The inbound track is the far end: the customer on outbound calls, the caller on inbound; our side is a person or the AI (domain/transcript-speaker.ts). */
export function toSegmentView(segment: TranscriptSegment, personHeld: CallRecord["personHeld"]): TranscriptSegmentView {
  return {
    id: segment.id,
    at: new Date(segment.atMs).toISOString(),
    track: segment.track,
    speaker: speakerOf(segment.track, segment.atMs, personHeld),
    text: segment.text,
    confidence: segment.confidence,
    language: segmentLanguage(segment),
  };
}

/** The language a segment was said in, as live intelligence reads it alone; null when too short to tell. */
const segmentLanguage = (segment: TranscriptSegment): string | null => segmentLanguageOf(segment)?.language ?? null;

export function callRow(spec: CallSpec, record: CallRecord, version: number): RecordRow {
  return {
    table: "call",
    row: {
      id: spec.id,
      organizationId: spec.organizationId,
      direction: spec.direction,
      kind: spec.kind,
      toNumber: spec.to,
      fromNumber: spec.from,
      agentUserId: callAgentUserId(spec, record),
      accountId: spec.accountId,
      campaignId: spec.dialer?.campaignId ?? null,
      debtIds: spec.dialer?.debtIds ?? [],
      liveAnswered: record.humanAtMs !== null,
      abandoned: isAbandoned(spec, record),
      origin: originOf(spec),
      outcome: outcomeOf(spec, record),
      status: record.status,
      amdResult: record.amdResult,
      hangupCause: record.hangupCause,
      hangupSource: record.hangupSource,
      createdAt: new Date(spec.createdAtMs),
      answeredAt: record.answeredAtMs === null ? null : new Date(record.answeredAtMs),
      bridgedAt: record.bridgedAtMs === null ? null : new Date(record.bridgedAtMs),
      endedAt: record.endedAtMs === null ? null : new Date(record.endedAtMs),
      durationSeconds: durationSeconds(record),
      // The supervisors' timeline alone: building the whole view for it ran the call's intelligence again.
      timeline: timelineView(record),
      version,
    },
  };
}

export function eventRow(spec: CallSpec, event: CarrierEvent): RecordRow {
  return {
    table: "event",
    row: {
      id: event.id,
      organizationId: spec.organizationId,
      callId: spec.id,
      eventType: event.type,
      leg: event.leg,
      occurredAt: new Date(event.occurredAtMs),
      payload: event.payload,
    },
  };
}

/**
 * The rows a new event adds to the record: the event itself, and its transcript line if it
 * carries one; a supervisor alert's row; the account's language when the call is sure of it.
 */
export function newEventRows(spec: CallSpec, event: CarrierEvent, personHeld: CallRecord["personHeld"]): { key: string; row: RecordRow }[] {
  const segment = transcriptSegmentOf(event);
  const rows: { key: string; row: RecordRow }[] = [{ key: `event:${event.id}`, row: eventRow(spec, event) }];
  if (segment) rows.push({ key: segmentRowKey(segment), row: segmentRow(spec, segment, personHeld) });
  if (!isKnownEvent(event)) return rows;
  if (event.type === LOCAL_EVENTS.intelligenceAlert) {
    const { rule, key, segmentId, message } = event.alert;
    rows.push({ key: `alert:${key}`, row: { table: "alert", row: { id: event.id, organizationId: spec.organizationId, callId: spec.id, rule, key, segmentId, message, occurredAt: new Date(event.occurredAtMs) } } });
  }
  if (event.type === LOCAL_EVENTS.languageDetected && event.detected.confident && spec.accountId) {
    // One key per call: a later language replaces an unsent earlier one.
    rows.push({ key: "account-language", row: { table: "account_language", row: { id: spec.id, organizationId: spec.organizationId, accountId: spec.accountId, language: event.detected.language } } });
  }
  return rows;
}

/** The final transcript line an event carries, if it carries one. */
export function transcriptSegmentOf(event: CarrierEvent): TranscriptSegment | null {
  if (!isKnownEvent(event) || event.type !== "call.transcription" || !event.transcript) return null;
  return { id: event.id, atMs: event.occurredAtMs, ...event.transcript };
}

export const segmentRowKey = (segment: TranscriptSegment) => `segment:${segment.id}`;

/** Written with the line; rewritten (the writer updates its speaker) when a person's span that decides it arrives later. */
export function segmentRow(spec: CallSpec, segment: TranscriptSegment, personHeld: CallRecord["personHeld"]): RecordRow {
  return {
    table: "segment",
    row: {
      id: segment.id,
      organizationId: spec.organizationId,
      callId: spec.id,
      track: segment.track,
      text: segment.text,
      confidence: segment.confidence === null ? null : Math.round(segment.confidence * 100),
      language: segmentLanguage(segment),
      speaker: speakerOf(segment.track, segment.atMs, personHeld),
      occurredAt: new Date(segment.atMs),
    },
  };
}

export const originOf = (spec: CallSpec): CallOrigin => callOrigin(spec.kind, previewAgentOf(spec) !== null);

/** The voicemail script played after a machine's beep (a dialer call's outcome to its campaign says the same). */
export const isVoicemailLeft = (record: CallRecord): boolean => record.amdResult === "machine" && record.machineGreetingEnded && record.speechFinished;

/** How the call ended (domain/call-outcome.ts), from its spec and folded record; null while in progress. */
export function outcomeOf(spec: CallSpec, record: CallRecord): CallOutcome | null {
  return callOutcome({
    origin: originOf(spec),
    status: record.status,
    amdResult: record.amdResult,
    bridged: record.bridgedAtMs !== null,
    abandoned: isAbandoned(spec, record),
    voicemailLeft: isVoicemailLeft(record),
    agentWanted: spec.inbound ? spec.inbound.action === "ring_agent" : spec.kind !== "direct",
  });
}

/**
 * Abandoned, as the law counts it: a person answered a dialer call and no agent was
 * connected — the safe-harbor message played, or the call ended before the bridge.
 * A preview call never is: its agent was on the line before the customer was dialled.
 */
export function isAbandoned(spec: CallSpec, record: CallRecord): boolean {
  // A payment-reminder call (the IVR answers: ivrOf) delivers its artificial-voice message at once, with consent: nobody waits for an agent; an AI-agent campaign's call (spec.ai) is answered by the AI at once.
  if (spec.kind !== "dialer" || previewAgentOf(spec) || ivrOf(spec) || spec.ai || record.humanAtMs === null) return false;
  return record.abandoned || (record.bridgedAtMs === null && record.endedAtMs !== null);
}
