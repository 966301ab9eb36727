// Agent scorecards: an organisation's weighted criteria, scored 0–100 each from facts of
// the record (automatic) or reviewers' evaluations (manual), and one weighted total. A
// criterion the record cannot score yet (no calls in the period, no sentiment, compliance
// skips not attributed to agents) says why and is left out of the total, whose weights are
// then those of the criteria that were scored: never a zero standing in for "unknown".
import { z } from "zod";

export const CRITERION_KINDS = ["aht_band", "disposition_rate", "compliance_skips_caused", "sentiment_trend", "qa_evaluations"] as const;
export type CriterionKind = (typeof CRITERION_KINDS)[number];

export const CRITERION_LABELS: Record<CriterionKind, { name: string; how: string }> = {
  aht_band: { name: "Handle time in band", how: "100 when the average handle time (talk + wrap-up) is within the band; below it, 100 × AHT / min; above it, 100 × max / AHT." },
  disposition_rate: { name: "Disposition rate", how: "Connects with a disposition saved, as a share of connects: 100 at or above the target, proportionally less below it." },
  compliance_skips_caused: { name: "Compliance skips caused", how: "100 with none; 0 at the allowed maximum per 100 connects or more, linearly between." },
  sentiment_trend: { name: "Customer sentiment", how: "The share of connects with live intelligence whose customer raised no low-sentiment alert (3 segments in a row under −0.3)." },
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
  /** Null: skips are not attributed to agents by the record. */
  complianceSkipsCaused: number | null;
  /** Connects live intelligence listened to (with customer transcript), and of those, ones with a low-sentiment alert. */
  connectsWithSentiment: number;
  lowSentimentConnects: number;
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
      if (facts.complianceSkipsCaused === null) return none("compliance skips are recorded per campaign; none is attributed to an agent yet");
      if (facts.connects === 0) return none("no connects in the period");
      const perHundred = (100 * facts.complianceSkipsCaused) / facts.connects;
      return { score: clamp(100 - (100 * perHundred) / criterion.maxPerHundredConnects), unavailable: null, detail: `${facts.complianceSkipsCaused} skips over ${facts.connects} connects` };
    }
    case "sentiment_trend": {
      if (facts.connectsWithSentiment === 0) return none("no connect in the period had live intelligence on the customer's speech");
      const calm = facts.connectsWithSentiment - facts.lowSentimentConnects;
      return { score: clamp((100 * calm) / facts.connectsWithSentiment), unavailable: null, detail: `${facts.lowSentimentConnects} of ${facts.connectsWithSentiment} connects with a low-sentiment alert` };
    }
    case "qa_evaluations": {
      const scores = facts.evaluationPercents;
      if (scores.length === 0) return none("no evaluation of the agent's calls in the period");
      const mean = scores.reduce((sum, s) => sum + s, 0) / scores.length;
      return { score: clamp(mean), unavailable: null, detail: `mean of ${scores.length} evaluation${scores.length === 1 ? "" : "s"}` };
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
