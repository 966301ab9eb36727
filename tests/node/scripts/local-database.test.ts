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

  it("keeps the session of a client that left while it was being opened (password auth upstream), and hands it to the next client whole", async () => {
    const startup = rawStartup({ user: postgres.user, database: "wib_node", application_name: "relay-drop-test" });
    const before = pooled.poolStats();
    // The first client says who it is and its password, then leaves before the greeting.
    const leaving = await rawClient(pooled);
    leaving.send(startup);
    expect((await leaving.next())[0]![0]).toBe(0x52); // 'R': the relay asks for the password
    leaving.send(passwordMessage(postgres.password));
    leaving.close();
    // The relay still opens the session (Postgres asks it for the password), resets it and keeps it.
    const kept = await waitForKept("relay-drop-test");
    expect(kept).toHaveLength(1);

    const next = await rawClient(pooled);
    next.send(startup);
    await next.next();
    next.send(passwordMessage(postgres.password));
    const greeting = await next.until(0x5a); // ReadyForQuery ends the greeting
    expect(greeting.some((m) => m[0] === 0x52 && m.readInt32BE(5) === 0)).toBe(true); // AuthenticationOk
    next.send(simpleQuery("select pg_backend_pid() pid"));
    const answer = await next.until(0x5a);
    const row = answer.find((m) => m[0] === 0x44)!; // DataRow: one text column
    expect(Number(row.subarray(11, 7 + 4 + row.readInt32BE(7)).toString())).toBe(kept[0]);
    expect(pooled.poolStats().reused).toBe(before.reused + 1);
    next.send(Buffer.from([0x58, 0, 0, 0, 4])); // Terminate: the session goes back again
    next.close();
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


/** The relay's pooled sessions of one application_name, idle after their reset (DISCARD ALL), by pid. */
async function waitForKept(applicationName: string): Promise<number[]> {
  let pids: number[] = [];
  for (let i = 0; i < 100 && pids.length === 0; i++) {
    pids = (await query<{ pid: number }>("select pid from pg_stat_activity where application_name = $1 and state = 'idle' and query = 'DISCARD ALL'", [applicationName])).map((r) => r.pid);
    if (pids.length === 0) await new Promise((r) => setTimeout(r, 50));
  }
  return pids;
}

/** A client speaking the Postgres wire protocol over the relay's WebSocket, as the Neon driver does, one frame per message. */
async function rawClient(relay: WsRelay) {
  const socket = new ws(`ws://${relay.proxyHost}/v2`);
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  const received: Buffer[] = [];
  let pending = Buffer.alloc(0);
  let wake: (() => void) | null = null;
  socket.on("message", (data: Buffer) => {
    pending = Buffer.concat([pending, data]);
    while (pending.length >= 5 && pending.length >= 1 + pending.readInt32BE(1)) {
      const length = 1 + pending.readInt32BE(1);
      received.push(Buffer.from(pending.subarray(0, length)));
      pending = pending.subarray(length);
    }
    wake?.();
  });
  const waitForMore = () => new Promise<void>((resolve) => (wake = resolve));
  return {
    send: (bytes: Buffer) => socket.send(bytes),
    close: () => socket.close(),
    /** The messages received so far, at least one. */
    async next(): Promise<Buffer[]> {
      while (received.length === 0) await waitForMore();
      return received.splice(0);
    },
    /** The messages received up to and including one of this type. */
    async until(type: number): Promise<Buffer[]> {
      const seen: Buffer[] = [];
      for (;;) {
        seen.push(...(await this.next()));
        if (seen.some((m) => m[0] === type)) return seen;
      }
    },
  };
}

function rawStartup(params: Record<string, string>): Buffer {
  const body = Buffer.concat([...Object.entries(params).map(([k, v]) => Buffer.from(`${k}\0${v}\0`)), Buffer.from([0])]);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(196608, 4);
  return Buffer.concat([head, body]);
}

function typed(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}
const passwordMessage = (password: string) => typed("p", Buffer.from(`${password}\0`));
const simpleQuery = (sql: string) => typed("Q", Buffer.from(`${sql}\0`));
