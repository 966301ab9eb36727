// Agent scorecards: an organisation's weighted criteria, scored 0–100 each from facts of
// the record (automatic) or reviewers' evaluations (manual), and one weighted total. A
// criterion the record cannot score yet (no calls in the period, no sentiment scores)
// says why and is left out of the total, whose weights are then those of the criteria
// that were scored: never a zero standing in for "unknown".
import { z } from "zod";
import { AGENT_CAUSED_SKIP } from "./kpis";

export const CRITERION_KINDS = ["aht_band", "disposition_rate", "compliance_skips_caused", "sentiment_trend", "qa_evaluations"] as const;
export type CriterionKind = (typeof CRITERION_KINDS)[number];

export const CRITERION_LABELS: Record<CriterionKind, { name: string; how: string }> = {
  aht_band: { name: "Handle time in band", how: "100 when the average handle time (talk + wrap-up) is within the band; below it, 100 × AHT / min; above it, 100 × max / AHT." },
  disposition_rate: { name: "Disposition rate", how: "Connects with a disposition saved, as a share of connects: 100 at or above the target, proportionally less below it." },
  compliance_skips_caused: {
    name: "Compliance skips caused",
    how: `100 with none; 0 at the allowed maximum per 100 connects or more, linearly between. ${AGENT_CAUSED_SKIP}`,
  },
  sentiment_trend: {
    name: "Customer sentiment",
    how: "The customers' mean sentiment over the agent's connects with a sentiment score (each call's mean of its scored segments, −1 to 1): 100 × (mean + 1) ÷ 2, so neutral is 50. The trend, the later half of those calls against the earlier half, is shown beside it.",
  },
  qa_evaluations: { name: "QA evaluations", how: "The mean total of reviewers' evaluations of the agent's calls in the period (manual)." },
};

const weight = z.number().int("a whole number").min(1, "at least 1").max(100, "at most 100");

export const scorecardCriterion = z.discriminatedUnion("kind", [
  z
    .strictObject({ kind: z.literal("aht_band"), weight, minSeconds: z.number().int().min(0, "at least 0"), maxSeconds: z.number().int().min(1, "at least 1").max(7200, "at most 7200") })
    .refine((c) => c.minSeconds <= c.maxSeconds, { message: "must not be above maxSeconds", path: ["minSeconds"] }),
  z.strictObject({ kind: z.literal("disposition_rate"), weight, targetPercent: z.number().min(1, "at least 1").max(100, "at most 100") }),
  z.strictObject({ kind: z.literal("compliance_skips_caused"), weight, maxPerHundredConnects: z.number().min(0.1, "at least 0.1").max(100, "at most 100") }),
  z.strictObject({ kind: z.literal("sentiment_trend"), weight }),
  z.strictObject({ kind: z.literal("qa_evaluations"), weight }),
]);
export type ScorecardCriterion = z.infer<typeof scorecardCriterion>;

export const scorecardCriteria = z
  .array(scorecardCriterion)
  .min(1, "at least one criterion")
  .max(CRITERION_KINDS.length, `at most ${CRITERION_KINDS.length} criteria`)
  .superRefine((criteria, ctx) => {
    const seen = new Set<string>();
    criteria.forEach((c, i) => {
      if (seen.has(c.kind)) ctx.addIssue({ code: "custom", path: [i, "kind"], message: `${c.kind} is listed twice` });
      seen.add(c.kind);
    });
  });

/** Until an organisation sets its own: every criterion, manual QA weighing most. */
export const DEFAULT_SCORECARD_CRITERIA: ScorecardCriterion[] = [
  { kind: "qa_evaluations", weight: 40 },
  { kind: "aht_band", weight: 20, minSeconds: 120, maxSeconds: 480 },
  { kind: "disposition_rate", weight: 20, targetPercent: 95 },
  { kind: "compliance_skips_caused", weight: 10, maxPerHundredConnects: 5 },
  { kind: "sentiment_trend", weight: 10 },
];

/** What the record says about one agent over a period; null where it cannot say. */
export interface AgentFacts {
  connects: number;
  /** Connects with a disposition saved. */
  dispositioned: number;
  ahtSeconds: number | null;
  /** Compliance skips the agent caused (domain/kpis.ts AGENT_CAUSED_SKIP). */
  complianceSkipsCaused: number;
  /** The customer's mean sentiment (−1..1) of each of the agent's connects that had one scored, oldest call first. */
  callSentiments: number[];
  evaluationPercents: number[];
}

