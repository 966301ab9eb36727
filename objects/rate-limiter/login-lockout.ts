// The per-account login lock as a pure function: a few free failures, then lock windows
// that double with each further failure up to a cap, forgotten after a quiet spell.
// An attempt is counted as a failure when it begins (so a burst of parallel guesses
// cannot all slip past the check while the password hashes run) and taken back by a
// success, which clears everything.
import { z } from "zod";

export interface LockoutPolicy {
  /** Failures allowed before the first lock; the failure that reaches it starts the lock. */
  freeFailures: number;
  firstLockMs: number;
  maxLockMs: number;
  /** Failures are forgotten once none has happened for this long and no lock is running. */
  forgetAfterMs: number;
}

export const lockoutStateSchema = z.strictObject({
  failures: z.number().int().nonnegative(),
  lastFailureAtMs: z.number(),
  lockedUntilMs: z.number(),
});
export type LockoutState = z.infer<typeof lockoutStateSchema>;

export const NO_FAILURES: LockoutState = { failures: 0, lastFailureAtMs: 0, lockedUntilMs: 0 };

export type AttemptDecision =
  | { allowed: false; retryAfterMs: number; state: LockoutState }
  /** lockMsIfFailed: the lock this attempt starts if it fails (0: none); startsEpisode: it is the first lock since the account was last clean. */
  | { allowed: true; state: LockoutState; lockMsIfFailed: number; startsEpisode: boolean };

export function beginAttempt(previous: LockoutState, nowMs: number, policy: LockoutPolicy): AttemptDecision {
  if (previous.lockedUntilMs > nowMs) {
    return { allowed: false, retryAfterMs: previous.lockedUntilMs - nowMs, state: previous };
  }
  const current = isForgotten(previous, nowMs, policy) ? NO_FAILURES : previous;
  const failures = current.failures + 1;
  const lockMs = lockMsAfter(failures, policy);
  return {
    allowed: true,
    state: { failures, lastFailureAtMs: nowMs, lockedUntilMs: lockMs > 0 ? nowMs + lockMs : 0 },
    lockMsIfFailed: lockMs,
    startsEpisode: lockMs > 0 && !wasLocked(current, policy),
  };
}

/** How long the lock runs after the given number of consecutive failures (0: not locked). */
export function lockMsAfter(failures: number, policy: LockoutPolicy): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = Math.min(failures - policy.freeFailures, 30);
  return Math.min(policy.firstLockMs * 2 ** doublings, policy.maxLockMs);
}

/** When the actor may drop the state: nothing of it matters after this. */
export function forgetAtMs(state: LockoutState, policy: LockoutPolicy): number {
  return Math.max(state.lockedUntilMs, state.lastFailureAtMs + policy.forgetAfterMs);
}

function isForgotten(state: LockoutState, nowMs: number, policy: LockoutPolicy): boolean {
  return nowMs >= forgetAtMs(state, policy);
}

function wasLocked(state: LockoutState, policy: LockoutPolicy): boolean {
  return state.failures >= policy.freeFailures;
}
