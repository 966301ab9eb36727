// The hindsight ceiling (issue 18) is only an argument about the target if its search
// really finds the edge of the cap: the largest fixed allowance within it, with the next
// one tried over it. These check the search on a known edge and on a tiny seeded day.
import { describe, expect, it } from "vitest";
import { abandonRateAtTalkShare, bisectLargestFeasible, hindsightDay, simulateFixedAllowance } from "../../../../bench/pacing/hindsight";
import { decidePredictiveDials, initialPredictiveState } from "../../../../objects/campaign/pacing/predictive";
import { simulateShift } from "../../../../objects/campaign/pacing/simulation/simulator";
import { parseWorkload } from "../../../../objects/campaign/pacing/simulation/workload";
import { snapshot } from "../../objects/campaign/pacing/snapshot-builder";

describe("the search for the largest allowance within the cap", () => {
  const edgeAt = (edge: number) => (x: number) => ({ value: x, feasible: x <= edge });

  it("brackets a known edge to within the precision its steps give", () => {
    const found = bisectLargestFeasible(edgeAt(0.037), { low: 0.002, high: 0.3 }, 8);
    expect(found.feasible!.x).toBeLessThanOrEqual(0.037);
    expect(found.infeasible!.x).toBeGreaterThan(0.037);
    expect(found.infeasible!.x / found.feasible!.x).toBeLessThan(1.02);
    expect(found.probes).toHaveLength(10);
  });

  it("says so when the whole range is within the cap, or none of it", () => {
    expect(bisectLargestFeasible(edgeAt(1), { low: 0.002, high: 0.3 }, 8)).toMatchObject({ feasible: { x: 0.3 }, infeasible: null });
    expect(bisectLargestFeasible(edgeAt(0.001), { low: 0.002, high: 0.3 }, 8)).toMatchObject({ feasible: null, infeasible: { x: 0.002 } });
  });
});

describe("ours with the allowance held fixed", () => {
  it("ignores the cap guard: at the cap it still overdials when the allowance says so", () => {
    const atCap = snapshot({ available: 6, onCall: [30, 60, 90, 120], wrapUp: [10, 20], liveAnswered: 1000, abandoned: 30 });
    expect(decidePredictiveDials(atCap, initialPredictiveState()).dials).toBe(6);
    expect(decidePredictiveDials(atCap, initialPredictiveState(), { fixedAllowance: 0.2 }).dials).toBeGreaterThan(6);
  });
});

describe("the hindsight day on a tiny workload", () => {
  // Six agents for an hour: about 150 people answer, so the cap is a handful of abandons.
  const parsed = parseWorkload({ name: "tiny-6", agents: 6, shiftSeconds: 3600, leads: 5000 });
  if (!parsed.ok) throw new Error(parsed.message);
  const tiny = parsed.workload;
  const seed = 1;
  const day = hindsightDay(tiny, seed, { low: 0.002, high: 0.3 }, 5);

  it("ends within the cap, and a larger allowance it tried ends over it", () => {
    expect(day.metrics!.abandonRate).toBeLessThanOrEqual(tiny.abandonCap);
    expect(day.probes.some((p) => p.allowance > day.allowance! && p.abandonRate > tiny.abandonCap)).toBe(true);
    expect(simulateFixedAllowance(tiny, seed, day.allowance!).talkShare).toBe(day.metrics!.talkShare);
  });

  it("talks more than pacing progressively on the same day", () => {
    expect(day.metrics!.talkShare).toBeGreaterThan(simulateShift(tiny, "progressive", { seed }).metrics.talkShare);
  });
});

describe("what a talk share would cost in abandons", () => {
  const probes = [
    { allowance: 0.3, talkShare: 0.8, abandonRate: 0.3 },
    { allowance: 0.01, talkShare: 0.7, abandonRate: 0.01 },
    { allowance: 0.05, talkShare: 0.74, abandonRate: 0.05 },
  ];

  it("reads it between the two allowances tried around it", () => {
    expect(abandonRateAtTalkShare(probes, 0.72)).toBeCloseTo(0.03, 10);
    expect(abandonRateAtTalkShare(probes, 0.77)).toBeCloseTo(0.175, 10);
  });

  it("has no answer past the largest allowance tried", () => {
    expect(abandonRateAtTalkShare(probes, 0.81)).toBeNaN();
  });
});
