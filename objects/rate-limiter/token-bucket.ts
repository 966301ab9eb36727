// An API key's request budget as a pure function: a token bucket that holds up to
// `perMinute` requests and refills continuously at that rate, so a key may burst its
// whole minute at once and then goes at the steady rate. Constant storage per key (two
// numbers), unlike a log of hits, which matters at thousands of requests a minute.
import { z } from "zod";

export const BUCKET_WINDOW_MS = 60_000;

export const tokenBucketSchema = z.object({ tokens: z.number(), atMs: z.number() });
export type TokenBucket = z.infer<typeof tokenBucketSchema>;

export interface TokenDecision {
  allowed: boolean;
  bucket: TokenBucket;
  /** Whole requests left after this one. */
  remaining: number;
  /** When refused: how long until one request's worth has refilled. */
  retryAfterMs: number;
  /** When the bucket is full again and its state can be forgotten. */
  fullAtMs: number;
}

export function takeToken(previous: TokenBucket | undefined, nowMs: number, perMinute: number): TokenDecision {
  const refillPerMs = perMinute / BUCKET_WINDOW_MS;
  const elapsedMs = previous ? Math.max(0, nowMs - previous.atMs) : 0;
  const available = previous ? Math.min(perMinute, previous.tokens + elapsedMs * refillPerMs) : perMinute;
  const allowed = available >= 1;
  const tokens = allowed ? available - 1 : available;
  return {
    allowed,
    bucket: { tokens, atMs: nowMs },
    remaining: Math.floor(tokens),
    retryAfterMs: allowed ? 0 : Math.ceil((1 - tokens) / refillPerMs),
    fullAtMs: nowMs + Math.ceil((perMinute - tokens) / refillPerMs),
  };
}
