// `npm run bench:intel -- --load`: live intelligence under load, through the whole local
// stack (carrier simulator → Worker → call actors → console sockets, the model simulator
// answering translations). N calls (100 by default) to the Spanish persona are kept in
// flight by bench/calls' load client, each watched from a console socket; every
// transcription webhook the simulator POSTs is timed by bench/calls' stopwatch. Per
// transcript line it measures:
//   - webhook → the enriched segment on the agent's socket (the line with its language:
//     no model on this path, so this is the engine's overhead with model time excluded);
//   - webhook → the call view carrying it (sentiment, objections, alerts recomputed);
//   - webhook → its translation on the socket: end to end with the model simulator at
//     --ttft ms to first token (300 by default) and the delivery batch (at most one push per 500 ms);
//   - that minus the model's own latency for the line (what the engine adds around it,
//     the batch included).
// The overhead is also split by what else the one isolate was doing (calls keep being
// placed as others end): lines that waited while a call was being placed, lines clear of
// any, and the lines of the ramp (the first N calls placed), which the headline leaves out;
// and again by whether another call was ending (where the tail was: docs in bench/README.md).
// It starts what it measures and stops it; a missed target is a number, not a failure.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Worker } from "node:worker_threads";
import { logInAsDemoOwner } from "../shared/demo-owner.ts";
import { startStack, type Stack } from "../../scripts/lib/stack.ts";
import { describeScratch, scratchParent } from "../shared/scratch-dir.ts";
import { routeBenchTraffic } from "../shared/bench-route.ts";
import { freePort } from "../../scripts/lib/free-port.ts";
import { IsolateProfiler, printCpuProfile, type CpuProfileSummary } from "../calls/cpu-profile.ts";
import { control, personaCallSeconds, runLoadClient, startLoadClient } from "../calls/load-thread.ts";
import { monotonicMs } from "../calls/monotonic-clock.ts";
import { summarize, type LatencySummary } from "../calls/percentiles.ts";
import type { LoadOptions } from "./load-options.ts";
import type { ClientResult } from "../calls/thread-protocol.ts";
import { startWebhookStopwatch, type WebhookTiming } from "../calls/webhook-stopwatch.ts";

/** The number plan's live-human-es range (sim/README.md): a calm Spanish speaker, both sides in Spanish. */
const SPANISH_PREFIX = "+1555011";
const SPANISH_PERSONA = "live-human-es";
/** The health probe is not what this bench measures: once a second keeps it out of the way. */
const HEALTH_INTERVAL_MS = 1_000;
const WEBHOOKS_SETTLE_MS = 15_000;
const LOOP_DELAY_RESOLUTION_MS = 10;
/** How long after a call's hang-up is answered its end still counts as under way (callEndWindows). */
const CALL_END_TAIL_MS = 250;

export const LOAD_TARGETS = { overheadP99Ms: 50, endToEndP95Ms: 1_200 } as const;

export interface LoadReport {
  calls: number;
  speed: number;
  model: { timeToFirstTokenMs: number; tokensPerSecond: number };
  loadAverage: { start: number[]; end: number[] };
  /**
   * Where the actors' SQLite and Postgres lived, as a sentence (bench/shared/scratch-dir.ts:
   * in memory unless --data-dir says otherwise; on a disk every line waits behind fsyncs).
   */
  dataDir: string;
  /** How the requests reached the Worker: past wrangler dev's proxy (the default) or through it. */
  route: string;
  linesMeasured: number;
  /** Webhook POST start → the segment (with its language) on the socket: the engine's overhead, no model on the path. */
  overheadMs: LatencySummary;
  /**
   * The same overhead split by what else the one isolate was doing: lines whose wait (POST
   * start → on the socket) overlapped a call being placed (POST /api/calls in flight: a new
   * call actor started, its first pass) and lines clear of any; and the lines of the ramp,
   * while the first N calls are placed (not in overheadMs), beside them.
   */
  overheadByPlacement: { duringPlacementMs: LatencySummary; clearOfPlacementMs: LatencySummary; rampMs: LatencySummary };
  /**
   * The same overhead split by whether another call was ending meanwhile: the line's wait
   * overlapped some call's end (callEndWindows: the engine copies the recording from the
   * simulator, writes the call's rows).
   */
  overheadByCallEnd: { duringCallEndMs: LatencySummary; clearOfCallEndMs: LatencySummary };
  /** Webhook POST start → the first call view carrying it (sentiment and objections recomputed). */
  viewMs: LatencySummary;
  /** Webhook POST start → its translation on the socket. */
  endToEndMs: LatencySummary;
  /** The model's own latency per translated line, as the engine recorded it. */
  modelMs: LatencySummary;
  /** End to end minus the model's latency: the engine around the model, its wait for a batch included. */
  endToEndLessModelMs: LatencySummary;
  /**
   * The event-loop delay of this bench's main thread from the window's start to the end:
   * the carrier and model simulators and the stopwatch run on it, so a stall here delays
   * webhooks before they leave, and shows in the overhead without being the engine's.
   */
  harnessLoopDelayMs: { p99: number; max: number };
  /** Transcript webhooks answered 2xx over the whole run (ramp included), beside those measured. */
  transcriptWebhooks: number;
  /** Transcript webhooks the Worker did not take (an error status, or no answer): the carrier retries them. */
  transcriptWebhooksRefused: number;
  /** Lines measured whose translation never reached a socket. */
  untranslated: number;
  placed: number;
  socketFailures: number;
  apiErrors: Record<string, number>;
  targets: { overheadP99Met: boolean; endToEndP95Met: boolean };
}

