// `npm run bench:rls [-- --requests 300] [--json]`: what row-level security costs a member's
// request, measured the way the Worker talks to Postgres (a Neon driver Pool per request over
// the local WebSocket relay, like production's proxy). Each request reads who is asking
// (one statement), then runs the handler's statements (HANDLER_STATEMENTS reads of the
// organisation's accounts), then closes its pool. Three ways of scoping it:
// - unscoped: no row-level security (main before it).
// - per-request (this design, db/client.ts openRequestDatabase): the pool starts as
//   `wib_system` through startup options (no round trip), and one statement after the
//   identity scopes the request's connection to the organisation.
// - per-transaction (behind a transaction pooler, DATABASE_POOLER=transaction): every
//   statement in a transaction that scopes itself as it begins.
// - per-statement (the rejected first attempt): each handler statement wrapped with a
//   set_config before and a reset after (two extra round trips per statement).
// Each mode runs twice: through the relay piping every request to a new Postgres session,
// and through the relay's session pool (the local stack's default, as production's pooler).
// Prints per-request latency p50 / p95, statements per request, and CPU per request from
// /proc (Postgres's backends, reaped ones included, and this process: the driver and the
// relay); asserts nothing.
import { Pool, neonConfig } from "@neondatabase/serverless";
import os from "node:os";
import path from "node:path";
import ws from "ws";
import { freePort } from "../../scripts/lib/free-port.ts";
import { startLocalPostgres } from "../../scripts/lib/local-postgres.ts";
import { applyMigrations } from "../../scripts/lib/migrate.ts";
import { startWsRelay } from "../../scripts/lib/ws-relay.ts";
import { takeCpuSnapshot } from "../calls/process-cpu.ts";
import { drizzle } from "drizzle-orm/neon-serverless";
import { openRequestDatabase, type Database } from "../../db/client.ts";
import * as schema from "../../db/schema.ts";
import { systemAccess, ORGANIZATION_SETTING } from "../../db/access.ts";
import { accounts, organizations } from "../../db/schema.ts";
import { eq } from "drizzle-orm";

const HANDLER_STATEMENTS = 3;
const args = process.argv.slice(2);
const requests = Number(args[args.indexOf("--requests") + 1] ?? 0) || 300;
const json = args.includes("--json");
const progress = (line: string) => process.stderr.write(`[bench:rls] ${line}\n`);

const dataDir = path.join(os.tmpdir(), `wib-bench-rls-${process.pid}-${Date.now()}`, "pg");
const postgres = await startLocalPostgres({ dataDir, port: await freePort(), persistent: false });
await postgres.createDatabaseIfMissing("rls");
await applyMigrations(postgres.urlFor("rls"));
const relays = {
  "new session each": await startWsRelay({ port: await freePort(), postgresPort: postgres.port }),
  "pooled relay": await startWsRelay({ port: await freePort(), postgresPort: postgres.port, pool: { maxIdle: 8 } }),
};
neonConfig.webSocketConstructor = ws;
const env = { DATABASE_URL: postgres.urlFor("rls"), DATABASE_WS_PROXY: `${relays["new session each"].proxyHost}/v2` };
const BENCH_ACCESS = systemAccess("the bench seeds and reads as any organisation");

const organizationId = crypto.randomUUID();
{
  const seed = openRequestDatabase(env, BENCH_ACCESS);
  await seed.db.insert(organizations).values({ id: organizationId, name: "Bench", slug: `bench-${organizationId}` });
  await seed.db.insert(accounts).values(Array.from({ length: 50 }, (_, i) => ({ organizationId, name: `Account ${i}`, phones: ["+15550100001"] })) );
  await seed.close();
}

const identity = (db: Database) => db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId));
const handlerRead = (db: Database) => db.select({ id: accounts.id }).from(accounts).where(eq(accounts.organizationId, organizationId)).limit(20);

