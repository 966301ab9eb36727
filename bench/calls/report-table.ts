// The human table for a BenchReport: latencies side by side with the stages that
// explain them, then the counts, the CPU and Postgres picture, and the targets.
import type { LatencySummary } from "./percentiles.ts";
import { BUSY_MACHINE_PCT, ENGINE_TARGETS, type BenchReport } from "./report.ts";

const msOrDash = (value: number | null) => (value === null ? "-" : `${value.toFixed(2)} ms`);

/** Below this many samples a p99 is little more than the maximum. */
const FEW_SAMPLES = 200;

export function formatReport(report: BenchReport): string {
  const { targets: t, latencyMs: l, webhooks: w, durability: d, calls, cpu, database: db } = report;
  const ms = (value: number | null) => (value === null ? "-" : `${value.toFixed(1)} ms`);
  const row = (label: string, s: LatencySummary) =>
    `${label.padEnd(38)}${ms(s.p50).padStart(10)}${ms(s.p95).padStart(11)}${ms(s.p99).padStart(11)}${ms(s.max).padStart(11)}${String(s.n).padStart(9)}`;
  const verdict = (met: boolean) => (met ? "met" : "MISSED");
  const counts = (record: Record<string, number>) =>
    Object.keys(record).length === 0 ? "none" : Object.entries(record).map(([key, n]) => `${key} ${n}`).join(", ");
  const groupCpu = [...Object.entries(cpu.byGroupPctOfCore), ["other processes", cpu.otherPctOfCore] as const].map(([group, pct]) => `${group} ${pct}%`).join(", ");
  const threads = cpu.busiestThreads.map((th) => `${th.group}/${th.name} ${th.pctOfCore}%`).join(", ");
  const workerRows = Object.entries(report.workerReportedMs)
    .slice(0, 4)
    .map(([route, s]) => row(`  ${route}`, s));

  return [
    `bench:calls  ${report.config.calls} concurrent calls, ${report.config.windowSeconds} s window, simulator speed ${report.config.speed} ` +
      `(a call lasts ${report.config.callSeconds.toFixed(1)} s), ${report.config.cores} cores, wrangler dev` +
      `\n${report.config.stateLocation}` +
      (report.config.diagnostics ? `\nDIAGNOSTIC RUN, stack changed: ${report.config.diagnostics}` : "") +
      (report.workerRestartsSeconds.length > 0
        ? `\nINVALID RUN: wrangler dev restarted the Worker ${report.workerRestartsSeconds.length}x (a source file changed) at ` +
          `${report.workerRestartsSeconds.map((s) => `${s} s`).join(", ")} from the window's start; requests in flight got wrangler's 503 "worker restarted"`
        : "") +
      (report.config.machineBusyBeforeStartPct > BUSY_MACHINE_PCT
        ? `\nWARNING: the machine was ${report.config.machineBusyBeforeStartPct}% busy before the stack started (other processes); numbers are pessimistic`
        : ""),
    "",
    `${"latency (measured window)".padEnd(38)}${"p50".padStart(10)}${"p95".padStart(11)}${"p99".padStart(11)}${"max".padStart(11)}${"n".padStart(9)}`,
    row("webhook -> console broadcast", l.webhookToBroadcast),
    ...(l.webhookToBroadcast.n < FEW_SAMPLES && report.broadcasts.beforeSocketOpen > l.webhookToBroadcast.n
      ? [`  (few samples: ${report.broadcasts.beforeSocketOpen} events came before their call's socket opened, i.e. before POST /api/calls answered)`]
      : []),
    row("  webhook POST round trip (sim->200)", l.webhookRoundTrip),
    row("  simulator queue wait (before POST)", l.simulatorQueueWait),
    row("GET /api/health round trip (baseline)", l.health),
    row("POST /api/calls", l.placeCall),
    "inside workerd (wrangler's request log):",
    ...workerRows,
    "",
    `webhooks/s (2xx, delivery log)        ${w.perSecond} sustained; slowest second ${w.slowestSecond}; ` +
      `offered ~${w.offeredPerSecond} (${w.perCompleteCall} per complete call; ${w.perCall} delivered per call on average)`,
    `lost / duplicated                     ${d.lost} lost of ${d.delivered} delivered events; ${d.extraRows} stored twice; ` +
      `${d.transcriptDuplicates} transcript broadcasts duplicated; ${d.missingSegments} transcript rows missing (outbox drained in ${d.waitedForOutboxSeconds} s)`,
    `broadcasts                            ${report.broadcasts.measured} measured; ${report.broadcasts.beforeSocketOpen} before the socket opened (not measured); ` +
      `no broadcast seen: ${counts(report.broadcasts.notSeenByType)}`,
    `calls                                 placed ${calls.placed}; ended ${counts(calls.endedByStatus)}; timed out ${calls.timedOut}; ` +
      `socket failures ${calls.socketFailures}; in flight avg ${calls.inFlight.avg}, min ${calls.inFlight.min}`,
    `                                      of ${calls.whole.calls} calls hung up: ${calls.whole.withTranscript} got a transcript, ` +
      `${calls.whole.withRecording} a recording (a live-human call has both)`,
    `errors                                POST /api/calls: ${counts(report.errors.placeCallByStatus)}; health not 200: ${report.errors.healthNotOk}; ` +
      `webhooks not 2xx: ${counts(w.notDelivered)}; retries ${w.retries}`,
    ...Object.entries(w.notOkAnswers).map(([answer, n]) => `  webhook answered x${n} ${answer}`),
    `engine log events                     ${counts(report.engineLogEvents)}`,
    ...Object.entries(report.engineLogReasons).flatMap(([event, reasons]) =>
      Object.entries(reasons)
        .slice(0, 2)
        .map(([why, n]) => `  ${event} x${n}: ${why}`),
    ),
    `CPU (window)                          machine ${cpu.machineBusyPct}% busy of ${cpu.cores} cores; % of one core: ${groupCpu}`,
    `                                      busiest threads: ${threads}`,
    `                                      loadavg ${cpu.loadAverage.map((n) => n.toFixed(2)).join(" ")}; main thread (simulators; the relay has its own thread) ` +
      `${Math.round(cpu.mainThread.eventLoopUtilization * 100)}% busy, loop delay p99 ${cpu.mainThread.eventLoopDelayP99Ms.toFixed(1)} ms; ` +
      `load-client thread ${Math.round(cpu.loadClientThreadUtilization * 100)}% busy`,
    `CPU per webhook (window)              engine (workerd-runtime + postgres) ${msOrDash(report.cpuMsPerWebhook.engine)}; ` +
      `harness (workerd-proxy, wrangler-node, bench-node) ${msOrDash(report.cpuMsPerWebhook.harness)}; ` +
      Object.entries(report.cpuMsPerWebhook.byGroup)
        .map(([group, value]) => `${group} ${msOrDash(value)}`)
        .join(", "),
    ...steadyLines(report),
    `Postgres (window)                     connections max ${db.connections.max}, avg ${db.connections.avg} (avg ${db.idleConnections.avg} idle); ` +
      `${db.sessionsPerSecond} new sessions/s; ${db.commitsPerSecond} commits/s`,
    `                                      waiting for the audit advisory lock max ${db.waitingForAdvisoryLock.max}, avg ${db.waitingForAdvisoryLock.avg}; ` +
      `for a row lock max ${db.waitingForRowLock.max}; idle in transaction max ${db.idleInTransaction.max}, avg ${db.idleInTransaction.avg}`,
    ...Object.entries(db.lockWaitStatements)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([statement, n]) => `  up to ${n} waiting in: ${statement}`),
    ...Object.entries(db.idleInTransactionStatements)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([statement, n]) => `  up to ${n} idle in transaction after: ${statement}`),
    ...sqlProfileLines(report),
    `run                                   ${report.durationsSeconds.total} s: stack start ${report.durationsSeconds.stackStart} s, ` +
      `ramp ${report.durationsSeconds.ramp} s, window ${report.durationsSeconds.window} s, drain ${report.durationsSeconds.drain} s, ` +
      `checks ${report.durationsSeconds.check} s; delivery log fetched ${w.logFetchMs.n}x (max ${ms(w.logFetchMs.max)}), ${w.logEntriesMissing} entries missed`,
    `stack stopped                         ${report.leftoverProcesses.length === 0 ? "no workerd, postgres or wrangler process left" : `LEFT RUNNING: ${report.leftoverProcesses.map((p) => `${p.group} ${p.pid}`).join(", ")}`}`,
    "",
    `targets (issue 3)  ${t.concurrentCalls.target} concurrent calls: ${verdict(t.concurrentCalls.met)} (min in flight ${t.concurrentCalls.minInFlight})` +
      ` | >= ${t.webhooksPerSecond.target} webhooks/s: ${verdict(t.webhooksPerSecond.met)} (${t.webhooksPerSecond.value})` +
      ` | p99 <= ${t.webhookToBroadcastP99Ms.target} ms: ${verdict(t.webhookToBroadcastP99Ms.met)} (${ms(t.webhookToBroadcastP99Ms.value)})` +
      ` | zero lost: ${verdict(t.lost.met)} (${t.lost.value})`,
    `targets (issue 18) engine CPU <= ${ENGINE_TARGETS.engineCpuMsPerWebhook} ms per webhook at ${t.concurrentCalls.target} calls: ` +
      `${verdict(report.engineCpuMsPerWebhook !== null && report.engineCpuMsPerWebhook <= ENGINE_TARGETS.engineCpuMsPerWebhook)} (${msOrDash(report.engineCpuMsPerWebhook)} steady; ${msOrDash(report.cpuMsPerWebhook.engine)} with placements)`,
    `overload${report.overload.judged ? " (judged: --overload)" : "          "} webhook ack p99 < ${ENGINE_TARGETS.ackP99Ms} ms, none timed out, zero lost: ` +
      `${report.overload.judged ? verdict(report.overload.met) : report.overload.met ? "held" : "not held"} ` +
      `(ack p99 ${ms(report.overload.ackP99Ms)}, max ${ms(report.overload.ackMaxMs)}; ${report.overload.timedOutWebhooks} timed out, ${report.overload.unreachableWebhooks} unreachable; ` +
      `${report.overload.placementsRefused} placements shed with 503; backlog drained ${report.overload.backlogDrainedSeconds} s after the window)`,
  ].join("\n");
}

