// An actor's one alarm, remembering what this instance last set it to, so a pass that
// wants the same time again writes nothing. A call pass ends by setting its alarm, and
// a call has a pass per event: rewriting the same time each pass was ~4 % of the
// isolate's time under 200 calls. What is remembered is only this instance's own
// writes; a new instance (after an eviction) and a fired alarm start from "not known".
//
// `earlierStays`: for an actor whose alarm handler does only what is due and then sets the
// next alarm, an alarm known to be set no later than the time asked for is left as it is
// (it fires early, finds nothing due, and sets the later one), and so is one asked to be
// deleted. The agent pool asks for "now" after each agent's change (its presence history
// to write), a new time each change: without this every reservation waited for a storage
// write (docs/scale.md, "2026-12-07: the pool's reservation").
import type { AlarmStorage } from "./named-timers";

export type AlarmBackend = AlarmStorage & { getAlarm(): Promise<number | null> };

export class KeptAlarm implements AlarmBackend {
  /** undefined: not known here (a new instance, or the alarm just ran). */
  #atMs: number | null | undefined;

  constructor(
    private readonly storage: AlarmBackend,
    private readonly options: { earlierStays?: boolean } = {},
  ) {}

  async getAlarm(): Promise<number | null> {
    if (this.#atMs === undefined) this.#atMs = await this.storage.getAlarm();
    return this.#atMs;
  }

  async setAlarm(scheduledTimeMs: number): Promise<void> {
    if (this.#atMs === scheduledTimeMs) return;
    if (this.options.earlierStays && this.#atMs != null && this.#atMs <= scheduledTimeMs) return;
    this.#atMs = undefined;
    await this.storage.setAlarm(scheduledTimeMs);
    this.#atMs = scheduledTimeMs;
  }

  async deleteAlarm(): Promise<void> {
    if (this.#atMs === null) return;
    if (this.options.earlierStays && this.#atMs !== undefined) return;
    this.#atMs = undefined;
    await this.storage.deleteAlarm();
    this.#atMs = null;
  }

  /** The alarm ran: the runtime cleared it, or will retry it; either way it is not known here now. */
  fired(): void {
    this.#atMs = undefined;
  }
}
