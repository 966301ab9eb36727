// A call actor's flush against a real PostgreSQL, reached the way the RecordWriter
// reaches it (Neon driver over the local relay). A flush's round trips are its cost: over
// the relay each statement is one, and in a transaction the connection idles between
// them. A live call's flush (its row, events, transcript lines) is one statement; every
// row is written once however often the flush is retried, newer call versions win.
import { Client, neonConfig } from "@neondatabase/serverless";
import { and, asc, eq } from "drizzle-orm";
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
import { auditLog, callEvents, calls, organizations, recordings, transcriptSegments } from "../../../db/schema";
import { writeRecordRows, type RecordRow } from "../../../db/writers/call-rows";
import { verifyAuditRows } from "../../../db/audit/chain";

let postgres: LocalPostgres;
let relay: WsRelay;
let handle: DatabaseHandle;
const organizationId = crypto.randomUUID();

beforeAll(async () => {
  const dataDir = path.join(os.tmpdir(), `wib-call-rows-pg-${process.pid}-${Date.now()}`, "pg");
  postgres = await startLocalPostgres({ dataDir, port: await freePort(), persistent: false });
  await postgres.createDatabaseIfMissing("callrows");
  await applyMigrations(postgres.urlFor("callrows"));
  relay = await startWsRelay({ port: await freePort(), postgresPort: postgres.port });
  neonConfig.webSocketConstructor = ws;
  handle = openDatabase({ DATABASE_URL: postgres.urlFor("callrows"), DATABASE_WS_PROXY: `${relay.proxyHost}/v2` }, TEST_ACCESS, { maxConnections: 1 });
  await handle.db.insert(organizations).values({ id: organizationId, name: "Rows", slug: `rows-${organizationId}` });
}, 120_000);

afterAll(async () => {
  await handle?.close();
  await relay?.close();
  await postgres?.stop();
});

function liveCallFlush(callId: string, version: number, status: "ringing" | "answered"): RecordRow[] {
  const at = new Date("2026-12-06T01:00:00Z");
  const row = { id: callId, organizationId, direction: "outbound", kind: "direct", toNumber: "+15550100001", fromNumber: "+15550000000", status, createdAt: at, version } as const;
  return [
    { table: "call", row },
    { table: "event", row: { id: `${callId}:answered`, organizationId, callId, eventType: "call.answered", leg: "customer", occurredAt: at, payload: {} } },
    { table: "event", row: { id: `${callId}:said-${version}`, organizationId, callId, eventType: "call.transcription", leg: "customer", occurredAt: at, payload: {} } },
    { table: "segment", row: { id: `${callId}:said-${version}`, organizationId, callId, track: "inbound", text: `line ${version}`, occurredAt: at } },
  ];
}

describe("a live call's flush", () => {
  it("is one statement, even for a call whose row it writes first, and writes each row once however often it is retried", async () => {
    const callId = crypto.randomUUID();
    const statements = vi.spyOn(Client.prototype, "query");
    try {
      await writeRecordRows(handle.db, liveCallFlush(callId, 1, "ringing"));
      expect(statements).toHaveBeenCalledTimes(1);
    } finally {
      statements.mockRestore();
    }
    await writeRecordRows(handle.db, liveCallFlush(callId, 1, "ringing"));
    await writeRecordRows(handle.db, liveCallFlush(callId, 2, "answered"));
    // A late retry of an older state moves nothing back.
    await writeRecordRows(handle.db, liveCallFlush(callId, 1, "ringing"));

    const [call] = await handle.db.select({ status: calls.status, version: calls.version }).from(calls).where(eq(calls.id, callId));
    expect(call).toEqual({ status: "answered", version: 2 });
    const events = await handle.db.select({ id: callEvents.id }).from(callEvents).where(eq(callEvents.callId, callId));
    expect(events.map((e) => e.id).sort()).toEqual([`${callId}:answered`, `${callId}:said-1`, `${callId}:said-2`]);
    const lines = await handle.db.select({ text: transcriptSegments.text }).from(transcriptSegments).where(eq(transcriptSegments.callId, callId));
    expect(lines.map((l) => l.text).sort()).toEqual(["line 1", "line 2"]);
  });
});