function steadyLines(report: BenchReport): string[] {
  const steady = report.steady;
  if (!steady) return ["CPU per webhook (steady)              - (the steady window was not taken)"];
  return [
    `CPU per webhook (steady)              engine ${msOrDash(steady.cpuMsPerWebhook.engine)} (` +
      Object.entries(steady.cpuMsPerWebhook.byGroup)
        .map(([group, value]) => `${group} ${msOrDash(value)}`)
        .join(", ") +
      `); harness ${msOrDash(steady.cpuMsPerWebhook.harness)}: ${steady.webhooks} webhooks in ${steady.seconds} s after the window, ` +
      `${steady.placements} placed, calls in flight ${steady.callsInFlight.atStart} -> ${steady.callsInFlight.atEnd}`,
    `CPU per placement (window)            engine ${msOrDash(report.engineCpuMsPerPlacement)}: the window's engine CPU less its webhooks at the steady rate, per call placed`,
  ];
}

function sqlProfileLines(report: BenchReport): string[] {
  const profile = report.sqlProfile;
  if (!profile) return [];
  return [
    `SQL (window, pg_stat_statements)      ${profile.statementsPerWebhook ?? "-"} statements per webhook, ${msOrDash(profile.execMsPerWebhook)} of execution per webhook (${profile.webhooks} webhooks); by total time:`,
    ...profile.top.map((s) => `  ${s.totalMs.toFixed(0).padStart(7)} ms ${String(s.calls).padStart(6)} calls (${s.callsPerWebhook ?? "-"}/webhook, mean ${s.meanMs} ms): ${s.statement}`),
  ];
}
