// The RecordWriter's reads: at most `concurrency` queries at once (its kept connections),
// the rest waiting in arrival order; a read asked while an identical one is still waiting
// (not yet sent) joins it. So a burst (a hundred calls starting in one campaign, each
// reading the same settings; a console opening a socket per call with one session) costs
// one query per distinct question instead of one per caller queued behind each other,
// and every answer still comes from a query sent after its caller asked: a sign-out or a
// settings change committed before the ask is always seen.
// Pure (no workerd import): tested in Node.

interface Waiting {
  load: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  answer: Promise<unknown>;
}

export class CoalescingReads {
  /** Not yet sent, by question; a Map iterates in insertion order, so the first is the oldest. */
  readonly #waiting = new Map<string, Waiting>();
  #running = 0;

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }

  /** `question` names the read and its arguments exactly; equal questions must have equal answers. */
  read<T>(question: string, load: () => Promise<T>): Promise<T> {
    const waiting = this.#waiting.get(question);
    if (waiting) return waiting.answer as Promise<T>;
    let resolve!: (value: unknown) => void;
    let reject!: (error: unknown) => void;
    const answer = new Promise<unknown>((yes, no) => ((resolve = yes), (reject = no)));
    this.#waiting.set(question, { load, resolve, reject, answer });
    this.#startWhatFits();
    return answer as Promise<T>;
  }

  /** Queries sent and not yet answered, and distinct questions waiting: for tests and the bench. */
  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.size };
  }

  #startWhatFits(): void {
    for (const [question, next] of this.#waiting) {
      if (this.#running >= this.concurrency) return;
      this.#waiting.delete(question);
      this.#running += 1;
      // A load that throws synchronously still rejects its callers and frees its slot.
      Promise.resolve()
        .then(next.load)
        .then(next.resolve, next.reject)
        .finally(() => {
          this.#running -= 1;
          this.#startWhatFits();
        });
    }
  }
}
