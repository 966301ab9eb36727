// The local carrier: a Telnyx Call Control v2 simulator the Worker reaches through
// TELNYX_BASE_URL with the real `telnyx` SDK. This file is the entry and the router:
// GET /health, the Telnyx API under /v2 (api.ts), recording files under /recordings,
// and the loopback-only control API under /control (control.ts). Call behaviour lives
// in the modules beside it; sim/README.md describes the whole.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { TelnyxApi } from "./api.ts";
import { Carrier } from "./carrier.ts";
import { handleControl } from "./control.ts";
import { BodyTooLargeError, sendJson } from "./http.ts";
import { randomSeed } from "./prng.ts";
import { recordedMs, wavFile } from "./recordings.ts";
import type { ClockMode } from "./scheduler.ts";
import type { TelnyxErrorBody } from "./wire.ts";

export interface CarrierSimulatorOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Where webhooks go for dials without their own webhook_url (changeable later). */
  webhookUrl?: string;
  /** Default: a random seed (logged), so the run is not repeatable. */
  seed?: number;
  /** Divides persona and call-flow durations (10 = ten times faster). Default 1. */
  speed?: number;
  /** "manual": time moves only through advance(ms) or POST /control/clock/advance. Default "real". */
  clock?: ClockMode;
  /** When set, the only bearer token /v2 accepts; otherwise any non-empty one. */
  apiKey?: string;
  /** How long a webhook receiver may take to answer before the attempt counts as failed. Default 10 s. */
  webhookTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface CarrierSimulator {
  port: number;
  /** http://127.0.0.1:<port>: health, recordings, the control API. */
  origin: string;
  /** What the Worker's TELNYX_BASE_URL (or the SDK's baseURL) should be. */
  baseUrl: string;
  /** The webhook verification key: base64 of the raw 32-byte Ed25519 public key (TELNYX_PUBLIC_KEY). */
  publicKeyBase64: string;
  seed: number;
  setWebhookUrl(url: string | null): void;
  /** Manual clock only: moves time and waits for the webhooks it set off. */
  advance(ms: number): Promise<void>;
  /** Waits until no webhook delivery is in flight. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const RECORDING_PATH = /^\/recordings\/([0-9a-f-]{36})\.wav$/;

export async function startCarrierSimulator(options: CarrierSimulatorOptions): Promise<CarrierSimulator> {
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? (() => {});
  const seed = options.seed ?? randomSeed();
  const carrier = new Carrier({
    seed,
    speed: options.speed ?? 1,
    clock: options.clock ?? "real",
    origin: "",
    webhookUrl: options.webhookUrl ?? null,
    deliveryTimeoutMs: options.webhookTimeoutMs,
    log,
  });
  const api = new TelnyxApi(carrier, { apiKey: options.apiKey });
  let baseUrl = "";

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const method = request.method ?? "GET";
    const path = new URL(request.url ?? "/", "http://carrier.local").pathname;
    if (path === "/v2" || path.startsWith("/v2/")) return api.handle(request, response, path);
    if (path === "/control" || path.startsWith("/control/")) return handleControl({ carrier, api, baseUrl }, request, response, path);
    request.resume();
    if (method === "GET" && path === "/health") return sendJson(response, 200, { ok: true, service: "carrier-simulator" });
    const recordingMatch = method === "GET" ? RECORDING_PATH.exec(path) : null;
    if (recordingMatch) return serveRecording(carrier, recordingMatch[1]!, response);
    sendJson(response, 404, {
      errors: [{ code: "10005", title: "Resource not found", detail: `No route ${method} ${path}: the carrier API lives under /v2` }],
    } satisfies TelnyxErrorBody);
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) return sendJson(response, 413, { errors: [{ code: "10015", title: "Bad Request", detail: error.message }] });
      log(`request ${request.method} ${request.url} failed: ${error instanceof Error ? error.stack : String(error)}`);
      sendJson(response, 500, { errors: [{ code: "10007", title: "Unexpected error", detail: "The simulator failed on this request; see its log." }] });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const originHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  const origin = `http://${originHost}:${port}`;
  baseUrl = `${origin}/v2`;
  carrier.settings.origin = origin;
  log(`carrier simulator on ${baseUrl} (seed ${seed}, speed ${carrier.settings.speed}, ${carrier.scheduler.mode} clock)`);

  return {
    port,
    origin,
    baseUrl,
    publicKeyBase64: carrier.signer.publicKeyBase64,
    seed,
    setWebhookUrl: (url) => carrier.setWebhookUrl(url),
    advance: (ms) => carrier.scheduler.advance(ms),
    idle: () => carrier.scheduler.idle(),
    close: async () => {
      api.flushDeferred();
      carrier.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function serveRecording(carrier: Carrier, id: string, response: http.ServerResponse): void {
  const recording = carrier.ctx.recordings.get(id);
  if (!recording || recording.endedAtMs === null) {
    return sendJson(response, 404, { errors: [{ code: "10005", title: "Resource not found", detail: `No saved recording ${id}` }] });
  }
  const wav = wavFile(recordedMs(recording, carrier.scheduler.now()));
  response.writeHead(200, {
    "content-type": "audio/wav",
    "content-length": wav.bytes.length,
    ...(wav.truncated ? { "x-simulator-truncated": "true" } : {}),
  });
  response.end(wav.bytes);
}
