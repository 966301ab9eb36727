// The baseline: GET /api/health, one at a time, every intervalMs for the whole run.
// It answers after a `select 1` on a fresh per-request database handle, so it measures
// what any API request pays on this machine under this load, without the call path.
import { monotonicMs } from "./monotonic-clock.ts";
import type { Samples } from "./thread-protocol.ts";

export class HealthProbe {
  readonly samples: Samples = { atMs: [], ms: [], status: [] };
  #timer: NodeJS.Timeout | undefined;
  #inFlight = false;

  constructor(
    private readonly url: string,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.#timer = setInterval(() => void this.#probe(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async #probe(): Promise<void> {
    // One at a time: a slow answer is a sample, not a pile-up of overlapping probes.
    if (this.#inFlight) return;
    this.#inFlight = true;
    const startMs = monotonicMs();
    let status = 0;
    try {
      const response = await fetch(this.url, { signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      status = 0;
    } finally {
      this.samples.atMs.push(startMs);
      this.samples.ms.push(monotonicMs() - startMs);
      this.samples.status.push(status);
      this.#inFlight = false;
    }
  }
}
