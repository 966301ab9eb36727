// The queue as the agent pool holds it: callers arriving (turned away when the line is
// full), a pass that answers in priority-then-wait order with the longest-idle skilled
// agent and overflows those past the longest wait, the standing a caller is told, an
// abandon with its wait, and the handle times the expected wait learns from.
import { describe, expect, it } from "vitest";
import { arrive, handled, leave, lineOf, moveCaller, moveIntoClosed, newDesk, receiveOverflow, routeNow, turnOf, type OverflowQueue, type PoolAgent, type QueueDesk, type QueueRouting } from "../../../../objects/queue/queue-desk";
import { queueCallerSettingsOf } from "../../../../objects/call/features/queue/queue-spec";
import { ALWAYS_OPEN, QUEUE_DEFAULTS } from "../../../../domain/inbound-queues";

const T0 = 1_700_000_000_000;
const routing: QueueRouting = {
  members: [
    { userId: "ana", skills: { "language:es": 8 } },
    { userId: "bob", skills: {} },
  ],
  skillRelaxSeconds: 60,
  maxWaiting: 3,
  maxWaitSeconds: 300,
};
const arrival = (callId: string, atMs: number, priority = 0, needs: Record<string, number> = {}) => ({ callId, priority, needs, from: "+15550100001", enteredAtMs: atMs });
const agent = (userId: string, status: string, statusSince = T0 - 60_000): PoolAgent => ({ userId, status, statusSince });

function line(callers: ReturnType<typeof arrival>[], agents: PoolAgent[]): QueueDesk {
  let desk = newDesk(routing);
  for (const caller of callers) desk = arrive(desk, routing, caller, agents).desk;
  return desk;
}

