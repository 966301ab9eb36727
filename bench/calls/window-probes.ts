// What the main thread samples at the edges of the measured window: CPU per part of
// the stack (/proc), Postgres counters and activity, this thread's event-loop
// utilisation and delay (it runs the simulator and the database relay), load average.
import os from "node:os";
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from "node:perf_hooks";
import { monotonicMs } from "./monotonic-clock.ts";
import type { DatabaseCounters, PostgresProbe, StatementStat } from "./postgres-probe.ts";
import { cpuUsageBetween, takeCpuSnapshot, type CpuSnapshot, type CpuUsage } from "./process-cpu.ts";

const DB_SAMPLE_INTERVAL_MS = 1_000;
const LOOP_DELAY_RESOLUTION_MS = 10;

export interface WindowMeasurements {
  cpu: CpuUsage;
  loadAverage: number[];
  mainThread: { eventLoopUtilization: number; eventLoopDelayP99Ms: number; eventLoopDelayMaxMs: number };
  database: { atWindowStart: DatabaseCounters; atWindowEnd: DatabaseCounters; statements: StatementStat[] | null };
  /** The steady window after the measured one (no placement in it), when it was taken: CPU per part and its edges. */
  steady: { cpu: CpuUsage; startMs: number; endMs: number } | null;
  /** Every snapshot taken, to check after stop() that no process of the stack is left. */
  snapshots: CpuSnapshot[];
}

export class WindowProbes {
  readonly #loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  #start: { cpu: CpuSnapshot; db: Promise<DatabaseCounters>; elu: EventLoopUtilization; statementsReset: Promise<void> } | undefined;
  #end: { cpu: CpuSnapshot; db: Promise<DatabaseCounters>; elu: EventLoopUtilization; loadAverage: number[]; statements: Promise<StatementStat[]> | null } | undefined;
  #steadyStart: CpuSnapshot | undefined;
  #steadyEnd: CpuSnapshot | undefined;

  /** profileSql: pg_stat_statements is reset at the window's start and read at its end. */
  constructor(
    private readonly database: PostgresProbe,
    private readonly workerPort: number,
    private readonly profileSql = false,
  ) {}

  windowStarted(): void {
    this.#start = {
      cpu: takeCpuSnapshot(monotonicMs(), this.workerPort),
      db: this.database.counters(),
      elu: performance.eventLoopUtilization(),
      statementsReset: this.profileSql ? this.database.resetStatementStats() : Promise.resolve(),
    };
    this.database.startSampling(DB_SAMPLE_INTERVAL_MS);
    this.#loopDelay.enable();
  }

  windowEnded(): void {
    if (!this.#start) return;
    this.#end = {
      cpu: takeCpuSnapshot(monotonicMs(), this.workerPort),
      db: this.database.counters(),
      elu: performance.eventLoopUtilization(this.#start.elu),
      loadAverage: os.loadavg(),
      statements: this.profileSql ? this.#start.statementsReset.then(() => this.database.statementStats()) : null,
    };
    this.database.stopSampling();
    this.#loopDelay.disable();
  }

  /** The steady window's edges: calls in flight, none being placed (run.ts times them after the measured window). */
  steadyStarted(): void {
    this.#steadyStart = takeCpuSnapshot(monotonicMs(), this.workerPort);
  }

  /** The first call ends it: the timer one call length after the window, or the last call ending before that. */
  steadyEnded(): void {
    if (this.#steadyStart && !this.#steadyEnd) this.#steadyEnd = takeCpuSnapshot(monotonicMs(), this.workerPort);
  }

  async measurements(): Promise<WindowMeasurements> {
    const start = this.#start;
    const end = this.#end;
    if (!start || !end) throw new Error("The load client never reported its measured window");
    return {
      cpu: cpuUsageBetween(start.cpu, end.cpu),
      loadAverage: end.loadAverage,
      mainThread: {
        eventLoopUtilization: end.elu.utilization,
        eventLoopDelayP99Ms: this.#loopDelay.percentile(99) / 1e6,
        eventLoopDelayMaxMs: this.#loopDelay.max / 1e6,
      },
      database: { atWindowStart: await start.db, atWindowEnd: await end.db, statements: end.statements ? await end.statements : null },
      steady:
        this.#steadyStart && this.#steadyEnd
          ? { cpu: cpuUsageBetween(this.#steadyStart, this.#steadyEnd), startMs: this.#steadyStart.atMs, endMs: this.#steadyEnd.atMs }
          : null,
      snapshots: [start.cpu, end.cpu, ...(this.#steadyEnd ? [this.#steadyEnd] : [])],
    };
  }
}
