// Turns what the run collected into the report: webhooks/s, webhook-to-broadcast
// latency beside the per-stage times that explain it, lost and duplicated events, the
// health baseline, and where the CPU went. Pure: no I/O, so it can be read on its own.
import type { ActivitySample, DurabilityCheck, DatabaseCounters } from "./postgres-probe.ts";
import type { DeliveryLog } from "./delivery-log.ts";
import { diagnosticsLabel, type BenchOptions } from "./options.ts";
import { summarize, type LatencySummary } from "./percentiles.ts";
import type { CpuUsage, ProcessGroup } from "./process-cpu.ts";
import type { ClientResult, Samples } from "./thread-protocol.ts";
import type { WebhookTiming } from "./webhook-stopwatch.ts";
import type { RequestLine } from "./worker-output.ts";

/** Issue 3's targets for this machine under `wrangler dev`. */
export const TARGETS = { concurrentCalls: 200, webhooksPerSecond: 300, webhookToBroadcastP99Ms: 50, lost: 0 } as const;
/** Above this share of all cores busy before the stack starts, the report warns that others were using the machine. */
export const BUSY_MACHINE_PCT = 10;

export interface ReportInputs {
  options: BenchOptions;
  /** Share of all cores busy in the seconds before the stack started (other people's work). */
  busyBeforeStartPct: number;
  callMs: number;
  phasesMs: { benchStart: number; stackReady: number; drained: number; checked: number };
  window: { startMs: number; endMs: number };
  client: ClientResult;
  webhooks: readonly WebhookTiming[];
  deliveryLog: DeliveryLog;
  /** The monotonic time at which the simulator's delivery-log clock (atMs) read 0. */
  simulatorClockOriginMs: number;
  durability: DurabilityCheck;
  deliveredEventIds: readonly string[];
  cpu: CpuUsage;
  loadAverage: number[];
  mainThread: { eventLoopUtilization: number; eventLoopDelayP99Ms: number; eventLoopDelayMaxMs: number };
  database: { atWindowStart: DatabaseCounters; atWindowEnd: DatabaseCounters; activity: ActivitySample[]; lockWaitStatements: Record<string, number> };
  workerRequests: readonly RequestLine[];
  engineLogEvents: Record<string, number>;
  engineLogReasons: Record<string, Record<string, number>>;
  leftoverProcesses: { pid: number; group: ProcessGroup }[];
}

export interface BenchReport {
  config: {
    calls: number;
    windowSeconds: number;
    speed: number;
    callSeconds: number;
    cores: number;
    diagnostics: string;
    machineBusyBeforeStartPct: number;
  };
  targets: {
    concurrentCalls: { target: number; minInFlight: number; met: boolean };
    webhooksPerSecond: { target: number; value: number; met: boolean };
    webhookToBroadcastP99Ms: { target: number; value: number | null; met: boolean };
    lost: { target: number; value: number; met: boolean };
  };
  webhooks: {
    perSecond: number;
    slowestSecond: number;
    perSecondFromResponses: number;
    perCall: number;
    offeredPerSecond: number;
    notDelivered: Record<string, number>;
    retries: number;
    logEntriesMissing: number;
    logFetchMs: LatencySummary;
  };
  latencyMs: {
    webhookToBroadcast: LatencySummary;
    webhookRoundTrip: LatencySummary;
    simulatorQueueWait: LatencySummary;
    health: LatencySummary;
    placeCall: LatencySummary;
  };
  workerReportedMs: Record<string, LatencySummary>;
  broadcasts: { measured: number; beforeSocketOpen: number; notSeenByType: Record<string, number> };
  durability: {
    delivered: number;
    lost: number;
    lostExamples: string[];
    extraRows: number;
    missingSegments: number;
    transcriptDuplicates: number;
    duplicateExamples: string[];
    waitedForOutboxSeconds: number;
  };
  calls: {
    /** Calls whose hang-up was delivered, and how many of them also got a transcript and a recording. */
    whole: { calls: number; withTranscript: number; withRecording: number };
    placed: number;
    endedByStatus: Record<string, number>;
    timedOut: number;
    socketFailures: number;
    liveAtEnd: number;
    inFlight: { avg: number; min: number };
  };
  errors: { placeCallByStatus: Record<string, number>; healthNotOk: number; invalidSocketMessages: number; examples: string[] };
  cpu: CpuUsage & {
    loadAverage: number[];
    mainThread: ReportInputs["mainThread"];
    loadClientThreadUtilization: number;
  };
  database: {
    connections: { max: number; avg: number };
    idleConnections: { avg: number };
    idleInTransaction: { max: number; avg: number };
    waitingForAdvisoryLock: { max: number; avg: number };
    waitingForRowLock: { max: number; avg: number };
    /** Statements seen waiting for a lock, with the most seen waiting at once. */
    lockWaitStatements: Record<string, number>;
    sessionsPerSecond: number;
    commitsPerSecond: number;
  };
  engineLogEvents: Record<string, number>;
  engineLogReasons: Record<string, Record<string, number>>;
  durationsSeconds: { stackStart: number; ramp: number; window: number; drain: number; check: number; total: number };
  leftoverProcesses: { pid: number; group: ProcessGroup }[];
}

