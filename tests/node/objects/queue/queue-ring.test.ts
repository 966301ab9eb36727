// The agent's ring, pure: a queue that rings agents keeps the chosen caller in their place,
// rung on one agent's console, until the agent accepts (answered then) or rejects or lets it
// run out (offered to the next agent first, never lost); unanswered rings in a row put the
// agent on a break; a caller who hangs up, overflows or is moved while ringing gives the agent back.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerRing, arrive, endDueRings, leave, moveCaller, newDesk, routeNow, turnOf, type PoolAgent, type QueueDesk, type QueueRouting } from "../../../../objects/queue/queue-desk";
import { afterMiss, soonestRingEndMs } from "../../../../objects/queue/queue-ring";
import { canTake, chooseAssignments } from "../../../../objects/queue/routing";

const T0 = 1_700_000_000_000;
const ring = { acceptSeconds: 15, missesBeforeBreak: 2 };
const routing: QueueRouting = {
  members: [
    { userId: "ana", skills: {} },
    { userId: "bob", skills: {} },
  ],
  skillRelaxSeconds: 60,
  maxWaiting: 5,
  maxWaitSeconds: 30,
  agentRing: ring,
};
const arrival = (callId: string, atMs: number) => ({ callId, priority: 0, needs: {}, from: "+15550100001", enteredAtMs: atMs });
const agent = (userId: string, status: string, statusSince = T0 - 60_000): PoolAgent => ({ userId, status, statusSince });
/** The pool reserves whoever a pass chose: on a call (the ring's) until it ends. */
const reserve = (agents: PoolAgent[], userIds: string[]) => agents.map((a) => (userIds.includes(a.userId) ? { ...a, status: "on_call" } : a));

function oneCaller(): { desk: QueueDesk; agents: PoolAgent[] } {
  // Ana has been idle longest: she is rung first.
  const agents = [agent("ana", "available", T0 - 90_000), agent("bob", "available", T0 - 10_000)];
  const desk = arrive(newDesk(routing), routing, arrival("c1", T0), agents).desk;
  return { desk, agents };
}