export interface CriterionScore {
  kind: CriterionKind;
  name: string;
  how: string;
  weight: number;
  /** 0–100 with one decimal; null with `unavailable` saying why. */
  score: number | null;
  unavailable: string | null;
  /** The fact behind the score, in words. */
  detail: string;
}

export interface Scorecard {
  /** The weighted mean of the scored criteria; null when none could be scored. */
  totalPercent: number | null;
  criteria: CriterionScore[];
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;
const mean = (ns: readonly number[]) => ns.reduce((sum, n) => sum + n, 0) / ns.length;
const signed = (n: number) => `${n >= 0 ? "+" : "−"}${Math.abs(n).toFixed(2)}`;

/**
 * How the customers' sentiment moved over the agent's calls (oldest first): the mean of the
 * later half less the mean of the earlier half (the middle call of an odd count in neither);
 * null with fewer than two calls.
 */
export function sentimentTrend(callSentiments: readonly number[]): number | null {
  if (callSentiments.length < 2) return null;
  const half = Math.floor(callSentiments.length / 2);
  return mean(callSentiments.slice(-half)) - mean(callSentiments.slice(0, half));
}
const clamp = (n: number) => Math.min(100, Math.max(0, n));

type Scored = { score: number | null; unavailable: string | null; detail: string };
const none = (unavailable: string): Scored => ({ score: null, unavailable, detail: "" });

function scoreOne(criterion: ScorecardCriterion, facts: AgentFacts): Scored {
  switch (criterion.kind) {
    case "aht_band": {
      const aht = facts.ahtSeconds;
      if (aht === null) return none("no ended connects in the period");
      const score = aht < criterion.minSeconds ? (100 * aht) / criterion.minSeconds : aht > criterion.maxSeconds ? (100 * criterion.maxSeconds) / aht : 100;
      return { score: clamp(score), unavailable: null, detail: `AHT ${Math.round(aht)} s, band ${criterion.minSeconds}–${criterion.maxSeconds} s` };
    }
    case "disposition_rate": {
      if (facts.connects === 0) return none("no connects in the period");
      const percent = (100 * facts.dispositioned) / facts.connects;
      return { score: clamp((100 * percent) / criterion.targetPercent), unavailable: null, detail: `${facts.dispositioned} of ${facts.connects} connects dispositioned (target ${criterion.targetPercent} %)` };
    }
    case "compliance_skips_caused": {
      const skips = facts.complianceSkipsCaused;
      if (facts.connects === 0 && skips === 0) return none("no connects in the period");
      // Skips but no connect: as many skips per connect as there can be.
      const perHundred = facts.connects === 0 ? Infinity : (100 * skips) / facts.connects;
      return { score: clamp(100 - (100 * perHundred) / criterion.maxPerHundredConnects), unavailable: null, detail: `${skips} skip${skips === 1 ? "" : "s"} caused over ${facts.connects} connects` };
    }
    case "sentiment_trend": {
      const scores = facts.callSentiments;
      if (scores.length === 0) return none("no connect in the period has a sentiment score (live intelligence scores the customer's speech)");
      const average = mean(scores);
      const trend = sentimentTrend(scores);
      const trendWords = trend === null ? "one call: no trend yet" : `${trend > 0 ? "rising" : trend < 0 ? "falling" : "steady"} (${signed(trend)} from the earlier half of the calls to the later)`;
      return { score: clamp((100 * (average + 1)) / 2), unavailable: null, detail: `mean ${signed(average)} over ${scores.length} call${scores.length === 1 ? "" : "s"}; ${trendWords}` };
    }
    case "qa_evaluations": {
      const scores = facts.evaluationPercents;
      if (scores.length === 0) return none("no evaluation of the agent's calls in the period");
      return { score: clamp(mean(scores)), unavailable: null, detail: `mean of ${scores.length} evaluation${scores.length === 1 ? "" : "s"}` };
    }
  }
}

export function scoreAgent(criteria: readonly ScorecardCriterion[], facts: AgentFacts): Scorecard {
  const scored = criteria.map((criterion): CriterionScore => {
    const result = scoreOne(criterion, facts);
    const label = CRITERION_LABELS[criterion.kind];
    return { kind: criterion.kind, name: label.name, how: label.how, weight: criterion.weight, ...result, score: result.score === null ? null : oneDecimal(result.score) };
  });
  const counted = scored.filter((c): c is CriterionScore & { score: number } => c.score !== null);
  const weights = counted.reduce((sum, c) => sum + c.weight, 0);
  return {
    totalPercent: weights === 0 ? null : oneDecimal(counted.reduce((sum, c) => sum + c.weight * c.score, 0) / weights),
    criteria: scored,
  };
}
