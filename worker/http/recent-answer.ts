// An answer kept for a short while: the public health probe (GET /api/health) answers
// from the last database check younger than `keepMs` instead of asking Postgres on every
// request, so polling it (monitors, load balancers, anyone: it needs no session) cannot
// load the system of record. Only the answer is kept, never a check in flight: in the
// Workers runtime a request's I/O belongs to that request, so another must not wait on it.
export class RecentAnswer<T> {
  #last: { atMs: number; value: T } | null = null;

  constructor(
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The kept answer while it is younger than keepMs, else `ask()`'s, kept from when it came. */
  async get(ask: () => Promise<T>): Promise<T> {
    const last = this.#last;
    const age = last ? this.now() - last.atMs : Infinity;
    if (last && age >= 0 && age < this.keepMs) return last.value;
    const value = await ask();
    this.#last = { atMs: this.now(), value };
    return value;
  }
}
