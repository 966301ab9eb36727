// One RateLimiter actor per (bucket, key), e.g. login failures from one address, or the
// lock on one account. The state lives in durable storage, not process memory, so it
// holds across Worker isolates and machines. An alarm clears it once it no longer matters.
// Three kinds of bucket, each a thin shell over a pure decision: a sliding log of hits
// (`hit`, and `takeBack` for a hit that turned out not to count), a login lock with
// growing windows (`beginLoginAttempt`, and `loginSucceeded` to clear it), and an API
// key's request budget, a token bucket (`takeToken`).
import { DurableObject } from "cloudflare:workers";
import { beginAttempt, forgetAtMs, lockoutStateSchema, NO_FAILURES, type LockoutPolicy } from "./login-lockout";
import { decideHit, withoutHit } from "./sliding-log";
import { takeToken, tokenBucketSchema } from "./token-bucket";

export const HITS_KEY = "hits";
export const LOCKOUT_KEY = "lockout";
export const TOKEN_BUCKET_KEY = "token-bucket";

export interface HitAnswer {
  allowed: boolean;
  retryAfterSeconds: number;
  /** The hit's time, for `takeBack`. */
  hitAtMs: number;
}

export interface TokenAnswer {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

export type LoginAttemptAnswer =
  | { allowed: false; retryAfterSeconds: number }
  | { allowed: true; lockSecondsIfFailed: number; startsEpisode: boolean };

export class RateLimiter extends DurableObject<Env> {
  async hit(limit: number, windowMs: number): Promise<HitAnswer> {
    const now = Date.now();
    const previous = (await this.ctx.storage.get<number[]>(HITS_KEY)) ?? [];
    const decision = decideHit(previous, now, limit, windowMs);
    await this.ctx.storage.put(HITS_KEY, decision.hits);
    await this.ctx.storage.setAlarm(now + windowMs);
    return { allowed: decision.allowed, retryAfterSeconds: Math.ceil(decision.retryAfterMs / 1000), hitAtMs: now };
  }

  async takeBack(hitAtMs: number): Promise<void> {
    const hits = (await this.ctx.storage.get<number[]>(HITS_KEY)) ?? [];
    await this.ctx.storage.put(HITS_KEY, withoutHit(hits, hitAtMs));
  }

  /** One request of an API key allowed `perMinute` requests a minute. */
  async takeToken(perMinute: number): Promise<TokenAnswer> {
    const now = Date.now();
    const stored = tokenBucketSchema.safeParse(await this.ctx.storage.get(TOKEN_BUCKET_KEY));
    const decision = takeToken(stored.success ? stored.data : undefined, now, perMinute);
    await this.ctx.storage.put(TOKEN_BUCKET_KEY, decision.bucket);
    await this.ctx.storage.setAlarm(decision.fullAtMs);
    return { allowed: decision.allowed, remaining: decision.remaining, retryAfterSeconds: Math.ceil(decision.retryAfterMs / 1000) };
  }

  /** Counts the attempt as a failure before the password is checked; a success clears it. */
  async beginLoginAttempt(policy: LockoutPolicy): Promise<LoginAttemptAnswer> {
    const now = Date.now();
    const stored = lockoutStateSchema.safeParse(await this.ctx.storage.get(LOCKOUT_KEY));
    const decision = beginAttempt(stored.success ? stored.data : NO_FAILURES, now, policy);
    if (!decision.allowed) return { allowed: false, retryAfterSeconds: Math.ceil(decision.retryAfterMs / 1000) };
    await this.ctx.storage.put(LOCKOUT_KEY, decision.state);
    await this.ctx.storage.setAlarm(forgetAtMs(decision.state, policy));
    return { allowed: true, lockSecondsIfFailed: Math.ceil(decision.lockMsIfFailed / 1000), startsEpisode: decision.startsEpisode };
  }

  async loginSucceeded(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }
}
