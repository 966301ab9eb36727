// The customer's sentiment over a whole call, for the record once it ended (Postgres
// `call_sentiment_summaries`, the call's page): the mean, lowest and highest of their
// segments' scores, how many were scored, the objections they raised and the alerts the
// call raised. Read from the same analysis as the live gauge (call-intelligence.ts), so
// the summary never disagrees with what the agent saw. Pure.
import type { CallIntelligence } from "./call-intelligence";

export interface SentimentSummary {
  averageScore: number;
  minScore: number;
  maxScore: number;
  scoredSegments: number;
  objections: number;
  alerts: number;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** Null when the customer said nothing that could be scored (no summary to keep). */
export function sentimentSummaryOf(intelligence: Pick<CallIntelligence, "segments" | "objections" | "alerts">): SentimentSummary | null {
  const scores = [...intelligence.segments.values()].flatMap((analysis) => (analysis.sentiment === null ? [] : [analysis.sentiment]));
  if (scores.length === 0) return null;
  return {
    averageScore: round(scores.reduce((sum, score) => sum + score, 0) / scores.length),
    minScore: round(Math.min(...scores)),
    maxScore: round(Math.max(...scores)),
    scoredSegments: scores.length,
    objections: intelligence.objections.length,
    alerts: intelligence.alerts.length,
  };
}
