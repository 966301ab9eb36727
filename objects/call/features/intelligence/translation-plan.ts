// Which transcript lines go to the model, read as which language, and with what context.
// A line already in the agent's language is not sent; a line too short to tell is read
// as the call's language (or the configured source), and left out while nothing says
// which language it is (an all-English call costs no model calls). The rolling context
// is the few lines said just before, oldest first, so names and terms stay consistent.
import { isCallLanguage, type CallLanguage } from "../../../../domain/languages";
import type { TranslationSettings } from "../../../../domain/intelligence-settings";
import type { TranscriptSegment } from "../../machine";
import { analyseCall } from "./call-intelligence";
import type { TranslationRequest } from "./translator";
import { isMaskedLine } from "../ivr/key-redaction";

/** Lines of context sent with each segment. */
export const TRANSLATION_CONTEXT_LINES = 3;
/** And at most this many characters of them (the newest kept): a bound on each request's size. */
export const TRANSLATION_CONTEXT_MAX_CHARS = 600;
/** A segment's own language decides only when detection is at least this sure of it. */
const SEGMENT_LANGUAGE_MIN_CONFIDENCE = 0.3;

export interface PlannedTranslation {
  segmentId: string;
  from: CallLanguage;
  to: CallLanguage;
}

/**
 * The language a line is read as: its own when sure, else the configured source, else the
 * call's when the call's own evidence is as sure as one line must be (a call that opened
 * with "Hello?", read faintly as Italian, is not yet an Italian call).
 */
export function sourceLanguageOf(transcript: readonly TranscriptSegment[], segmentId: string, settings: TranslationSettings): CallLanguage | null {
  const intelligence = analyseCall(transcript);
  const own = intelligence.segments.get(segmentId)?.language;
  if (own && own.confidence >= SEGMENT_LANGUAGE_MIN_CONFIDENCE && isCallLanguage(own.language)) return own.language;
  if (settings.from !== "auto") return settings.from;
  const call = intelligence.language;
  return call && call.evidence >= SEGMENT_LANGUAGE_MIN_CONFIDENCE && isCallLanguage(call.language) ? call.language : null;
}

/** The lines to translate under `settings`, in the order said. */
export function plannedTranslations(transcript: readonly TranscriptSegment[], settings: TranslationSettings): PlannedTranslation[] {
  if (!settings.enabled) return [];
  return transcript.flatMap((segment) => {
    // A line said while the recording was paused keeps no words to translate.
    if (isMaskedLine(segment)) return [];
    const from = sourceLanguageOf(transcript, segment.id, settings);
    return from && from !== settings.to ? [{ segmentId: segment.id, from, to: settings.to }] : [];
  });
}

/** The lines said just before `segmentId`, oldest first, within the line and character bounds. */
export function translationContext(transcript: readonly TranscriptSegment[], segmentId: string): TranslationRequest["context"] {
  const index = transcript.findIndex((segment) => segment.id === segmentId);
  const before = transcript.slice(Math.max(0, index - TRANSLATION_CONTEXT_LINES), Math.max(0, index));
  const context: { speaker: "customer" | "agent"; text: string }[] = [];
  let chars = 0;
  for (const segment of [...before].reverse()) {
    chars += segment.text.length;
    if (chars > TRANSLATION_CONTEXT_MAX_CHARS) break;
    context.unshift({ speaker: segment.track === "inbound" ? "customer" : "agent", text: segment.text });
  }
  return context;
}

/** What the model is asked for one segment. */
export function translationRequest(transcript: readonly TranscriptSegment[], planned: PlannedTranslation): TranslationRequest | null {
  const segment = transcript.find((each) => each.id === planned.segmentId);
  if (!segment) return null;
  return {
    segmentId: segment.id,
    text: segment.text,
    from: planned.from,
    to: planned.to,
    speaker: segment.track === "inbound" ? "customer" : "agent",
    context: translationContext(transcript, segment.id),
  };
}
