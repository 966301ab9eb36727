// The agent pool's members table against a real SQLite: the longest-idle reservation
// (among a campaign's agents, the same agent when a call asks twice), preview offers kept
// intact, the wrap-up timer, rows an older build wrote, and a row no build can read.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initialPresence, type PresenceRecord } from "../../../../objects/agent-pool/presence";
import { POOL_MIGRATIONS, PoolStorage, type UnreadableMember } from "../../../../objects/agent-pool/pool-storage";
import { AiCallsBoard } from "../../../../objects/agent-pool/ai-calls";
import type { LiveAiCall } from "../../../../objects/agent-pool/protocol";
import { previewOffer } from "./pool-fixtures";
import { runSqliteMigrations } from "../../../../objects/shared/sqlite-migrations";
import { openTestSqlStorage, type TestSqlStorage } from "../../support/sqlite-storage";

let sql: TestSqlStorage;
let unreadable: UnreadableMember[];
const open = () => new PoolStorage(sql, (problem) => unreadable.push(problem));
beforeEach(async () => {
  sql = await openTestSqlStorage();
  unreadable = [];
});
afterEach(() => sql.close());

const presence = (status: PresenceRecord["status"], statusSince: number, rest: Partial<PresenceRecord> = {}): PresenceRecord => ({
  status,
  statusSince,
  callId: null,
  wrapUpEndsAt: null,
  offer: null,
  wrapUp: null,
  ...rest,
});

const offer = previewOffer;

/** Agents gone available at the given times, each connected with a name. */
function poolWithAvailable(pool: PoolStorage, since: Record<string, number>): void {
  for (const [userId, at] of Object.entries(since)) {
    pool.saveIdentity({ userId, name: `${userId} person`, role: "agent" }, 0);
    pool.save(userId, presence("available", at));
  }
}

describe("reserving an agent for a call", () => {
  it("takes the agent idle longest among the campaign's agents, and puts them on the call", () => {
    const pool = open();
    poolWithAvailable(pool, { ann: 1_000, bob: 2_000, cat: 3_000 });
    expect(pool.reserveLongestIdle("call-1", ["bob", "cat"], 10_000)).toEqual({ userId: "bob", isNew: true });
    expect(pool.presenceOf("bob", 10_000)).toEqual(presence("on_call", 10_000, { callId: "call-1" }));
    // Without a campaign's list anyone available is eligible: Ann, idle since 1 s.
    expect(pool.reserveLongestIdle("call-2", undefined, 10_000)).toEqual({ userId: "ann", isNew: true });
  });

  it("gives the same call the same agent when it asks again, and nobody once everyone is taken", () => {
    const pool = open();
    poolWithAvailable(pool, { ann: 1_000, bob: 2_000 });
    expect(pool.reserveLongestIdle("call-1", undefined, 10_000)).toEqual({ userId: "ann", isNew: true });
    expect(pool.reserveLongestIdle("call-1", undefined, 11_000)).toEqual({ userId: "ann", isNew: false });
    expect(pool.reserveLongestIdle("call-2", undefined, 12_000)).toEqual({ userId: "bob", isNew: true });
    expect(pool.reserveLongestIdle("call-3", undefined, 13_000)).toBeNull();
    expect(pool.members(13_000).map((m) => [m.userId, m.presence.status, m.presence.callId])).toEqual([
      ["ann", "on_call", "call-1"],
      ["bob", "on_call", "call-2"],
    ]);
  });

  it("gives a call asking again for someone else (an AI call taken over by another person) that person, not the agent it already has", () => {
    const pool = open();
    poolWithAvailable(pool, { ann: 1_000, bob: 2_000 });
    expect(pool.reserveLongestIdle("call-1", ["ann"], 10_000)).toEqual({ userId: "ann", isNew: true });
    expect(pool.reserveLongestIdle("call-1", ["bob"], 11_000)).toEqual({ userId: "bob", isNew: true });
    expect(pool.reserveLongestIdle("call-1", ["ann"], 12_000)).toEqual({ userId: "ann", isNew: false });
    expect(pool.members(12_000).map((m) => [m.userId, m.presence.status, m.presence.callId])).toEqual([
      ["ann", "on_call", "call-1"],
      ["bob", "on_call", "call-1"],
    ]);
  });

  it("gives a person wrapping up an AI call they handed back that call again when they take it over again, and nobody else's", () => {
    const pool = open();
    pool.saveIdentity({ userId: "ann", name: "Ann", role: "agent" }, 0);
    pool.save("ann", presence("wrap_up", 5_000, { callId: "call-1", wrapUpEndsAt: 35_000 }));
    // Another call (or this call asking for anyone) passes over her wrap-up.
    expect(pool.reserveLongestIdle("call-2", ["ann"], 10_000)).toBeNull();
    expect(pool.reserveLongestIdle("call-1", undefined, 10_000)).toBeNull();
    expect(pool.reserveLongestIdle("call-1", ["ann"], 10_000)).toEqual({ userId: "ann", isNew: true });
    expect(pool.presenceOf("ann", 10_000)).toEqual(presence("on_call", 10_000, { callId: "call-1" }));
  });

  it("passes over agents previewing, on break or wrapping up", () => {
    const pool = open();
    pool.save("ann", presence("previewing", 1, { offer }));
    pool.save("bob", presence("break", 2));
    pool.save("cat", presence("wrap_up", 3, { callId: "old", wrapUpEndsAt: 90_000 }));
    expect(pool.reserveLongestIdle("call-1", undefined, 10_000)).toBeNull();
  });
});

