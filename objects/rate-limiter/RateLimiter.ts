// One RateLimiter actor per (bucket, key), e.g. login attempts for one address. The
// count lives in durable storage, not process memory, so it holds across Worker
// isolates and machines. An alarm clears the log once the window has passed.
import { DurableObject } from "cloudflare:workers";
import { decideHit } from "./sliding-log";

const HITS_KEY = "hits";

export class RateLimiter extends DurableObject<Env> {
  async hit(limit: number, windowMs: number): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
    const now = Date.now();
    const previous = (await this.ctx.storage.get<number[]>(HITS_KEY)) ?? [];
    const decision = decideHit(previous, now, limit, windowMs);
    await this.ctx.storage.put(HITS_KEY, decision.hits);
    await this.ctx.storage.setAlarm(now + windowMs);
    return { allowed: decision.allowed, retryAfterSeconds: Math.ceil(decision.retryAfterMs / 1000) };
  }

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }
}
