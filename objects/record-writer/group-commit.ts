// Group commit: callers hand in rows and wait; one write runs at a time and takes
// everything that queued up while the previous one ran, so a burst of flushes costs
// one transaction instead of one each. A failed group is retried caller by caller, so
// one caller's bad row fails that caller alone and never the others it was grouped with.
export type WriteRows<T> = (rows: T[]) => Promise<void>;

interface Waiting<T> {
  rows: T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<T> {
  readonly #write: WriteRows<T>;
  readonly #maxRows: number;
  readonly #retryAlone: (error: unknown) => boolean;
  #queue: Waiting<T>[] = [];
  #running = false;

  /**
   * maxRows bounds a group (a single caller's rows are never split). retryAlone says
   * whether a failed group is worth retrying caller by caller: not when the database
   * is unreachable, which would fail (or time out) once per caller.
   */
  constructor(write: WriteRows<T>, options: { maxRows: number; retryAlone?: (error: unknown) => boolean }) {
    this.#write = write;
    this.#maxRows = options.maxRows;
    this.#retryAlone = options.retryAlone ?? (() => true);
  }

  /** Resolves once these rows are written (in a group or alone); rejects with the write's error. */
  submit(rows: T[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ rows, resolve, reject });
      void this.#pump();
    });
  }

  /** Callers waiting for a write that has not started yet. */
  get waiting(): number {
    return this.#queue.length;
  }

  async #pump(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#queue.length > 0) await this.#writeGroup(this.#takeGroup());
    } finally {
      this.#running = false;
    }
  }

  #takeGroup(): Waiting<T>[] {
    const group: Waiting<T>[] = [];
    let rows = 0;
    while (this.#queue.length > 0 && (group.length === 0 || rows + this.#queue[0]!.rows.length <= this.#maxRows)) {
      const next = this.#queue.shift()!;
      group.push(next);
      rows += next.rows.length;
    }
    return group;
  }

  async #writeGroup(group: Waiting<T>[]): Promise<void> {
    try {
      await this.#write(group.flatMap((caller) => caller.rows));
      for (const caller of group) caller.resolve();
      return;
    } catch (error) {
      if (group.length === 1 || !this.#retryAlone(error)) {
        for (const caller of group) caller.reject(error);
        return;
      }
    }
    for (const caller of group) {
      try {
        await this.#write(caller.rows);
        caller.resolve();
      } catch (error) {
        caller.reject(error);
      }
    }
  }
}