describe("members", () => {
  it("keeps a preview offer intact from save to read", () => {
    const pool = open();
    pool.saveIdentity({ userId: "ann", name: "Ann", role: "agent" }, 0);
    pool.save("ann", presence("previewing", 5_000, { offer }));
    expect(pool.presenceOf("ann", 6_000)).toEqual(presence("previewing", 5_000, { offer }));
    expect(pool.members(6_000)).toEqual([{ userId: "ann", name: "Ann", role: "agent", presence: presence("previewing", 5_000, { offer }) }]);
  });

  it("knows an agent a call names before they connected, and keeps their presence when they connect", () => {
    const pool = open();
    expect(pool.presenceOf("dan", 1_000)).toEqual(initialPresence(1_000));
    pool.save("dan", presence("on_call", 1_000, { callId: "call-1" }));
    expect(pool.members(1_000)[0]).toMatchObject({ userId: "dan", name: "(not connected yet)", role: "agent" });
    pool.saveIdentity({ userId: "dan", name: "Dan", role: "supervisor" }, 2_000);
    expect(pool.members(2_000)).toEqual([{ userId: "dan", name: "Dan", role: "supervisor", presence: presence("on_call", 1_000, { callId: "call-1" }) }]);
  });

  it("reads a row the first build wrote (before calls, wrap-ups and offers had columns)", () => {
    runSqliteMigrations(sql, POOL_MIGRATIONS.slice(0, 1));
    sql.exec("INSERT INTO members (user_id, name, role, status, status_since) VALUES ('ann', 'Ann', 'agent', 'available', 700)");
    const pool = open();
    expect(pool.members(1_000)).toEqual([{ userId: "ann", name: "Ann", role: "agent", presence: presence("available", 700) }]);
    expect(pool.reserveLongestIdle("call-1", undefined, 1_000)).toEqual({ userId: "ann", isNew: true });
    expect(unreadable).toEqual([]);
  });

  it("reads an offer a build wrote with fields this one does not know", () => {
    open().save("ann", presence("previewing", 5_000, { offer }));
    sql.exec("UPDATE members SET offer = ?", JSON.stringify({ ...offer, script: "Hello" }));
    // The next instance (after an eviction or a deploy) reads what the other build wrote.
    expect(open().presenceOf("ann", 6_000).offer).toEqual(offer);
  });

  it("rewrites a row no build can read as offline, reporting it once, instead of failing the pool", () => {
    const before = open();
    before.saveIdentity({ userId: "ann", name: "Ann", role: "agent" }, 0);
    before.saveIdentity({ userId: "bob", name: "Bob", role: "agent" }, 0);
    before.save("bob", presence("available", 100));
    sql.exec("UPDATE members SET status = 'previewing', offer = '{\"campaignId\":' WHERE user_id = 'ann'");
    const pool = open();
    expect(pool.members(9_000).map((m) => [m.userId, m.name, m.presence.status])).toEqual([
      ["ann", "Ann", "offline"],
      ["bob", "Bob", "available"],
    ]);
    expect(unreadable).toEqual([{ userId: "ann", reason: expect.stringContaining("offer: not JSON") }]);
    expect(pool.presenceOf("ann", 10_000)).toEqual(presence("offline", 9_000));
    expect(unreadable).toHaveLength(1);
    // Repaired in the table too: the next instance reads Ann offline, with nothing to report.
    expect(open().members(11_000).map((m) => [m.userId, m.presence.status])).toEqual([
      ["ann", "offline"],
      ["bob", "available"],
    ]);
    expect(unreadable).toHaveLength(1);
  });

  it("a new instance reads exactly what the last one kept: names, presence, calls, offers and wrap-ups, in the board's order", () => {
    const before = open();
    before.saveIdentity({ userId: "zed", name: "Zed", role: "agent" }, 0);
    before.saveIdentity({ userId: "amy", name: "Amy", role: "supervisor" }, 0);
    before.save("zed", presence("previewing", 5_000, { offer }));
    before.save("dan", presence("on_call", 6_000, { callId: "call-1" }));
    before.save("amy", presence("wrap_up", 8_000, { callId: "call-3", wrapUpEndsAt: 38_000 }));
    before.saveIdentity({ userId: "dan", name: "Dan", role: "agent" }, 9_000);
    expect(open().members(10_000)).toEqual(before.members(10_000));
    expect(before.members(10_000).map((m) => m.name)).toEqual(["Amy", "Dan", "Zed"]);
  });
});

