import { describe, expect, it } from "vitest";
import {
  lognormalCdf,
  lognormalFromMedianP90,
  lognormalMean,
  lognormalQuantile,
  normalCdf,
  normalQuantile,
  Z_P90,
} from "../../../../../objects/campaign/pacing/lognormal";

describe("lognormal durations from a median and a 90th percentile", () => {
  it("uses PACING.md's parameterisation: μ = ln(median), σ = ln(p90 / median) / 1.2816", () => {
    const p = lognormalFromMedianP90({ median: 25, p90: 90 });
    expect(p.mu).toBeCloseTo(Math.log(25), 12);
    expect(p.sigma).toBeCloseTo(Math.log(90 / 25) / 1.2816, 12);
    expect(Z_P90).toBe(1.2816);
  });

  it("puts half the mass below the median and 90 % below the p90", () => {
    const p = lognormalFromMedianP90({ median: 9, p90: 16 });
    expect(lognormalCdf(p, 9)).toBeCloseTo(0.5, 6);
    expect(lognormalCdf(p, 16)).toBeCloseTo(0.9, 4);
    expect(lognormalQuantile(p, 0.5)).toBeCloseTo(9, 6);
    expect(lognormalQuantile(p, 0.9)).toBeCloseTo(16, 2);
    expect(lognormalCdf(p, 0)).toBe(0);
  });

  it("has the mean e^(μ + σ²/2): collections wrap-up with median 25 s and p90 100 s averages about 45 s", () => {
    expect(lognormalMean(lognormalFromMedianP90({ median: 25, p90: 100 }))).toBeCloseTo(45, 0);
  });

  it("treats a p90 equal to the median as a fixed duration", () => {
    const p = lognormalFromMedianP90({ median: 12, p90: 12 });
    expect(p.sigma).toBe(0);
    expect(lognormalCdf(p, 11.99)).toBe(0);
    expect(lognormalCdf(p, 12)).toBe(1);
  });

  it("has a normal CDF and quantile that invert each other", () => {
    for (const z of [-3, -1.2816, 0, 0.5, 2.5]) expect(normalQuantile(normalCdf(z))).toBeCloseTo(z, 5);
    expect(normalCdf(1.2816)).toBeCloseTo(0.9, 4);
  });
});