const progress = (line: string) => process.stderr.write(`[bench:intel] ${line}\n`);
const loadAverage = () => os.loadavg().map((value) => Math.round(value * 100) / 100);

export async function runLoadMode(options: LoadOptions): Promise<LoadReport> {
  const loadAtStart = loadAverage();
  const scratch = scratchParent(options.dataDir);
  const dataDir = await mkdtemp(path.join(scratch.dir, "wib-bench-intel-"));
  let stack: Stack | undefined;
  let client: Worker | undefined;
  try {
    progress(`starting the stack in ${dataDir} (load average ${loadAtStart.join(", ")})`);
    const inspectorPort = options.profileCpu ? await freePort() : undefined;
    stack = await startStack({ dataDir, buildUi: false, relayThread: true, env: {}, inspectorPort, log: (line) => (line.startsWith("carrier: dial ") ? undefined : progress(line)) });
    const carrierControl = stack.carrier.controlUrl;
    const modelControl = stack.llm.controlUrl;
    if (!carrierControl || !modelControl) throw new Error("bench:intel --load needs the carrier and model simulators (unset OPENAI_BASE_URL and CARRIER_MODE)");
    await control(modelControl, "PUT", "/control/timing", { timeToFirstTokenMs: options.ttftMs, tokensPerSecond: options.tokensPerSecond });
    const engine = await routeBenchTraffic(stack, { direct: !options.viaProxy, proxyNote: "--via-proxy" });
    progress(`requests go ${engine.route}`);
    const { cookie, organizationId } = await logInAsDemoOwner(engine.url);
    const callMs = (await personaCallSeconds(carrierControl, SPANISH_PERSONA)) * (1000 / options.speed);
    await control(carrierControl, "POST", "/control/reset", {});
    await control(carrierControl, "PUT", "/control/speed", { factor: options.speed });
    const stopwatch = startWebhookStopwatch(engine.webhookUrl);
    const harnessLoopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });

    progress(`placing ${options.calls} Spanish calls over ${(callMs / 1000).toFixed(1)} s (one call length), then measuring for ${options.seconds} s`);
    client = startLoadClient({
      apiUrl: engine.url,
      cookie,
      organizationId,
      calls: options.calls,
      rampMs: callMs,
      windowMs: options.seconds * 1000,
      callMs,
      numberPrefix: SPANISH_PREFIX,
      healthIntervalMs: HEALTH_INTERVAL_MS,
    });
    let profiler: Promise<IsolateProfiler | null> = Promise.resolve(null);
    let cpuProfile: Promise<CpuProfileSummary | null> = Promise.resolve(null);
    const profileFailed = (error: unknown): null => (progress(`--profile-cpu: no profile (${String(error)})`), null);
    const result = await runLoadClient(client, {
      onWindowStart: () => {
        if (inspectorPort) profiler = IsolateProfiler.start(inspectorPort).catch(profileFailed);
        harnessLoopDelay.enable();
        progress("measured window started");
      },
      onWindowEnd: () => {
        const file = options.profileCpu;
        if (file) cpuProfile = profiler.then((p) => p?.stop(file) ?? null).catch(profileFailed);
        progress("measured window ended; letting the last calls finish");
      },
      onProgress: progress,
    });
    printCpuProfile(await cpuProfile, progress);
    const settleBy = monotonicMs() + WEBHOOKS_SETTLE_MS;
    while (stopwatch.inFlight() > 0 && monotonicMs() < settleBy) await new Promise((resolve) => setTimeout(resolve, 100));
    stopwatch.stop();
    harnessLoopDelay.disable();
    const harnessLoopDelayMs = { p99: roundMs(harnessLoopDelay.percentile(99) / 1e6), max: roundMs(harnessLoopDelay.max / 1e6) };
    const loadAtEnd = loadAverage();
    if (options.timingsFile) await writeFile(options.timingsFile, JSON.stringify({ webhooks: stopwatch.timings, client: result }));
    progress("stopping the stack");
    return loadReport(options, result, stopwatch.timings, { start: loadAtStart, end: loadAtEnd }, { dataDir: describeScratch(scratch), route: engine.route, harnessLoopDelayMs });
  } finally {
    await client?.terminate();
    await stack?.stop().catch((error: unknown) => progress(String(error)));
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * The latencies of the transcript lines whose webhook started after the ramp (every call
 * placed): in the window and while the last calls finish, so a short window on a busy
 * machine still measures whole conversations.
 */
export function loadReport(options: LoadOptions, result: ClientResult, webhooks: readonly WebhookTiming[], load: LoadReport["loadAverage"], where: Pick<LoadReport, "dataDir" | "route" | "harnessLoopDelayMs">): LoadReport {
  const seen = zip(result.broadcasts.eventIds, result.broadcasts.firstSeenMs);
  const inView = zip(result.segmentsInView.segmentIds, result.segmentsInView.firstSeenMs);
  const translated = new Map(result.translations.segmentIds.map((id, i) => [id, { atMs: result.translations.firstSeenMs[i]!, modelMs: result.translations.modelLatencyMs[i] ?? null }]));
  const delivered = webhooks.filter((w) => w.eventType === "call.transcription" && w.status !== null && w.status >= 200 && w.status < 300);
  const lines = delivered.filter((w) => w.startMs >= result.window.startMs);
  const placements = result.api.atMs.map((atMs, i) => ({ startMs: atMs, endMs: atMs + (result.api.ms[i] ?? 0) }));
  const placing = (fromMs: number, toMs: number) => placements.some((p) => p.startMs <= toMs && p.endMs >= fromMs);
  const callEnds = callEndWindows(webhooks);
  const callEnding = (fromMs: number, toMs: number) => callEnds.some((end) => end.startMs <= toMs && end.endMs >= fromMs);
  const duringCallEnd: number[] = [];
  const clearOfCallEnd: number[] = [];
  const duringPlacement: number[] = [];
  const clearOfPlacement: number[] = [];
  const ramp: number[] = [];
  for (const line of delivered) {
    const seenAt = seen.get(line.eventId);
    if (seenAt === undefined) continue;
    if (line.startMs < result.window.startMs) ramp.push(seenAt - line.startMs);
    else (placing(line.startMs, seenAt) ? duringPlacement : clearOfPlacement).push(seenAt - line.startMs);
  }
  const overhead: number[] = [];
  const view: number[] = [];
  const endToEnd: number[] = [];
  const model: number[] = [];
  const lessModel: number[] = [];
  let untranslated = 0;
  for (const line of lines) {
    const seenAt = seen.get(line.eventId);
    if (seenAt !== undefined) {
      overhead.push(seenAt - line.startMs);
      (callEnding(line.startMs, seenAt) ? duringCallEnd : clearOfCallEnd).push(seenAt - line.startMs);
    }
    const viewAt = inView.get(line.eventId);
    if (viewAt !== undefined) view.push(viewAt - line.startMs);
    const translation = translated.get(line.eventId);
    if (!translation) {
      untranslated++;
      continue;
    }
    endToEnd.push(translation.atMs - line.startMs);
    if (translation.modelMs !== null) {
      model.push(translation.modelMs);
      lessModel.push(translation.atMs - line.startMs - translation.modelMs);
    }
  }
  const overheadMs = summarize(overhead);
  const endToEndMs = summarize(endToEnd);
  return {
    calls: options.calls,
    speed: options.speed,
    model: { timeToFirstTokenMs: options.ttftMs, tokensPerSecond: options.tokensPerSecond },
    loadAverage: load,
    ...where,
    linesMeasured: lines.length,
    overheadMs,
    overheadByPlacement: { duringPlacementMs: summarize(duringPlacement), clearOfPlacementMs: summarize(clearOfPlacement), rampMs: summarize(ramp) },
    overheadByCallEnd: { duringCallEndMs: summarize(duringCallEnd), clearOfCallEndMs: summarize(clearOfCallEnd) },
    viewMs: summarize(view),
    endToEndMs,
    modelMs: summarize(model),
    endToEndLessModelMs: summarize(lessModel),
    untranslated,
    transcriptWebhooks: delivered.length,
    transcriptWebhooksRefused: webhooks.filter((w) => w.eventType === "call.transcription" && (w.status === null || w.status < 200 || w.status >= 300)).length,
    placed: result.calls.placed,
    socketFailures: result.calls.socketFailures,
    apiErrors: result.apiErrors,
    targets: {
      overheadP99Met: overheadMs.p99 !== null && overheadMs.p99 <= LOAD_TARGETS.overheadP99Ms,
      endToEndP95Met: endToEndMs.p95 !== null && endToEndMs.p95 <= LOAD_TARGETS.endToEndP95Ms,
    },
  };
}

export function formatLoadReport(report: LoadReport): string {
  const row = (name: string, s: LatencySummary) => `${name.padEnd(52)} n ${String(s.n).padStart(5)}  p50 ${s.p50 ?? "-"} ms  p95 ${s.p95 ?? "-"} ms  p99 ${s.p99 ?? "-"} ms  max ${s.max ?? "-"} ms`;
  const met = (yes: boolean) => (yes ? "met" : "MISSED");
  return [
    `bench:intel load — ${report.calls} concurrent Spanish calls at speed ${report.speed}, model simulator at ${report.model.timeToFirstTokenMs} ms to first token and ${report.model.tokensPerSecond} tokens/s`,
    `load average at start ${report.loadAverage.start.join(", ")}; at end ${report.loadAverage.end.join(", ")} (2 cores; other work on the machine makes every number worse)`,
    report.dataDir,
    `requests go ${report.route}`,
    `transcript lines measured (webhook started after the ramp): ${report.linesMeasured} of ${report.transcriptWebhooks} delivered (${report.transcriptWebhooksRefused} attempts refused or unanswered); placed ${report.placed} calls; socket failures ${report.socketFailures}; API errors ${JSON.stringify(report.apiErrors)}`,
    row("webhook -> enriched segment on the socket (overhead)", report.overheadMs),
    row("  of which: a call being placed meanwhile", report.overheadByPlacement.duringPlacementMs),
    row("  of which: no call being placed", report.overheadByPlacement.clearOfPlacementMs),
    row("  (the ramp, not above: first calls placed)", report.overheadByPlacement.rampMs),
    row("  of which: another call ending meanwhile", report.overheadByCallEnd.duringCallEndMs),
    row("  of which: no call ending", report.overheadByCallEnd.clearOfCallEndMs),
    row("webhook -> call view with it (sentiment, objections)", report.viewMs),
    row("webhook -> translation on the socket (end to end)", report.endToEndMs),
    row("model latency per translated line", report.modelMs),
    row("end to end minus model (engine + batch wait)", report.endToEndLessModelMs),
    `lines whose translation never arrived: ${report.untranslated}`,
    `this bench's own thread (carrier and model simulators, the stopwatch), event-loop delay p99 ${report.harnessLoopDelayMs.p99} ms, max ${report.harnessLoopDelayMs.max} ms: a stall there delays webhooks before they leave`,
    `targets: overhead p99 ≤ ${LOAD_TARGETS.overheadP99Ms} ms ${met(report.targets.overheadP99Met)}; end to end p95 ≤ ${LOAD_TARGETS.endToEndP95Ms} ms ${met(report.targets.endToEndP95Met)}`,
  ].join("\n");
}

/**
 * Each call's end: from its recording.saved webhook starting (its hang-up's, without one)
 * to CALL_END_TAIL_MS after its hang-up was answered, since the engine finishes a call
 * after acknowledging the carrier (the recording's copy, the call's rows, the summary).
 */
function callEndWindows(webhooks: readonly WebhookTiming[]): { startMs: number; endMs: number }[] {
  const recordingSaved = new Map<string, number>();
  for (const w of webhooks) if (w.eventType === "call.recording.saved" && w.callId) recordingSaved.set(w.callId, Math.min(w.startMs, recordingSaved.get(w.callId) ?? Infinity));
  return webhooks
    .filter((w) => w.eventType === "call.hangup")
    .map((hangup) => ({ startMs: Math.min(hangup.startMs, (hangup.callId && recordingSaved.get(hangup.callId)) || Infinity), endMs: (hangup.endMs ?? hangup.startMs) + CALL_END_TAIL_MS }));
}

const roundMs = (ms: number) => Math.round(ms * 10) / 10;
const zip = (ids: readonly string[], times: readonly number[]) => new Map(ids.map((id, i) => [id, times[i]!]));