describe("wrap-up timer", () => {
  it("ends a wrap-up when due, at its end time, once; the timer then moves to the next one", () => {
    const pool = open();
    expect(pool.soonestWrapUpEndMs(0)).toBeNull();
    pool.save("ann", presence("wrap_up", 0, { callId: "c1", wrapUpEndsAt: 30_000 }));
    pool.save("bob", presence("wrap_up", 5_000, { callId: "c2", wrapUpEndsAt: 35_000 }));
    expect(pool.soonestWrapUpEndMs(0)).toBe(30_000);
    expect(pool.finishDueWrapUps(29_999)).toBe(false);
    expect(pool.finishDueWrapUps(30_500)).toBe(true);
    expect(pool.presenceOf("ann", 30_500)).toEqual(presence("available", 30_000));
    expect(pool.finishDueWrapUps(30_500)).toBe(false);
    expect(pool.soonestWrapUpEndMs(0)).toBe(35_000);
    expect(pool.finishDueWrapUps(40_000)).toBe(true);
    expect(pool.soonestWrapUpEndMs(0)).toBeNull();
  });
});

describe("wrap-up owing a disposition", () => {
  const owed = { policy: { seconds: 30, endOnSave: true, extensionSeconds: 0, dispositionRequired: true }, dispositionSaved: false, extended: false };

  it("has no timer and is not ended by one; the others' timers still run", () => {
    const pool = open();
    pool.save("ann", presence("wrap_up", 0, { callId: "c1", wrapUpEndsAt: 30_000, wrapUp: owed }));
    pool.save("bob", presence("wrap_up", 5_000, { callId: "c2", wrapUpEndsAt: 35_000 }));
    expect(pool.soonestWrapUpEndMs(0)).toBe(35_000);
    expect(pool.finishDueWrapUps(40_000)).toBe(true);
    expect(pool.presenceOf("ann", 40_000)).toEqual(presence("wrap_up", 0, { callId: "c1", wrapUpEndsAt: 30_000, wrapUp: owed }));
    expect(pool.presenceOf("bob", 40_000).status).toBe("available");
    expect(pool.soonestWrapUpEndMs(40_000)).toBeNull();
    expect(pool.reserveLongestIdle("c3", undefined, 41_000)).toEqual({ userId: "bob", isNew: true });
    expect(pool.reserveLongestIdle("c4", undefined, 41_000)).toBeNull();
  });

  it("reads a row an older build wrote (no wrap_up column yet) as an ordinary timed wrap-up", () => {
    runSqliteMigrations(sql, POOL_MIGRATIONS.slice(0, 3));
    sql.exec("INSERT INTO members (user_id, name, role, status, status_since, call_id, wrap_up_ends_at) VALUES ('ann', 'Ann', 'agent', 'wrap_up', 0, 'c1', 30000)");
    const pool = open();
    expect(pool.presenceOf("ann", 1_000)).toEqual(presence("wrap_up", 0, { callId: "c1", wrapUpEndsAt: 30_000 }));
    expect(pool.soonestWrapUpEndMs(1_000)).toBe(30_000);
    expect(unreadable).toEqual([]);
  });
});

