// Agents' presence history on its way to Postgres, on a real SQLite: every change the pool
// stores queues the span it closes and the one it opens, in the same step; the outbox keeps
// them while the writer fails (Postgres down) and writes them, in order, once it answers, so
// the table ends with every span whole and none left open behind a newer one.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PresenceRecord } from "../../../../objects/agent-pool/presence";
import { PoolStorage } from "../../../../objects/agent-pool/pool-storage";
import type { PresenceSpan } from "../../../../objects/agent-pool/presence-spans";
import { openTestSqlStorage, type TestSqlStorage } from "../../support/sqlite-storage";

const AGENT = "7c0d1f8e-1111-4a4a-8b8b-000000000001";
const OTHER = "7c0d1f8e-1111-4a4a-8b8b-000000000002";

let sql: TestSqlStorage;
let nowMs: number;
const open = () => new PoolStorage(sql, () => undefined, () => nowMs);
beforeEach(async () => {
  sql = await openTestSqlStorage();
  nowMs = 1_000;
});
afterEach(() => sql.close());

const presence = (status: PresenceRecord["status"], statusSince: number, callId: string | null = null): PresenceRecord => ({
  status,
  statusSince,
  callId,
  wrapUpEndsAt: null,
  offer: null,
  wrapUp: null,
});

/** Postgres as the writer leaves it: one row per (agent, start), the last write winning. */
class SpanTable {
  readonly rows = new Map<string, PresenceSpan>();
  failing = false;
  writes = 0;
  write = async (spans: PresenceSpan[]) => {
    this.writes++;
    if (this.failing) throw new Error("connection refused");
    for (const span of spans) this.rows.set(`${span.userId}:${span.startedAtMs}`, span);
  };
  of(userId: string) {
    return [...this.rows.values()].filter((s) => s.userId === userId).sort((a, b) => a.startedAtMs - b.startedAtMs).map((s) => [s.status, s.startedAtMs, s.endedAtMs]);
  }
}

describe("presence spans", () => {
  it("a shift's changes become whole spans, the last one open", async () => {
    const pool = open();
    const table = new SpanTable();
    pool.save(AGENT, presence("available", 10_000));
    pool.save(AGENT, presence("on_call", 70_000, "call-1"));
    // A second call while on a call is the same on-call span, not a new one.
    pool.save(AGENT, presence("on_call", 90_000, "call-2"));
    pool.save(AGENT, presence("wrap_up", 130_000, "call-2"));
    pool.save(AGENT, presence("break", 160_000));
    expect(await pool.spans.outbox.flush(table.write)).toBe(true);
    expect(table.of(AGENT)).toEqual([
      ["available", 10_000, 70_000],
      ["on_call", 70_000, 130_000],
      ["wrap_up", 130_000, 160_000],
      ["break", 160_000, null],
    ]);
    // Written once: nothing is left to write.
    expect(pool.spans.outbox.pending()).toEqual([]);
  });

  it("keeps every span while Postgres is down and writes them all, in order, once it answers", async () => {
    const pool = open();
    const table = new SpanTable();
    pool.save(AGENT, presence("available", 10_000));
    expect(await pool.spans.outbox.flush(table.write)).toBe(true);
    expect(table.of(AGENT)).toEqual([["available", 10_000, null]]);

    table.failing = true;
    pool.save(AGENT, presence("on_call", 20_000, "call-1"));
    pool.save(OTHER, presence("available", 21_000));
    nowMs = 25_000;
    expect(await pool.spans.outbox.flush(table.write)).toBe(false);
    // Backing off: a flush before the retry time does not even try; the pool's alarm is set for it.
    const retryAt = pool.spans.outbox.nextAttemptAtMs(nowMs)!;
    expect(retryAt).toBeGreaterThan(nowMs);
    expect(await pool.spans.outbox.flush(table.write)).toBe(false);
    expect(table.writes).toBe(2);
    pool.save(AGENT, presence("wrap_up", 40_000, "call-1"));
    pool.save(AGENT, presence("available", 70_000));
    // A pool evicted meanwhile keeps its outbox: a new PoolStorage over the same SQLite finds the rows.
    const restarted = open();
    nowMs = retryAt;
    expect(await restarted.spans.outbox.flush(table.write, { ignoreBackoff: true })).toBe(false);
    table.failing = false;
    nowMs = restarted.spans.outbox.nextAttemptAtMs(nowMs)!;
    expect(await restarted.spans.outbox.flush(table.write)).toBe(true);
    expect(table.of(AGENT)).toEqual([
      ["available", 10_000, 20_000],
      ["on_call", 20_000, 40_000],
      ["wrap_up", 40_000, 70_000],
      ["available", 70_000, null],
    ]);
    expect(table.of(OTHER)).toEqual([["available", 21_000, null]]);
  });

  it("a state dated before the open span's start replaces that span rather than leaving it open", async () => {
    const pool = open();
    const table = new SpanTable();
    pool.save(AGENT, presence("wrap_up", 50_000, "call-1"));
    expect(await pool.spans.outbox.flush(table.write)).toBe(true);
    // A wrap-up ended at its timer's time, earlier than the span on record began.
    pool.save(AGENT, presence("available", 45_000));
    pool.save(AGENT, presence("on_call", 80_000, "call-2"));
    expect(await pool.spans.outbox.flush(table.write)).toBe(true);
    expect(table.of(AGENT)).toEqual([
      ["available", 50_000, 80_000],
      ["on_call", 80_000, null],
    ]);
  });

  it("the last console closing logs the agent out: the span ends and a logged-out one opens", async () => {
    const pool = open();
    const table = new SpanTable();
    pool.saveIdentity({ userId: AGENT, name: "Ada", role: "agent" }, 5_000);
    pool.save(AGENT, presence("available", 10_000));
    pool.save(AGENT, presence("offline", 30_000));
    expect(await pool.spans.outbox.flush(table.write)).toBe(true);
    expect(table.of(AGENT)).toEqual([
      ["available", 10_000, 30_000],
      ["offline", 30_000, null],
    ]);
  });

  it("keeps no history for an id that is no person's (Postgres keys agents by user id)", async () => {
    const pool = open();
    pool.save("agent-1", presence("available", 10_000));
    expect(pool.spans.outbox.pending()).toEqual([]);
    expect(pool.presenceOf("agent-1", 20_000).status).toBe("available");
  });
});