describe("every column of a flush", () => {
  it("arrives as written: arrays, JSON with quotes and backslashes, text in any script, nulls and times", async () => {
    const callId = crypto.randomUUID();
    const debtIds = [crypto.randomUUID(), crypto.randomUUID()];
    const at = new Date("2026-12-06T01:00:00.123Z");
    const timeline = [{ at: at.toISOString(), what: 'said "hola", then C:\\path {a,b} NULL' }, { note: "ñandú — 電話" }];
    const call = { id: callId, organizationId, direction: "inbound", kind: "inbound", toNumber: "+15550100002", fromNumber: "+15550000001", agentUserId: null, accountId: null, campaignId: null, debtIds, liveAnswered: true, abandoned: false, origin: "inbound", outcome: null, status: "answered", amdResult: "human", hangupCause: null, hangupSource: null, createdAt: at, answeredAt: at, bridgedAt: null, endedAt: null, durationSeconds: null, timeline, version: 3 } as const;
    const payload = { text: 'a "quoted" \\ line', nested: { list: [1, null, "{x}"] } };
    await writeRecordRows(handle.db, [
      { table: "call", row: call },
      { table: "event", row: { id: `${callId}:e1`, organizationId, callId, eventType: "call.transcription", leg: "customer", occurredAt: at, payload } },
      { table: "segment", row: { id: `${callId}:s1`, organizationId, callId, track: "outbound", text: "¿Cómo está? \"bien\"", confidence: 87, language: "es", speaker: null, occurredAt: at } },
      { table: "recording", row: { id: `${callId}:r1`, organizationId, callId, storageKey: "org/call.wav", contentType: "audio/wav", sizeBytes: 1024, startedAt: at, endedAt: null } },
    ]);
    // The line's speaker, decided later, is the one thing written again.
    await writeRecordRows(handle.db, [{ table: "segment", row: { id: `${callId}:s1`, organizationId, callId, track: "outbound", text: "changed", confidence: 10, language: "en", speaker: "ai", occurredAt: at } }]);

    const [stored] = await handle.db.select().from(calls).where(eq(calls.id, callId));
    expect(stored).toMatchObject({ ...call, notes: "", disposition: null, annotationVersion: 0 });
    const [event] = await handle.db.select().from(callEvents).where(eq(callEvents.callId, callId));
    expect(event).toEqual({ id: `${callId}:e1`, organizationId, callId, eventType: "call.transcription", leg: "customer", occurredAt: at, payload });
    const [line] = await handle.db.select().from(transcriptSegments).where(eq(transcriptSegments.callId, callId));
    expect(line).toEqual({ id: `${callId}:s1`, organizationId, callId, track: "outbound", text: "¿Cómo está? \"bien\"", confidence: 87, language: "es", speaker: "ai", occurredAt: at });
    const [recording] = await handle.db.select().from(recordings).where(eq(recordings.callId, callId));
    expect(recording).toEqual({ id: `${callId}:r1`, organizationId, callId, storageKey: "org/call.wav", contentType: "audio/wav", sizeBytes: 1024, startedAt: at, endedAt: null });
  });
});

describe("the events the engine raises itself", () => {
  it("are kept for every call, though each call names them alike", async () => {
    // "wib.queue:answered": what the event is, not which call; two calls flushed together, then one again.
    const [first, second] = [crypto.randomUUID(), crypto.randomUUID()];
    const answeredInQueue = (callId: string): RecordRow => ({
      table: "event",
      row: { id: "wib.queue:answered", organizationId, callId, eventType: "wib.queue", leg: "customer", occurredAt: new Date("2026-12-06T01:00:05Z"), payload: { kind: "answered" } },
    });
    await writeRecordRows(handle.db, [...liveCallFlush(first, 1, "answered"), ...liveCallFlush(second, 1, "answered"), answeredInQueue(first), answeredInQueue(second)]);
    await writeRecordRows(handle.db, [answeredInQueue(second)]);
    const kept = await handle.db.select({ callId: callEvents.callId }).from(callEvents).where(eq(callEvents.id, "wib.queue:answered"));
    expect(kept.map((row) => row.callId).sort()).toEqual([first, second].sort());
  });
});

describe("a call's audited steps (the IVR's)", () => {
  it("go into the audit chain once each, in the order they happened, however often the flush is delivered", async () => {
    const callId = crypto.randomUUID();
    await writeRecordRows(handle.db, liveCallFlush(callId, 1, "answered"));
    const step = (key: string, action: string, second: number, detail: Record<string, string | number | null>): RecordRow => ({
      table: "call_audit",
      row: { id: `${callId}:${key}`, organizationId, callId, action, detail, occurredAt: new Date(Date.parse("2026-12-06T01:00:00Z") + second * 1000) },
    });
    const flush = [step("g2/ivr.pay_choice", "ivr.pay_choice", 2, { choice: "full_balance" }), step("g1/ivr.menu_choice", "ivr.menu_choice", 1, { choice: "pay" })];
    await writeRecordRows(handle.db, flush);
    // Delivered again (a retry after its commit), and again beside the next step.
    await writeRecordRows(handle.db, flush);
    await writeRecordRows(handle.db, [...flush, step("r1/ivr.payment_link_requested", "ivr.payment_link_requested", 3, { requestId: "ivr-pay-1", amountCents: 84_216 })]);

    const entries = await handle.db
      .select({ action: auditLog.action, actorType: auditLog.actorType, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, organizationId), eq(auditLog.resourceType, "call"), eq(auditLog.resourceId, callId)))
      .orderBy(asc(auditLog.seq));
    expect(entries).toEqual([
      { action: "ivr.menu_choice", actorType: "system", after: { choice: "pay", at: "2026-12-06T01:00:01.000Z" } },
      { action: "ivr.pay_choice", actorType: "system", after: { choice: "full_balance", at: "2026-12-06T01:00:02.000Z" } },
      { action: "ivr.payment_link_requested", actorType: "system", after: { requestId: "ivr-pay-1", amountCents: 84_216, at: "2026-12-06T01:00:03.000Z" } },
    ]);
    // Written several to an insert, the chain still verifies from its first row.
    const chain = await handle.db.select().from(auditLog).where(eq(auditLog.organizationId, organizationId)).orderBy(asc(auditLog.seq));
    expect((await verifyAuditRows(chain)).verdict).toMatchObject({ ok: true, rowsChecked: 3 });
  });
});