type Mode = { name: string; statements: number; request: () => Promise<void> };
const modes: Mode[] = [
  {
    name: "unscoped",
    statements: 1 + HANDLER_STATEMENTS,
    async request() {
      const pool = new Pool({ connectionString: env.DATABASE_URL, max: 4 });
      const db = drizzle({ client: pool, schema });
      await identity(db);
      for (let i = 0; i < HANDLER_STATEMENTS; i++) await handlerRead(db);
      await pool.end();
    },
  },
  {
    name: "per-request",
    statements: 1 + 1 + HANDLER_STATEMENTS,
    async request() {
      const handle = openRequestDatabase(env, BENCH_ACCESS);
      await identity(handle.db);
      const db = await handle.scopeTo(organizationId);
      for (let i = 0; i < HANDLER_STATEMENTS; i++) await handlerRead(db);
      await handle.close();
    },
  },
  {
    // Behind a transaction pooler (db/per-transaction-scope.ts): each lone statement is a
    // transaction scoped as it begins (begin + scope, the statement, commit).
    name: "per-transaction (pooler)",
    statements: 3 * (1 + HANDLER_STATEMENTS),
    async request() {
      const handle = openRequestDatabase({ ...env, DATABASE_POOLER: "transaction" }, BENCH_ACCESS);
      await identity(handle.db);
      const db = await handle.scopeTo(organizationId);
      for (let i = 0; i < HANDLER_STATEMENTS; i++) await handlerRead(db);
      await handle.close();
    },
  },
  {
    name: "per-statement",
    statements: 1 + 3 * HANDLER_STATEMENTS,
    async request() {
      const pool = new Pool({ connectionString: env.DATABASE_URL, max: 4, options: "-c role=wib_system" });
      const db = drizzle({ client: pool, schema });
      await identity(db);
      const client = await pool.connect();
      for (let i = 0; i < HANDLER_STATEMENTS; i++) {
        await client.query(`select set_config('role', 'wib_tenant', false), set_config('${ORGANIZATION_SETTING}', $1, false)`, [organizationId]);
        await client.query("select id from accounts where organization_id = $1 limit 20", [organizationId]);
        await client.query("reset role");
      }
      client.release(true);
      await pool.end();
    },
  },
];

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
type Result = { p50Ms: number; p95Ms: number; statementsPerRequest: number; postgresCpuMs: number; driverAndRelayCpuMs: number };
const results: Record<string, Result> = {};
const cpuTicks = () => {
  const snapshot = takeCpuSnapshot(performance.now(), 0);
  return { postgres: snapshot.groupTicks.postgres, self: snapshot.groupTicks["bench-node"] };
};
const TICK_MS = 10;
for (const [relayName, relay] of Object.entries(relays)) {
  env.DATABASE_WS_PROXY = `${relay.proxyHost}/v2`;
  for (const mode of modes) await mode.request(); // warm the driver and the relay
  for (const mode of modes) {
    const name = `${mode.name}, ${relayName}`;
    const times: number[] = [];
    const before = cpuTicks();
    for (let i = 0; i < requests; i++) {
      const started = performance.now();
      await mode.request();
      times.push(performance.now() - started);
    }
    const after = cpuTicks();
    times.sort((a, b) => a - b);
    results[name] = {
      p50Ms: +quantile(times, 0.5).toFixed(2),
      p95Ms: +quantile(times, 0.95).toFixed(2),
      statementsPerRequest: mode.statements,
      postgresCpuMs: +(((after.postgres - before.postgres) * TICK_MS) / requests).toFixed(2),
      driverAndRelayCpuMs: +(((after.self - before.self) * TICK_MS) / requests).toFixed(2),
    };
    const r = results[name]!;
    progress(`${name}: p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms, CPU per request: Postgres ${r.postgresCpuMs} ms, driver + relay ${r.driverAndRelayCpuMs} ms (${requests} requests)`);
  }
}
const loadAverage = os.loadavg().map((l) => +l.toFixed(2));
for (const relay of Object.values(relays)) await relay.close();
await postgres.stop();
if (json) console.log(JSON.stringify({ requests, handlerStatements: HANDLER_STATEMENTS, loadAverage, modes: results }));
else {
  console.log(`member request (identity + ${HANDLER_STATEMENTS} handler statements), ${requests} requests each, load average ${loadAverage.join(" ")}`);
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `  ${name.padEnd(34)} p50 ${r.p50Ms} ms  p95 ${r.p95Ms} ms  statements ${r.statementsPerRequest}  CPU: Postgres ${r.postgresCpuMs} ms, driver + relay ${r.driverAndRelayCpuMs} ms`,
    );
  }
}
