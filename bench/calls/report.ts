// Turns what the run collected into the report: webhooks/s, webhook-to-broadcast
// latency beside the per-stage times that explain it, lost and duplicated events, the
// health baseline, and where the CPU went. Pure: no I/O, so it can be read on its own.
import type { ActivitySample, DurabilityCheck, DatabaseCounters, StatementStat } from "./postgres-probe.ts";
import type { DeliveryLog } from "./delivery-log.ts";
import { diagnosticsLabel, type BenchOptions } from "./options.ts";
import { summarize, type LatencySummary } from "./percentiles.ts";
import type { CpuUsage, ProcessGroup } from "./process-cpu.ts";
import type { ClientResult, Samples } from "./thread-protocol.ts";
import type { WebhookTiming } from "./webhook-stopwatch.ts";
import type { RequestLine } from "./worker-output.ts";

/** Issue 3's targets for this machine under `wrangler dev`. */
export const TARGETS = { concurrentCalls: 200, webhooksPerSecond: 300, webhookToBroadcastP99Ms: 50, lost: 0 } as const;
/** Issue 18's: the engine's own CPU per webhook, and what an overload run must show. */
export const ENGINE_TARGETS = { engineCpuMsPerWebhook: 2.5, ackP99Ms: 1000, timedOutWebhooks: 0 } as const;
/** The engine: the Worker and every actor, and the database. The rest is the harness (wrangler's proxy and log, the simulator, relay and load client). */
const ENGINE_GROUPS: readonly ProcessGroup[] = ["workerd-runtime", "postgres"];
/** Above this share of all cores busy before the stack starts, the report warns that others were using the machine. */
export const BUSY_MACHINE_PCT = 10;

export interface ReportInputs {
  options: BenchOptions;
  /** Share of all cores busy in the seconds before the stack started (other people's work). */
  busyBeforeStartPct: number;
  /** Where the stack's state lived (bench/shared/scratch-dir.ts), as a sentence. */
  stateLocation: string;
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
  /** CPU over the steady window after the measured one (calls in flight, none placed), or null when it was not taken. */
  steady: { cpu: CpuUsage; startMs: number; endMs: number } | null;
  loadAverage: number[];
  mainThread: { eventLoopUtilization: number; eventLoopDelayP99Ms: number; eventLoopDelayMaxMs: number };
  database: {
    atWindowStart: DatabaseCounters;
    atWindowEnd: DatabaseCounters;
    activity: ActivitySample[];
    lockWaitStatements: Record<string, number>;
    idleInTransactionStatements: Record<string, number>;
    /** pg_stat_statements over the window (--profile-sql), else null. */
    statements: StatementStat[] | null;
  };
  workerRequests: readonly RequestLine[];
  /** When wrangler dev rebuilt and restarted the Worker during the run (a source file changed). */
  workerRestartsAtMs: readonly number[];
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
    stateLocation: string;
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
    /** Delivered per call on average, over calls whose hang-up was delivered. */
    perCall: number;
    /** The most any call got: what a call that went as scripted sends. */
    perCompleteCall: number;
    offeredPerSecond: number;
    notDelivered: Record<string, number>;
    /** Who answered a webhook with other than a 2xx (or failed it), by status and the answer's first bytes, most first. */
    notOkAnswers: Record<string, number>;
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
    /** What sessions idle in a transaction had last run, with the most seen at once. */
    idleInTransactionStatements: Record<string, number>;
    sessionsPerSecond: number;
    commitsPerSecond: number;
  };
  /** --profile-sql: Postgres statements per webhook handled in the window, and the top ones by total time; null without it. */
  sqlProfile: SqlProfile | null;
  /**
   * Issue 18's figure: the engine's CPU (workerd-runtime + postgres) per webhook in the steady
   * window (calls in flight, none being placed), in ms; null when that window had no webhook.
   */
  engineCpuMsPerWebhook: number | null;
  /** CPU per webhook handled in the measured window, placements included, in ms of one core: the engine's, the harness's, and each part's. */
  cpuMsPerWebhook: CpuPerWebhook;
  /** The steady window: no placement, only the calls in flight (falling from all to about half) and their webhooks. */
  steady: {
    seconds: number;
    webhooks: number;
    /** Placements started in it (0 by construction: a check). */
    placements: number;
    callsInFlight: { atStart: number; atEnd: number };
    cpuMsPerWebhook: CpuPerWebhook;
  } | null;
  /**
   * The engine's CPU per successful placement in the measured window: its engine CPU less its
   * webhooks at the steady window's rate, over its placements (the socket each opens included).
   */
  engineCpuMsPerPlacement: number | null;
  /** How the engine took a burst above what it can handle (judged when run with --overload). */
  overload: {
    judged: boolean;
    ackP99Ms: number | null;
    ackMaxMs: number | null;
    timedOutWebhooks: number;
    unreachableWebhooks: number;
    /** Placements answered 503 (shed) during the run. */
    placementsRefused: number;
    /** From the window's end until the last call ended, plus the wait for its events to reach Postgres. */
    backlogDrainedSeconds: number;
    met: boolean;
  };
  engineLogEvents: Record<string, number>;
  engineLogReasons: Record<string, Record<string, number>>;
  /**
   * Seconds from the window's start at which wrangler dev restarted the Worker because a
   * source file changed: every number after one measures a restart, not the engine.
   */
  workerRestartsSeconds: number[];
  durationsSeconds: { stackStart: number; ramp: number; window: number; drain: number; check: number; total: number };
  leftoverProcesses: { pid: number; group: ProcessGroup }[];
}

