// The model's say in the customer's language, beside tinyld and the carrier (language-
// detection.ts), which always run. Bounded in cost: the model is asked about the
// customer's latest line only, only while the call is not yet sure of its language or
// when the offline library is unsure of the line or disagrees with the call, never about
// a line the carrier already named, and at most MODEL_LANGUAGE_MAX_ASKS lines per call
// (each line once: a named task; the same words across calls are cached by model-writer.ts).
// A reading later than the deadline, or a failed one, is dropped: the offline answer
// stands. A confident reading replaces the offline guess for its line in the call's vote,
// so `language_detected` says which source decided. Nothing here holds the transcript or
// its translation: the reading runs beside the call's pass. Pure.
import { isCallLanguage } from "../../../../domain/languages";
import type { TranscriptSegment } from "../../machine";
import type { CallSituation, TaskLookup } from "../feature";
import { analyseCall } from "./call-intelligence";
import type { ModelLanguageReading } from "./intelligence-events";
import type { IntelligenceRecord } from "./intelligence-record";
import type { DetectLanguageTask } from "./intelligence-task-schemas";
import { decideCallLanguage, type CallLanguageDecision, type LanguageGuess } from "./language-detection";
import { MODEL_SETUP } from "./translator";

/** Lines of one call the model is asked about, at most. */
export const MODEL_LANGUAGE_MAX_ASKS = 3;
/** A reading later than this is dropped: the offline answer stands. */
export const MODEL_LANGUAGE_DEADLINE_MS = 3_000;
/** An offline guess under this is unsure: the model is asked about its line. */
export const OFFLINE_SURE_CONFIDENCE = 0.8;
/** A model reading under this counts for nothing: the offline guess stays in the vote. */
export const MODEL_LANGUAGE_MIN_CONFIDENCE = 0.6;

export const MODEL_LANGUAGE_NEEDS_MODEL = `Language detection by the model needs a model: ${MODEL_SETUP}. The offline library works without one.`;

export const detectLanguageTaskName = (segmentId: string): string => `language:${segmentId}`;

/** What the rule reads about the latest customer line and the call so far. */
export interface LanguageAskInput {
  /** The offline (or carrier's) guess for the line; null when it had no letters to go on. */
  guess: LanguageGuess | null;
  /** The line has letters (a line of digits or noise is not asked about). */
  hasLetters: boolean;
  /** The call's language with every line so far, the model's readings in. */
  call: CallLanguageDecision | null;
  /** Lines of this call already asked about. */
  asked: number;
}

/** Whether the model is asked about this line: the decision rule, alone. */
export function shouldAskModelForLanguage({ guess, hasLetters, call, asked }: LanguageAskInput): boolean {
  if (asked >= MODEL_LANGUAGE_MAX_ASKS || !hasLetters) return false;
  // The carrier heard the audio: the model reading the words adds nothing.
  if (guess?.source === "carrier") return false;
  if (!call?.confident) return true;
  if (!guess || guess.confidence < OFFLINE_SURE_CONFIDENCE) return true;
  return guess.language !== call.language;
}

/** A reading the vote may use for its line, as a guess. */
export function modelGuessOf(reading: ModelLanguageReading): LanguageGuess | null {
  if (reading.language === null || reading.confidence === null || !isCallLanguage(reading.language)) return null;
  if (reading.confidence < MODEL_LANGUAGE_MIN_CONFIDENCE) return null;
  return { language: reading.language, confidence: reading.confidence, source: "model" };
}

/**
 * The customer's line guesses for the vote: the carrier's when it named the language,
 * else the model's confident reading, else the offline library's.
 */
export function combinedGuesses(lines: readonly { segmentId: string; guess: LanguageGuess | null }[], readings: readonly ModelLanguageReading[]): LanguageGuess[] {
  const bySegment = new Map(readings.map((reading) => [reading.segmentId, reading]));
  const guesses: LanguageGuess[] = [];
  for (const { segmentId, guess } of lines) {
    const reading = bySegment.get(segmentId);
    const model = guess?.source === "carrier" || !reading ? null : modelGuessOf(reading);
    const chosen = model ?? guess;
    if (chosen) guesses.push(chosen);
  }
  return guesses;
}

const isCustomer = (segment: TranscriptSegment) => segment.track === "inbound";

// Per transcript array and number of readings (readings are only ever added).
const decisionMemo = new WeakMap<readonly TranscriptSegment[], { readings: number; decision: CallLanguageDecision | null }>();

/** The call's language from every source: what `language_detected` and the call view say. */
export function callLanguageOf(record: { transcript: readonly TranscriptSegment[]; intelligence: Pick<IntelligenceRecord, "modelLanguage" | "started"> }): CallLanguageDecision | null {
  const { transcript, intelligence } = record;
  const analysis = analyseCall(transcript, intelligence.started?.objectionPhrases);
  // Without a reading the offline decision is the answer: no second pass over the call.
  if (intelligence.modelLanguage.length === 0) return analysis.language;
  const kept = decisionMemo.get(transcript);
  if (kept && kept.readings === intelligence.modelLanguage.length) return kept.decision;
  const lines = transcript.filter(isCustomer).map((segment) => ({ segmentId: segment.id, guess: analysis.segments.get(segment.id)?.language ?? null }));
  const decision = decideCallLanguage(combinedGuesses(lines, intelligence.modelLanguage));
  decisionMemo.set(transcript, { readings: intelligence.modelLanguage.length, decision });
  return decision;
}

/** Customer lines of this call already asked about (answered or waiting). */
function askedSoFar(transcript: readonly TranscriptSegment[], tasks: TaskLookup): number {
  let asked = 0;
  for (const segment of transcript) if (isCustomer(segment) && tasks.state(detectLanguageTaskName(segment.id)) !== null) asked++;
  return asked;
}

/** The customer's latest line, when the rule says the model should read its language. */
export function desiredModelLanguageTask({ record, tasks }: Pick<CallSituation, "record" | "tasks">): DetectLanguageTask | null {
  if (record.endedAtMs !== null || !record.intelligence.started?.model.configured) return null;
  const latest = record.transcript.findLast(isCustomer);
  if (!latest || tasks.state(detectLanguageTaskName(latest.id)) !== null) return null;
  const guess = analyseCall(record.transcript, record.intelligence.started.objectionPhrases).segments.get(latest.id)?.language ?? null;
  const ask = shouldAskModelForLanguage({ guess, hasLetters: /\p{L}/u.test(latest.text), call: callLanguageOf(record), asked: askedSoFar(record.transcript, tasks) });
  return ask ? { name: detectLanguageTaskName(latest.id), action: "intelligence.detect_language", segmentId: latest.id } : null;
}

/** What the model is asked: the line alone (its language, not the call's, is the question). */
export interface LanguageRequest {
  segmentId: string;
  text: string;
}

export function languageRequest(transcript: readonly TranscriptSegment[], segmentId: string): LanguageRequest | null {
  const line = transcript.find((segment) => segment.id === segmentId);
  return line ? { segmentId, text: line.text } : null;
}

/** What the model's reply must hold, read by model-writer.ts. */
export interface ModelLanguageAnswer {
  language: string;
  confidence: number;
}
