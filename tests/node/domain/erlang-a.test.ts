// Erlang A (patience in the model): with callers who never give up it is Erlang C; with
// patience fewer wait long, some give up, and the answered wait less.
import { describe, expect, it } from "vitest";
import { erlangA } from "../../../domain/erlang-a";
import { erlangC } from "../../../domain/erlang-c";

const load = { agents: 10, callsPerMinute: 3, averageHandleSeconds: 180, serviceLevelSeconds: 20 };

describe("Erlang A", () => {
  it("is Erlang C when nobody gives up", () => {
    const a = erlangA({ ...load, averagePatienceSeconds: 1e7 });
    const c = erlangC(load);
    expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 2);
    expect(a.asaSeconds / c.asaSeconds).toBeCloseTo(1, 1);
    expect(a.probabilityOfWaiting).toBeCloseTo(c.probabilityOfWaiting, 2);
    expect(a.abandonRate).toBeLessThan(0.001);
  });

  it("with patience: a better service level and a shorter answer than Erlang C, some callers giving up, agents less busy", () => {
    const a = erlangA({ ...load, averagePatienceSeconds: 240 });
    const c = erlangC(load);
    expect(a.serviceLevel).toBeGreaterThan(c.serviceLevel + 0.2);
    expect(a.asaSeconds).toBeLessThan(c.asaSeconds / 3);
    expect(a.abandonRate).toBeGreaterThan(0.02);
    expect(a.abandonRate).toBeLessThan(0.15);
    expect(a.occupancy).toBeLessThan(c.occupancy);
    // Still answers an overloaded queue (Erlang C has no answer there): patience keeps it finite.
    const overloaded = erlangA({ ...load, callsPerMinute: 5, averagePatienceSeconds: 120 });
    expect(overloaded.abandonRate).toBeGreaterThan(0.2);
    expect(Number.isFinite(overloaded.asaSeconds)).toBe(true);
  });
});
