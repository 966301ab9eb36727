// Runs an actor's pass (run due tasks, flush the outbox, set the alarm) one at a time,
// and any other work that changes the actor's state in the same line (`alone`).
// Every await on the network opens the actor's input gate, so a webhook, an RPC and the
// alarm can all ask for a pass while one runs; two passes at once would both see the same
// task due and send it twice. A request while a pass runs queues one more pass, and
// requests made before that one starts join it (their options merged), so a burst of
// webhooks costs one extra pass, and the alarm awaits a pass that starts after its own
// changes were stored. Work given to `alone` (an RPC that reads, awaits another actor,
// then writes) waits for everything asked for before it, and everything asked for after
// it waits for it: nothing in the line interleaves with anything else at an await.
export class OnePassAtATime<Options, Result> {
  #tail: Promise<unknown> = Promise.resolve();
  #queued: { slot: { options: Options }; result: Promise<Result> } | null = null;

  constructor(
    private readonly pass: (options: Options) => Promise<Result>,
    /** Two requests served by one pass: what that pass should do. */
    private readonly merge: (queued: Options, joining: Options) => Options,
  ) {}

  /** Resolves with the result of a pass that starts after this call (a failed pass rejects every joiner). */
  request(options: Options): Promise<Result> {
    const queued = this.#queued;
    if (queued) {
      queued.slot.options = this.merge(queued.slot.options, options);
      return queued.result;
    }
    const slot = { options };
    const result = this.#tail.then(() => {
      // Started: later requests queue behind this pass instead of joining it.
      if (this.#queued?.slot === slot) this.#queued = null;
      return this.pass(slot.options);
    });
    this.#queued = { slot, result };
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs `work` in the line: after every pass and work asked for before it, and before any
   * asked for after it (a pass requested later queues behind it rather than joining one
   * ahead of it). Resolves or rejects as `work` does; a failure does not stop the line.
   * `work` must never await a pass of this same line: that pass would wait for it forever.
   */
  alone<T>(work: () => Promise<T>): Promise<T> {
    this.#queued = null;
    const result = this.#tail.then(work);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
