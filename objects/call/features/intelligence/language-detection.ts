// The language of a segment and of the customer on a call, offline: tinyld (n-grams,
// accurate on short utterances, restricted to the languages we work in), combined with
// the carrier's own detection when its transcription reports one. A call's language is
// the weighted vote of the customer's segments; it is *confident* (and may change the
// account's preferred language) only by the rule in domain/languages.ts. Pure.
import { detectAll } from "tinyld";
import {
  CALL_LANGUAGES,
  isCallLanguage,
  PREFERRED_LANGUAGE_MIN_EVIDENCE,
  PREFERRED_LANGUAGE_MIN_SEGMENTS,
  PREFERRED_LANGUAGE_MIN_SHARE,
  type CallLanguage,
} from "../../../../domain/languages";

export interface LanguageGuess {
  language: CallLanguage;
  /** 0..1: how sure, for this segment alone. */
  confidence: number;
  source: LanguageSource;
}

/** Who read a line's language: tinyld, the carrier's transcription, or the model (model-language.ts). */
export type LanguageSource = "offline" | "carrier" | "model";

/** Letters after which a segment counts fully; a two-letter "Sí?" counts a little. */
const FULL_WEIGHT_LETTERS = 24;
/** The carrier read the audio, not just the words: its report counts as a full, sure segment. */
const CARRIER_CONFIDENCE = 0.95;
const ONLY = { only: [...CALL_LANGUAGES] };
/**
 * Marks that, among our ten languages, only one writes: Spanish's opening ¿ and ¡, and the
 * Hangul, kana and Arabic scripts. A short line carrying one ("¿Bueno?", "もしもし") is as
 * sure as a full sentence, where tinyld alone weighs it like "Hello?" and leaves it to the
 * call's next line (bench:intel --load: a Spanish call's "¿Bueno?" waited ~2.2 s for the
 * caller's second line before it was sent to translation). Han characters are not one of
 * them (Chinese and Japanese both write them); nor are accents names carry (ñ, ß, ã).
 */
const ONE_LANGUAGE_MARKS: readonly [RegExp, CallLanguage][] = [
  [/[¿¡]/u, "es"],
  [/\p{Script=Hangul}/u, "ko"],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, "ja"],
  [/\p{Script=Arabic}/u, "ar"],
];
/** How sure a line carrying one of those marks is of its language: enough to decide it alone (translation-plan.ts asks 0.3). */
const MARKED_CONFIDENCE = 0.6;

/** A BCP 47 tag from a carrier ("es-419", "zh-Hans") as one of ours, if it is one. */
export function callLanguageOf(tag: string | null | undefined): CallLanguage | null {
  const base = tag?.split(/[-_]/)[0]?.toLowerCase() ?? "";
  return isCallLanguage(base) ? base : null;
}

/** One segment's language; null when it has no letters to go on. */
export function detectSegmentLanguage(text: string, carrierLanguage: string | null = null): LanguageGuess | null {
  const reported = callLanguageOf(carrierLanguage);
  if (reported) return { language: reported, confidence: CARRIER_CONFIDENCE, source: "carrier" };
  const [best] = detectAll(text, ONLY);
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  const lengthWeight = Math.min(1, letters / FULL_WEIGHT_LETTERS);
  // tinyld's accuracy is low on short text even when right; a fully detected long line is sure.
  const detected = best && isCallLanguage(best.lang) ? { language: best.lang, confidence: Math.min(1, Math.max(best.accuracy, 0.5) * lengthWeight) } : null;
  const marked = markedLanguageOf(text);
  if (marked && letters > 0) {
    const confidence = detected?.language === marked ? Math.max(detected.confidence, MARKED_CONFIDENCE) : MARKED_CONFIDENCE;
    return { language: marked, confidence: Math.round(confidence * 1000) / 1000, source: "offline" };
  }
  if (!detected) return null;
  return { language: detected.language, confidence: Math.round(detected.confidence * 1000) / 1000, source: "offline" };
}

/** The one language a mark in the line says, if it carries one (and not two that disagree). */
function markedLanguageOf(text: string): CallLanguage | null {
  const found = new Set(ONE_LANGUAGE_MARKS.filter(([mark]) => mark.test(text)).map(([, language]) => language));
  return found.size === 1 ? [...found][0]! : null;
}

export interface CallLanguageDecision {
  language: CallLanguage;
  /** The language's share of the evidence so far, 0..1. */
  share: number;
  /** Segments that voted for it. */
  segments: number;
  /** The sum of those segments' confidences: a lone "Hello?" weighs about 0.1, a full sentence 1. */
  evidence: number;
  /** Sure enough to become the account's preferred language. */
  confident: boolean;
  /** The source that gave the language most of its evidence: the one that decided it. */
  source: LanguageSource;
  /** That source's mean confidence in its lines of this language, 0..1. */
  confidence: number;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** The customer's language from their segments' guesses so far; null before any. */
export function decideCallLanguage(guesses: readonly LanguageGuess[]): CallLanguageDecision | null {
  const weight = new Map<CallLanguage, { total: number; segments: number; bySource: Map<LanguageSource, { total: number; segments: number }> }>();
  let all = 0;
  for (const guess of guesses) {
    const entry = weight.get(guess.language) ?? { total: 0, segments: 0, bySource: new Map() };
    entry.total += guess.confidence;
    entry.segments += 1;
    const fromSource = entry.bySource.get(guess.source) ?? { total: 0, segments: 0 };
    fromSource.total += guess.confidence;
    fromSource.segments += 1;
    entry.bySource.set(guess.source, fromSource);
    weight.set(guess.language, entry);
    all += guess.confidence;
  }
  const ranked = [...weight.entries()].sort((a, b) => b[1].total - a[1].total || b[1].segments - a[1].segments);
  const top = ranked[0];
  if (!top || all === 0) return null;
  const [language, { total, segments, bySource }] = top;
  const share = round3(total / all);
  const confident = segments >= PREFERRED_LANGUAGE_MIN_SEGMENTS && share >= PREFERRED_LANGUAGE_MIN_SHARE && total >= PREFERRED_LANGUAGE_MIN_EVIDENCE;
  const [source, decided] = [...bySource.entries()].sort((a, b) => b[1].total - a[1].total)[0]!;
  return { language, share, segments, evidence: round3(total), confident, source, confidence: round3(decided.total / decided.segments) };
}
