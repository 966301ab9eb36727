// The campaign's storage reads its rows through zod: rows written by another build (an
// evicted actor wakes under newer code, or older after a rollback) are read, defaulted or
// set aside, never trusted as they stand.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CampaignRecordRow } from "../../../../db/writers/campaign-records";
import { CampaignStorage } from "../../../../objects/campaign/campaign-storage";
import { CAMPAIGN_MIGRATIONS } from "../../../../objects/campaign/storage/migrations";
import { runSqliteMigrations } from "../../../../objects/shared/sqlite-migrations";
import { openTestSqlStorage } from "../../support/sqlite-storage";
import { config, lead, NOW, queuedRows } from "./campaign-fixtures";
import { spec } from "../call/events";

async function openRaw() {
  const sql = await openTestSqlStorage();
  return { sql, store: new CampaignStorage(sql) };
}

describe("campaign storage", () => {
  it("reads each registry key through its schema: a value of another shape reads as absent", async () => {
    const { sql, store } = await openRaw();
    store.meta.set("config", config);
    expect(store.meta.get("config")).toEqual(config);
    sql.exec("INSERT INTO meta (key, value) VALUES ('status', '\"archived\"'), ('stats', '{\"outcomes\":1}')");
    expect(store.meta.get("status")).toBeNull();
    expect(store.meta.get("stats")).toBeNull();
  });

  it("keeps the calls in flight in memory as the table holds them: a new instance reads exactly what the last one kept", async () => {
    const { sql, store } = await openRaw();
    const dial = (callId: string, dialedAtMs: number) =>
      store.calls.add({ callId, accountId: `acct-${callId}`, phone: "+15550100001", phase: "ringing", sinceMs: dialedAtMs, dialedAtMs, agentUserId: null }, spec({ id: callId, kind: "dialer" }));
    dial("c2", NOW + 2_000);
    expect(store.calls.all().map((call) => call.callId)).toEqual(["c2"]); // read: kept from here on
    dial("c1", NOW + 1_000);
    dial("c3", NOW + 3_000);
    dial("c1", NOW + 9_000); // a repeated start keeps the first
    expect(store.calls.setPhase("c1", "connected", NOW + 5_000, "agent-a")).toBe(true);
    expect(store.calls.setPhase("c1", "amd", NOW + 6_000)).toBe(false); // never back
    expect(store.calls.setIvr("c2", { step: "menu", payment: null, order: 2 })).toBe(true);
    expect(store.calls.setIvr("c2", { step: "waiting", payment: null, order: 1 })).toBe(false);
    expect(store.calls.setAi("c3", { state: "talking", handBacks: 0, order: 1 })).toBe(true);
    store.calls.remove("c3");

    const kept = store.calls.all();
    expect(kept).toEqual([
      { callId: "c1", accountId: "acct-c1", phone: "+15550100001", phase: "connected", sinceMs: NOW + 5_000, dialedAtMs: NOW + 1_000, agentUserId: "agent-a", ivr: null, ai: null },
      { callId: "c2", accountId: "acct-c2", phone: "+15550100001", phase: "ringing", sinceMs: NOW + 2_000, dialedAtMs: NOW + 2_000, agentUserId: null, ivr: { step: "menu", payment: null, order: 2 }, ai: null },
    ]);
    expect(new CampaignStorage(sql).calls.all()).toEqual(kept);
    expect(store.calls.get("c3")).toBeNull();
  });

  it("reads a value written after it was last read as written, in this instance and the next", async () => {
    const { sql, store } = await openRaw();
    store.meta.set("pacing", "first words");
    expect(store.meta.get("pacing")).toBe("first words");
    store.meta.set("pacing", "second words");
    expect(store.meta.get("pacing")).toBe("second words");
    store.meta.setFor("pendingDisposition", "a1", { callId: "c1", accountId: "a1", phone: null, disposition: "paid", details: null });
    expect(store.meta.getFor("pendingDisposition", "a1")?.disposition).toBe("paid");
    store.meta.deleteFor("pendingDisposition", "a1");
    store.meta.delete("pacing");
    expect(store.meta.getFor("pendingDisposition", "a1")).toBeNull();
    expect(store.meta.get("pacing")).toBeNull();
    store.meta.set("loadedAt", NOW);
    expect(new CampaignStorage(sql).meta.get("loadedAt")).toBe(NOW);
  });

  it("reads a waiting disposition an older build stored without the call's number", async () => {
    const { sql, store } = await openRaw();
    sql.exec(`INSERT INTO meta (key, value) VALUES ('pendingDisposition:a1', '{"callId":"c1","accountId":"a1","disposition":"paid","details":null}')`);
    expect(store.meta.getFor("pendingDisposition", "a1")).toEqual({ callId: "c1", accountId: "a1", phone: null, disposition: "paid", details: null });
  });

  it("closes a lead no build can read instead of leaving it first in line", async () => {
    const { sql, store } = await openRaw();
    store.leads.add([lead("1", { balanceDueCents: 900 }), lead("2", { balanceDueCents: 100 })]);
    sql.exec("UPDATE leads SET json = '{\"accountId\":1}' WHERE account_id = '1'");
    expect(store.leads.nextReady()?.input.accountId).toBe("2");
    expect(store.leads.left()).toBe(1);
  });

  it("gives outbox rows back with their dates, and never deletes a row queued while an older one was written", async () => {
    const { sql, store } = await openRaw();
    const skip = {
      table: "skip" as const,
      row: { id: "s1", organizationId: "o", campaignId: "c", accountId: "a", phone: "+1", reason: "dnc_org", explanation: "listed", nextEligibleAt: null, occurredAt: new Date(NOW) },
    };
    store.outbox.enqueue("skip:1", skip);
    sql.exec("INSERT INTO outbox (key, json) VALUES ('mystery', '{\"table\":\"unknown\"}')");
    const written: CampaignRecordRow[][] = [];
    // A newer version of the row is queued while the older one is being written.
    const flushed = await store.outbox.flush(async (rows) => {
      written.push(rows);
      store.outbox.enqueue("skip:1", { ...skip, row: { ...skip.row, explanation: "listed again" } });
    });
    expect(flushed).toBe(true);
    expect(written).toEqual([[skip]]);
    expect(queuedRows(store).map((r) => r.row)).toMatchObject([{ row: { explanation: "listed again" } }]);
  });

  it("backs the outbox off after each failed write and writes it once Postgres is back", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    const { store } = await openRaw();
    store.outbox.enqueue("contacted:a", { table: "contacted", accountId: "a", organizationId: "o", atMs: NOW });
    expect(store.outbox.nextAttemptAtMs(NOW)).toBe(NOW);
    expect(await store.outbox.flush(() => Promise.reject(new Error("down")))).toBe(false);
    expect(store.outbox.nextAttemptAtMs(NOW)).toBe(NOW + 1000);
    vi.setSystemTime(NOW + 1000);
    expect(await store.outbox.flush(() => Promise.reject(new Error("down")))).toBe(false);
    expect(store.outbox.nextAttemptAtMs(NOW + 1000)).toBe(NOW + 3000);
    // The campaign's alarm is the scheduled retry: it writes through the backoff.
    const written: unknown[] = [];
    expect(await store.outbox.flush(async (rows) => void written.push(...rows), { ignoreBackoff: true })).toBe(true);
    expect(written).toHaveLength(1);
    expect(store.outbox.nextAttemptAtMs(NOW + 1000)).toBeNull();
  });

  it("writes at most 200 outbox rows a flush, oldest first, and says when rows are left for the next", async () => {
    const { store } = await openRaw();
    for (let i = 0; i < 450; i++) store.outbox.enqueue(`contacted:${i}`, { table: "contacted", accountId: String(i), organizationId: "o", atMs: NOW + i });
    const batches: CampaignRecordRow[][] = [];
    const write = async (rows: CampaignRecordRow[]) => void batches.push(rows);
    expect(await store.outbox.flush(write)).toBe(false);
    expect(await store.outbox.flush(write)).toBe(false);
    expect(await store.outbox.flush(write)).toBe(true);
    expect(batches.map((rows) => rows.length)).toEqual([200, 200, 50]);
    expect(batches.flat().map((row) => (row.table === "contacted" ? Number(row.accountId) : -1))).toEqual([...Array(450).keys()]);
  });

  it("takes over an outbox the previous build left (no revisions, a failure count in meta) and writes it", async () => {
    const sql = await openTestSqlStorage();
    runSqliteMigrations(sql, CAMPAIGN_MIGRATIONS.slice(0, 3));
    sql.exec(`INSERT INTO outbox (key, json) VALUES ('contacted:a', '{"table":"contacted","accountId":"a","organizationId":"o","atMs":1}')`);
    sql.exec(`INSERT INTO meta (key, value) VALUES ('outboxFailures', '3'), ('status', '"paused"')`);

    const store = new CampaignStorage(sql);

    expect(store.meta.get("status")).toBe("paused");
    expect(sql.exec("SELECT key FROM meta ORDER BY key").toArray()).toEqual([{ key: "status" }]);
    expect(store.outbox.nextAttemptAtMs(NOW)).toBe(NOW);
    const written: CampaignRecordRow[] = [];
    expect(await store.outbox.flush(async (rows) => void written.push(...rows))).toBe(true);
    expect(written).toEqual([{ table: "contacted", accountId: "a", organizationId: "o", atMs: 1 }]);
  });

  it("reads the registry as usual beside a key no build declares any more", async () => {
    const { sql, store } = await openRaw();
    store.meta.set("config", config);
    sql.exec(`INSERT INTO meta (key, value) VALUES ('outboxFailures', '"not a number"')`);
    expect(store.meta.get("config")).toEqual(config);
    expect(store.meta.get("noticePull")).toBeNull();
  });
});

afterEach(() => {
  vi.useRealTimers();
});
