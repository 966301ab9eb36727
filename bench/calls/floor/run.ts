// bench:calls --floor: the least a carrier webhook can cost on this wrangler/workerd
// (worker.ts), driven like the engine's run: N calls in flight, each a console socket and
// 9 signed webhooks over one call length (64/F s) sent one after another, the first N
// calls spread over one call length, then a measured window. workerd's CPU over the window
// from /proc (process-cpu.ts), divided by the webhooks answered in it. Traffic goes past
// wrangler's proxy, as bench:calls --direct does.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { engineAddress } from "../../../scripts/lib/engine-url.ts";
import { freePort } from "../../../scripts/lib/free-port.ts";
import { startWranglerDev, waitForHealth } from "../../../scripts/lib/stack.ts";
import { WebhookSigner } from "../../../sim/carrier/webhooks.ts";
import { scratchParent } from "../../shared/scratch-dir.ts";
import { monotonicMs } from "../monotonic-clock.ts";
import { cpuUsageBetween, takeCpuSnapshot } from "../process-cpu.ts";
import { buildFloorReport, formatFloorReport, type FloorReport } from "./report.ts";

/**
 * What bench:calls' calls send (its report's "perCompleteCall": 9): a `direct` call has no
 * agent, so the live-human persona says its four lines alone and hangs up. Initiated,
 * answered, AMD, 4 lines, recording, hang-up, over one call length as bench:calls counts it.
 */
const EVENT_TYPES = ["call.initiated", "call.answered", "call.machine.detection.ended", ...Array<string>(4).fill("call.transcription"), "call.recording.saved", "call.hangup"];
const LIVE_HUMAN_CALL_SECONDS = 64;
const HEALTH_TIMEOUT_MS = 60_000;
const POST_TIMEOUT_MS = 10_000;

export interface FloorOptions {
  calls: number;
  speed: number;
  seconds: number;
  /** One outbound POST per webhook from the Worker to a sink in this process (a carrier command's stand-in). */
  floorSubrequest: boolean;
}

const progress = (line: string) => process.stderr.write(`[bench:calls --floor] ${line}\n`);

export async function runFloor(options: FloorOptions): Promise<FloorReport> {
  const dataDir = await mkdtemp(path.join(scratchParent().dir, "wib-bench-floor-"));
  const signer = new WebhookSigner();
  const port = await freePort();
  const config = path.join(path.dirname(fileURLToPath(import.meta.url)), "wrangler.toml");
  const vars: Record<string, string> = { TELNYX_PUBLIC_KEY: signer.publicKeyBase64 };
  const sink = options.floorSubrequest ? await startSink() : null;
  if (sink) vars.SUBREQUEST_URL = sink.url;
  const wrangler = startWranglerDev({ port, config, persistTo: dataDir, vars });
  try {
    const proxyUrl = `http://127.0.0.1:${port}`;
    await waitForHealth(proxyUrl, wrangler, HEALTH_TIMEOUT_MS);
    const engine = await engineAddress(proxyUrl, wrangler.process.pid);
    progress(`requests go ${engine.route}`);
    const callMs = (LIVE_HUMAN_CALL_SECONDS * 1000) / options.speed;
    const counts = { ok: 0, failed: 0, socketMessages: 0, callsStarted: 0 };
    let measuring = false;
    let stopped = false;
    const slot = async (index: number) => {
      await sleep((index * callMs) / options.calls);
      for (let call = 0; !stopped; call++) {
        const callId = `floor-${index}-${call}`;
        if (measuring) counts.callsStarted++;
        const socket = await openSocket(`${engine.url.replace(/^http/, "ws")}/calls/${callId}/socket`);
        socket?.on("message", () => measuring && counts.socketMessages++);
        const startedMs = monotonicMs();
        for (let k = 0; k < EVENT_TYPES.length && !stopped; k++) {
          await sleep(startedMs + (k * callMs) / EVENT_TYPES.length - monotonicMs());
          const ok = await postWebhook(`${engine.url}/webhooks/telnyx`, signer, webhookBody(callId, k));
          if (measuring) counts[ok ? "ok" : "failed"]++;
        }
        if (!stopped) await sleep(startedMs + callMs - monotonicMs());
        socket?.close();
      }
    };
    progress(`${options.calls} calls, ${(callMs / 1000).toFixed(1)} s each, ramp of one call length, then ${options.seconds} s measured`);
    const slots = Array.from({ length: options.calls }, (_, index) => slot(index));
    await sleep(callMs);
    const workerPort = port;
    const startsBefore = await actorStarts(engine.url);
    const before = takeCpuSnapshot(monotonicMs(), workerPort);
    measuring = true;
    await sleep(options.seconds * 1000);
    measuring = false;
    const after = takeCpuSnapshot(monotonicMs(), workerPort);
    const startsAfter = await actorStarts(engine.url);
    stopped = true;
    await Promise.all(slots);
    return buildFloorReport({
      subrequest: options.floorSubrequest,
      calls: options.calls,
      speed: options.speed,
      windowSeconds: (after.atMs - before.atMs) / 1000,
      offeredPerSecond: (options.calls * EVENT_TYPES.length) / (callMs / 1000),
      webhooksOk: counts.ok,
      webhooksFailed: counts.failed,
      socketMessages: counts.socketMessages,
      actorStarts: startsAfter - startsBefore,
      callsStarted: counts.callsStarted,
      cpu: cpuUsageBetween(before, after),
    });
  } finally {
    await wrangler.stop();
    sink?.server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function printFloorReport(report: FloorReport, json: boolean): void {
  console.log(json ? JSON.stringify(report, null, 2) : formatFloorReport(report));
}

/** Answers every request 204 once its body is read. */
async function startSink(): Promise<{ url: string; server: ReturnType<typeof createServer> }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => response.writeHead(204).end());
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${port}/`, server };
}

async function actorStarts(url: string): Promise<number> {
  const health = (await (await fetch(`${url}/api/health`)).json()) as { actorStarts: number };
  return health.actorStarts;
}

/** An envelope the size and shape of the simulator's (sim/carrier/wire.ts), routed by client_state. */
function webhookBody(callId: string, k: number): string {
  const eventType = EVENT_TYPES[k]!;
  return JSON.stringify({
    data: {
      record_type: "event",
      event_type: eventType,
      id: `${callId}-event-${k}`,
      occurred_at: new Date().toISOString(),
      payload: {
        call_control_id: `v3:${callId}`,
        call_leg_id: `leg-${callId}`,
        call_session_id: `session-${callId}`,
        connection_id: "floor",
        client_state: callId,
        from: "+15550100000",
        to: "+15550101234",
        direction: "outgoing",
        state: "answered",
        ...(eventType === "call.transcription" ? { transcription_data: { transcript: "I can pay part of it this week, the rest next month.", is_final: true, confidence: 0.93 } } : {}),
      },
    },
    meta: { attempt: 1, delivered_to: "floor" },
  });
}

/** Signed as the carrier simulator signs its webhooks (sim/carrier/webhooks.ts). */
async function postWebhook(url: string, signer: WebhookSigner, body: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...signer.headers(body) },
      body,
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function openSocket(url: string): Promise<WebSocket | null> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once("open", () => resolve(socket));
    socket.once("error", () => resolve(null));
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
