// An actor's timings for the scale rehearsal: nearest-rank percentiles over the newest samples.
import { describe, expect, it } from "vitest";
import { TimingSamples } from "../../../../objects/shared/timing-samples";

describe("an actor's timing samples", () => {
  it("says none before the first sample", () => {
    expect(new TimingSamples().summary()).toEqual({ count: 0, p50: null, p99: null, max: null });
  });

  it("gives nearest-rank p50 and p99: the slowest of 100 is the max, not the p99", () => {
    const samples = new TimingSamples();
    for (let ms = 1; ms <= 100; ms++) samples.add(ms);
    expect(samples.summary()).toEqual({ count: 100, p50: 50, p99: 99, max: 100 });
  });

  it("keeps the newest 20,000: old slow ticks leave the figures", () => {
    const samples = new TimingSamples();
    for (let i = 0; i < 100; i++) samples.add(5_000);
    for (let i = 0; i < 20_000; i++) samples.add(10);
    expect(samples.summary()).toEqual({ count: 20_000, p50: 10, p99: 10, max: 10 });
  });
});
