// Applies a named limit through the RateLimiter actor; throws 429 with Retry-After.
// The login's own limits (failures per address, the per-account lock) are in
// worker/auth/login-guard.ts.
import type { Context } from "hono";
import { ApiError } from "./errors";

export interface RateLimitRule {
  bucket: string;
  limit: number;
  windowMs: number;
}

export const SIGNUP_PER_ADDRESS: RateLimitRule = { bucket: "signup-ip", limit: 5, windowMs: 10 * 60_000 };
export const INVITE_ACCEPT_PER_ADDRESS: RateLimitRule = { bucket: "invite-ip", limit: 20, windowMs: 10 * 60_000 };

export function rateLimiterFor(env: Env, bucket: string, key: string) {
  return env.RateLimiter.get(env.RateLimiter.idFromName(`${bucket}:${key}`));
}

export async function enforceRateLimit(env: Env, rule: RateLimitRule, key: string): Promise<void> {
  const { allowed, retryAfterSeconds } = await rateLimiterFor(env, rule.bucket, key).hit(rule.limit, rule.windowMs);
  if (!allowed) throw tooManyAttempts(retryAfterSeconds);
}

export function tooManyAttempts(
  retryAfterSeconds: number,
  message = (seconds: number) => `Too many attempts, try again in ${seconds} s`,
): ApiError {
  return new ApiError(429, "rate_limited", message(retryAfterSeconds), undefined, {
    "retry-after": String(retryAfterSeconds),
  });
}

/** The caller's address as Cloudflare's edge reports it (clients cannot set it there). */
export function clientAddress(c: Context): string {
  return c.req.header("cf-connecting-ip") ?? "local";
}
