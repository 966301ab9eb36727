// Placing a call's record against a real PostgreSQL, reached as the Worker reaches it
// (Neon driver over the local relay). Under load (bench:calls --profile-sql) the
// placement's transaction was five round trips and sat idle in transaction between
// them: up to 142 of 200 connections. It is now one statement, and still: the call and
// its audit row together or neither, the audit row chained at commit, a second attempt
// with the same id found (no second audit row), and the wait for the chain's lock bounded.
import { Client, neonConfig } from "@neondatabase/serverless";
import { asc, eq, sql } from "drizzle-orm";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import ws from "ws";
import { freePort } from "../../../scripts/lib/free-port";
import { startLocalPostgres, type LocalPostgres } from "../../../scripts/lib/local-postgres";
import { applyMigrations } from "../../../scripts/lib/migrate";
import { startWsRelay, type WsRelay } from "../../../scripts/lib/ws-relay";
import { openDatabase, type DatabaseHandle } from "../../../db/client";
import { TEST_ACCESS } from "../support/database-access";
import { auditLog, calls, organizations } from "../../../db/schema";
import { verifyAuditRows } from "../../../db/audit/chain";
import { sqlStateOf } from "../../../db/postgres-errors";
import { recordCallPlacement, type PlacedCallRow } from "../../../db/writers/call-placement";

let postgres: LocalPostgres;
let relay: WsRelay;
let handle: DatabaseHandle;
let other: DatabaseHandle;
const organizationId = crypto.randomUUID();
const system = { kind: "system" } as const;

beforeAll(async () => {
  const dataDir = path.join(os.tmpdir(), `wib-call-placement-pg-${process.pid}-${Date.now()}`, "pg");
  postgres = await startLocalPostgres({ dataDir, port: await freePort(), persistent: false });
  await postgres.createDatabaseIfMissing("placement");
  await applyMigrations(postgres.urlFor("placement"));
  relay = await startWsRelay({ port: await freePort(), postgresPort: postgres.port });
  neonConfig.webSocketConstructor = ws;
  const env = { DATABASE_URL: postgres.urlFor("placement"), DATABASE_WS_PROXY: `${relay.proxyHost}/v2` };
  handle = openDatabase(env, TEST_ACCESS, { maxConnections: 1 });
  other = openDatabase(env, TEST_ACCESS, { maxConnections: 2 });
  await handle.db.insert(organizations).values({ id: organizationId, name: "Placement", slug: `placement-${organizationId}` });
}, 120_000);

afterAll(async () => {
  await handle?.close();
  await other?.close();
  await relay?.close();
  await postgres?.stop();
});

function placed(id = crypto.randomUUID()): PlacedCallRow {
  return { id, organizationId, direction: "outbound", kind: "direct", origin: "manual", toNumber: "+15550100001", fromNumber: "+15550000000", status: "initiating", createdAt: new Date(), version: 0 };
}
const change = (id: string) => ({ action: "call.placed", resourceType: "call", resourceId: id, after: { to: "+15550100001" } });
const place = (db: DatabaseHandle["db"], row: PlacedCallRow, lockTimeout = "5s") => recordCallPlacement(db, row, system, change(row.id), { lockTimeout });

async function auditRowsFor(callId: string) {
  return handle.db.select({ seq: auditLog.seq, hash: auditLog.hash, chainHead: auditLog.chainHead }).from(auditLog).where(eq(auditLog.resourceId, callId));
}

describe("recording a placed call", () => {
  it("is one statement: the call and its audit row, chained at commit into an intact chain", async () => {
    const row = placed();
    const statements = vi.spyOn(Client.prototype, "query");
    try {
      expect(await place(handle.db, row)).toBe("recorded");
      expect(statements).toHaveBeenCalledTimes(1);
    } finally {
      statements.mockRestore();
    }
    const [call] = await handle.db.select({ status: calls.status }).from(calls).where(eq(calls.id, row.id));
    expect(call).toEqual({ status: "initiating" });
    const [audit] = await auditRowsFor(row.id);
    // Chained at commit: a real seq and hash, the template cleared.
    expect(audit!.seq).toBeGreaterThan(0);
    expect(audit!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(audit!.chainHead).toBeNull();
    const chain = await handle.db.select().from(auditLog).where(eq(auditLog.organizationId, organizationId)).orderBy(asc(auditLog.seq));
    expect((await verifyAuditRows(chain)).verdict.ok).toBe(true);
  });

  it("a second attempt with the same id finds it recorded and writes no second audit row, even sent at the same moment", async () => {
    const row = placed();
    expect(await place(handle.db, row)).toBe("recorded");
    expect(await place(handle.db, row)).toBe("already_recorded");
    const twin = placed();
    const outcomes = await Promise.all([place(handle.db, twin), place(other.db, twin)]);
    expect(outcomes.sort()).toEqual(["already_recorded", "recorded"]);
    expect(await auditRowsFor(row.id)).toHaveLength(1);
    expect(await auditRowsFor(twin.id)).toHaveLength(1);
  });

  it("gives up on the audit chain's lock after lock_timeout (55P03), writing neither row", async () => {
    const row = placed();
    let failure: unknown;
    await other.db.transaction(async (tx) => {
      // The lock the audit trigger takes at commit (migrations/0004_audit_chain_trigger.sql).
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${organizationId}, 7))`);
      failure = await place(handle.db, row, "200ms").then(
        () => null,
        (error: unknown) => error,
      );
    });
    expect(sqlStateOf(failure)).toBe("55P03");
    expect(await handle.db.select({ id: calls.id }).from(calls).where(eq(calls.id, row.id))).toEqual([]);
    expect(await auditRowsFor(row.id)).toEqual([]);
  });
});
