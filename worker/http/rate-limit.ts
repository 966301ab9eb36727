// Applies a named limit through the RateLimiter actor; throws 429 with Retry-After.
import type { Context } from "hono";
import { ApiError } from "./errors";

export interface RateLimitRule {
  bucket: string;
  limit: number;
  windowMs: number;
}

export const LOGIN_PER_ADDRESS: RateLimitRule = { bucket: "login-ip", limit: 20, windowMs: 60_000 };
export const LOGIN_PER_EMAIL: RateLimitRule = { bucket: "login-email", limit: 10, windowMs: 5 * 60_000 };
export const SIGNUP_PER_ADDRESS: RateLimitRule = { bucket: "signup-ip", limit: 5, windowMs: 10 * 60_000 };
export const INVITE_ACCEPT_PER_ADDRESS: RateLimitRule = { bucket: "invite-ip", limit: 20, windowMs: 10 * 60_000 };

export async function enforceRateLimit(env: Env, rule: RateLimitRule, key: string): Promise<void> {
  const stub = env.RateLimiter.get(env.RateLimiter.idFromName(`${rule.bucket}:${key}`));
  const { allowed, retryAfterSeconds } = await stub.hit(rule.limit, rule.windowMs);
  if (!allowed) {
    throw new ApiError(429, "rate_limited", `Too many attempts, try again in ${retryAfterSeconds} s`, undefined, {
      "retry-after": String(retryAfterSeconds),
    });
  }
}

/** The caller's address as Cloudflare's edge reports it (clients cannot set it there). */
export function clientAddress(c: Context): string {
  return c.req.header("cf-connecting-ip") ?? "local";
}
