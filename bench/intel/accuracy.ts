// Scores the offline models on a labelled list of utterances (what `npm run bench:intel
// -- --utterances FILE` prints): language accuracy (tinyld, restricted to our languages),
// negative precision / recall (a customer segment's sentiment under NEGATIVE_SCORE), and
// objection precision / recall (any objection found vs. labelled, the kind must match).
// Each utterance is scored alone, as the first segment of a call would be.
import { z } from "zod";
import { analyseSegment } from "../../objects/call/features/intelligence/call-intelligence";
import { callLanguage } from "../../domain/languages";

export const labelledUtterance = z.object({
  text: z.string().min(1),
  language: callLanguage,
  negative: z.boolean(),
  objection: z.string().nullable(),
});
export type LabelledUtterance = z.infer<typeof labelledUtterance>;

/** A customer's segment reads as negative under this score. */
export const NEGATIVE_SCORE = -0.2;

export interface AccuracyReport {
  languageAccuracy: number;
  negative: { precision: number; recall: number };
  objection: { precision: number; recall: number };
}

export interface Miss {
  text: string;
  what: "language" | "negative" | "objection";
  expected: string;
  got: string;
}

const ratio = (hits: number, of: number) => (of === 0 ? 1 : Math.round((hits / of) * 1000) / 1000);

export function scoreUtterances(utterances: readonly LabelledUtterance[]): { report: AccuracyReport; misses: Miss[] } {
  const misses: Miss[] = [];
  let languageHits = 0;
  const negative = { truePositive: 0, predicted: 0, actual: 0 };
  const objection = { truePositive: 0, predicted: 0, actual: 0 };
  utterances.forEach((utterance, index) => {
    const analysis = analyseSegment({ id: `utterance-${index}`, atMs: 0, track: "inbound", text: utterance.text, confidence: null }, utterance.language);
    const language = analysis.language?.language ?? "none";
    if (language === utterance.language) languageHits++;
    else misses.push({ text: utterance.text, what: "language", expected: utterance.language, got: language });

    const saidNegative = (analysis.sentiment ?? 0) < NEGATIVE_SCORE;
    if (saidNegative) negative.predicted++;
    if (utterance.negative) negative.actual++;
    if (saidNegative && utterance.negative) negative.truePositive++;
    if (saidNegative !== utterance.negative) misses.push({ text: utterance.text, what: "negative", expected: String(utterance.negative), got: String(analysis.sentiment) });

    const kinds = analysis.objections.map((o) => o.kind as string);
    if (kinds.length) objection.predicted++;
    if (utterance.objection) objection.actual++;
    if (utterance.objection && kinds.includes(utterance.objection)) objection.truePositive++;
    const right = utterance.objection ? kinds.includes(utterance.objection) : kinds.length === 0;
    if (!right) misses.push({ text: utterance.text, what: "objection", expected: utterance.objection ?? "none", got: kinds.join(",") || "none" });
  });
  return {
    report: {
      languageAccuracy: ratio(languageHits, utterances.length),
      negative: { precision: ratio(negative.truePositive, negative.predicted), recall: ratio(negative.truePositive, negative.actual) },
      objection: { precision: ratio(objection.truePositive, objection.predicted), recall: ratio(objection.truePositive, objection.actual) },
    },
    misses,
  };
}
