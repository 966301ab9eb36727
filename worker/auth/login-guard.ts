// The login's limits. Only failures count: a call floor of 300 agents behind one office
// address all logging in at 09:00 is never refused for succeeding.
// - Per address: a sliding log of failed attempts, generous enough for that floor with
//   a few typos each, tight enough that credential stuffing from one address stops.
// - Per account: a few free failures, then lock windows that double up to a cap. The
//   lock is kept per (account, device): a browser that has signed in to the account
//   before (worker/auth/device.ts) has its own counter, so a stranger's wrong guesses
//   never lock the owner out of their own desk; a browser new to the account shares the
//   account's counter.
// Every attempt is counted as a failure before the password is checked (parallel guesses
// cannot slip past) and given back once it succeeds.
import type { LockoutPolicy } from "../../objects/rate-limiter/login-lockout";
import { sha256Hex } from "../../domain/sha256";
import { rateLimiterFor, tooManyAttempts, type RateLimitRule } from "../http/rate-limit";

/** 300 agents × 3 typos within the morning rush still fit. */
export const LOGIN_FAILURES_PER_ADDRESS: RateLimitRule = { bucket: "login-failures-ip", limit: 1000, windowMs: 15 * 60_000 };

export const ACCOUNT_LOCKOUT: LockoutPolicy = {
  freeFailures: 5,
  firstLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};
export const ACCOUNT_LOCK_BUCKET = "login-account";

/** The address's failure log, with this attempt counted; throws 429 when it is full. */
export async function beginAddressAttempt(env: Env, address: string): Promise<{ succeeded: () => Promise<void> }> {
  const limiter = rateLimiterFor(env, LOGIN_FAILURES_PER_ADDRESS.bucket, address);
  const answer = await limiter.hit(LOGIN_FAILURES_PER_ADDRESS.limit, LOGIN_FAILURES_PER_ADDRESS.windowMs);
  if (!answer.allowed) throw tooManyAttempts(answer.retryAfterSeconds, (seconds) => `Too many failed logins from this address, try again in ${seconds} s`);
  return { succeeded: () => limiter.takeBack(answer.hitAtMs) };
}

/**
 * The lock's key: the account (by email, so an unknown email behaves like a known one),
 * and the device when it has signed in to this account before.
 */
export async function accountLockKey(email: string, knownDeviceHash: string | null): Promise<string> {
  const account = await sha256Hex(email.toLowerCase());
  return knownDeviceHash ? `${account}:${knownDeviceHash}` : account;
}

export interface AccountAttempt {
  /** The lock this attempt starts if its password is wrong (0: none). */
  lockSecondsIfFailed: number;
  /** It would be the first lock since the account was last clean: the one the audit log records. */
  startsEpisode: boolean;
  succeeded: () => Promise<void>;
}

/** The account's lock, with this attempt counted; throws 429 while the lock runs. */
export async function beginAccountAttempt(env: Env, lockKey: string): Promise<AccountAttempt> {
  const limiter = rateLimiterFor(env, ACCOUNT_LOCK_BUCKET, lockKey);
  const answer = await limiter.beginLoginAttempt(ACCOUNT_LOCKOUT);
  if (!answer.allowed) {
    throw tooManyAttempts(
      answer.retryAfterSeconds,
      (seconds) => `Too many wrong passwords for this account: try again in ${seconds} s, or sign in from a device you have signed in from before`,
    );
  }
  return { lockSecondsIfFailed: answer.lockSecondsIfFailed, startsEpisode: answer.startsEpisode, succeeded: () => limiter.loginSucceeded() };
}
