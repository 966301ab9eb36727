// The QA queue's sampling: which of the period's unevaluated connects a supervisor is
// offered to score. Random is a seeded shuffle (the same seed offers the same calls, so a
// page reload does not reshuffle the queue); the other strategies pick the calls most worth
// a listen: the lowest sentiment, the longest, the disputed.
export const SAMPLING_STRATEGIES = ["random", "low_sentiment", "long", "disputes"] as const;
export type SamplingStrategy = (typeof SAMPLING_STRATEGIES)[number];

export const MAX_SAMPLE_SIZE = 50;

export interface SampleCandidate {
  callId: string;
  createdAt: string;
  talkSeconds: number;
  /** Low-sentiment alerts live intelligence raised on the call. */
  lowSentimentAlerts: number;
  /** The customer's mean sentiment over the call (−1..1), null when no segment was scored. */
  averageSentiment: number | null;
  /** Dispositioned "dispute", or the customer raised a dispute objection. */
  disputed: boolean;
}

/** mulberry32 over a string's FNV-1a hash: small, seedable and good enough to shuffle a list. */
function seededRandom(seed: string): () => number {
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 0x01000193);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Below this mean the customer was, on the whole, negative (the lexicon's neutral band is ±0.05). */
export const NEGATIVE_CALL_SENTIMENT = -0.05;

const isNegative = (c: SampleCandidate) => c.lowSentimentAlerts > 0 || (c.averageSentiment !== null && c.averageSentiment < NEGATIVE_CALL_SENTIMENT);

const newestFirst = (a: SampleCandidate, b: SampleCandidate) => b.createdAt.localeCompare(a.createdAt) || a.callId.localeCompare(b.callId);

/** Up to `size` candidates by the strategy; each call at most once. */
export function sampleCalls<C extends SampleCandidate>(candidates: readonly C[], strategy: SamplingStrategy, size: number, seed: string): C[] {
  switch (strategy) {
    case "random": {
      // Sorted first, so the same seed gives the same sample whatever order the rows came in.
      const pool = [...candidates].sort((a, b) => a.callId.localeCompare(b.callId));
      const random = seededRandom(seed);
      for (let i = pool.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      }
      return pool.slice(0, size);
    }
    case "low_sentiment":
      // The scores rank (a call negative throughout is worth more than one bad moment); an
      // alert alone still qualifies a call, since it marks a run of negative segments.
      return candidates
        .filter(isNegative)
        .sort((a, b) => (a.averageSentiment ?? 0) - (b.averageSentiment ?? 0) || b.lowSentimentAlerts - a.lowSentimentAlerts || newestFirst(a, b))
        .slice(0, size);
    case "long":
      return [...candidates].sort((a, b) => b.talkSeconds - a.talkSeconds || newestFirst(a, b)).slice(0, size);
    case "disputes":
      return candidates.filter((c) => c.disputed).sort(newestFirst).slice(0, size);
  }
}
