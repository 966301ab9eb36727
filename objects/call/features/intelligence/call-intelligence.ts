// The call's live intelligence, folded from its transcript: each segment's language,
// the customer's language for the call, their sentiment window, the objections they
// raised (the defaults of their language and the organisation's own phrases) and the
// alert conditions met. A pure function of the transcript and the phrases (memoised per
// transcript array and per segment), so the call view, the stored segment rows and the
// events the feature raises all read one answer.
import type { CallLanguage } from "../../../../domain/languages";
import type { TranscriptSegment } from "../../machine";
import { alertConditions, type AlertCondition, type ScoredSegment } from "./alert-rules";
import { decideCallLanguage, detectSegmentLanguage, type CallLanguageDecision, type LanguageGuess } from "./language-detection";
import type { ObjectionKind, OrgObjectionPhrase } from "./objection-lexicon";
import { findObjections, type Objection } from "./objections";
import { segmentSentiment } from "./sentiment";
import { sentimentWindow, type SentimentWindow } from "./sentiment-window";

export interface SegmentAnalysis {
  language: LanguageGuess | null;
  /** The customer's segments only (the agent's words are not the customer's mood). */
  sentiment: number | null;
  objections: Objection[];
}

export interface RaisedObjection {
  kind: ObjectionKind;
  phrase: string;
  segmentId: string;
  atMs: number;
}

export interface CallIntelligence {
  language: CallLanguageDecision | null;
  sentiment: SentimentWindow | null;
  objections: RaisedObjection[];
  alerts: AlertCondition[];
  segments: ReadonlyMap<string, SegmentAnalysis>;
}

/** The customer is the far end: the inbound track on every call. */
const isCustomer = (segment: TranscriptSegment) => segment.track === "inbound";

// A segment's analysis never changes, and a call is re-derived after every event: keep
// the recent ones (bounded: an actor holds one call, a test process many).
const MAX_MEMO_SEGMENTS = 5000;
const segmentMemo = new Map<string, SegmentAnalysis>();
const languageMemo = new Map<string, LanguageGuess | null>();

function remember<Value>(memo: Map<string, Value>, key: string, value: Value): Value {
  if (memo.size >= MAX_MEMO_SEGMENTS) memo.delete(memo.keys().next().value ?? "");
  memo.set(key, value);
  return value;
}

/**
 * A segment's language alone (the costly part), shared by every reading of it. The
 * enriched line the room is sent first needs only this: reading its sentiment and
 * objections there too (in English, whatever it was said in) put VADER on the path of
 * every line's broadcast, for an analysis nothing read.
 */
export function segmentLanguageOf(segment: TranscriptSegment): LanguageGuess | null {
  const key = `${segment.language ?? ""}\u0000${segment.text}`;
  return languageMemo.has(key) ? (languageMemo.get(key) ?? null) : remember(languageMemo, key, detectSegmentLanguage(segment.text, segment.language ?? null));
}

/** The organisation's own phrases as the matcher takes them: in every language, literal (a `*` is no wildcard in them). */
export function orgObjectionPhrases(phrases: readonly string[]): OrgObjectionPhrase[] {
  return phrases.map((phrase) => ({ phrase: phrase.replaceAll("*", " ").trim(), language: null })).filter((p) => p.phrase.length > 0);
}

/**
 * One segment, in the language it was said in (the call's language as a fallback for a
 * word too short to tell), with the organisation's own objection phrases beside the
 * defaults.
 */
export function analyseSegment(segment: TranscriptSegment, fallback: CallLanguage = "en", orgPhrases: readonly string[] = []): SegmentAnalysis {
  const memoKey = `${segment.id}\u0000${segment.track}\u0000${fallback}\u0000${segment.language ?? ""}\u0000${orgPhrases.join("\u0001")}\u0000${segment.text}`;
  const memo = segmentMemo.get(memoKey);
  if (memo) return memo;
  const language = segmentLanguageOf(segment);
  const readAs = language && language.confidence >= 0.3 ? language.language : fallback;
  const objections = isCustomer(segment) ? findObjections(segment.text, readAs, orgObjectionPhrases(orgPhrases)) : [];
  const analysis: SegmentAnalysis = { language, sentiment: isCustomer(segment) ? segmentSentiment(segment.text, readAs, objections.length) : null, objections };
  return remember(segmentMemo, memoKey, analysis);
}

// Per transcript array, per phrase list (the view reads it with the call's phrases,
// translation planning only for languages, without).
const callMemo = new WeakMap<readonly TranscriptSegment[], Map<string, CallIntelligence>>();

/** The call's intelligence from its transcript in call order, with the organisation's own objection phrases (from the call's settings). */
export function analyseCall(transcript: readonly TranscriptSegment[], orgPhrases: readonly string[] = []): CallIntelligence {
  const phrasesKey = orgPhrases.join("\u0001");
  const memo = callMemo.get(transcript)?.get(phrasesKey);
  if (memo) return memo;
  const segments = new Map<string, SegmentAnalysis>();
  const guesses: LanguageGuess[] = [];
  const scores: number[] = [];
  const scored: ScoredSegment[] = [];
  const objections: RaisedObjection[] = [];
  let language: CallLanguageDecision | null = null;
  for (const segment of transcript) {
    const analysis = analyseSegment(segment, language?.language ?? "en", orgPhrases);
    segments.set(segment.id, analysis);
    if (!isCustomer(segment)) continue;
    if (analysis.language) guesses.push(analysis.language);
    language = decideCallLanguage(guesses);
    if (analysis.sentiment === null) continue;
    scores.push(analysis.sentiment);
    const window = sentimentWindow(scores);
    scored.push({ id: segment.id, atMs: segment.atMs, text: segment.text, sentiment: analysis.sentiment, windowScore: window?.score ?? analysis.sentiment, objections: analysis.objections });
    for (const objection of analysis.objections) objections.push({ ...objection, segmentId: segment.id, atMs: segment.atMs });
  }
  const intelligence: CallIntelligence = { language, sentiment: sentimentWindow(scores), objections, alerts: alertConditions(scored), segments };
  const byPhrases = callMemo.get(transcript) ?? new Map<string, CallIntelligence>();
  byPhrases.set(phrasesKey, intelligence);
  callMemo.set(transcript, byPhrases);
  return intelligence;
}
