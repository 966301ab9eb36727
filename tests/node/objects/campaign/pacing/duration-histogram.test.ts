// Durations still running count as lasting at least their time so far (withRunning): the
// estimate the pacer forecasts busy agents from, early in a shift when only short talks
// have ended.
import { describe, expect, it } from "vitest";
import { binOf, DurationDistribution, HISTOGRAM_BINS, observeDuration, withRunning } from "../../../../../objects/campaign/pacing/duration-histogram";

const observed = (seconds: number[]) => seconds.reduce((h, s) => observeDuration(h, s, 1), new Array<number>(HISTOGRAM_BINS).fill(0));
const total = (h: number[]) => h.reduce((a, b) => a + b, 0);

describe("durations still running", () => {
  it("give the Kaplan–Meier estimate: one running at 30 s splits its weight over the longer durations seen", () => {
    // Ended at 10, 50 and 100 s, one still running at 30 s: KM gives 1/4, 3/8, 3/8.
    const h = withRunning(observed([10, 50, 100]), [30]);
    expect(total(h)).toBeCloseTo(4, 9);
    expect(h[binOf(10)]! / 4).toBeCloseTo(1 / 4, 9);
    expect(h[binOf(50)]! / 4).toBeCloseTo(3 / 8, 9);
    expect(h[binOf(100)]! / 4).toBeCloseTo(3 / 8, 9);
    expect(h[binOf(30)]).toBe(0);
  });

  it("move the median past the talks that ended when most talks are still going on", () => {
    // 20 short talks ended; 60 agents have been talking for 45 s; a little weight says long talks exist.
    const ended = observed([...Array.from({ length: 20 }, (_, i) => 12 + i), 240, 300, 600]);
    expect(new DurationDistribution(ended).quantile(0.5)).toBeLessThan(30);
    const withTalking = new DurationDistribution(withRunning(ended, Array.from({ length: 60 }, () => 45)));
    expect(withTalking.quantile(0.5)).toBeGreaterThan(200);
    expect(withTalking.observations).toBeCloseTo(83, 9);
  });

  it("change nothing when none is running, and put a running one past everything seen in the next bin", () => {
    const ended = observed([5, 8]);
    expect(withRunning(ended, [])).toBe(ended);
    const h = withRunning(ended, [60]);
    expect(h[binOf(60) + 1]).toBe(1);
    expect(total(h)).toBe(3);
  });
});
