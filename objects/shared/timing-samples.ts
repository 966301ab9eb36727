// An actor's own timings for the scale rehearsal (issue 18): the campaign's tick duration
// and lateness, the pool's reservation latency. Kept in memory, the newest CAPACITY of
// each, and read through GET /api/campaigns/:id/engine-stats; an actor that was evicted
// starts again from none (the count says how many there are). Pure, no clock of its own.
//
// Inside workerd the clock moves only on I/O: a duration measured here covers every await
// (RPC, Postgres) and the work before each, but not the synchronous work after the last
// one. That is why the rehearsal reads CPU per actor kind from a profile, not from these.
import type { TimingSummary } from "../../domain/timing-summary";

export type { TimingSummary };

const CAPACITY = 20_000;

export class TimingSamples {
  readonly #values: number[] = [];
  #next = 0;

  add(ms: number): void {
    if (!Number.isFinite(ms)) return;
    const value = Math.max(0, ms);
    if (this.#values.length < CAPACITY) this.#values.push(value);
    else this.#values[this.#next] = value;
    this.#next = (this.#next + 1) % CAPACITY;
  }

  summary(): TimingSummary {
    const sorted = [...this.#values].sort((a, b) => a - b);
    // Nearest rank: p99 of 100 samples is the 99th, never an average with the largest.
    const rank = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : null);
    return { count: sorted.length, p50: rank(0.5), p99: rank(0.99), max: sorted.at(-1) ?? null };
  }
}
