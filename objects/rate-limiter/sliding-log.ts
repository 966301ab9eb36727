// The rate-limit decision as a pure function: a sliding log of hit times. A hit is
// allowed while fewer than `limit` hits fall inside the window; otherwise the caller
// learns exactly when the oldest hit leaves the window.
export interface RateLimitDecision {
  allowed: boolean;
  /** Hit times to keep (only those inside the window, newest last). */
  hits: number[];
  retryAfterMs: number;
}

export function decideHit(previousHits: readonly number[], nowMs: number, limit: number, windowMs: number): RateLimitDecision {
  const recent = previousHits.filter((t) => t > nowMs - windowMs);
  if (recent.length < limit) return { allowed: true, hits: [...recent, nowMs], retryAfterMs: 0 };
  const oldest = recent[recent.length - limit]!;
  return { allowed: false, hits: recent, retryAfterMs: Math.max(1, oldest + windowMs - nowMs) };
}

/** The log without one hit taken at `hitAtMs` (an attempt that turned out not to count). */
export function withoutHit(hits: readonly number[], hitAtMs: number): number[] {
  const index = hits.indexOf(hitAtMs);
  return index === -1 ? [...hits] : [...hits.slice(0, index), ...hits.slice(index + 1)];
}
