import { describe, expect, it } from "vitest";
import { beginAttempt, forgetAtMs, lockMsAfter, NO_FAILURES, type LockoutPolicy, type LockoutState } from "../../../objects/rate-limiter/login-lockout";

const POLICY: LockoutPolicy = { freeFailures: 5, firstLockMs: 30_000, maxLockMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };

/** `count` failed attempts one second apart from `startMs`, each after any lock ran out. */
function failTimes(count: number, state: LockoutState = NO_FAILURES, startMs = 1_000_000) {
  let now = startMs;
  const decisions = [];
  for (let i = 0; i < count; i++) {
    now = Math.max(now + 1000, state.lockedUntilMs);
    const decision = beginAttempt(state, now, POLICY);
    if (!decision.allowed) throw new Error("locked");
    decisions.push(decision);
    state = decision.state;
  }
  return { state, decisions, now };
}

describe("the per-account login lock", () => {
  it("lets the first failures through and locks on the one that reaches the free allowance", () => {
    const { decisions, state, now } = failTimes(5);
    expect(decisions.map((d) => d.allowed && d.lockMsIfFailed)).toEqual([0, 0, 0, 0, 30_000]);
    const next = beginAttempt(state, now + 1, POLICY);
    expect(next).toMatchObject({ allowed: false, retryAfterMs: 29_999 });
  });

  it("doubles the lock with every further failure, up to the cap", () => {
    const { decisions } = failTimes(12);
    expect(decisions.slice(4).map((d) => d.allowed && d.lockMsIfFailed)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000]);
  });

  it("marks only the first lock since the account was clean as the start of an episode", () => {
    const { decisions } = failTimes(8);
    expect(decisions.map((d) => d.allowed && d.startsEpisode)).toEqual([false, false, false, false, true, false, false, false]);
  });

  it("forgets failures after a quiet spell, and a new episode starts from the first lock again", () => {
    const { state, now } = failTimes(6);
    const later = forgetAtMs(state, POLICY);
    expect(later).toBe(now + POLICY.forgetAfterMs);
    const fresh = beginAttempt(state, later, POLICY);
    expect(fresh).toMatchObject({ allowed: true, lockMsIfFailed: 0, state: { failures: 1 } });
    const again = failTimes(4, fresh.allowed ? fresh.state : NO_FAILURES, later);
    expect(again.decisions.at(-1)).toMatchObject({ lockMsIfFailed: 30_000, startsEpisode: true });
  });

  it("refuses without counting while locked", () => {
    const { state, now } = failTimes(5);
    const refused = beginAttempt(state, now + 10_000, POLICY);
    expect(refused).toEqual({ allowed: false, retryAfterMs: 20_000, state });
  });

  it("never locks before the allowance", () => {
    expect([1, 2, 3, 4].map((n) => lockMsAfter(n, POLICY))).toEqual([0, 0, 0, 0]);
  });
});
