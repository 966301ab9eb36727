import { describe, expect, it } from "vitest";
import { queueStats } from "../../../../domain/queue-stats";
import { EMPTY_BOOK, answered, callbackUnreached, hungUp, join, overflowDue, overflowed, positionOf, requestCallback, requeueCallback, staysOf } from "../../../../objects/queue/queue-book";
import { chooseAssignments } from "../../../../objects/queue/routing";

const T0 = 1_000_000;
const caller = (callId: string, priority: number, enteredAtMs: number) => ({ callId, priority, enteredAtMs, needs: {}, from: `+1555010${callId.padStart(4, "0")}` });
const members = [{ userId: "agent", skills: {} }];

describe("a queue's book", () => {
  it("a callback that missed the caller puts them back where they stood, ahead of later callers; the last miss is counted unreached, not abandoned", () => {
    let book = hungUp(requestCallback(join(EMPTY_BOOK, caller("1", 0, T0)), "1"), "1", T0 + 5000);
    book = answered(book, "1", "agent", T0 + 60_000);
    book = join(book, caller("2", 0, T0 + 90_000));
    expect(positionOf(book, "2")).toBe(1);
    book = requeueCallback(book, "1")!;
    expect(positionOf(book, "1")).toBe(1);
    expect(positionOf(book, "2")).toBe(2);
    expect(book.waiting.find((c) => c.callId === "1")).toMatchObject({ callbackRequested: true, enteredAtMs: T0, from: caller("1", 0, T0).from });
    // A second requeue of the same miss finds nothing to put back.
    expect(requeueCallback(book, "1")).toBeNull();
    expect(queueStats(staysOf(book), 20, T0 + 100_000)).toMatchObject({ callbacksWaiting: 1, callbacksAnswered: 0, waitingNow: 1 });

    book = callbackUnreached(answered(book, "1", "agent", T0 + 200_000), "1")!;
    expect(book.ended.find((s) => s.callId === "1")).toMatchObject({ outcome: "callback_unreached" });
    expect(queueStats(staysOf(book), 20, T0 + 200_000)).toMatchObject({ callbacksUnreached: 1, callbacksAnswered: 0, abandoned: 0 });
  });

  it("serves the higher priority first; the other hears position 1, presses 1, hangs up without abandoning, and is answered by the callback", () => {
    let book = join(join(EMPTY_BOOK, caller("1", 0, T0)), caller("2", 5, T0 + 4000));
    expect(positionOf(book, "2")).toBe(1);
    expect(positionOf(book, "1")).toBe(2);

    const [first] = chooseAssignments({ callers: book.waiting, members, free: [{ userId: "agent", idleSinceMs: 0 }], skillRelaxSeconds: 60, nowMs: T0 + 10_000 });
    expect(first).toMatchObject({ callId: "2", userId: "agent" });
    book = answered(book, "2", "agent", T0 + 10_000);
    expect(positionOf(book, "1")).toBe(1);

    book = hungUp(requestCallback(book, "1"), "1", T0 + 30_000);
    expect(positionOf(book, "1")).toBe(1);
    expect(overflowDue(book, 60, T0 + 3_600_000)).toEqual([]);

    book = answered(book, "1", "agent", T0 + 300_000);
    const stats = queueStats(staysOf(book), 20, T0 + 300_000);
    expect(stats).toMatchObject({ waitingNow: 0, answered: 1, answeredWithinThreshold: 1, callbacksAnswered: 1, abandoned: 0, serviceLevel: 1 });
    expect(book.ended.find((s) => s.callId === "1")).toMatchObject({ outcome: "callback_answered", waitSeconds: 300, agentUserId: "agent" });
  });

  it("counts a caller who hangs up waiting as a queue abandon with their wait, once", () => {
    let book = join(EMPTY_BOOK, caller("3", 0, T0));
    book = hungUp(book, "3", T0 + 42_000);
    book = hungUp(book, "3", T0 + 50_000);
    book = join(book, caller("3", 0, T0 + 60_000));
    expect(book.waiting).toEqual([]);
    expect(book.ended).toEqual([{ callId: "3", enteredAtMs: T0, callbackRequested: false, outcome: "abandoned", waitSeconds: 42, agentUserId: null }]);
    expect(queueStats(staysOf(book), 20, T0 + 60_000)).toMatchObject({ abandoned: 1, abandonRate: 1, serviceLevel: 0 });
  });

  it("sends callers in line past the longest wait on by the overflow action", () => {
    let book = join(join(EMPTY_BOOK, caller("4", 0, T0)), caller("5", 0, T0 + 100_000));
    const due = overflowDue(book, 120, T0 + 150_000);
    expect(due.map((c) => c.callId)).toEqual(["4"]);
    book = overflowed(book, "4", T0 + 150_000);
    expect(queueStats(staysOf(book), 20, T0 + 150_000)).toMatchObject({ overflowed: 1, waitingNow: 1, longestWaitSeconds: 50 });
  });
});
