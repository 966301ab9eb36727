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
