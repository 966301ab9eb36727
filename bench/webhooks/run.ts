// `npm run bench:webhooks [-- --events 2000] [--rate 1000] [--json]`: outbound webhook
// throughput through the organisation's WebhookDispatcher on a fresh local stack. The bench
// plays the sources: every 100 ms it commits a tick's share of events to the outbox (the
// rows db/writers/webhook-records.ts queueWebhookEvent writes, a tick's in one statement),
// then changes an account through the API, which
// queues one more event and wakes the dispatcher as every source does after its commit.
// A receiver in this process answers 204 and notes when each event first arrived (by the
// bench's sequence number in the body; the waking account.updated events are not counted).
// Prints delivered/s, event (commit) → first delivery p50 / p95 / p99, lost (never
// delivered by the end) and duplicates (deliveries beyond the first), with the load average.
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startStack, type Stack } from "../../scripts/lib/stack.ts";
import { summarize } from "../calls/percentiles.ts";
import { logInAsDemoOwner } from "../shared/demo-owner.ts";
import { runBenchCommand } from "../shared/run-command.ts";

const USAGE = "usage: npm run bench:webhooks -- [--events 2000] [--rate 1000] [--drain-seconds 600] [--json]";
const TICK_MS = 100;
/** The bench stops waiting when nothing new arrived for this long (every delivery answered 204, so nothing waits on a retry). */
const STALL_MS = 60_000;
const progress = (line: string) => process.stderr.write(`[bench:webhooks] ${line}\n`);

