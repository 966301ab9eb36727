// The local database path end to end: embedded PostgreSQL, migrations, the demo seed
// and the WebSocket relay the Worker's Neon driver goes through.
import { neonConfig, Pool } from "@neondatabase/serverless";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ws from "ws";
import { freePort } from "../../../scripts/lib/free-port";
import { startLocalPostgres, type LocalPostgres } from "../../../scripts/lib/local-postgres";
import { applyMigrations } from "../../../scripts/lib/migrate";
import { DEMO_USERS, seedDemo } from "../../../scripts/lib/seed";
import { startWsRelay, type WsRelay } from "../../../scripts/lib/ws-relay";
import { verifyAuditRows } from "../../../db/audit/chain";
import { SCOPE_CONNECTION_SQL, startupOptions, systemAccess, tenantAccess } from "../../../db/access";

let postgres: LocalPostgres;
let relay: WsRelay;
let url: string;

beforeAll(async () => {
  const dataDir = path.join(os.tmpdir(), `wib-node-test-${process.pid}-${Date.now()}`, "pg");
  postgres = await startLocalPostgres({ dataDir, port: await freePort(), persistent: false });
  await postgres.createDatabaseIfMissing("wib_node");
  url = postgres.urlFor("wib_node");
  await applyMigrations(url);
  relay = await startWsRelay({ port: await freePort(), postgresPort: postgres.port });
});

afterAll(async () => {
  await relay?.close();
  await postgres?.stop();
});

async function query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe("demo seed", () => {
  it("is idempotent: a second run adds nothing and the audit chain stays intact", async () => {
    const first = await seedDemo(url);
    const counts = () =>
      query<{ users: number; memberships: number; accounts: number; audit: number }>(
        `select (select count(*)::int from users) users, (select count(*)::int from memberships) memberships,
                (select count(*)::int from accounts) accounts, (select count(*)::int from audit_log) audit`,
      );
    const before = await counts();
    const second = await seedDemo(url);
    expect(second).toEqual({ organizationId: first.organizationId, created: false });
    expect(await counts()).toEqual(before);
    expect(before[0]!.memberships).toBe(DEMO_USERS.length);

    const rows = await query(
      `select organization_id "organizationId", seq, actor_type "actorType", actor_id "actorId", action,
              resource_type "resourceType", resource_id "resourceId", before, after, occurred_at "occurredAt",
              prev_hash "prevHash", hash from audit_log where organization_id = $1 order by seq`,
      [first.organizationId],
    );
    const { verdict } = await verifyAuditRows(rows as never);
    expect(verdict).toMatchObject({ ok: true, rowsChecked: before[0]!.audit });
  });

  it("migrations can run again on a migrated database", async () => {
    await expect(applyMigrations(url)).resolves.toBeUndefined();
  });
});

describe("WebSocket relay", () => {
  it("carries the Neon driver's queries and closes the server connection when the pool ends", async () => {
    neonConfig.webSocketConstructor = ws;
    neonConfig.wsProxy = () => `${relay.proxyHost}/v2`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
    const pool = new Pool({ connectionString: url, application_name: "relay-test" });
    const { rows } = await pool.query("select count(*)::int as n from organizations");
    expect(rows[0].n).toBeGreaterThanOrEqual(1);
    await pool.end();
    let remaining = 1;
    for (let i = 0; i < 20 && remaining > 0; i++) {
      remaining = (await query<{ n: number }>("select count(*)::int n from pg_stat_activity where application_name = 'relay-test'"))[0]!.n;
      if (remaining > 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(remaining).toBe(0);
  });
});

describe("WebSocket relay with its session pool (the local stack's default)", () => {
  let pooled: WsRelay;
  beforeAll(async () => {
    pooled = await startWsRelay({ port: await freePort(), postgresPort: postgres.port, pool: { maxIdle: 4 } });
  });
  afterAll(async () => {
    await pooled?.close();
  });

  /** One Neon driver pool through the pooled relay, as db/client.ts opens one: run `work` on one connection, then end it. */
  async function viaPool<T>(options: { options?: string; connectionString?: string }, work: (client: { query: Pool["query"] }) => Promise<T>): Promise<T> {
    neonConfig.webSocketConstructor = ws;
    neonConfig.wsProxy = () => `${pooled.proxyHost}/v2`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
    const pool = new Pool({ connectionString: options.connectionString ?? url, max: 1, ...(options.options ? { options: options.options } : {}) });
    try {
      const client = await pool.connect();
      try {
        return await work(client);
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
    }
  }
  const backendPid = async (client: { query: Pool["query"] }) => (await client.query("select pg_backend_pid() pid")).rows[0].pid as number;

  it("gives the next client with the same startup the same Postgres session, reset to its startup role with no organisation", async () => {
    const system = startupOptions(systemAccess("relay pool test"));
    const first = await viaPool({ options: system }, async (client) => {
      await client.query(SCOPE_CONNECTION_SQL, [crypto.randomUUID()]);
      await client.query("prepare leftover as select 1");
      const { rows } = await client.query("select current_user who");
      expect(rows[0].who).toBe("wib_tenant");
      return backendPid(client);
    });
    const before = pooled.poolStats();
    const second = await viaPool({ options: system }, async (client) => {
      const { rows } = await client.query(
        "select pg_backend_pid() pid, current_user who, coalesce(current_setting('wib.organization_id', true), '') org, (select count(*)::int from pg_prepared_statements) prepared",
      );
      return rows[0];
    });
    expect(second).toEqual({ pid: first, who: "wib_system", org: "", prepared: 0 });
    expect(pooled.poolStats().reused).toBe(before.reused + 1);
  });

  it("never hands a session to a client with other startup options or another password", async () => {
    const system = startupOptions(systemAccess("relay pool test"));
    const systemPid = await viaPool({ options: system }, backendPid);
    const tenant = startupOptions(tenantAccess(crypto.randomUUID()));
    const tenantSession = await viaPool({ options: tenant }, async (client) => ({ pid: await backendPid(client), who: (await client.query("select current_user who")).rows[0].who }));
    expect(tenantSession.pid).not.toBe(systemPid);
    expect(tenantSession.who).toBe("wib_tenant");
    const wrong = new URL(url);
    wrong.password = "not-the-password";
    await expect(viaPool({ options: system, connectionString: wrong.href }, backendPid)).rejects.toThrow(/password/);
  });

  it("closes a session its client left inside a transaction instead of keeping it", async () => {
    const system = startupOptions(systemAccess("relay pool test"));
    const abandoned = await viaPool({ options: system }, async (client) => {
      await client.query("begin");
      await client.query("select 1");
      return backendPid(client);
    });
    const next = await viaPool({ options: system }, backendPid);
    expect(next).not.toBe(abandoned);
    let alive = 1;
    for (let i = 0; i < 50 && alive > 0; i++) {
      alive = (await query<{ n: number }>("select count(*)::int n from pg_stat_activity where pid = $1", [abandoned]))[0]!.n;
      if (alive > 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(alive).toBe(0);
  });
});

