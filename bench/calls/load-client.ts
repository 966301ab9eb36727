// The load-client thread: keeps `calls` simulated calls in flight through the public
// API, watches each from an agent console socket, and probes /api/health throughout.
// It runs in its own thread so that parsing hundreds of socket messages does not delay
// the simulator and the database relay, which live on the main thread of this process
// (scripts/lib/stack.ts starts them in-process), and so that they do not delay the
// timestamps taken here. Bounded: it stops placing calls at the end of the window,
// waits a bounded time for the last ones to end, and reports.
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { z } from "zod";
import { isTerminalStatus } from "../../domain/call-status.ts";
import { callStatus } from "../../objects/call/protocol.ts";
import { BroadcastLedger, CallConsole, type ConsoleEnd } from "./call-console.ts";
import { HealthProbe } from "./health-probe.ts";
import { monotonicMs } from "./monotonic-clock.ts";
import { clientConfig, type ClientConfig, type ClientMessage, type ClientResult, type Samples } from "./thread-protocol.ts";

/** After a refused placement the slot waits, doubling from 1 s to 16 s: a client that backs off, not a flood. */
const PLACE_RETRY_FIRST_MS = 1_000;
const PLACE_RETRY_MAX_MS = 16_000;
const API_TIMEOUT_MS = 30_000;
/** Beyond this many call lengths without a terminal status, a call's slot is freed anyway. */
const CALL_TIMEOUT_CALL_LENGTHS = 3;
const CALL_TIMEOUT_EXTRA_MS = 30_000;
/** A call whose socket dropped is polled over the API instead, this often. */
const LOST_SOCKET_POLL_MS = 2_000;
const PROGRESS_EVERY_MS = 10_000;

const placedCall = z.object({ id: z.string() });
const calledCall = z.object({ call: z.object({ status: callStatus }) });

interface LiveCall {
  id: string;
  socket: CallConsole;
  timers: NodeJS.Timeout[];
  finished: boolean;
}

class CallLoad {
  readonly ledger = new BroadcastLedger();
  readonly api: Samples = { atMs: [], ms: [], status: [] };
  readonly apiErrors: Record<string, number> = {};
  readonly endedByStatus: Record<string, number> = {};
  readonly consoles = new Map<string, CallConsole>();
  readonly live = new Set<LiveCall>();
  placed = 0;
  timedOut = 0;
  socketFailures = 0;
  #dialled = 0;
  #placing = 0;
  #windowEndMs = Number.POSITIVE_INFINITY;
  /** Keys are unique per organisation for ever; runs share the demo organisation. */
  readonly #runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  constructor(private readonly config: ClientConfig) {}

  /** Calls being placed or live: the slots in use. */
  get inFlight(): number {
    return this.live.size + this.#placing;
  }

  stopPlacingAt(atMs: number): void {
    this.#windowEndMs = atMs;
  }

  /**
   * Places one call and watches it; when it ends, its slot places the next one. A retry
   * sends the same number and Idempotency-Key, as a careful client does: if the refused
   * attempt placed the call after all (a timeout), the retry gets that call, not a second.
   */
  async place(failedBefore = 0, attempt = this.#nextPlacement()): Promise<void> {
    if (monotonicMs() >= this.#windowEndMs) return;
    this.#placing++;
    const { to, key } = attempt;
    const startMs = monotonicMs();
    let status = 0;
    let id: string | null = null;
    try {
      const response = await fetch(`${this.config.apiUrl}/api/calls`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: this.config.cookie, "idempotency-key": key },
        body: JSON.stringify({ to, kind: "direct" }),
        signal: AbortSignal.timeout(API_TIMEOUT_MS),
      });
      status = response.status;
      const body = placedCall.safeParse(await response.json().catch(() => null));
      // 200: a retry answered with the call its earlier attempt placed.
      if ((status === 201 || status === 200) && body.success) id = body.data.id;
    } catch {
      status = 0;
    } finally {
      this.#placing--;
    }
    this.api.atMs.push(startMs);
    this.api.ms.push(monotonicMs() - startMs);
    this.api.status.push(status);
    if (!id) {
      const key = status === 0 ? "network" : String(status);
      this.apiErrors[key] = (this.apiErrors[key] ?? 0) + 1;
      setTimeout(() => void this.place(failedBefore + 1, attempt), Math.min(PLACE_RETRY_MAX_MS, PLACE_RETRY_FIRST_MS * 2 ** failedBefore));
      return;
    }
    this.placed++;
    this.#watch(id);
  }

  #nextPlacement(): { to: string; key: string } {
    const n = this.#dialled++;
    return { to: `${this.config.numberPrefix}${String(n % 10_000).padStart(4, "0")}`, key: `bench-${this.#runId}-${n}` };
  }

  closeAll(): void {
    for (const call of this.live) this.#finish(call, null);
    for (const socket of this.consoles.values()) socket.close();
  }

  #watch(id: string): void {
    const roomUrl = `${this.config.apiUrl.replace(/^http/, "ws")}/parties/call-actor/${this.config.organizationId}:${id}`;
    const socket = new CallConsole(roomUrl, this.config.cookie, this.ledger, (end) => this.#onConsoleEnd(call, end));
    const call: LiveCall = { id, socket, timers: [], finished: false };
    this.consoles.set(id, socket);
    this.live.add(call);
    const timeoutMs = this.config.callMs * CALL_TIMEOUT_CALL_LENGTHS + CALL_TIMEOUT_EXTRA_MS;
    call.timers.push(
      setTimeout(() => {
        this.timedOut++;
        this.#finish(call, null);
      }, timeoutMs),
    );
  }

  #onConsoleEnd(call: LiveCall, end: ConsoleEnd): void {
    if (end.kind === "status") return this.#finish(call, end.status);
    if (call.finished) return;
    this.socketFailures++;
    this.ledger.error(`socket for ${call.id}: ${end.detail}`);
    call.timers.push(setInterval(() => void this.#pollStatus(call), LOST_SOCKET_POLL_MS));
  }

  async #pollStatus(call: LiveCall): Promise<void> {
    try {
      const response = await fetch(`${this.config.apiUrl}/api/calls/${call.id}`, { headers: { cookie: this.config.cookie } });
      const body = calledCall.safeParse(await response.json().catch(() => null));
      if (body.success && isTerminalStatus(body.data.call.status)) this.#finish(call, body.data.call.status);
    } catch {
      // The next tick asks again; the call timeout bounds it.
    }
  }

  #finish(call: LiveCall, status: string | null): void {
    if (call.finished) return;
    call.finished = true;
    for (const timer of call.timers) clearTimeout(timer);
    this.live.delete(call);
    if (status !== null) this.endedByStatus[status] = (this.endedByStatus[status] ?? 0) + 1;
    void this.place();
  }
}

