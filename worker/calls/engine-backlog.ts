// Is the engine behind? Measured where the carrier waits: the time from a webhook
// entering this Worker to its call actor answering that the event is stored (the ack).
// Storing an event is a few SQLite writes, so when it takes long the actors' thread has
// a queue in front of it (folds, passes, flushes of other calls), and every new call
// placed now adds its webhooks to that queue. So while a webhook has waited, or recently
// waited, BEHIND_AFTER_MS or more (a quarter of the 1 s the carrier's ack must stay
// under), new placements are refused with Retry-After and carrier events are still
// taken: calls in flight keep their events, the queue drains, and placing resumes by
// itself. A quarter, not a half: a call placed now sends its webhooks for a whole call
// length, so shedding works with a delay, and at half a second the acks of the calls
// already placed went on past the second (bench:calls --overload).
// Per isolate: it sees the webhooks this isolate handles, which is where its own
// placements would add to the queue (locally one isolate handles all of them).
import { ApiError } from "../http/errors";

/** A webhook store slower than this means the engine is behind. */
export const BEHIND_AFTER_MS = 250;
/** A slow store keeps the engine "behind" this long after it was answered. */
export const SLOW_STORE_MEMORY_MS = 2000;

export type EngineBacklog = { behind: false } | { behind: true; waitedMs: number; retryAfterSeconds: number; reason: string };

export class EngineBacklogGauge {
  readonly #started = new Map<number, number>();
  #nextId = 0;
  /** When the last slow store was answered, and how long it had waited. */
  #lastSlow: { atMs: number; waitedMs: number } | null = null;

  constructor(private readonly nowMs: () => number = () => Date.now()) {}

  /** A webhook starts waiting for its store; call the returned function once it is answered (or failed). */
  webhookStarted(): () => void {
    const id = this.#nextId++;
    const startedAtMs = this.nowMs();
    this.#started.set(id, startedAtMs);
    return () => {
      if (!this.#started.delete(id)) return;
      const now = this.nowMs();
      const waitedMs = now - startedAtMs;
      if (waitedMs >= BEHIND_AFTER_MS) this.#lastSlow = { atMs: now, waitedMs };
    };
  }

  /** Webhooks waiting for their store right now. */
  get waiting(): number {
    return this.#started.size;
  }

  read(): EngineBacklog {
    const now = this.nowMs();
    let oldestWaitMs = 0;
    for (const startedAtMs of this.#started.values()) oldestWaitMs = Math.max(oldestWaitMs, now - startedAtMs);
    if (oldestWaitMs >= BEHIND_AFTER_MS) {
      return { behind: true, waitedMs: oldestWaitMs, retryAfterSeconds: Math.ceil(SLOW_STORE_MEMORY_MS / 1000), reason: `a carrier event has waited ${oldestWaitMs} ms to be stored` };
    }
    const slow = this.#lastSlow;
    if (slow && now - slow.atMs < SLOW_STORE_MEMORY_MS) {
      const retryAfterSeconds = Math.max(1, Math.ceil((slow.atMs + SLOW_STORE_MEMORY_MS - now) / 1000));
      return { behind: true, waitedMs: slow.waitedMs, retryAfterSeconds, reason: `a carrier event waited ${slow.waitedMs} ms to be stored ${now - slow.atMs} ms ago` };
    }
    return { behind: false };
  }
}

/** This isolate's gauge: the carrier webhook route feeds it, placements read it. */
export const engineBacklog = new EngineBacklogGauge();

/** Throws the 503 a new placement gets while the engine is behind (nothing is placed). */
export function refusePlacementWhenBehind(gauge: EngineBacklogGauge = engineBacklog): void {
  const backlog = gauge.read();
  if (!backlog.behind) return;
  throw new ApiError(503, "service_unavailable", `The engine is behind (${backlog.reason}): no call was placed; retry in ${backlog.retryAfterSeconds} s`, undefined, {
    "retry-after": String(backlog.retryAfterSeconds),
  });
}
