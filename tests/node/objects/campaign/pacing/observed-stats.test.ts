import { describe, expect, it } from "vitest";
import { DurationDistribution, histogramFromLognormal, observeDuration } from "../../../../../objects/campaign/pacing/duration-histogram";
import { lognormalCdf, lognormalFromMedianP90, lognormalQuantile } from "../../../../../objects/campaign/pacing/lognormal";
import { initialObservedStats, recordResolvedDial, recordTalk, viewStats, type ObservedStats } from "../../../../../objects/campaign/pacing/observed-stats";

function dials(stats: ObservedStats, count: number, humanEvery: number): ObservedStats {
  for (let i = 0; i < count; i++) {
    stats =
      i % humanEvery === 0
        ? recordResolvedDial(stats, { outcome: "human", answerSeconds: 8, amdSeconds: 2.5, judgedHuman: true })
        : recordResolvedDial(stats, { outcome: "noAnswer" });
  }
  return stats;
}

describe("observed statistics", () => {
  it("learn the answer mix from outcomes, and follow it when it changes mid-shift", () => {
    const fifth = dials(initialObservedStats(), 2000, 5);
    expect(viewStats(fifth).mix.human).toBeCloseTo(0.2, 2);
    const tenth = dials(fifth, 1500, 10);
    expect(viewStats(tenth).mix.human).toBeCloseTo(0.1, 2);
  });

  it("start from the field's numbers, so the first minutes are paced sensibly", () => {
    const view = viewStats(initialObservedStats());
    expect(view.mix.human).toBeCloseTo(0.2, 6);
    expect(view.answerHuman.quantile(0.5)).toBeGreaterThan(7);
    expect(view.answerHuman.quantile(0.5)).toBeLessThan(11);
    expect(view.humanJudgedMachine).toBeCloseTo(0.01, 6);
  });

  it("start, for a rehearsal's prediction at speed 8, from the same numbers with durations 8 times longer", () => {
    const field = viewStats(initialObservedStats());
    const atSpeed8 = viewStats(initialObservedStats(8));
    expect(atSpeed8.talk.quantile(0.5) / field.talk.quantile(0.5)).toBeCloseTo(8, 0);
    expect(atSpeed8.wrap.quantile(0.9) / field.wrap.quantile(0.9)).toBeCloseTo(8, 0);
    expect(atSpeed8.mix).toEqual(field.mix);
    expect(atSpeed8.humanJudgedMachine).toBe(field.humanJudgedMachine);
  });

  it("estimate a duration distribution close to the lognormal it is fed", () => {
    const truth = lognormalFromMedianP90({ median: 240, p90: 600 });
    // Deterministic quantile samples rather than random ones.
    let histogram = histogramFromLognormal({ median: 30, p90: 60 }, 1);
    for (let i = 0; i < 4000; i++) histogram = observeDuration(histogram, lognormalQuantile(truth, (i + 0.5) / 4000), 1);
    const d = new DurationDistribution(histogram);
    for (const x of [60, 240, 600, 1200]) expect(d.cdf(x)).toBeCloseTo(lognormalCdf(truth, x), 1);
    expect(d.quantile(0.5)).toBeGreaterThan(220);
    expect(d.quantile(0.5)).toBeLessThan(260);
  });

  it("record talk durations, and the residual of a long call is longer than a fresh call's", () => {
    let stats = initialObservedStats();
    for (let i = 0; i < 300; i++) stats = recordTalk(stats, i % 3 === 0 ? 25 : 300);
    const talk = viewStats(stats).talk;
    expect(talk.cdf(40)).toBeCloseTo(1 / 3, 1);
    // P(ends within 30 s) fresh vs after 60 s: the short calls are gone by then.
    const fresh = talk.cdf(30);
    const afterMinute = (talk.cdf(90) - talk.cdf(60)) / talk.survival(60);
    expect(afterMinute).toBeLessThan(fresh);
  });

  it("are plain JSON", () => {
    const stats = dials(initialObservedStats(), 50, 4);
    expect(JSON.parse(JSON.stringify(stats))).toEqual(stats);
  });
});
