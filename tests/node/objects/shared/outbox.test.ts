// The outbox against a real SQLite and a fake clock: newer rows replace unsent older
// ones, a late flush never drops a row queued after it began, and a failing writer
// backs the whole outbox off (1 s doubling) until a write succeeds.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { Outbox, OUTBOX_BACKOFF_TABLE_SQL, OUTBOX_TABLE_SQL } from "../../../../objects/shared/durable";
import { runSqliteMigrations } from "../../../../objects/shared/sqlite-migrations";
import { openTestSqlStorage, type TestSqlStorage } from "../../support/sqlite-storage";

const rowSchema = z.object({ version: z.number() });
type Row = z.infer<typeof rowSchema>;

let sql: TestSqlStorage;
let outbox: Outbox<Row>;
let now = 0;
beforeEach(async () => {
  now = 10_000;
  sql = await openTestSqlStorage();
  runSqliteMigrations(sql, [{ id: "0001-outbox", sql: OUTBOX_TABLE_SQL + OUTBOX_BACKOFF_TABLE_SQL }]);
  outbox = new Outbox(sql, rowSchema, { clock: () => now });
});
afterEach(() => sql.close());

const queued = () => outbox.pending().map((entry) => JSON.parse(entry.json));

describe("the outbox", () => {
  it("keeps one row per key: the newest", () => {
    outbox.enqueue("call", { version: 1 });
    outbox.enqueue("call", { version: 2 });
    expect(queued()).toEqual([{ version: 2 }]);
  });

  it("keeps a row queued after a slow flush began, even when a faster flush wrote and removed the one between", () => {
    outbox.enqueue("call", { version: 1 });
    const slowFlush = outbox.pending();
    outbox.enqueue("call", { version: 2 });
    const fastFlush = outbox.pending();
    outbox.markWritten(fastFlush);
    outbox.enqueue("call", { version: 3 });
    outbox.markWritten(slowFlush);
    expect(queued()).toEqual([{ version: 3 }]);
  });

  it("removes a flush's rows from SQLite itself, keeping one replaced while the flush was under way", () => {
    outbox.enqueue("a", { version: 1 });
    outbox.enqueue("b", { version: 1 });
    outbox.enqueue("c", { version: 1 });
    const taken = outbox.pending();
    outbox.enqueue("b", { version: 2 });
    outbox.markWritten(taken);
    expect(sql.exec<{ key: string; json: string }>("SELECT key, json FROM outbox").toArray()).toEqual([{ key: "b", json: JSON.stringify({ version: 2 }) }]);
    // What a new instance (the actor evicted) would read is what this one keeps.
    expect(new Outbox(sql, rowSchema).pending().map((entry) => JSON.parse(entry.json))).toEqual(queued());
    outbox.markWritten(outbox.pending());
    expect(sql.exec("SELECT key FROM outbox").toArray()).toEqual([]);
  });

  it("flushes everything through the writer and says so", async () => {
    const written: Row[][] = [];
    outbox.enqueue("a", { version: 1 });
    outbox.enqueue("b", { version: 1 });
    expect(await outbox.flush(async (rows) => void written.push(rows))).toBe(true);
    expect(written).toEqual([[{ version: 1 }, { version: 1 }]]);
    expect(queued()).toEqual([]);
    expect(outbox.nextAttemptAtMs(now)).toBeNull();
  });

  it("backs off after failed writes, one timer for the whole outbox, and ends the backoff once a write succeeds", async () => {
    const down = async () => {
      throw new Error("database unavailable");
    };
    outbox.enqueue("call", { version: 1 });
    expect(await outbox.flush(down)).toBe(false);
    expect(outbox.nextAttemptAtMs(now)).toBe(now + 1000);
    outbox.enqueue("event:1", { version: 1 });
    // Still backing off: a new row does not make the outbox try again early.
    expect(await outbox.flush(async () => expect.unreachable())).toBe(false);
    now += 1000;
    expect(await outbox.flush(down)).toBe(false);
    expect(outbox.nextAttemptAtMs(now)).toBe(now + 2000);
    // The backoff is kept in memory and written through: an actor started again reads the same.
    const afterEviction = () => new Outbox(sql, rowSchema, { clock: () => now });
    expect(afterEviction().nextAttemptAtMs(now)).toBe(now + 2000);
    // The alarm is the scheduled retry: it may write through the backoff.
    const written: Row[] = [];
    expect(await outbox.flush(async (rows) => void written.push(...rows), { ignoreBackoff: true })).toBe(true);
    expect(written).toHaveLength(2);
    outbox.enqueue("call", { version: 2 });
    expect(outbox.nextAttemptAtMs(now)).toBe(now);
    expect(afterEviction().nextAttemptAtMs(now)).toBe(now);
    // A failure after a restart counts on from the stored failures (none left: 1 s again).
    const restarted = afterEviction();
    expect(await restarted.flush(down)).toBe(false);
    expect(restarted.nextAttemptAtMs(now)).toBe(now + 1000);
  });

  it("writes at most maxRowsPerFlush rows a flush, oldest first, a replaced row keeping its place, and the rest are due at once", async () => {
    const small = new Outbox(sql, rowSchema, { clock: () => now, maxRowsPerFlush: 2 });
    small.enqueue("c", { version: 1 });
    small.enqueue("a", { version: 1 });
    small.enqueue("b", { version: 1 });
    small.enqueue("c", { version: 2 });
    const batches: Row[][] = [];
    const write = async (rows: Row[]) => void batches.push(rows);
    // Rows were left: not done, but no backoff either, so the next pass writes them.
    expect(await small.flush(write)).toBe(false);
    expect(small.nextAttemptAtMs(now)).toBe(now);
    expect(await small.flush(write)).toBe(true);
    expect(batches).toEqual([[{ version: 2 }, { version: 1 }], [{ version: 1 }]]);
    expect(small.nextAttemptAtMs(now)).toBeNull();
  });

  it("refuses a batch limit that is not a positive whole number", () => {
    expect(() => new Outbox(sql, rowSchema, { maxRowsPerFlush: 0 })).toThrow(/maxRowsPerFlush/);
    expect(() => new Outbox(sql, rowSchema, { maxRowsPerFlush: 1.5 })).toThrow(/maxRowsPerFlush/);
  });

  it("hands a new instance (the actor evicted) every row the last one queued, oldest first, and removes only what it wrote", async () => {
    outbox.enqueue("a", { version: 1 });
    outbox.enqueue("b", { version: 1 });
    outbox.enqueue("a", { version: 2 });
    const written: Row[][] = [];
    const afterEviction = new Outbox(sql, rowSchema, { clock: () => now });
    expect(afterEviction.nextAttemptAtMs(now)).toBe(now);
    expect(await afterEviction.flush(async (rows) => void written.push(rows))).toBe(true);
    expect(written).toEqual([[{ version: 2 }, { version: 1 }]]);
    expect(sql.exec("SELECT key FROM outbox").toArray()).toEqual([]);
    expect(afterEviction.nextAttemptAtMs(now)).toBeNull();
  });

  it("drops a row no build can read rather than blocking every later row", async () => {
    sql.exec("INSERT INTO outbox (key, json, revision) VALUES ('odd', '{\"version\":\"two\"}', 1)");
    outbox.enqueue("call", { version: 1 });
    const written: Row[] = [];
    expect(await outbox.flush(async (rows) => void written.push(...rows))).toBe(true);
    expect(written).toEqual([{ version: 1 }]);
    expect(queued()).toEqual([]);
  });
});
