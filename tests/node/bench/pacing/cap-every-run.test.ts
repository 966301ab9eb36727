// The abandon cap holds on each day, not on average: the held-out small team (8 agents,
// 15 % live answers) ended two of twenty seeded days over 3 % before the budget's prior
// faded (seed 7: 3.06 %, seed 10: 3.17 %). Those two days, run again, stay within it.
import { describe, expect, it } from "vitest";
import { loadWorkload, WORKLOADS_DIR } from "../../../../bench/pacing/benchmark";
import { simulateShift } from "../../../../objects/campaign/pacing/simulation/simulator";

const loaded = loadWorkload(`${WORKLOADS_DIR}/holdout/small-team-low-answer-8.json`);
if (!loaded.ok) throw new Error(loaded.message);
const smallTeam = loaded.workload;

describe("predictive pacing on a held-out small team", () => {
  it.each([7, 10])("ends seed %i's day within the cap", (seed) => {
    const { metrics } = simulateShift(smallTeam, "predictive", { seed });
    expect(metrics.liveAnswered).toBeGreaterThan(700);
    expect(metrics.abandonRate).toBeLessThanOrEqual(smallTeam.abandonCap);
  });
});
