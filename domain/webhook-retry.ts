// When a failed webhook delivery is tried again, and when an endpoint gives up: the
// schedule every delivery follows (pure; the dispatcher supplies the clock and the random
// jitter). Capped exponential backoff with multiplicative jitter: 30 s × 4ⁿ up to 12 h,
// each wait scaled by 0.8–1.2 so endpoints that failed together do not retry together.
// Nine attempts span at least 28 h even with the shortest jitter (tested), so an
// endpoint down for a day still receives everything.

export const WEBHOOK_MAX_ATTEMPTS = 9;
export const FIRST_RETRY_DELAY_MS = 30_000;
export const MAX_RETRY_DELAY_MS = 12 * 60 * 60 * 1000;
/** A Retry-After longer than this is not honoured beyond it (a receiver cannot park us for a week). */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;
const JITTER_SPREAD = 0.2;
/** An endpoint whose deliveries have failed without a success for this long is disabled. */
export const ENDPOINT_FAILING_DISABLE_MS = 3 * 24 * 60 * 60 * 1000;
/** How long, after a rotation, deliveries are also signed with the previous secret. */
export const SECRET_ROLL_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The wait after failed attempt number `attempt` (1-based); `random` in [0, 1). */
export function retryDelayMs(attempt: number, random: number): number {
  const base = Math.min(FIRST_RETRY_DELAY_MS * 4 ** (attempt - 1), MAX_RETRY_DELAY_MS);
  return Math.round(base * (1 - JITTER_SPREAD + 2 * JITTER_SPREAD * random));
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfterMs(header: string | null, nowMs: number): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

export type AttemptResult =
  | { kind: "response"; status: number; retryAfter: string | null }
  /** No response: refused target, network error, timeout. */
  | { kind: "no_response"; error: string };

export type DeliveryDecision =
  | { kind: "succeeded" }
  | { kind: "retry"; atMs: number }
  /** Attempts used up: the delivery stays in the log as failed (a replay can send it again). */
  | { kind: "failed" }
  /** 410 Gone: the receiver says the endpoint no longer exists; it is disabled. */
  | { kind: "endpoint_gone" };

/** What follows attempt number `attempt` of a delivery. */
export function decideAfterAttempt(attempt: number, result: AttemptResult, nowMs: number, random: number): DeliveryDecision {
  if (result.kind === "response" && result.status >= 200 && result.status < 300) return { kind: "succeeded" };
  if (result.kind === "response" && result.status === 410) return { kind: "endpoint_gone" };
  if (attempt >= WEBHOOK_MAX_ATTEMPTS) return { kind: "failed" };
  const scheduled = retryDelayMs(attempt, random);
  const asked = result.kind === "response" ? parseRetryAfterMs(result.retryAfter, nowMs) : null;
  const waitMs = asked === null ? scheduled : Math.max(scheduled, Math.min(asked, MAX_RETRY_AFTER_MS));
  return { kind: "retry", atMs: nowMs + waitMs };
}

/** An endpoint failing since `failingSinceMs` is disabled once that has lasted ENDPOINT_FAILING_DISABLE_MS. */
export function failingTooLong(failingSinceMs: number | null, nowMs: number): boolean {
  return failingSinceMs !== null && nowMs - failingSinceMs >= ENDPOINT_FAILING_DISABLE_MS;
}

/**
 * An endpoint's failing-since after a batch of its attempts (any order): healthy when the
 * latest succeeded; failing since the first failure after the batch's last success; or,
 * when none in the batch succeeded, since whenever it already was, else its first failure
 * here ("unless_earlier": the stored value wins).
 */
export function endpointFailingAfter(
  attempts: readonly { at: Date; succeeded: boolean }[],
): { kind: "healthy" } | { kind: "failing_since"; since: Date } | { kind: "unless_earlier"; since: Date } {
  const ordered = [...attempts].sort((a, b) => a.at.getTime() - b.at.getTime());
  const lastSuccess = ordered.findLastIndex((a) => a.succeeded);
  if (lastSuccess === ordered.length - 1) return { kind: "healthy" };
  const firstFailureAfter = ordered[lastSuccess + 1]!.at;
  return lastSuccess >= 0 ? { kind: "failing_since", since: firstFailureAfter } : { kind: "unless_earlier", since: firstFailureAfter };
}