const isOk = (status: number | null) => status !== null && status >= 200 && status < 300;
const maxAndAvg = (values: number[]) => ({
  max: values.length > 0 ? Math.max(...values) : 0,
  avg: Math.round((values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)) * 10) / 10,
});
const round1 = (n: number) => Math.round(n * 10) / 10;

export function buildReport(input: ReportInputs): BenchReport {
  const { window, client, options } = input;
  const windowSeconds = (window.endMs - window.startMs) / 1000;
  const inWindow = (atMs: number) => atMs >= window.startMs && atMs < window.endMs;

  // The simulator's delivery log: 2xx deliveries, by when they were queued.
  const delivered = input.deliveryLog.entries.filter((e) => e.outcome === "delivered");
  const deliveredInWindow = delivered.map((e) => input.simulatorClockOriginMs + e.atMs).filter(inWindow);
  const buckets = new Array<number>(Math.max(1, Math.floor(windowSeconds))).fill(0);
  for (const atMs of deliveredInWindow) {
    const bucket = Math.floor((atMs - window.startMs) / 1000);
    if (bucket < buckets.length) buckets[bucket]!++;
  }
  const notDelivered: Record<string, number> = {};
  for (const entry of input.deliveryLog.entries) if (entry.outcome !== "delivered") notDelivered[entry.outcome] = (notDelivered[entry.outcome] ?? 0) + 1;

  // Per event: the first attempt's start, whether any attempt got a 2xx.
  const firstAttempt = new Map<string, WebhookTiming>();
  const okEvents = new Set<string>();
  for (const timing of input.webhooks) {
    const first = firstAttempt.get(timing.eventId);
    if (!first || timing.startMs < first.startMs) firstAttempt.set(timing.eventId, timing);
    if (isOk(timing.status)) okEvents.add(timing.eventId);
  }

  // Webhook → first console message carrying its id, for events whose call's socket was open.
  const openedAt = new Map(client.sockets.callIds.map((id, i) => [id, client.sockets.openedAtMs[i]!]));
  const firstSeen = new Map(client.broadcasts.eventIds.map((id, i) => [id, client.broadcasts.firstSeenMs[i]!]));
  const broadcastMs: number[] = [];
  const notSeenByType: Record<string, number> = {};
  let beforeSocketOpen = 0;
  for (const [eventId, first] of firstAttempt) {
    if (!okEvents.has(eventId) || !inWindow(first.startMs)) continue;
    const opened = first.callId === null ? undefined : openedAt.get(first.callId);
    if (opened === undefined || opened < 0 || opened > first.startMs) {
      beforeSocketOpen++;
      continue;
    }
    const seen = firstSeen.get(eventId);
    if (seen === undefined) notSeenByType[first.eventType] = (notSeenByType[first.eventType] ?? 0) + 1;
    else broadcastMs.push(seen - first.startMs);
  }

  const okInWindow = input.webhooks.filter((t) => isOk(t.status) && inWindow(t.startMs));
  const queueWaitMs: number[] = [];
  for (const entry of input.deliveryLog.entries) {
    const first = entry.attempt === 1 ? firstAttempt.get(entry.eventId) : undefined;
    if (first && inWindow(first.startMs)) queueWaitMs.push(first.startMs - (input.simulatorClockOriginMs + entry.atMs));
  }

  // Webhooks per call, over calls whose hang-up was delivered (whole calls only).
  const eventsByCall = new Map<string, { events: number; ended: boolean; transcript: boolean; recording: boolean }>();
  for (const [eventId, first] of firstAttempt) {
    if (!okEvents.has(eventId) || first.callId === null) continue;
    const call = eventsByCall.get(first.callId) ?? { events: 0, ended: false, transcript: false, recording: false };
    call.events++;
    if (first.eventType === "call.hangup") call.ended = true;
    if (first.eventType === "call.transcription") call.transcript = true;
    if (first.eventType === "call.recording.saved") call.recording = true;
    eventsByCall.set(first.callId, call);
  }
  const wholeCalls = [...eventsByCall.values()].filter((c) => c.ended);
  const perCall = wholeCalls.length > 0 ? wholeCalls.reduce((sum, c) => sum + c.events, 0) / wholeCalls.length : 0;

  const workerReportedMs: Record<string, LatencySummary> = {};
  const byRoute = new Map<string, number[]>();
  for (const line of input.workerRequests) {
    if (!inWindow(line.atMs)) continue;
    const times = byRoute.get(line.route) ?? [];
    times.push(line.ms);
    byRoute.set(line.route, times);
  }
  for (const [route, ms] of [...byRoute.entries()].sort((a, b) => b[1].length - a[1].length)) workerReportedMs[route] = summarize(ms);

  const samplesInWindow = (samples: Samples) => samples.ms.filter((_, i) => inWindow(samples.atMs[i]!));
  const healthInWindow = client.health.status.filter((_, i) => inWindow(client.health.atMs[i]!));
  const inFlight = client.calls.liveSamples;
  const { atWindowStart: dbStart, atWindowEnd: dbEnd, activity } = input.database;
  const dbSeconds = (dbEnd.atMs - dbStart.atMs) / 1000;
  const webhookToBroadcast = summarize(broadcastMs);
  const perSecond = round1(deliveredInWindow.length / windowSeconds);
  const lost = input.durability.missing.length;
  const minInFlight = inFlight.length > 0 ? Math.min(...inFlight) : 0;
  const { phasesMs } = input;

  return {
    config: {
      calls: options.calls,
      windowSeconds,
      speed: options.speed,
      callSeconds: input.callMs / 1000,
      cores: input.cpu.cores,
      diagnostics: diagnosticsLabel(options),
      machineBusyBeforeStartPct: input.busyBeforeStartPct,
    },
    targets: {
      concurrentCalls: { target: TARGETS.concurrentCalls, minInFlight, met: options.calls >= TARGETS.concurrentCalls && minInFlight >= TARGETS.concurrentCalls },
      webhooksPerSecond: { target: TARGETS.webhooksPerSecond, value: perSecond, met: perSecond >= TARGETS.webhooksPerSecond },
      webhookToBroadcastP99Ms: {
        target: TARGETS.webhookToBroadcastP99Ms,
        value: webhookToBroadcast.p99,
        met: webhookToBroadcast.p99 !== null && webhookToBroadcast.p99 <= TARGETS.webhookToBroadcastP99Ms,
      },
      lost: { target: TARGETS.lost, value: lost, met: lost === TARGETS.lost && input.deliveredEventIds.length > 0 },
    },
    webhooks: {
      perSecond,
      slowestSecond: Math.min(...buckets),
      perSecondFromResponses: round1(input.webhooks.filter((t) => isOk(t.status) && t.endMs !== null && inWindow(t.endMs)).length / windowSeconds),
      perCall: round1(perCall),
      offeredPerSecond: round1((perCall * options.calls) / (input.callMs / 1000)),
      notDelivered,
      retries: input.deliveryLog.entries.filter((e) => e.attempt > 1).length,
      logEntriesMissing: input.deliveryLog.missingEntries,
      logFetchMs: summarize(input.deliveryLog.fetchMs),
    },
    latencyMs: {
      webhookToBroadcast,
      webhookRoundTrip: summarize(okInWindow.map((t) => t.endMs! - t.startMs)),
      simulatorQueueWait: summarize(queueWaitMs),
      health: summarize(samplesInWindow(client.health)),
      placeCall: summarize(samplesInWindow(client.api)),
    },
    workerReportedMs,
    broadcasts: { measured: broadcastMs.length, beforeSocketOpen, notSeenByType },
    durability: {
      delivered: input.deliveredEventIds.length,
      lost,
      lostExamples: input.durability.missing.slice(0, 10),
      extraRows: input.durability.extraRows,
      missingSegments: input.durability.missingSegments,
      transcriptDuplicates: client.transcriptDuplicates.count,
      duplicateExamples: client.transcriptDuplicates.examples,
      waitedForOutboxSeconds: round1(input.durability.waitedMs / 1000),
    },
    calls: {
      whole: {
        calls: wholeCalls.length,
        withTranscript: wholeCalls.filter((c) => c.transcript).length,
        withRecording: wholeCalls.filter((c) => c.recording).length,
      },
      placed: client.calls.placed,
      endedByStatus: client.calls.endedByStatus,
      timedOut: client.calls.timedOut,
      socketFailures: client.calls.socketFailures,
      liveAtEnd: client.calls.liveAtEnd,
      inFlight: { avg: round1(inFlight.reduce((a, b) => a + b, 0) / Math.max(1, inFlight.length)), min: minInFlight },
    },
    errors: {
      placeCallByStatus: client.apiErrors,
      healthNotOk: healthInWindow.filter((status) => status !== 200).length,
      invalidSocketMessages: client.invalidMessages,
      examples: client.errorMessages,
    },
    cpu: { ...input.cpu, loadAverage: input.loadAverage, mainThread: input.mainThread, loadClientThreadUtilization: round1(client.eventLoopUtilization * 100) / 100 },
    database: {
      connections: maxAndAvg(activity.map((a) => a.connections)),
      idleConnections: { avg: maxAndAvg(activity.map((a) => a.idle)).avg },
      idleInTransaction: maxAndAvg(activity.map((a) => a.idleInTransaction)),
      waitingForAdvisoryLock: maxAndAvg(activity.map((a) => a.waitingForAdvisoryLock)),
      waitingForRowLock: maxAndAvg(activity.map((a) => a.waitingForRowLock)),
      lockWaitStatements: input.database.lockWaitStatements,
      sessionsPerSecond: round1((dbEnd.sessions - dbStart.sessions) / dbSeconds),
      commitsPerSecond: round1((dbEnd.commits - dbStart.commits) / dbSeconds),
    },
    engineLogEvents: input.engineLogEvents,
    engineLogReasons: input.engineLogReasons,
    durationsSeconds: {
      stackStart: round1((phasesMs.stackReady - phasesMs.benchStart) / 1000),
      ramp: round1((window.startMs - phasesMs.stackReady) / 1000),
      window: round1(windowSeconds),
      drain: round1((phasesMs.drained - window.endMs) / 1000),
      check: round1((phasesMs.checked - phasesMs.drained) / 1000),
      total: round1((phasesMs.checked - phasesMs.benchStart) / 1000),
    },
    leftoverProcesses: input.leftoverProcesses,
  };
}

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
      (report.config.diagnostics ? `\nDIAGNOSTIC RUN, stack changed: ${report.config.diagnostics}` : "") +
      (report.config.machineBusyBeforeStartPct > BUSY_MACHINE_PCT
        ? `\nWARNING: the machine was ${report.config.machineBusyBeforeStartPct}% busy before the stack started (other processes); numbers are pessimistic`
        : ""),
    "",
    `${"latency (measured window)".padEnd(38)}${"p50".padStart(10)}${"p95".padStart(11)}${"p99".padStart(11)}${"max".padStart(11)}${"n".padStart(9)}`,
    row("webhook -> console broadcast", l.webhookToBroadcast),
    row("  webhook POST round trip (sim->200)", l.webhookRoundTrip),
    row("  simulator queue wait (before POST)", l.simulatorQueueWait),
    row("GET /api/health round trip (baseline)", l.health),
    row("POST /api/calls", l.placeCall),
    "inside workerd (wrangler's request log):",
    ...workerRows,
    "",
    `webhooks/s (2xx, delivery log)        ${w.perSecond} sustained; slowest second ${w.slowestSecond}; offered ~${w.offeredPerSecond} (${w.perCall} per call)`,
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
    `engine log events                     ${counts(report.engineLogEvents)}`,
    ...Object.entries(report.engineLogReasons).flatMap(([event, reasons]) =>
      Object.entries(reasons)
        .slice(0, 2)
        .map(([why, n]) => `  ${event} x${n}: ${why}`),
    ),
    `CPU (window)                          machine ${cpu.machineBusyPct}% busy of ${cpu.cores} cores; % of one core: ${groupCpu}`,
    `                                      busiest threads: ${threads}`,
    `                                      loadavg ${cpu.loadAverage.map((n) => n.toFixed(2)).join(" ")}; main thread (simulator, relay) ` +
      `${Math.round(cpu.mainThread.eventLoopUtilization * 100)}% busy, loop delay p99 ${cpu.mainThread.eventLoopDelayP99Ms.toFixed(1)} ms; ` +
      `load-client thread ${Math.round(cpu.loadClientThreadUtilization * 100)}% busy`,
    `Postgres (window)                     connections max ${db.connections.max}, avg ${db.connections.avg} (avg ${db.idleConnections.avg} idle); ` +
      `${db.sessionsPerSecond} new sessions/s; ${db.commitsPerSecond} commits/s`,
    `                                      waiting for the audit advisory lock max ${db.waitingForAdvisoryLock.max}, avg ${db.waitingForAdvisoryLock.avg}; ` +
      `for a row lock max ${db.waitingForRowLock.max}; idle in transaction max ${db.idleInTransaction.max}, avg ${db.idleInTransaction.avg}`,
    ...Object.entries(db.lockWaitStatements)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([statement, n]) => `  up to ${n} waiting in: ${statement}`),
    `run                                   ${report.durationsSeconds.total} s: stack start ${report.durationsSeconds.stackStart} s, ` +
      `ramp ${report.durationsSeconds.ramp} s, window ${report.durationsSeconds.window} s, drain ${report.durationsSeconds.drain} s, ` +
      `checks ${report.durationsSeconds.check} s; delivery log fetched ${w.logFetchMs.n}x (max ${ms(w.logFetchMs.max)}), ${w.logEntriesMissing} entries missed`,
    `stack stopped                         ${report.leftoverProcesses.length === 0 ? "no workerd, postgres or wrangler process left" : `LEFT RUNNING: ${report.leftoverProcesses.map((p) => `${p.group} ${p.pid}`).join(", ")}`}`,
    "",
    `targets (issue 3)  ${t.concurrentCalls.target} concurrent calls: ${verdict(t.concurrentCalls.met)} (min in flight ${t.concurrentCalls.minInFlight})` +
      ` | >= ${t.webhooksPerSecond.target} webhooks/s: ${verdict(t.webhooksPerSecond.met)} (${t.webhooksPerSecond.value})` +
      ` | p99 <= ${t.webhookToBroadcastP99Ms.target} ms: ${verdict(t.webhookToBroadcastP99Ms.met)} (${ms(t.webhookToBroadcastP99Ms.value)})` +
      ` | zero lost: ${verdict(t.lost.met)} (${t.lost.value})`,
  ].join("\n");
}
