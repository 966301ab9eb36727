// The local model: an OpenAI-compatible chat-completions server the engine reaches
// through OPENAI_BASE_URL with the real `openai` SDK. Scripted and seeded, never a real
// model: /health and every log line say "simulator". Routes: /v1 (completions.ts),
// /control (control.ts), /health. sim/README.md describes the whole.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { BodyTooLargeError, sendJson } from "../carrier/http.ts";
import { randomSeed } from "../carrier/prng.ts";
import type { ClockMode } from "../carrier/scheduler.ts";
import { handleModelApi } from "./completions.ts";
import { handleModelControl } from "./control.ts";
import { SimulatedModel, type FailureInput, type RequestLogEntry, type Timing } from "./model.ts";
import type { ScriptRuleInput } from "./script.ts";
import { openAiError } from "./wire.ts";

export const SIMULATED_MODEL_ID = "wib-sim-1";
/** The rehearsal defaults (issue 12's bench: 300 ms to the first token, 50 tokens/s). */
export const DEFAULT_TIMING: Timing = { timeToFirstTokenMs: 300, tokensPerSecond: 50 };

export interface ModelSimulatorOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Default: a random seed (logged), so the run is not repeatable. */
  seed?: number;
  /** "manual": time moves only through advance(ms) or POST /control/clock/advance. Default "real". */
  clock?: ClockMode;
  timing?: Partial<Timing>;
  /** The name /v1/models lists (any name is accepted in requests). */
  modelId?: string;
  /** When set, the only bearer key /v1 accepts; otherwise any non-empty one. */
  apiKey?: string;
  log?: (line: string) => void;
}

export interface ModelSimulator {
  port: number;
  /** http://127.0.0.1:<port>: health and the control API. */
  origin: string;
  /** What OPENAI_BASE_URL (the SDK's baseURL) should be: <origin>/v1. */
  baseUrl: string;
  modelId: string;
  seed: number;
  setScript(rules: ScriptRuleInput[]): void;
  failNext(failure: FailureInput): void;
  setTiming(timing: Partial<Timing>): void;
  requests(): readonly RequestLogEntry[];
  /** Resolves once this many chat requests have arrived since start (reset does not recount). */
  waitForRequests(count: number): Promise<void>;
  /** Manual clock only: moves time, sending the tokens that fall due. */
  advance(ms: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

export async function startModelSimulator(options: ModelSimulatorOptions): Promise<ModelSimulator> {
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? (() => {});
  const seed = options.seed ?? randomSeed();
  const model = new SimulatedModel(
    { seed, clock: options.clock ?? "real", timing: { ...DEFAULT_TIMING, ...options.timing }, modelId: options.modelId ?? SIMULATED_MODEL_ID },
    log,
  );
  let baseUrl = "";

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? "/", "http://model.local").pathname;
    if (path === "/v1" || path.startsWith("/v1/")) return handleModelApi(model, request, response, path, options.apiKey);
    if (path === "/control" || path.startsWith("/control/")) return handleModelControl(model, request, response, path, baseUrl);
    request.resume();
    if (request.method === "GET" && path === "/health") return sendJson(response, 200, { ok: true, service: "model-simulator", model: model.settings.modelId });
    sendJson(response, 404, openAiError(`Unknown request URL: ${request.method} ${path}. The API lives under /v1.`, "invalid_request_error", null, "unknown_url"));
  };
  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) return sendJson(response, 413, openAiError(error.message, "invalid_request_error"));
      log(`request ${request.method} ${request.url} failed: ${error instanceof Error ? error.stack : String(error)}`);
      sendJson(response, 500, openAiError("The model simulator failed on this request; see its log.", "server_error"));
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
  const origin = `http://${host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host}:${port}`;
  baseUrl = `${origin}/v1`;
  log(`model simulator (scripted, not a real model) on ${baseUrl} as ${model.settings.modelId} (seed ${seed}, first token ${model.timing.timeToFirstTokenMs} ms, ${model.timing.tokensPerSecond} tokens/s, ${model.scheduler.mode} clock)`);

  return {
    port,
    origin,
    baseUrl,
    modelId: model.settings.modelId,
    seed,
    setScript: (rules) => model.setRules(rules),
    failNext: (failure) => model.addFailure(failure),
    setTiming: (timing) => (model.timing = { ...model.timing, ...timing }),
    requests: () => model.requests,
    waitForRequests: (count) => model.waitForRequests(count),
    advance: (ms) => model.scheduler.advance(ms),
    reset: () => model.reset(),
    close: async () => {
      model.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