interface Options {
  events: number;
  rate: number;
  drainSeconds: number;
  json: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { events: 2_000, rate: 1_000, drainSeconds: 600, json: false };
  const whole = (name: string, raw: string | undefined, max: number) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`--${name} takes a whole number from 1 to ${max}\n${USAGE}`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.split("=", 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    if (arg === "--json") options.json = true;
    else if (name === "--events") options.events = whole("events", value(), 100_000);
    else if (name === "--rate") options.rate = whole("rate", value(), 10_000);
    else if (name === "--drain-seconds") options.drainSeconds = whole("drain-seconds", value(), 3_600);
    else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  return options;
}

/** What the receiver saw of each of the bench's events (by sequence number). */
interface Receiver {
  url: string;
  firstAtMs: Map<number, number>;
  deliveries: () => number;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const firstAtMs = new Map<number, number>();
  let deliveries = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const at = Date.now();
      const seq = (() => {
        try {
          return (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { data?: { benchSeq?: unknown } }).data?.benchSeq;
        } catch {
          return undefined;
        }
      })();
      if (typeof seq === "number") {
        deliveries++;
        if (!firstAtMs.has(seq)) firstAtMs.set(seq, at);
      }
      response.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    firstAtMs,
    deliveries: () => deliveries,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init.headers } });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function run(stack: Stack, receiver: Receiver, options: Options) {
  const { cookie, organizationId } = await logInAsDemoOwner(stack.url);
  const api = <T>(method: string, route: string, body: unknown) => json<T>(`${stack.url}${route}`, { method, headers: { cookie, origin: stack.url }, body: JSON.stringify(body) });
  await api("POST", "/api/webhook-endpoints", { url: receiver.url, events: ["account.updated"], description: "bench:webhooks receiver" });
  const { account } = await api<{ account: { id: string } }>("POST", "/api/accounts", { name: "Webhook bench", phones: ["+15558880000"], balanceDueCents: 0 });

  // Several connections, as several sources commit side by side: a tick never waits for the one before.
  const pool = new pg.Pool({ connectionString: stack.database.url, max: 4 });
  const committedAtMs = new Map<number, number>();
  const loadSamples: number[] = [];
  const inFlight: Promise<unknown>[] = [];
  // One tick's events in one statement: the outbox rows queueWebhookEvent writes (a message,
  // a delivery per subscribed endpoint), many at a time so the bench itself can offer 1,000/s
  // on a small machine (one statement per event could not).
  const offerTick = async (seqs: readonly number[], tick: number) => {
    const occurredAt = new Date().toISOString();
    const bodies = seqs.map((seq) => JSON.stringify({ type: "account.updated", timestamp: occurredAt, data: { accountId: account.id, benchSeq: seq } }));
    await pool.query(
      `with endpoints as (
         select id from webhook_endpoints where organization_id = $1 and enabled and event_types && '{account.updated,account.*,*}'::text[]
       ), messages as (
         insert into webhook_messages (id, organization_id, event_type, dedupe_key, body, occurred_at)
         select 'msg_' || replace(gen_random_uuid()::text, '-', ''), $1, 'account.updated', 'bench:' || seq, body, $2::timestamptz
         from unnest($3::int[], $4::text[]) as t(seq, body)
         returning id
       )
       insert into webhook_deliveries (organization_id, endpoint_id, message_id, next_attempt_at)
       select $1, endpoints.id, messages.id, now() from endpoints cross join messages`,
      [organizationId, occurredAt, seqs, bodies],
    );
    const committed = Date.now();
    for (const seq of seqs) committedAtMs.set(seq, committed);
    // The source's wake-up after its commit: a real route that queues an event and kicks the dispatcher.
    await api("PATCH", `/api/accounts/${account.id}`, { name: `Webhook bench ${tick}` }).catch((error: unknown) => progress(`wake failed: ${String(error)}`));
  };
  try {
    progress(`offering ${options.events} events at ${options.rate}/s`);
    const perTick = Math.max(1, Math.round((options.rate * TICK_MS) / 1000));
    const started = Date.now();
    let offered = 0;
    for (let tick = 0; offered < options.events; tick++) {
      await sleep(started + tick * TICK_MS - Date.now());
      const batch = Math.min(perTick, options.events - offered);
      inFlight.push(offerTick(Array.from({ length: batch }, (_, i) => offered + i), tick));
      offered += batch;
      if (tick % 10 === 0) loadSamples.push(os.loadavg()[0]!);
    }
    await Promise.all(inFlight);
    // Offered over the span from the first tick to the last commit (the waking PATCHes may finish later).
    const offeredSeconds = Math.max(TICK_MS, Math.max(...committedAtMs.values()) - started) / 1000;
    progress(`offered ${offered} in ${offeredSeconds.toFixed(1)} s; waiting for deliveries`);
    let lastCount = -1;
    let lastChange = Date.now();
    let lastReport = Date.now();
    const drainDeadline = Date.now() + options.drainSeconds * 1000;
    while (receiver.firstAtMs.size < offered && Date.now() < drainDeadline && Date.now() - lastChange < STALL_MS) {
      await sleep(250);
      if (receiver.firstAtMs.size !== lastCount) {
        lastCount = receiver.firstAtMs.size;
        lastChange = Date.now();
      }
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        loadSamples.push(os.loadavg()[0]!);
        progress(`${receiver.firstAtMs.size} of ${offered} delivered`);
      }
    }
    loadSamples.push(os.loadavg()[0]!);
    const firstTimes = [...receiver.firstAtMs.values()];
    const lastDeliveryMs = firstTimes.length ? Math.max(...firstTimes) : started;
    const latency = summarize([...receiver.firstAtMs].map(([seq, at]) => at - committedAtMs.get(seq)!));
    return {
      offered,
      offeredPerSecond: Math.round(offered / offeredSeconds),
      delivered: receiver.firstAtMs.size,
      deliveredPerSecond: Math.round((receiver.firstAtMs.size / Math.max(0.001, (lastDeliveryMs - started) / 1000)) * 10) / 10,
      firstDeliveryP50Ms: latency.p50,
      firstDeliveryP95Ms: latency.p95,
      firstDeliveryP99Ms: latency.p99,
      lost: offered - receiver.firstAtMs.size,
      duplicates: receiver.deliveries() - receiver.firstAtMs.size,
      loadAverage1m: { mean: Math.round((loadSamples.reduce((a, b) => a + b, 0) / loadSamples.length) * 10) / 10, max: Math.round(Math.max(...loadSamples) * 10) / 10 },
      cores: os.cpus().length,
    };
  } finally {
    await pool.end();
  }
}

async function main(options: Options): Promise<number> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "wib-bench-webhooks-"));
  const receiver = await startReceiver();
  let stack: Stack | undefined;
  try {
    progress(`starting the stack in ${dataDir}`);
    stack = await startStack({ dataDir, buildUi: false, env: {}, log: (line) => (line.startsWith("carrier: ") || line.startsWith("stripe: ") ? undefined : progress(line)) });
    const result = await run(stack, receiver, options);
    console.log(
      options.json
        ? JSON.stringify(result)
        : [
            `webhooks: ${result.offered} events offered at ${result.offeredPerSecond}/s to one endpoint`,
            `delivered ${result.delivered} at ${result.deliveredPerSecond}/s; lost ${result.lost}, duplicates ${result.duplicates}`,
            `event → first delivery: p50 ${result.firstDeliveryP50Ms ?? "—"} ms, p95 ${result.firstDeliveryP95Ms ?? "—"} ms, p99 ${result.firstDeliveryP99Ms ?? "—"} ms`,
            `load average (1 min) mean ${result.loadAverage1m.mean}, max ${result.loadAverage1m.max} on ${result.cores} cores`,
          ].join("\n"),
    );
    return 0;
  } finally {
    progress("stopping the stack");
    await stack?.stop().catch((error: unknown) => progress(String(error)));
    await receiver.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

runBenchCommand(process.argv.slice(2), parseOptions, main);
