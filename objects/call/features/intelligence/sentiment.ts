// One segment's sentiment, −1 (hostile) … +1 (pleased), offline: VADER (negation and
// intensity aware) for English; for the other languages a small valence lexicon read
// through the same negation-aware matcher. Each objection the customer raises adds a
// negative valence, so "I want your supervisor" leans negative even in calm words.
// Everything is summed as VADER sums and normalised as VADER normalises. Pure.
import vader from "vader-sentiment";
import type { CallLanguage } from "../../../../domain/languages";
import { PhraseMatcher } from "./phrase-matcher";
import { VALENCE_LEXICONS } from "./valence-lexicon";

/** VADER's normalisation constant: compound = sum / sqrt(sum² + ALPHA). */
const VADER_ALPHA = 15;
/** VADER's factor for a negated word. */
const NEGATION_SCALAR = -0.74;
/** What one objection adds to the sum: alone it reads as mildly negative (−0.25). */
export const OBJECTION_VALENCE = -1;

const normalise = (sum: number) => (sum === 0 ? 0 : sum / Math.sqrt(sum * sum + VADER_ALPHA));
/** VADER's compound back to its sum (it reports only the compound). */
const unnormalise = (compound: number) => {
  const c = Math.max(-0.9999, Math.min(0.9999, compound));
  return (c * Math.sqrt(VADER_ALPHA)) / Math.sqrt(1 - c * c);
};

const valenceMatchers = new Map<CallLanguage, PhraseMatcher<number>>();

function valenceSum(text: string, language: Exclude<CallLanguage, "en">): number {
  let matcher = valenceMatchers.get(language);
  if (!matcher) {
    matcher = new PhraseMatcher(language, Object.entries(VALENCE_LEXICONS[language]).map(([phrase, valence]) => ({ phrase, tag: valence })));
    valenceMatchers.set(language, matcher);
  }
  return matcher.find(text).reduce((sum, match) => sum + (match.negated ? match.tag * NEGATION_SCALAR : match.tag), 0);
}

/** −1..1 for one segment in its language, given how many objections it raised. */
export function segmentSentiment(text: string, language: CallLanguage, objectionCount: number): number {
  const words = language === "en" ? unnormalise(vader.SentimentIntensityAnalyzer.polarity_scores(text).compound) : valenceSum(text, language);
  return round(normalise(words + objectionCount * OBJECTION_VALENCE));
}

const round = (score: number) => Math.round(score * 1000) / 1000;
