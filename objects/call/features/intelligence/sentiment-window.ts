// The customer's mood over the last few segments: the mean of their sentiments (−1..1)
// and which way it is going, so one sharp word does not swing the gauge. Pure.

/** Customer segments the gauge averages. */
export const SENTIMENT_WINDOW_SEGMENTS = 5;
/** A move of the window's score this large since the previous segment is a trend. */
const TREND_STEP = 0.1;

export type SentimentTrend = "rising" | "falling" | "steady";

export interface SentimentWindow {
  score: number;
  trend: SentimentTrend;
  /** Segments in the window (fewer than the window at the start of a call). */
  segments: number;
}

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const round = (value: number) => Math.round(value * 1000) / 1000;

/** The window after the latest of `scores` (the customer's segment sentiments, in order); null before any. */
export function sentimentWindow(scores: readonly number[], windowSegments = SENTIMENT_WINDOW_SEGMENTS): SentimentWindow | null {
  if (scores.length === 0) return null;
  const now = mean(scores.slice(-windowSegments));
  const before = scores.length > 1 ? mean(scores.slice(0, -1).slice(-windowSegments)) : now;
  const trend: SentimentTrend = now - before >= TREND_STEP ? "rising" : before - now >= TREND_STEP ? "falling" : "steady";
  return { score: round(now), trend, segments: Math.min(scores.length, windowSegments) };
}