describe("raised hands", () => {
  const hand = (requestId: string, callId = "c1", raisedAt = 1_000) => ({ callId, requestId, userId: "ann", reason: `needs help (${requestId})`, raisedAt });

  it("keeps one hand per call, oldest first; the same raise twice changes nothing, a later one replaces it", () => {
    const pool = open();
    expect(pool.raiseHelp(hand("r1", "c1", 2_000))).toBe(true);
    expect(pool.raiseHelp(hand("r9", "c2", 1_000))).toBe(true);
    expect(pool.raiseHelp(hand("r1", "c1", 2_000))).toBe(false);
    expect(pool.helpRequests().map((h) => h.requestId)).toEqual(["r9", "r1"]);
    expect(pool.raiseHelp(hand("r2", "c1", 3_000))).toBe(true);
    expect(pool.helpRequests().map((h) => h.requestId)).toEqual(["r9", "r2"]);
  });

  it("clears only the request named (a stale clear leaves a newer hand up), or whatever is up at the call's end", () => {
    const pool = open();
    pool.raiseHelp(hand("r2"));
    expect(pool.clearHelp("c1", "r1")).toBe(false);
    expect(pool.helpRequests()).toHaveLength(1);
    expect(pool.clearHelp("c1", null)).toBe(true);
    expect(pool.helpRequests()).toEqual([]);
  });
});

describe("the live AI calls", () => {
  const report = (callId: string, order: number, lines: number, since = 1_000): LiveAiCall => ({
    call: { callId, accountId: "", accountName: "Ada", phone: "+15550109999", phase: "connected", since, agentUserId: null, sentiment: null, ivr: null, ai: { state: "talking", handBacks: 0, order } },
    humanUserIds: null,
    order,
    lines,
  });

  it("keeps each call's newest report, whatever order they arrive in, and an ended call off the list for good", () => {
    open(); // the pool's tables
    const board = new AiCallsBoard(sql, () => {});
    expect(board.report(report("c1", 3, 0))).toBe(true);
    expect(board.report(report("c1", 3, 2))).toBe(true);
    // A retried older report (an earlier line, an earlier state) changes nothing.
    expect(board.report(report("c1", 3, 1))).toBe(false);
    expect(board.report(report("c1", 2, 5))).toBe(false);
    expect(board.report(report("c2", 1, 0, 500))).toBe(true);
    expect(board.live().map((live) => [live.call.callId, live.order, live.lines])).toEqual([["c2", 1, 0], ["c1", 3, 2]]);
    expect(board.end("c1", 10_000)).toBe(true);
    expect(board.end("c1", 11_000)).toBe(false);
    expect(board.report(report("c1", 9, 9))).toBe(false);
    // An end that arrives before any report keeps a later report off too.
    expect(board.end("c3", 12_000)).toBe(false);
    expect(board.report(report("c3", 1, 0))).toBe(false);
    expect(board.live().map((live) => live.call.callId)).toEqual(["c2"]);
  });
});
