// The campaign's storage reads its rows through zod: rows written by another build (an
// evicted actor wakes under newer code, or older after a rollback) are read, defaulted or
// set aside, never trusted as they stand.
import { describe, expect, it } from "vitest";
import { CampaignStorage } from "../../../../objects/campaign/campaign-storage";
import { openTestSqlStorage } from "../../support/sqlite-storage";
import { config, lead, NOW } from "./campaign-fixtures";

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
    const taken = store.outbox.take();
    expect(taken.map((r) => r.row)).toEqual([skip]);
    expect(store.outbox.size()).toBe(1);

    store.outbox.enqueue("skip:1", { ...skip, row: { ...skip.row, explanation: "listed again" } });
    store.outbox.markWritten(taken);
    expect(store.outbox.take().map((r) => r.row)).toMatchObject([{ row: { explanation: "listed again" } }]);
  });

  it("backs the outbox off after each failed write and writes it once Postgres is back", async () => {
    const { store } = await openRaw();
    store.outbox.enqueue("contacted:a", { table: "contacted", accountId: "a", organizationId: "o", atMs: NOW });
    expect(store.outbox.nextAttemptAtMs(NOW)).toBe(NOW + 1000);
    expect(await store.outbox.flush(() => Promise.reject(new Error("down")))).toBe(false);
    expect(await store.outbox.flush(() => Promise.reject(new Error("down")))).toBe(false);
    expect(store.outbox.nextAttemptAtMs(NOW)).toBe(NOW + 4000);
    const written: unknown[] = [];
    expect(await store.outbox.flush(async (rows) => void written.push(...rows))).toBe(true);
    expect(written).toHaveLength(1);
    expect(store.outbox.nextAttemptAtMs(NOW)).toBeNull();
  });
});
