// vicidial-adapt follows PACING.md's ADAPT_HARD_LIMIT pseudo-code, step by step, on
// hand-made snapshots: 1 s samples, a level update every 15 s, dials every 2.5 s.
import { describe, expect, it } from "vitest";
import {
  decideVicidialAdaptDials,
  initialVicidialAdaptState,
  updateVicidialLevel,
  type VicidialAdaptState,
} from "../../../../../objects/campaign/pacing/vicidial-adapt";
import type { PacingSnapshot } from "../../../../../objects/campaign/pacing/snapshot";
import { snapshot, type SnapshotShape } from "./snapshot-builder";

/** Runs the policy once a second from `from` to `to` (inclusive) on the same shape. */
function runSeconds(state: VicidialAdaptState, from: number, to: number, shape: SnapshotShape): { state: VicidialAdaptState; dialsAt: Map<number, number> } {
  const dialsAt = new Map<number, number>();
  for (let t = from; t <= to; t++) {
    const d = decideVicidialAdaptDials(snapshot({ ...shape, now: t }), state);
    state = d.nextState;
    if (d.dials > 0) dialsAt.set(t, d.dials);
  }
  return { state, dialsAt };
}

describe("vicidial-adapt", () => {
  it("starts at level 1.0 and, with every agent free, dials one line each (goal = L × (available + on call))", () => {
    const d = decideVicidialAdaptDials(snapshot({ available: 10 }), initialVicidialAdaptState());
    expect(d.nextState.level).toBe(1);
    expect(d.dials).toBe(10);
  });

  it("raises the level at the 15 s update when agents sit ready: L × (1 + (ready − waiting) / total)", () => {
    // 4 of 10 agents ready in every sample, nobody waiting: d = 0.4, L = 1.4.
    const { state } = runSeconds(initialVicidialAdaptState(), 0, 15, { available: 4, onCall: [60, 60, 60, 60, 60, 60], ringing: [1, 1, 1, 1] });
    expect(state.level).toBeCloseTo(1.4, 10);
    const next = runSeconds(state, 16, 30, { available: 4, onCall: [60, 60, 60, 60, 60, 60], ringing: [1, 1, 1, 1] });
    expect(next.state.level).toBeCloseTo(1.96, 10);
  });

  it("lowers the level when calls wait for agents, never below 1.0, never above 3.0", () => {
    const busy = { onCall: [60, 60, 60, 60], waiting: 2 };
    const state: VicidialAdaptState = { ...initialVicidialAdaptState(), level: 2 };
    const { state: after } = runSeconds(state, 0, 15, busy);
    expect(after.level).toBeCloseTo(1, 10); // 2 × (1 − 2/4) = 1
    expect(runSeconds({ ...after, level: 1.1 }, 16, 30, busy).state.level).toBe(1);
    const idle = runSeconds({ ...initialVicidialAdaptState(), level: 2.9 }, 0, 15, { available: 5 });
    expect(idle.state.level).toBe(3);
  });

  it("places dials only every 2.5 s, toward goal − calls in flight − calls connected", () => {
    const shape = { available: 2, onCall: [30, 30, 30], ringing: [3] };
    const { dialsAt } = runSeconds({ ...initialVicidialAdaptState(), level: 2 }, 0, 10, shape);
    // goal = round(2 × (2 + 3)) = 10; 1 in flight, 3 connected → 6, at 0, 2.5 (first tick 3), 5, 7.5 (8), 10.
    expect([...dialsAt.keys()]).toEqual([0, 3, 5, 8, 10]);
    expect(dialsAt.get(0)).toBe(6);
  });

  it("halves the level when over half of the last minute's live answers dropped (more than 20 dials resolved)", () => {
    const samples = Array.from({ length: 15 }, () => ({ ready: 0, waiting: 0, total: 10 }));
    const minuteAgo = { atSeconds: 0, resolved: 100, liveAnswered: 20, abandoned: 0 };
    const now = { atSeconds: 60, resolved: 130, liveAnswered: 30, abandoned: 6 };
    expect(updateVicidialLevel(2.4, samples, minuteAgo, now, 1).level).toBeCloseTo(1.2, 10);
    // Not with 20 or fewer dials resolved in the minute, nor at exactly half.
    expect(updateVicidialLevel(2.4, samples, minuteAgo, { ...now, resolved: 120 }, 1).level).toBeCloseTo(2.4, 10);
    expect(updateVicidialLevel(2.4, samples, minuteAgo, { ...now, abandoned: 5 }, 1).level).toBeCloseTo(2.4, 10);
  });

  it("resets to 1.0 when the whole run is over the cap, once more than 50 people answered", () => {
    const samples = Array.from({ length: 15 }, () => ({ ready: 3, waiting: 0, total: 10 }));
    const minuteAgo = { atSeconds: 0, resolved: 0, liveAnswered: 0, abandoned: 0 };
    expect(updateVicidialLevel(2.5, samples, minuteAgo, { atSeconds: 60, resolved: 400, liveAnswered: 100, abandoned: 4 }, 0.03).level).toBe(1);
    expect(updateVicidialLevel(2.5, samples, minuteAgo, { atSeconds: 60, resolved: 400, liveAnswered: 100, abandoned: 3 }, 0.03).level).toBeCloseTo(3, 10);
    expect(updateVicidialLevel(2.5, samples, minuteAgo, { atSeconds: 60, resolved: 400, liveAnswered: 50, abandoned: 5 }, 0.03).level).toBeCloseTo(3, 10);
  });

  it("applies the drop brake and the cap reset from the run's counters in its snapshots", () => {
    let state: VicidialAdaptState = { ...initialVicidialAdaptState(), level: 2 };
    const at = (now: number, live: number, abandoned: number, resolved: number): PacingSnapshot =>
      snapshot({ now, onCall: [60, 60, 60, 60], available: 1, liveAnswered: live, abandoned, dialsResolved: resolved });
    for (let t = 0; t <= 14; t++) state = decideVicidialAdaptDials(at(t, 10, 0, 40), state).nextState;
    // At 15 s: 30 dials resolved and 6 of 10 live answers dropped since the start.
    state = decideVicidialAdaptDials(at(15, 20, 6, 70), state).nextState;
    expect(state.level).toBeCloseTo((2 * 1.2) / 2, 10);
    for (let t = 16; t <= 29; t++) state = decideVicidialAdaptDials(at(t, 60, 6, 200), state).nextState;
    state = decideVicidialAdaptDials(at(30, 60, 6, 200), state).nextState; // 6 / 60 = 10 % > 3 %
    expect(state.level).toBe(1);
  });

  it("keeps its state as plain JSON", () => {
    const { state } = runSeconds(initialVicidialAdaptState(), 0, 40, { available: 3, onCall: [10] });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
