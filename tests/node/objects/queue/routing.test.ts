import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerOrder, canTake, chooseAssignments, type FreeAgent, type WaitingCaller } from "../../../../objects/queue/routing";
import type { QueueMember } from "../../../../domain/inbound-queues";

const NOW = 1_000_000;
const spanish: QueueMember = { userId: "a-es", skills: { "language:es": 5 } };
const english: QueueMember = { userId: "a-en", skills: { "language:en": 5, collections: 2 } };
const senior: QueueMember = { userId: "a-sr", skills: { "language:en": 5, collections: 8 } };
const caller = (callId: string, over: Partial<WaitingCaller> = {}): WaitingCaller => ({ callId, priority: 0, enteredAtMs: NOW - 10_000, needs: {}, ...over });
const free = (userId: string, idleSinceMs: number): FreeAgent => ({ userId, idleSinceMs });

describe("routing a queue's callers to its agents", () => {
  it("answers the higher priority first, then the longer waiting", () => {
    const order = answerOrder([caller("early-low", { enteredAtMs: 1 }), caller("late-high", { priority: 5, enteredAtMs: 9 }), caller("mid-low", { enteredAtMs: 5 })]);
    expect(order.map((c) => c.callId)).toEqual(["late-high", "early-low", "mid-low"]);
    const [only] = chooseAssignments({ callers: order, members: [english], free: [free("a-en", 0)], skillRelaxSeconds: 60, nowMs: NOW });
    expect(only).toEqual({ callId: "late-high", userId: "a-en", relaxed: false });
  });

  it("gives the caller the longest-idle free agent with the skills they need, at the level", () => {
    const needsSenior = caller("c1", { needs: { collections: 5 } });
    const members = [english, senior];
    const chosen = chooseAssignments({ callers: [needsSenior], members, free: [free("a-en", 0), free("a-sr", 500)], skillRelaxSeconds: 60, nowMs: NOW });
    expect(chosen).toEqual([{ callId: "c1", userId: "a-sr", relaxed: false }]);
    const plain = chooseAssignments({ callers: [caller("c2")], members, free: [free("a-sr", 500), free("a-en", 0)], skillRelaxSeconds: 60, nowMs: NOW });
    expect(plain[0]!.userId).toBe("a-en");
  });

  it("passes over a caller nobody skilled is free for, so the next caller is not kept waiting", () => {
    const chosen = chooseAssignments({
      callers: [caller("es-first", { enteredAtMs: NOW - 20_000, needs: { "language:es": 1 } }), caller("en-second", { needs: { "language:en": 1 } })],
      members: [spanish, english],
      free: [free("a-en", 0)],
      skillRelaxSeconds: 60,
      nowMs: NOW,
    });
    expect(chosen).toEqual([{ callId: "en-second", userId: "a-en", relaxed: false }]);
  });

  it("relaxes a caller's skills once they have waited the queue's time: any member then takes them", () => {
    const waitedLong = caller("es", { enteredAtMs: NOW - 61_000, needs: { "language:es": 1 } });
    const input = { callers: [waitedLong], members: [spanish, english], free: [free("a-en", 0)], skillRelaxSeconds: 60, nowMs: NOW };
    expect(chooseAssignments(input)).toEqual([{ callId: "es", userId: "a-en", relaxed: true }]);
    expect(chooseAssignments({ ...input, nowMs: NOW - 2000 })).toEqual([]);
  });

  it("never takes a free agent who is not a member of the queue", () => {
    expect(chooseAssignments({ callers: [caller("c")], members: [spanish], free: [free("outsider", 0)], skillRelaxSeconds: 0, nowMs: NOW })).toEqual([]);
  });

  const skillNames = ["language:es", "language:en", "collections"];
  const skills = fc.dictionary(fc.constantFrom(...skillNames), fc.integer({ min: 1, max: 10 }), { maxKeys: 3 });
  const scenario = fc.record({
    members: fc.uniqueArray(fc.record({ userId: fc.constantFrom("u1", "u2", "u3", "u4", "u5", "u6"), skills }), { selector: (m) => m.userId, maxLength: 6 }),
    callers: fc.uniqueArray(
      fc.record({ callId: fc.string({ minLength: 1, maxLength: 4 }), priority: fc.integer({ min: 0, max: 3 }), enteredAtMs: fc.integer({ min: NOW - 120_000, max: NOW }), needs: skills }),
      { selector: (c) => c.callId, maxLength: 10 },
    ),
    free: fc.uniqueArray(fc.record({ userId: fc.constantFrom("u1", "u2", "u3", "u4", "u5", "u6", "x"), idleSinceMs: fc.integer({ min: 0, max: NOW }) }), { selector: (a) => a.userId, maxLength: 7 }),
    skillRelaxSeconds: fc.integer({ min: 0, max: 120 }),
  });

  it("never gives one caller two agents or one agent two callers, and only to a caller the agent may take", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const chosen = chooseAssignments({ ...s, nowMs: NOW });
        expect(new Set(chosen.map((a) => a.callId)).size).toBe(chosen.length);
        expect(new Set(chosen.map((a) => a.userId)).size).toBe(chosen.length);
        for (const a of chosen) {
          const member = s.members.find((m) => m.userId === a.userId)!;
          expect(member).toBeDefined();
          expect(canTake(member, s.callers.find((c) => c.callId === a.callId)!, s.skillRelaxSeconds, NOW)).toBe(true);
        }
      }),
    );
  });

  it("never leaves a caller waiting while a free member could take them", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const chosen = chooseAssignments({ ...s, nowMs: NOW });
        const takenAgents = new Set(chosen.map((a) => a.userId));
        const served = new Set(chosen.map((a) => a.callId));
        const idleMembers = s.members.filter((m) => s.free.some((f) => f.userId === m.userId) && !takenAgents.has(m.userId));
        for (const waiting of s.callers.filter((c) => !served.has(c.callId))) {
          expect(idleMembers.some((m) => canTake(m, waiting, s.skillRelaxSeconds, NOW))).toBe(false);
        }
      }),
    );
  });

  it("never lets a caller behind be answered while one ahead, whom the same agent could take, waits", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const chosen = chooseAssignments({ ...s, nowMs: NOW });
        const order = answerOrder(s.callers);
        const served = new Set(chosen.map((a) => a.callId));
        for (const a of chosen) {
          const member = s.members.find((m) => m.userId === a.userId)!;
          const ahead = order.slice(0, order.findIndex((c) => c.callId === a.callId));
          for (const earlier of ahead.filter((c) => !served.has(c.callId))) expect(canTake(member, earlier, s.skillRelaxSeconds, NOW)).toBe(false);
        }
      }),
    );
  });
});