const isOk = (status: number | null) => status !== null && status >= 200 && status < 300;
const maxAndAvg = (values: number[]) => ({
  max: values.length > 0 ? Math.max(...values) : 0,
  avg: Math.round((values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)) * 10) / 10,
});
const round1 = (n: number) => Math.round(n * 10) / 10;

type InWindow = (atMs: number) => boolean;

export function buildReport(input: ReportInputs): BenchReport {
  const { window, client, options } = input;
  const windowSeconds = (window.endMs - window.startMs) / 1000;
  const inWindow: InWindow = (atMs) => atMs >= window.startMs && atMs < window.endMs;
  const rates = deliveryRates(input, inWindow, windowSeconds);
  const events = firstAttempts(input.webhooks);
  const broadcasts = broadcastLatencies(input, events, inWindow);
  const completeness = callCompleteness(events);
  const okInWindow = input.webhooks.filter((t) => isOk(t.status) && inWindow(t.startMs));
  const queueWaitMs: number[] = [];
  for (const entry of input.deliveryLog.entries) {
    const first = entry.attempt === 1 ? events.first.get(entry.eventId) : undefined;
    if (first && inWindow(first.startMs)) queueWaitMs.push(first.startMs - (input.simulatorClockOriginMs + entry.atMs));
  }
  const samplesInWindow = (samples: Samples) => samples.ms.filter((_, i) => inWindow(samples.atMs[i]!));
  const healthInWindow = client.health.status.filter((_, i) => inWindow(client.health.atMs[i]!));
  const inFlight = client.calls.liveSamples;
  const { atWindowStart: dbStart, atWindowEnd: dbEnd, activity } = input.database;
  const dbSeconds = (dbEnd.atMs - dbStart.atMs) / 1000;
  const webhookToBroadcast = summarize(broadcasts.latenciesMs);
  const { perSecond } = rates;
  const lost = input.durability.missing.length;
  const minInFlight = inFlight.length > 0 ? Math.min(...inFlight) : 0;
  const { wholeCalls, perCall, perCompleteCall } = completeness;
  const { phasesMs } = input;
  const cpuMsPerWebhook = cpuPerWebhook(input.cpu, perSecond);
  const steady = steadyWindow(input, events);
  const placedInWindow = client.api.status.filter((status, i) => (status === 200 || status === 201) && inWindow(client.api.atMs[i]!)).length;
  const engineCpuMsPerPlacement = perPlacement(input.cpu, windowSeconds, perSecond * windowSeconds, steady?.cpuMsPerWebhook.engine ?? null, placedInWindow);
  const webhookRoundTrip = summarize(okInWindow.map((t) => t.endMs! - t.startMs));
  const overload = overloadVerdict(input, rates.notDelivered, webhookRoundTrip);

  return {
    config: {
      calls: options.calls,
      windowSeconds,
      speed: options.speed,
      callSeconds: input.callMs / 1000,
      cores: input.cpu.cores,
      diagnostics: diagnosticsLabel(options),
      machineBusyBeforeStartPct: input.busyBeforeStartPct,
      stateLocation: input.stateLocation,
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
      slowestSecond: rates.slowestSecond,
      perSecondFromResponses: round1(input.webhooks.filter((t) => isOk(t.status) && t.endMs !== null && inWindow(t.endMs)).length / windowSeconds),
      perCall: round1(perCall),
      perCompleteCall,
      offeredPerSecond: round1((perCompleteCall * options.calls) / (input.callMs / 1000)),
      notDelivered: rates.notDelivered,
      notOkAnswers: notOkAnswers(input.webhooks),
      retries: input.deliveryLog.entries.filter((e) => e.attempt > 1).length,
      logEntriesMissing: input.deliveryLog.missingEntries,
      logFetchMs: summarize(input.deliveryLog.fetchMs),
    },
    latencyMs: {
      webhookToBroadcast,
      webhookRoundTrip,
      simulatorQueueWait: summarize(queueWaitMs),
      health: summarize(samplesInWindow(client.health)),
      placeCall: summarize(samplesInWindow(client.api)),
    },
    workerReportedMs: byRoute(input.workerRequests, inWindow),
    broadcasts: { measured: broadcasts.latenciesMs.length, beforeSocketOpen: broadcasts.beforeSocketOpen, notSeenByType: broadcasts.notSeenByType },
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
      idleInTransactionStatements: input.database.idleInTransactionStatements,
      sessionsPerSecond: round1((dbEnd.sessions - dbStart.sessions) / dbSeconds),
      commitsPerSecond: round1((dbEnd.commits - dbStart.commits) / dbSeconds),
    },
    sqlProfile: input.database.statements ? sqlProfile(input.database.statements, perSecond * windowSeconds) : null,
    engineCpuMsPerWebhook: steady?.cpuMsPerWebhook.engine ?? null,
    cpuMsPerWebhook,
    steady,
    engineCpuMsPerPlacement,
    overload,
    engineLogEvents: input.engineLogEvents,
    engineLogReasons: input.engineLogReasons,
    workerRestartsSeconds: input.workerRestartsAtMs.map((atMs) => round1((atMs - window.startMs) / 1000)),
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

/** 2xx deliveries in the window from the simulator's log (by when each was queued), per second. */
/** % of one core ÷ webhooks/s = ms of CPU per webhook. */
export interface SqlProfile {
  webhooks: number;
  statementsPerWebhook: number | null;
  /** Postgres execution time (not CPU: it includes lock waits) per webhook. */
  execMsPerWebhook: number | null;
  top: { statement: string; calls: number; callsPerWebhook: number | null; totalMs: number; meanMs: number; rows: number }[];
}

const SQL_PROFILE_TOP = 15;

/** The window's statements against the webhooks it handled: what a webhook costs Postgres, by statement. */
export function sqlProfile(statements: readonly StatementStat[], webhooks: number): SqlProfile {
  const per = (value: number) => (webhooks > 0 ? Math.round((value * 100) / webhooks) / 100 : null);
  const calls = statements.reduce((total, s) => total + s.calls, 0);
  const totalMs = statements.reduce((total, s) => total + s.totalMs, 0);
  return {
    webhooks,
    statementsPerWebhook: per(calls),
    execMsPerWebhook: per(totalMs),
    top: [...statements]
      .sort((a, b) => b.totalMs - a.totalMs)
      .slice(0, SQL_PROFILE_TOP)
      .map((s) => ({ statement: s.statement, calls: s.calls, callsPerWebhook: per(s.calls), totalMs: round1(s.totalMs), meanMs: s.calls > 0 ? round1(s.totalMs / s.calls) : 0, rows: s.rows })),
  };
}

type CpuPerWebhook = { engine: number | null; harness: number | null; byGroup: Record<string, number | null> };

/** Webhooks delivered (by the simulator's log, as the window's rate) in the steady window, and the calls in flight at its edges. */
function steadyWindow(input: ReportInputs, events: FirstAttempts): BenchReport["steady"] {
  const steady = input.steady;
  if (!steady) return null;
  const seconds = (steady.endMs - steady.startMs) / 1000;
  const inSteady = (atMs: number) => atMs >= steady.startMs && atMs < steady.endMs;
  const webhooks = input.deliveryLog.entries.filter((e) => e.outcome === "delivered" && inSteady(input.simulatorClockOriginMs + e.atMs)).length;
  const placements = input.client.api.atMs.filter(inSteady).length;
  // A call is in flight from its first webhook to its hang-up.
  const spans = new Map<string, { fromMs: number; toMs: number }>();
  for (const t of events.first.values()) {
    if (!t.callId) continue;
    const span = spans.get(t.callId) ?? { fromMs: t.startMs, toMs: Number.POSITIVE_INFINITY };
    span.fromMs = Math.min(span.fromMs, t.startMs);
    if (t.eventType === "call.hangup") span.toMs = t.startMs;
    spans.set(t.callId, span);
  }
  const inFlightAt = (atMs: number) => [...spans.values()].filter((s) => s.fromMs <= atMs && s.toMs > atMs).length;
  return {
    seconds: round1(seconds),
    webhooks,
    placements,
    callsInFlight: { atStart: inFlightAt(steady.startMs), atEnd: inFlightAt(steady.endMs) },
    cpuMsPerWebhook: cpuPerWebhook(steady.cpu, seconds > 0 ? webhooks / seconds : 0),
  };
}

function perPlacement(cpu: CpuUsage, seconds: number, webhooks: number, steadyEngineMsPerWebhook: number | null, placements: number): number | null {
  if (steadyEngineMsPerWebhook === null || placements === 0) return null;
  const engineMs = ENGINE_GROUPS.reduce((total, group) => total + cpu.byGroupPctOfCore[group], 0) * 10 * seconds;
  return Math.round(((engineMs - webhooks * steadyEngineMsPerWebhook) / placements) * 100) / 100;
}

function cpuPerWebhook(cpu: CpuUsage, webhooksPerSecond: number): CpuPerWebhook {
  const msPer = (pctOfCore: number) => (webhooksPerSecond > 0 ? Math.round((pctOfCore * 10 * 100) / webhooksPerSecond) / 100 : null);
  const groups = Object.entries(cpu.byGroupPctOfCore) as [ProcessGroup, number][];
  const sum = (pick: (group: ProcessGroup) => boolean) => groups.filter(([group]) => pick(group)).reduce((total, [, pct]) => total + pct, 0);
  return {
    engine: msPer(sum((group) => ENGINE_GROUPS.includes(group))),
    harness: msPer(sum((group) => !ENGINE_GROUPS.includes(group))),
    byGroup: Object.fromEntries(groups.map(([group, pct]) => [group, msPer(pct)])),
  };
}

/** The burst's verdict: acks fast, none timed out (a real carrier would fail over), and the backlog gone after. */
function overloadVerdict(input: ReportInputs, notDelivered: Record<string, number>, ack: LatencySummary): BenchReport["overload"] {
  const timedOutWebhooks = notDelivered.timeout ?? 0;
  const ackP99Ms = ack.p99;
  return {
    judged: input.options.overload,
    ackP99Ms,
    ackMaxMs: ack.max,
    timedOutWebhooks,
    unreachableWebhooks: notDelivered.unreachable ?? 0,
    placementsRefused: input.client.apiErrors["503"] ?? 0,
    backlogDrainedSeconds: round1((input.phasesMs.drained - input.window.endMs + input.durability.waitedMs) / 1000),
    met: ackP99Ms !== null && ackP99Ms < ENGINE_TARGETS.ackP99Ms && timedOutWebhooks === ENGINE_TARGETS.timedOutWebhooks && input.durability.missing.length === 0,
  };
}

function deliveryRates(input: ReportInputs, inWindow: InWindow, windowSeconds: number) {
  const deliveredInWindow = input.deliveryLog.entries
    .filter((e) => e.outcome === "delivered")
    .map((e) => input.simulatorClockOriginMs + e.atMs)
    .filter(inWindow);
  const buckets = new Array<number>(Math.max(1, Math.floor(windowSeconds))).fill(0);
  for (const atMs of deliveredInWindow) {
    const bucket = Math.floor((atMs - input.window.startMs) / 1000);
    if (bucket < buckets.length) buckets[bucket]!++;
  }
  const notDelivered: Record<string, number> = {};
  for (const entry of input.deliveryLog.entries) if (entry.outcome !== "delivered") notDelivered[entry.outcome] = (notDelivered[entry.outcome] ?? 0) + 1;
  return { perSecond: round1(deliveredInWindow.length / windowSeconds), slowestSecond: Math.min(...buckets), notDelivered };
}

interface FirstAttempts {
  /** Per event id, its first attempt (a retried event is timed from its first try). */
  first: Map<string, WebhookTiming>;
  /** Events that some attempt delivered with a 2xx. */
  ok: Set<string>;
}

function firstAttempts(webhooks: readonly WebhookTiming[]): FirstAttempts {
  const first = new Map<string, WebhookTiming>();
  const ok = new Set<string>();
  for (const timing of webhooks) {
    const earlier = first.get(timing.eventId);
    if (!earlier || timing.startMs < earlier.startMs) first.set(timing.eventId, timing);
    if (isOk(timing.status)) ok.add(timing.eventId);
  }
  return { first, ok };
}

/** Webhook start → first console message carrying its id, for events whose call's socket was already open. */
function broadcastLatencies(input: ReportInputs, events: FirstAttempts, inWindow: InWindow) {
  const { sockets, broadcasts } = input.client;
  const openedAt = new Map(sockets.callIds.map((id, i) => [id, sockets.openedAtMs[i]!]));
  const firstSeen = new Map(broadcasts.eventIds.map((id, i) => [id, broadcasts.firstSeenMs[i]!]));
  const latenciesMs: number[] = [];
  const notSeenByType: Record<string, number> = {};
  let beforeSocketOpen = 0;
  for (const [eventId, first] of events.first) {
    if (!events.ok.has(eventId) || !inWindow(first.startMs)) continue;
    const opened = first.callId === null ? undefined : openedAt.get(first.callId);
    if (opened === undefined || opened < 0 || opened > first.startMs) {
      beforeSocketOpen++;
      continue;
    }
    const seen = firstSeen.get(eventId);
    if (seen === undefined) notSeenByType[first.eventType] = (notSeenByType[first.eventType] ?? 0) + 1;
    else latenciesMs.push(seen - first.startMs);
  }
  return { latenciesMs, notSeenByType, beforeSocketOpen };
}

/** Over calls whose hang-up was delivered: webhooks per call, and which got a transcript and a recording. */
function callCompleteness(events: FirstAttempts) {
  const byCall = new Map<string, { events: number; ended: boolean; transcript: boolean; recording: boolean }>();
  for (const [eventId, first] of events.first) {
    if (!events.ok.has(eventId) || first.callId === null) continue;
    const call = byCall.get(first.callId) ?? { events: 0, ended: false, transcript: false, recording: false };
    call.events++;
    if (first.eventType === "call.hangup") call.ended = true;
    if (first.eventType === "call.transcription") call.transcript = true;
    if (first.eventType === "call.recording.saved") call.recording = true;
    byCall.set(first.callId, call);
  }
  const wholeCalls = [...byCall.values()].filter((c) => c.ended);
  return {
    wholeCalls,
    perCall: wholeCalls.length > 0 ? wholeCalls.reduce((sum, c) => sum + c.events, 0) / wholeCalls.length : 0,
    perCompleteCall: wholeCalls.reduce((most, c) => Math.max(most, c.events), 0),
  };
}

const NOT_OK_ANSWERS_LISTED = 5;

/**
 * wrangler dev's proxy (templates/startDevWorker/ProxyWorker.ts, wrangler 4.86) answers
 * this when its forward to workerd fails: it means to check whether the Worker was
 * restarted meanwhile, but compares the request's URL, path included, with the Worker's
 * bare origin, so every failed forward of a POST to any path but "/" gets it, restart or
 * not. The request never reached our code, hence no engine log.
 */
const WRANGLER_PROXY_503 = "Your worker restarted mid-request";
const WRANGLER_PROXY_503_MEANS = "(wrangler's proxy: its forward to workerd failed; it calls every such failure a restart)";

/** Every non-2xx answer or failed POST, by status and what was said: a 503 our code never logged names its sender here. */
function notOkAnswers(webhooks: readonly WebhookTiming[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const t of webhooks) {
    if (t.status === null || isOk(t.status)) continue;
    const answer = t.answer ?? "";
    const key = `${t.status === 0 ? "no answer" : t.status}: ${answer.includes(WRANGLER_PROXY_503) ? `${WRANGLER_PROXY_503_MEANS} ` : ""}${answer}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Object.fromEntries([...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, NOT_OK_ANSWERS_LISTED));
}

/** wrangler's own request timings in the window, per route, busiest route first. */
function byRoute(requests: readonly RequestLine[], inWindow: InWindow): Record<string, LatencySummary> {
  const times = new Map<string, number[]>();
  for (const line of requests) {
    if (!inWindow(line.atMs)) continue;
    const list = times.get(line.route) ?? [];
    list.push(line.ms);
    times.set(line.route, list);
  }
  return Object.fromEntries([...times.entries()].sort((a, b) => b[1].length - a[1].length).map(([route, ms]) => [route, summarize(ms)]));
}
