// Manual clocks for some far-end numbers, beside the simulator's own clock. A test that
// shares a real-clock simulator with others (the workerd suite) can still drive one call
// through time itself: the calls to or from its numbers ring, answer, talk and hang up
// only when it advances that number's clock, never because real seconds passed on a busy
// machine. A leg takes its clock when it is created and keeps it for life, so its timers
// are always cancelled on the clock they were set on.
import { Scheduler } from "./scheduler.ts";

export class NumberClocks {
  private readonly clocks = new Map<string, Scheduler>();

  constructor(
    private readonly shared: Scheduler,
    private readonly onError: (label: string, error: unknown) => void,
  ) {}

  /** From now on, new calls to or from these numbers run on a manual clock of their own (idempotent). */
  holdManual(numbers: readonly string[]): void {
    for (const number of numbers) {
      if (!this.clocks.has(number)) this.clocks.set(number, new Scheduler({ mode: "manual", startAtMs: this.shared.now(), onError: this.onError }));
    }
  }

  /** The clock a new leg with this far-end number runs on. */
  forNumber(number: string): Scheduler {
    return this.clocks.get(number) ?? this.shared;
  }

  isManual(number: string): boolean {
    return this.clocks.has(number);
  }

  /** Moves one number's manual clock; false when that number has none. */
  async advance(number: string, ms: number): Promise<boolean> {
    const clock = this.clocks.get(number);
    if (!clock) return false;
    await clock.advance(ms);
    return true;
  }

  numbers(): string[] {
    return [...this.clocks.keys()];
  }

  /** Reset: every number is back on the simulator's clock, and what was due on theirs is dropped. */
  clear(): void {
    for (const clock of this.clocks.values()) clock.close();
    this.clocks.clear();
  }
}
