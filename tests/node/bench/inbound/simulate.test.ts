// bench:inbound's run through the pool's queue code: with Erlang C's own assumptions
// (Poisson arrivals, exponential handle times, nobody gives up) the measured numbers sit
// near its prediction, and with exponential patience near Erlang A's; with patience callers
// give up and are counted, none is lost; the
// same seed gives the same run.
import { describe, expect, it } from "vitest";
import { runInbound } from "../../../../bench/inbound/simulate";
import type { InboundWorkload } from "../../../../bench/inbound/workload";

const textbook: InboundWorkload = { name: "textbook", seed: 2, agents: 5, callsPerMinute: 1, minutes: 2880, handle: { kind: "exponential", meanSeconds: 180 }, patience: null, serviceLevelSeconds: 20, wrapUpSeconds: 0 };

describe("bench:inbound's simulation", () => {
  it("meets Erlang C's prediction when the workload meets its assumptions, and loses nobody", () => {
    const run = runInbound(textbook);
    expect(run.calls).toBeGreaterThan(2500);
    expect(run.lost).toBe(0);
    expect(run.abandoned).toBe(0);
    expect(run.answered).toBe(run.calls);
    expect(Math.abs(run.serviceLevel! - run.predicted.serviceLevel)).toBeLessThan(0.04);
    expect(Math.abs(run.asaSeconds! - run.predicted.asaSeconds!) / run.predicted.asaSeconds!).toBeLessThan(0.3);
    expect(Math.abs(run.occupancy - run.predicted.occupancy)).toBeLessThan(0.02);
  });

  it("with Erlang A's own assumptions (exponential handle times and patience) the measured sits near its prediction, abandons included, and nobody is lost", () => {
    const run = runInbound({ ...textbook, agents: 4, minutes: 2880, handle: { kind: "exponential", meanSeconds: 200 }, patience: { kind: "exponential", meanSeconds: 90 } });
    expect(run.predicted.model).toBe("erlang_a");
    expect(run.lost).toBe(0);
    expect(Math.abs(run.serviceLevel! - run.predicted.serviceLevel)).toBeLessThan(0.04);
    expect(Math.abs(run.abandonRate! - run.predicted.abandonRate!)).toBeLessThan(0.02);
    expect(Math.abs(run.asaSeconds! - run.predicted.asaSeconds!) / run.predicted.asaSeconds!).toBeLessThan(0.3);
    expect(Math.abs(run.occupancy - run.predicted.occupancy)).toBeLessThan(0.03);
  });

  it("counts callers who run out of patience as abandons, and loses nobody", () => {
    const run = runInbound({ ...textbook, agents: 4, minutes: 720, handle: { kind: "lognormal", meanSeconds: 200, sdSeconds: 150 }, patience: { kind: "exponential", meanSeconds: 90 } });
    expect(run.abandoned).toBeGreaterThan(0);
    expect(run.lost).toBe(0);
    expect(run.answered + run.abandoned).toBe(run.calls);
    expect(run.abandonRate).toBeCloseTo(run.abandoned / run.calls, 12);
    expect(runInbound({ ...textbook, agents: 4, minutes: 720, handle: { kind: "lognormal", meanSeconds: 200, sdSeconds: 150 }, patience: { kind: "exponential", meanSeconds: 90 } })).toEqual(run);
  });
});