async function run(config: ClientConfig, send: (message: ClientMessage) => void): Promise<ClientResult> {
  const load = new CallLoad(config);
  const health = new HealthProbe(`${config.apiUrl}/api/health`, config.healthIntervalMs);
  const startMs = monotonicMs();
  const windowStartMs = startMs + config.rampMs;
  const windowEndMs = windowStartMs + config.windowMs;
  load.stopPlacingAt(windowEndMs);
  health.start();

  for (let slot = 0; slot < config.calls; slot++) {
    setTimeout(() => void load.place(), (slot * config.rampMs) / config.calls);
  }
  const progress = setInterval(() => {
    const seconds = ((monotonicMs() - startMs) / 1000).toFixed(0);
    send({ type: "progress", line: `t=${seconds}s in flight=${load.inFlight} placed=${load.placed} ended=${sum(load.endedByStatus)} api errors=${sum(load.apiErrors)}` });
  }, PROGRESS_EVERY_MS);

  await sleepUntil(windowStartMs);
  const eluAtStart = performance.eventLoopUtilization();
  send({ type: "window", edge: "start", atMs: monotonicMs() });
  const liveSamples: number[] = [];
  const concurrency = setInterval(() => liveSamples.push(load.inFlight), 1_000);
  await sleepUntil(windowEndMs);
  clearInterval(concurrency);
  const elu = performance.eventLoopUtilization(eluAtStart);
  send({ type: "window", edge: "end", atMs: monotonicMs() });

  // Drain: no new calls; the ones in flight end on their own (bounded).
  const drainDeadlineMs = windowEndMs + config.callMs * 2 + 30_000;
  while (load.inFlight > 0 && monotonicMs() < drainDeadlineMs) await sleep(100);
  const liveAtEnd = load.live.size;
  clearInterval(progress);
  health.stop();
  load.closeAll();

  const sockets = [...load.consoles.entries()];
  const broadcasts = [...load.ledger.firstSeenMs.entries()];
  const translations = [...load.ledger.translationFirstSeen.entries()];
  const inView = [...load.ledger.inViewFirstSeenMs.entries()];
  return {
    window: { startMs: windowStartMs, endMs: windowEndMs },
    calls: { placed: load.placed, endedByStatus: load.endedByStatus, timedOut: load.timedOut, socketFailures: load.socketFailures, liveAtEnd, liveSamples },
    api: load.api,
    apiErrors: load.apiErrors,
    health: health.samples,
    sockets: { callIds: sockets.map(([id]) => id), openedAtMs: sockets.map(([, c]) => c.openedAtMs ?? -1) },
    broadcasts: { eventIds: broadcasts.map(([id]) => id), firstSeenMs: broadcasts.map(([, at]) => at) },
    segmentsInView: { segmentIds: inView.map(([id]) => id), firstSeenMs: inView.map(([, at]) => at) },
    translations: { segmentIds: translations.map(([id]) => id), firstSeenMs: translations.map(([, t]) => t.atMs), modelLatencyMs: translations.map(([, t]) => t.modelLatencyMs) },
    transcriptDuplicates: { count: load.ledger.transcriptDuplicates, examples: load.ledger.duplicateExamples },
    invalidMessages: load.ledger.invalidMessages,
    errorMessages: load.ledger.errorMessages,
    eventLoopUtilization: elu.utilization,
  };
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const sleepUntil = (atMs: number) => sleep(Math.max(0, atMs - monotonicMs()));

const port = parentPort;
if (!port) throw new Error("load-client.ts runs as a worker thread (bench/calls/run.ts starts it)");
const send = (message: ClientMessage) => port.postMessage(message);
run(clientConfig.parse(workerData), send).then(
  (result) => send({ type: "done", result }),
  (error: unknown) => send({ type: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
