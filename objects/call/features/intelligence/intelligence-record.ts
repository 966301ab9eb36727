// Live intelligence's part of the call record (machine.ts folds every event; these are
// folded here): the settings the call started with, the call's own translation choice
// (the latest wins), the translations delivered to the console in the order said, and
// the summary. Derived from events like the rest of the record, so an evicted actor
// rebuilds it exactly, and the call view and Postgres rows read one answer.
import type { EventOf } from "../../carrier-event";
import type { LOCAL_EVENTS } from "../../carrier-event";
import { resolveTranslation, type TranslationSettings } from "../../../../domain/intelligence-settings";
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
} from "./intelligence-events";

export interface IntelligenceRecord {
  started: CallIntelligenceStart | null;
  /** The call's own choice, when someone on it made one (the latest). */
  callTranslation: { settings: TranslationSettings; atMs: number } | null;
  /** Delivered to the console, in the order said. */
  delivered: TranslatedLine[];
  summary: { kind: "written"; summary: CallSummary; atMs: number } | { kind: "failed"; reason: string; atMs: number } | null;
  /** The model's suggested lines (or why none), by the customer line each answers. */
  suggestions: ModelSuggestion[];
  /** The model's sentiment readings (or why none), in the order they came back. */
  modelSentiment: ModelSentimentScore[];
  /** The model's suggested disposition once the call ended (or why none). */
  suggestedDisposition: ModelDispositionSuggestion | null;
  /** The model's readings of customer lines' languages (or why none), in the order they came back. */
  modelLanguage: ModelLanguageReading[];
  /** Voice-to-voice: the lines the agent asked to be said, in the order asked. */
  voiceRequests: (VoiceLineRequest & { atMs: number })[];
  /** Voice-to-voice: those lines translated and spoken (or why not), in the order they came back. */
  voiceLines: VoiceLine[];
}

export const emptyIntelligenceRecord = (): IntelligenceRecord => ({ started: null, callTranslation: null, delivered: [], summary: null, suggestions: [], modelSentiment: [], suggestedDisposition: null, modelLanguage: [], voiceRequests: [], voiceLines: [] });

export type IntelligenceEvent = EventOf<
  | typeof LOCAL_EVENTS.intelligenceStarted
  | typeof LOCAL_EVENTS.translationConfigured
  | typeof LOCAL_EVENTS.translationReturned
  | typeof LOCAL_EVENTS.translationsDelivered
  | typeof LOCAL_EVENTS.summaryWritten
  | typeof LOCAL_EVENTS.summaryFailed
  | typeof LOCAL_EVENTS.suggestionReturned
  | typeof LOCAL_EVENTS.modelSentimentReturned
  | typeof LOCAL_EVENTS.dispositionSuggested
  | typeof LOCAL_EVENTS.modelLanguageReturned
  | typeof LOCAL_EVENTS.voiceLineRequested
  | typeof LOCAL_EVENTS.voiceLineTranslated
>;

/** Folds one event in; returns the timeline's line for it, if it has one. */
export function foldIntelligenceEvent(state: IntelligenceRecord, event: IntelligenceEvent): string | null {
  switch (event.type) {
    case "wib.intelligence.started":
      state.started ??= event.started;
      return null;
    case "wib.translation.configured": {
      const { enabled, from, to } = event.translation;
      if (!state.callTranslation || state.callTranslation.atMs <= event.occurredAtMs) state.callTranslation = { settings: event.translation, atMs: event.occurredAtMs };
      return enabled ? `Translation on: ${from === "auto" ? "any language" : from} → ${to}` : "Translation off";
    }
    case "wib.translation.returned":
      // Held until its batch: the console is told in order, in batches.
      return null;
    case "wib.translation.delivered": {
      const seen = new Set(state.delivered.map((line) => line.segmentId));
      for (const line of event.lines) if (!seen.has(line.segmentId)) state.delivered.push(line);
      return null;
    }
    case "wib.summary.written":
      if (state.summary?.kind !== "written") state.summary = { kind: "written", summary: event.summary, atMs: event.occurredAtMs };
      return "Summary written";
    case "wib.summary.failed":
      state.summary ??= { kind: "failed", reason: event.reason, atMs: event.occurredAtMs };
      return `No summary: ${event.reason}`;
    case "wib.suggestion.returned": {
      const { suggestion } = event;
      if (!state.suggestions.some((known) => known.segmentId === suggestion.segmentId)) state.suggestions.push(suggestion);
      // Said on the timeline only when it failed: the agent saw the script's line instead.
      return suggestion.text === null ? `Suggested line from the script: ${suggestion.error ?? "the model gave none"}` : null;
    }
    case "wib.sentiment.model_scored": {
      const { scored } = event;
      if (!state.modelSentiment.some((known) => known.segmentId === scored.segmentId)) state.modelSentiment.push(scored);
      // Said on the timeline only when it failed: the last score stayed on the gauge.
      return scored.score === null ? `Model sentiment kept its last score: ${scored.error ?? "the model gave none"}` : null;
    }
    case "wib.disposition.suggested":
      state.suggestedDisposition ??= event.suggested;
      return event.suggested.disposition === null
        ? `Suggested disposition from the offline rule: ${event.suggested.error ?? "the model gave none"}`
        : `Model suggests the disposition ${event.suggested.disposition}`;
    case "wib.language.model_read": {
      const { reading } = event;
      if (!state.modelLanguage.some((known) => known.segmentId === reading.segmentId)) state.modelLanguage.push(reading);
      // Said on the timeline only when it failed: the offline library's answer stood.
      return reading.language === null ? `Language from the offline library: ${reading.error ?? "the model gave none"}` : null;
    }
    case "wib.voice_line.requested": {
      const { request } = event;
      if (!state.voiceRequests.some((known) => known.requestId === request.requestId)) state.voiceRequests.push({ ...request, atMs: event.occurredAtMs });
      return null;
    }
    case "wib.voice_line.translated": {
      const { line } = event;
      if (!state.voiceLines.some((known) => known.requestId === line.requestId)) state.voiceLines.push(line);
      return voiceLineTimelineText(line);
    }
  }
}

/** The translation in force now: the call's own choice, else what it started with; null until known. */
export function translationInForce(state: IntelligenceRecord): TranslationSettings | null {
  if (!state.started) return state.callTranslation?.settings ?? null;
  return resolveTranslation({ organization: state.started.translation, campaign: null, call: state.callTranslation?.settings ?? null });
}

/** The timeline's line for the agent's translated line: what the customer heard and what the agent typed. */
export function voiceLineTimelineText(line: VoiceLine): string {
  if (line.text === null) return `Agent's line not said in ${line.to}: ${line.error ?? "no translation"} (typed: “${line.original}”)`;
  return `Agent's line said in ${line.to}: “${line.text}” (typed in ${line.from}: “${line.original}”)`;
}

const SOURCE_WORDS = { offline: "the offline library", carrier: "the carrier", model: "the model" } as const;

/** " (decided by the model, 95 %)": which source decided the customer's language; nothing for an older event. */
export function languageDecidedBy(detected: { source?: keyof typeof SOURCE_WORDS; confidence?: number }): string {
  if (!detected.source) return "";
  return ` (decided by ${SOURCE_WORDS[detected.source]}${detected.confidence === undefined ? "" : `, ${Math.round(detected.confidence * 100)} %`})`;
}
