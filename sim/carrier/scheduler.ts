// The simulator's one timer queue. Everything that happens "later" on a call (rings,
// answers, utterances, hangups, webhook retries, late or held deliveries) is a timer
// here, so one switch decides what drives time: real timers (`npm start`, load tests)
// or a manual clock that tests move with advance(ms), never sleeping. It also tracks
// in-flight async work (webhook deliveries) so a manual advance can wait for what each
// timer set off before firing the next one, which makes a seeded run repeatable.

export type ClockMode = "real" | "manual";
export type TimerId = number;

interface Timer {
  id: TimerId;
  at: number;
  /** Ties at the same instant fire in the order they were scheduled. */
  seq: number;
  label: string;
  run: () => void;
}

export interface SchedulerOptions {
  mode: ClockMode;
  /** Where a manual clock starts (epoch ms). Default: the real time at creation. */
  startAtMs?: number;
  onError?: (label: string, error: unknown) => void;
}

/** setTimeout's ceiling; a later timer is re-armed when this one fires. */
const MAX_TIMEOUT_MS = 2_147_483_647;

export class Scheduler {
  readonly mode: ClockMode;
  private virtualNowMs: number;
  private readonly timers: Timer[] = [];
  private nextId = 1;
  private nextSeq = 0;
  private realTimer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();
  private advancing: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly onError: (label: string, error: unknown) => void;

  constructor(options: SchedulerOptions) {
    this.mode = options.mode;
    this.virtualNowMs = options.startAtMs ?? Date.now();
    this.onError = options.onError ?? (() => {});
  }

  /** Epoch milliseconds on the simulator's clock. */
  now(): number {
    return this.mode === "real" ? Date.now() : this.virtualNowMs;
  }

  after(delayMs: number, label: string, run: () => void): TimerId {
    const timer: Timer = { id: this.nextId++, at: this.now() + Math.max(0, delayMs), seq: this.nextSeq++, label, run };
    let index = this.timers.length;
    while (index > 0 && this.timers[index - 1]!.at > timer.at) index--;
    this.timers.splice(index, 0, timer);
    if (index === 0) this.arm();
    return timer.id;
  }

  cancel(id: TimerId | null | undefined): void {
    if (id == null) return;
    const index = this.timers.findIndex((timer) => timer.id === id);
    if (index < 0) return;
    this.timers.splice(index, 1);
    if (index === 0) this.arm();
  }

  /** Registers async work that a manual advance (and idle()) waits for. */
  track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const forget = () => this.inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Resolves once no tracked work is in flight (work started meanwhile included). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Manual clock only: moves time forward by `ms`, firing due timers in order and
   * letting the work each one starts finish before the next fires.
   */
  advance(ms: number): Promise<void> {
    if (this.mode !== "manual") return Promise.reject(new Error("advance() needs the manual clock"));
    if (!(ms >= 0)) return Promise.reject(new Error(`advance() needs a non-negative duration, got ${ms}`));
    const run = this.advancing.then(() => this.advanceNow(ms));
    this.advancing = run.catch(() => {});
    return run;
  }

  /** Drops every timer (reset). Tracked work is left to finish. */
  clear(): void {
    this.timers.length = 0;
    this.arm();
  }

  close(): void {
    this.closed = true;
    this.clear();
  }

  private async advanceNow(ms: number): Promise<void> {
    const targetMs = this.virtualNowMs + ms;
    await this.idle();
    for (;;) {
      const head = this.timers[0];
      if (!head || head.at > targetMs || this.closed) break;
      this.timers.shift();
      this.virtualNowMs = Math.max(this.virtualNowMs, head.at);
      this.fire(head);
      await this.idle();
    }
    this.virtualNowMs = Math.max(this.virtualNowMs, targetMs);
    await this.idle();
  }

  private fire(timer: Timer): void {
    try {
      timer.run();
    } catch (error) {
      this.onError(timer.label, error);
    }
  }

  /** Real clock: one setTimeout, always for the earliest timer. */
  private arm(): void {
    if (this.mode !== "real") return;
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = null;
    const head = this.timers[0];
    if (!head || this.closed) return;
    const waitMs = Math.min(MAX_TIMEOUT_MS, Math.max(0, head.at - Date.now()));
    this.realTimer = setTimeout(() => this.fireDue(), waitMs);
  }

  private fireDue(): void {
    this.realTimer = null;
    while (!this.closed) {
      const head = this.timers[0];
      if (!head || head.at > Date.now()) break;
      this.timers.shift();
      this.fire(head);
    }
    this.arm();
  }
}
