// Erlang C as workforce tools compute it: the probability of waiting, service level,
// average speed of answer and occupancy, checked against values worked by hand, M/M/1,
// an overloaded queue and a large centre (no overflow in the factorials).
import { describe, expect, it } from "vitest";
import { erlangC, probabilityOfWaiting } from "../../../domain/erlang-c";

describe("Erlang C", () => {
  it("gives the hand-worked probability of waiting: 2 agents, 1 Erlang → 1/3; one agent → its utilisation", () => {
    // (A²/2!)·2/(2−1) = 1 over 1 + 1 + 1.
    expect(probabilityOfWaiting(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(probabilityOfWaiting(1, 0.75)).toBeCloseTo(0.75, 12);
    expect(probabilityOfWaiting(3, 0)).toBe(0);
  });

  it("predicts service level, speed of answer and occupancy from calls a minute and handle time", () => {
    // 1 call a minute of 120 s to 3 agents: A = 2 Erlangs, C = 4/9.
    const p = erlangC({ agents: 3, callsPerMinute: 1, averageHandleSeconds: 120, serviceLevelSeconds: 20 });
    expect(p.trafficErlangs).toBe(2);
    expect(p.probabilityOfWaiting).toBeCloseTo(4 / 9, 12);
    expect(p.asaSeconds).toBeCloseTo(((4 / 9) * 120) / 1, 9);
    expect(p.serviceLevel).toBeCloseTo(1 - (4 / 9) * Math.exp(-20 / 120), 12);
    expect(p.occupancy).toBeCloseTo(2 / 3, 12);
  });

  it("says an overloaded queue never meets its service level, and stays finite for a large centre", () => {
    expect(erlangC({ agents: 5, callsPerMinute: 2, averageHandleSeconds: 180, serviceLevelSeconds: 20 })).toEqual({ trafficErlangs: 6, probabilityOfWaiting: 1, serviceLevel: 0, asaSeconds: Infinity, occupancy: 1 });
    const big = probabilityOfWaiting(500, 480);
    expect(big).toBeGreaterThan(0);
    expect(big).toBeLessThan(1);
    expect(() => probabilityOfWaiting(0, 1)).toThrow(RangeError);
  });
});
