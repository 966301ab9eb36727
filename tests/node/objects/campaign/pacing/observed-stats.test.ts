import { describe, expect, it } from "vitest";
import { DurationDistribution, histogramFromLognormal, observeDuration } from "../../../../../objects/campaign/pacing/duration-histogram";
import { lognormalCdf, lognormalFromMedianP90, lognormalQuantile } from "../../../../../objects/campaign/pacing/lognormal";
import {
  initialObservedStats,
  recordDialsPlaced,
  recordResolvedDial,
  recordTalk,
  viewStats,
  viewStatsWithRunning,
  type ObservedStats,
  type ResolvedDial,
} from "../../../../../objects/campaign/pacing/observed-stats";

const person: ResolvedDial = { outcome: "human", answerSeconds: 8, amdSeconds: 2.5, judgedHuman: true };
const machine: ResolvedDial = { outcome: "machine", answerSeconds: 6, amdSeconds: 2.5, judgedHuman: false };
const resolveAll = (stats: ObservedStats, outcome: ResolvedDial, count: number) => Array.from({ length: count }).reduce<ObservedStats>((s) => recordResolvedDial(s, outcome), stats);

/** Dials placed and resolved one at a time: every `humanEvery`-th a person, the rest no-answers. */
function dials(stats: ObservedStats, count: number, humanEvery: number): ObservedStats {
  for (let i = 0; i < count; i++) stats = recordResolvedDial(recordDialsPlaced(stats, 1), i % humanEvery === 0 ? person : { outcome: "noAnswer" });
  return stats;
}

/** A burst of 400 dials at 22 % people, 30 % machines, 10 % busy or invalid: the people and machines resolve within seconds, the 38 % no-answers at the ring timeout. */
function burstBeforeTheRingTimeout(): ObservedStats {
  let stats = recordDialsPlaced(dials(initialObservedStats(), 2000, 5), 400);
  stats = resolveAll(stats, person, 88);
  stats = resolveAll(stats, machine, 120);
  return resolveAll(stats, { outcome: "busy", failSeconds: 3 }, 40);
}

describe("observed statistics", () => {
  it("learn the answer mix from outcomes, and follow it when it changes mid-shift", () => {
    const fifth = dials(initialObservedStats(), 2000, 5);
    expect(viewStats(fifth).mix.human).toBeCloseTo(0.2, 2);
    const tenth = dials(fifth, 1500, 10);
    expect(viewStats(tenth).mix.human).toBeCloseTo(0.1, 2);
  });

  it("forget by dials placed, so a burst whose no-answers resolve last reads the mix it was dialled at", () => {
    // Steady at one person in five, then the burst: its no-answers land together, 20 s after its people.
    const stats = resolveAll(burstBeforeTheRingTimeout(), { outcome: "noAnswer" }, 152);
    const mix = viewStats(stats).mix;
    // Forgetting at each outcome made the 152 no-answers the newest and heaviest: people read 0.17.
    expect(mix.human).toBeGreaterThan(0.205);
    expect(mix.human).toBeLessThan(0.215);
  });

  it("count the dials still in flight as what they may still turn out to be", () => {
    const stats = burstBeforeTheRingTimeout();
    // Before the ring timeout only the people, machines and failures have resolved: alone they read nearly three people in ten.
    expect(viewStats(stats).mix.human).toBeGreaterThan(0.28);
    // The 152 still ringing at 19 s are almost surely no-answers (a person answers in 8 s, 15 s at the 90th percentile).
    const ringing = Array.from({ length: 152 }, () => ({ phase: "ringing" as const, ageSeconds: 19, phaseSeconds: 19 }));
    const withPending = viewStatsWithRunning(stats, [], ringing).mix;
    expect(withPending.human).toBeGreaterThan(0.2);
    expect(withPending.human).toBeLessThan(0.23);
    // A call dialled a moment ago tells nothing yet: it counts as the mix itself.
    const fresh = Array.from({ length: 152 }, () => ({ phase: "ringing" as const, ageSeconds: 0, phaseSeconds: 0 }));
    expect(viewStatsWithRunning(stats, [], fresh).mix.human).toBeCloseTo(viewStats(stats).mix.human, 2);
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