describe("a queue held by the pool", () => {
  it("tells each arriving caller their place, and turns one away when the line is full", () => {
    const busy = [agent("ana", "on_call"), agent("bob", "on_call")];
    let desk = newDesk(routing);
    const standings = [];
    for (const n of [1, 2, 3, 4]) {
      const result = arrive(desk, routing, arrival(`c${n}`, T0 + n * 1000), busy);
      desk = result.desk;
      standings.push(result.joined);
    }
    // No handle time yet: no honest expected wait, the position alone.
    expect(standings).toEqual([
      { position: 1, expectedWaitSeconds: null },
      { position: 2, expectedWaitSeconds: null },
      { position: 3, expectedWaitSeconds: null },
      null,
    ]);
    expect(lineOf(desk)).toEqual(["c1", "c2", "c3"]);
  });

  it("answers by priority then wait, with the longest-idle free agent, and the later callers move up", () => {
    const free = [agent("ana", "available", T0 - 5000), agent("bob", "available", T0 - 90_000)];
    const desk = line([arrival("early", T0), arrival("vip", T0 + 5000, 10), arrival("late", T0 + 9000)], [agent("ana", "on_call"), agent("bob", "on_call")]);
    const routed = routeNow(desk, free, T0 + 10_000);
    // vip first, to bob (idle longest); then early, to ana.
    expect(routed.assignments).toEqual([
      { callId: "vip", userId: "bob", relaxed: false },
      { callId: "early", userId: "ana", relaxed: false },
    ]);
    const after = free.map((a) => ({ ...a, status: "on_call" }));
    expect(turnOf(routed.desk, "vip", after, T0 + 10_000)).toEqual({ kind: "agent", userId: "bob" });
    expect(turnOf(routed.desk, "late", after, T0 + 10_000)).toEqual({ kind: "waiting", position: 1, expectedWaitSeconds: null });
  });

  it("keeps a Spanish caller for the Spanish agent until the relaxation wait, then any member", () => {
    const desk = line([arrival("es", T0, 0, { "language:es": 1 })], []);
    const onlyBob = [agent("ana", "on_call"), agent("bob", "available")];
    expect(routeNow(desk, onlyBob, T0 + 59_000).assignments).toEqual([]);
    expect(routeNow(desk, onlyBob, T0 + 60_000).assignments).toEqual([{ callId: "es", userId: "bob", relaxed: true }]);
  });

  it("computes the expected wait from recent handle times and busy members, and never counts a handle time twice", () => {
    let desk = line([arrival("a", T0), arrival("b", T0 + 1000)], []);
    desk = routeNow(desk, [agent("bob", "available")], T0 + 2000).desk;
    desk = handled(desk, "a", T0 + 2000 + 120_000)!;
    expect(handled(desk, "nobody", T0)).toBeNull();
    expect(desk.recentHandleSeconds).toEqual([120]);
    const c = arrive(desk, routing, arrival("c", T0 + 200_000), [agent("ana", "on_call"), agent("bob", "wrap_up")]);
    // b is 1st, c 2nd: two busy members free up every 60 s on average → c waits about 120 s.
    expect(c.joined).toEqual({ position: 2, expectedWaitSeconds: 120 });
  });

  it("records a hang-up in line as a queue abandon with the wait, and gives back an agent chosen for a caller already gone", () => {
    let desk = line([arrival("x", T0), arrival("y", T0 + 1000)], []);
    const gone = leave(desk, "x", T0 + 45_000);
    expect(gone.abandonedWaitSeconds).toBe(45);
    expect(gone.agentToRelease).toBeNull();
    desk = gone.desk;
    expect(turnOf(desk, "x", [], T0 + 46_000)).toEqual({ kind: "gone" });
    expect(leave(desk, "x", T0 + 50_000).abandonedWaitSeconds).toBeNull();

    desk = routeNow(desk, [agent("bob", "available")], T0 + 50_000).desk;
    const late = leave(desk, "y", T0 + 50_500);
    expect(late).toMatchObject({ abandonedWaitSeconds: null, agentToRelease: "bob" });
  });

  it("overflows a caller who waited past the longest wait, before answering anyone", () => {
    const desk = line([arrival("old", T0), arrival("new", T0 + 200_000)], []);
    const routed = routeNow(desk, [agent("bob", "available")], T0 + 301_000);
    expect(turnOf(routed.desk, "old", [], T0 + 301_000)).toEqual({ kind: "overflowed" });
    expect(routed.assignments).toEqual([{ callId: "new", userId: "bob", relaxed: false }]);
  });

  it("a caller past the longest wait overflows into the overflow queue: counted as an overflow here, in line there by their first arrival, that queue's longest wait counted from then", () => {
    const overflow = { queueId: "q2", holdMessage: "Overflow desk.", requiredSkills: { billing: 2 }, routing: { ...routing, members: [{ userId: "cy", skills: { billing: 5 } }], maxWaitSeconds: 120 } };
    const withOverflow: QueueRouting = { ...routing, overflowQueue: overflow };
    const busy = [agent("ana", "on_call"), agent("bob", "on_call"), agent("cy", "on_call")];
    let desk = newDesk(withOverflow);
    desk = arrive(desk, withOverflow, arrival("old", T0), busy).desk;
    desk = arrive(desk, withOverflow, arrival("new", T0 + 200_000), busy).desk;
    const routed = routeNow(desk, busy, T0 + 301_000);
    expect(routed.overflowMoves.map((c) => c.callId)).toEqual(["old"]);
    expect(routed.desk.book.ended).toMatchObject([{ callId: "old", outcome: "overflowed", movedTo: { queueId: "q2", holdMessage: "Overflow desk." } }]);
    expect(turnOf(routed.desk, "old", busy, T0 + 301_000)).toEqual({ kind: "moved", queueId: "q2", holdMessage: "Overflow desk." });
    expect(lineOf(routed.desk)).toEqual(["new"]);

    // The overflow desk already holds a caller who arrived after them: they go ahead of her (their wait is kept).
    const there = arrive(newDesk(overflow.routing), overflow.routing, arrival("later", T0 + 250_000), busy).desk;
    const received = receiveOverflow(there, overflow, routed.overflowMoves, T0 + 301_000);
    expect(lineOf(received)).toEqual(["old", "later"]);
    expect(received.book.waiting.find((c) => c.callId === "old")).toMatchObject({ enteredAtMs: T0, queueEnteredAtMs: T0 + 301_000, needs: { billing: 2 } });
    // Received twice (a repeated pass) changes nothing.
    expect(receiveOverflow(received, overflow, routed.overflowMoves, T0 + 302_000)).toEqual(received);
    // Its longest wait (120 s) counts from their arrival there, not their first call.
    expect(routeNow(received, busy, T0 + 302_000).desk.book.ended).toEqual([]);
    expect(routeNow(received, busy, T0 + 422_000).desk.book.ended.map((s) => s.callId)).toEqual(["later", "old"]);
    // Its member with the skill answers them first when free.
    expect(routeNow(received, [agent("cy", "available")], T0 + 303_000).assignments).toEqual([{ callId: "old", userId: "cy", relaxed: false }]);
  });

  it("a caller overflowed into a queue that overflows in turn moves on again (their wait kept), and one it would take back where they came from stops there with the default message", () => {
    const busy = [agent("ana", "on_call"), agent("bob", "on_call")];
    const settings = (holdMessage: string) => queueCallerSettingsOf({ holdMessage, callback: { ...QUEUE_DEFAULTS.callback, offered: false } }, { kind: "message", message: "unused" });
    const target = (queueId: string, next: OverflowQueue | null): OverflowQueue => ({ queueId, holdMessage: `${queueId} desk.`, requiredSkills: {}, routing: { ...routing, maxWaitSeconds: 60, overflowQueue: next }, caller: settings(`${queueId} desk.`) });
    const c = target("c", null);
    const b = target("b", c);
    const a: QueueRouting = { ...routing, overflowQueue: b };
    // A → B (after 300 s) → C (after B's 60 s): one caller, two hops, their first arrival kept for their place.
    const inA = routeNow(arrive(newDesk(a), a, arrival("ivy", T0), busy).desk, busy, T0 + 301_000, "a");
    expect(inA.overflowMoves.map((m) => m.callId)).toEqual(["ivy"]);
    const inB = receiveOverflow(null, b, inA.overflowMoves, T0 + 301_000, "a");
    expect(inB.book.waiting[0]).toMatchObject({ callId: "ivy", enteredAtMs: T0, overflowedFrom: ["a"] });
    const fromB = routeNow(inB, busy, T0 + 362_000, "b");
    expect(fromB.overflowStops).toEqual([]);
    expect(turnOf(fromB.desk, "ivy", busy, T0 + 362_000)).toMatchObject({ kind: "moved", queueId: "c", holdMessage: "c desk." });
    const inC = receiveOverflow(null, c, fromB.overflowMoves, T0 + 362_000, "b");
    expect(inC.book.waiting[0]).toMatchObject({ callId: "ivy", enteredAtMs: T0, overflowedFrom: ["a", "b"] });
    // C has no overflow queue: past its longest wait they leave by its action.
    expect(turnOf(routeNow(inC, busy, T0 + 423_000, "c").desk, "ivy", busy, T0 + 423_000)).toEqual({ kind: "overflowed" });

    // B overflows back to A: the caller who came from A stops in B (the default overflow message), logged by the pool.
    const backToA: OverflowQueue = { ...b, routing: { ...b.routing, overflowQueue: { queueId: "a", holdMessage: "a desk.", requiredSkills: {}, routing: a } } };
    const loop = routeNow(receiveOverflow(null, backToA, inA.overflowMoves, T0 + 301_000, "a"), busy, T0 + 362_000, "b");
    expect(loop.overflowMoves).toEqual([]);
    expect(loop.overflowStops).toEqual([{ callId: "ivy", toQueueId: "a", reason: "loop" }]);
    expect(turnOf(loop.desk, "ivy", busy, T0 + 362_000)).toEqual({ kind: "overflowed" });
  });

  it("without an overflow queue, a caller past the longest wait overflows to the action, nowhere to move", () => {
    const busy = [agent("ana", "on_call"), agent("bob", "on_call")];
    const desk = line([arrival("old", T0)], busy);
    const routed = routeNow(desk, busy, T0 + 301_000);
    expect(routed.overflowMoves).toEqual([]);
    expect(turnOf(routed.desk, "old", busy, T0 + 301_000)).toEqual({ kind: "overflowed" });
  });

  it("a queue that overflows to a callback keeps a caller past the longest wait in their place as a callback (never an overflow), and a full line takes the next caller as one", () => {
    const toCallback: QueueRouting = { ...routing, maxWaiting: 1, overflowToCallback: true };
    const busy = [agent("ana", "on_call"), agent("bob", "on_call")];
    let desk = arrive(newDesk(toCallback), toCallback, arrival("old", T0), busy).desk;
    // The line is full: the next caller is kept as a callback, not turned away.
    const full = arrive(desk, toCallback, arrival("full", T0 + 10_000), busy);
    expect(full.joined).toEqual({ position: 2, expectedWaitSeconds: null });
    expect(turnOf(full.desk, "full", busy, T0 + 10_000)).toEqual({ kind: "waiting", position: 2, expectedWaitSeconds: null, callbackKept: true });
    desk = full.desk;
    const routed = routeNow(desk, busy, T0 + 301_000);
    expect(routed.overflowMoves).toEqual([]);
    expect(routed.desk.book.ended).toEqual([]);
    expect(turnOf(routed.desk, "old", busy, T0 + 301_000)).toEqual({ kind: "waiting", position: 1, expectedWaitSeconds: null, callbackKept: true });
    // Never overflowing again; when an agent frees, the first in line is theirs: a callback answered.
    expect(routeNow(routed.desk, busy, T0 + 9_000_000).desk.book.ended).toEqual([]);
    const answered = routeNow(routed.desk, [agent("bob", "available")], T0 + 302_000);
    expect(answered.assignments).toEqual([{ callId: "old", userId: "bob", relaxed: false }]);
    expect(answered.desk.book.ended).toMatchObject([{ callId: "old", outcome: "callback_answered", agentUserId: "bob", waitSeconds: 302 }]);
  });

  it("a caller overflowing into another queue takes its caller settings; into one closed now, they leave by its closed action and join no line", () => {
    const target = { holdMessage: "Billing desk.", callback: { offered: false, attempts: 2, retrySeconds: 60 } };
    const overflow: OverflowQueue = {
      queueId: "q2",
      holdMessage: "Billing desk.",
      requiredSkills: {},
      routing,
      caller: queueCallerSettingsOf(target, { kind: "ivr" }),
      hours: { hours: ALWAYS_OPEN, timeZone: "UTC", closedCaller: queueCallerSettingsOf(target, { kind: "voicemail", greeting: "Closed: leave a message." }) },
    };
    const busy = [agent("ana", "on_call"), agent("bob", "on_call")];
    const open = routeNow(line([arrival("old", T0)], busy), busy, T0 + 301_000);
    const routedOpen = routeNow(arrive(newDesk({ ...routing, overflowQueue: overflow }), { ...routing, overflowQueue: overflow }, arrival("old", T0), busy).desk, busy, T0 + 301_000);
    expect(open.overflowMoves).toEqual([]);
    expect(routedOpen.overflowMoves.map((c) => c.callId)).toEqual(["old"]);
    expect(turnOf(routedOpen.desk, "old", busy, T0 + 301_000)).toEqual({
      kind: "moved",
      queueId: "q2",
      holdMessage: "Billing desk.",
      settings: { holdMessage: "Billing desk.", callback: null, overflowMessage: QUEUE_DEFAULTS.overflowAction.kind === "message" ? QUEUE_DEFAULTS.overflowAction.message : "", overflowTo: "ivr" },
    });

    // Closed all week: nobody joins its line; the caller is told its closed action.
    const closedOverflow: OverflowQueue = { ...overflow, hours: { ...overflow.hours!, hours: { timeZone: null, weekly: {}, holidays: [] } } };
    const closedRouting = { ...routing, overflowQueue: closedOverflow };
    const routedClosed = routeNow(arrive(newDesk(closedRouting), closedRouting, arrival("old", T0), busy).desk, busy, T0 + 301_000);
    expect(routedClosed.overflowMoves).toEqual([]);
    expect(turnOf(routedClosed.desk, "old", busy, T0 + 301_000)).toMatchObject({
      kind: "moved",
      queueId: "q2",
      closed: true,
      settings: { overflowMessage: "Closed: leave a message.", overflowVoicemail: true },
    });
  });

  it("a supervisor's move into a closed queue ends the caller's wait here by that queue's closed action; an open one keeps their wait for its service level", () => {
    const busy = [agent("ana", "on_call"), agent("bob", "on_call")];
    const desk = line([arrival("old", T0)], busy);
    const closedCaller = queueCallerSettingsOf({ holdMessage: "Night.", callback: QUEUE_DEFAULTS.callback }, { kind: "message", message: "We are closed." });
    const left = moveIntoClosed(desk, "old", "night", closedCaller, T0 + 50_000)!;
    expect(lineOf(left.from)).toEqual([]);
    expect(turnOf(left.from, "old", busy, T0 + 50_000)).toEqual({ kind: "moved", queueId: "night", holdMessage: "Night.", settings: closedCaller, closed: true, by: "supervisor" });
    expect(moveIntoClosed(left.from, "old", "night", closedCaller, T0 + 51_000)).toBeNull();

    // Moved into an open queue after 50 s and answered there 5 s later: its service level counts the whole 55 s wait.
    const moved = moveCaller(desk, newDesk(routing), routing, "old", {}, T0 + 50_000)!;
    const answered = routeNow(moved.to, [agent("bob", "available")], T0 + 55_000);
    expect(answered.desk.book.ended).toMatchObject([{ callId: "old", outcome: "answered", waitSeconds: 55 }]);
  });
});