describe("the agent's ring", () => {
  it("rings the chosen agent and keeps the caller in their place until the agent accepts; then the caller is theirs", () => {
    const { desk, agents } = oneCaller();
    const pass = routeNow(desk, agents, T0 + 1000);
    expect(pass.assignments).toEqual([{ callId: "c1", userId: "ana", relaxed: false }]);
    expect(pass.desk.book.waiting).toMatchObject([{ callId: "c1", ringing: { userId: "ana", untilMs: T0 + 16_000 } }]);
    const reserved = reserve(agents, ["ana"]);
    expect(turnOf(pass.desk, "c1", reserved, T0 + 1000)).toMatchObject({ kind: "waiting", position: 1 });
    // A second pass while it rings chooses nobody else for them (Bob is free).
    expect(routeNow(pass.desk, reserved, T0 + 2000).assignments).toEqual([]);
    // A stale click (another call) acts on nobody.
    expect(answerRing(pass.desk, "ana", "c9", "accept", T0 + 3000)).toBeNull();
    expect(answerRing(pass.desk, "bob", "c1", "accept", T0 + 3000)).toBeNull();
    const accepted = answerRing(pass.desk, "ana", "c1", "accept", T0 + 3000)!;
    expect(turnOf(accepted, "c1", reserved, T0 + 3000)).toEqual({ kind: "agent", userId: "ana" });
    // Their wait ends when the agent accepts, not when the ring began.
    expect(accepted.book.ended).toMatchObject([{ callId: "c1", outcome: "answered", agentUserId: "ana", waitSeconds: 3 }]);
  });

  it("offers a rejected caller to the next free agent, never losing their place", () => {
    const { desk, agents } = oneCaller();
    const rung = routeNow(desk, agents, T0 + 1000).desk;
    const rejected = answerRing(rung, "ana", "c1", "reject", T0 + 2000)!;
    expect(rejected.book.waiting).toMatchObject([{ callId: "c1", ringing: null, declinedBy: ["ana"] }]);
    // Ana is free again and idle longest, but Bob is offered the caller first.
    const next = routeNow(rejected, [agent("ana", "available", T0 + 2000 - 500_000), agent("bob", "available")], T0 + 2000);
    expect(next.assignments).toEqual([{ callId: "c1", userId: "bob", relaxed: false }]);
    // With nobody else free, the agent who passed is rung again rather than the caller left waiting.
    const alone = routeNow(rejected, [agent("ana", "available"), agent("bob", "on_call")], T0 + 2000);
    expect(alone.assignments).toEqual([{ callId: "c1", userId: "ana", relaxed: false }]);
  });

  it("ends a ring that ran out as a miss, the caller offered on; misses in a row put the agent on a break", () => {
    const { desk, agents } = oneCaller();
    const rung = routeNow(desk, agents, T0 + 1000).desk;
    expect(soonestRingEndMs(rung.book)).toBe(T0 + 16_000);
    expect(endDueRings(rung, T0 + 15_999).missed).toEqual([]);
    const due = endDueRings(rung, T0 + 16_000);
    expect(due.missed).toEqual([{ userId: "ana", callId: "c1" }]);
    expect(due.desk.book.waiting).toMatchObject([{ callId: "c1", ringing: null, declinedBy: ["ana"] }]);
    expect(soonestRingEndMs(due.desk.book)).toBeNull();
    // Two in a row (the queue's setting) is a break, and the count starts again.
    expect(afterMiss(0, ring)).toEqual({ misses: 1, onBreak: false });
    expect(afterMiss(1, ring)).toEqual({ misses: 0, onBreak: true });
    expect(afterMiss(5, null)).toEqual({ misses: 6, onBreak: false });
  });

  it("gives the ringing agent back when the caller hangs up or is moved, and never overflows a caller mid-ring", () => {
    const { desk, agents } = oneCaller();
    const rung = routeNow(desk, agents, T0 + 1000).desk;
    const left = leave(rung, "c1", T0 + 2000);
    expect(left).toMatchObject({ agentToRelease: "ana", abandonedWaitSeconds: 2 });
    const moved = moveCaller(rung, newDesk(routing), routing, "c1", {}, T0 + 2000)!;
    expect(moved.ringEnded).toBe("ana");
    expect(moved.to.book.waiting[0]).not.toHaveProperty("ringing");
    // Past the longest wait (30 s) while ringing: the ring ends first.
    const late = routeNow(rung, reserve(agents, ["ana"]), T0 + 40_000);
    expect(late.overflowMoves).toEqual([]);
    expect(late.desk.book.waiting.map((c) => c.callId)).toEqual(["c1"]);
  });

  const NOW = T0;
  const ids = ["u1", "u2", "u3", "u4"];
  const scenario = fc.record({
    members: fc.uniqueArray(fc.record({ userId: fc.constantFrom(...ids), skills: fc.dictionary(fc.constantFrom("language:es", "collections"), fc.integer({ min: 1, max: 5 }), { maxKeys: 2 }) }), { selector: (m) => m.userId, maxLength: 4 }),
    callers: fc.uniqueArray(
      fc.record({
        callId: fc.string({ minLength: 1, maxLength: 3 }),
        priority: fc.integer({ min: 0, max: 2 }),
        enteredAtMs: fc.integer({ min: NOW - 120_000, max: NOW }),
        needs: fc.dictionary(fc.constantFrom("language:es", "collections"), fc.integer({ min: 1, max: 5 }), { maxKeys: 2 }),
        declinedBy: fc.subarray(ids),
        ringing: fc.option(fc.record({ userId: fc.constantFrom(...ids), untilMs: fc.constant(NOW + 5000) }), { nil: null }),
      }),
      { selector: (c) => c.callId, maxLength: 8 },
    ),
    free: fc.uniqueArray(fc.record({ userId: fc.constantFrom(...ids), idleSinceMs: fc.integer({ min: 0, max: NOW }) }), { selector: (a) => a.userId, maxLength: 4 }),
    skillRelaxSeconds: fc.integer({ min: 0, max: 120 }),
  });

  it("never rings a second agent for a caller already ringing, nor one agent for two callers; never skips a caller an idle agent could take (whoever passed on them)", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const chosen = chooseAssignments({ ...s, nowMs: NOW });
        const ringing = new Set(s.callers.filter((c) => c.ringing).map((c) => c.callId));
        expect(chosen.filter((a) => ringing.has(a.callId))).toEqual([]);
        expect(new Set(chosen.map((a) => a.callId)).size).toBe(chosen.length);
        expect(new Set(chosen.map((a) => a.userId)).size).toBe(chosen.length);
        const taken = new Set(chosen.map((a) => a.userId));
        const served = new Set(chosen.map((a) => a.callId));
        const idleMembers = s.members.filter((m) => s.free.some((f) => f.userId === m.userId) && !taken.has(m.userId));
        for (const waiting of s.callers.filter((c) => !served.has(c.callId) && !c.ringing)) {
          expect(idleMembers.some((m) => canTake(m, waiting, s.skillRelaxSeconds, NOW))).toBe(false);
        }
      }),
    );
  });
});
