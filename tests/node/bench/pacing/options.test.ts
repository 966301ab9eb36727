import { describe, expect, it } from "vitest";
import { checkTargets, runWorkload } from "../../../../bench/pacing/benchmark";
import type { PolicyMetrics } from "../../../../objects/campaign/pacing/simulation/metrics";
import { parseOptions } from "../../../../bench/pacing/options";
import { parseWorkload } from "../../../../objects/campaign/pacing/simulation/workload";

describe("bench:pacing command line", () => {
  it("takes one workload file, or all of them, with JSON and seed options", () => {
    expect(parseOptions(["--workload", "w.json"])).toEqual({ ok: true, options: { workload: "w.json", all: false, dir: null, json: false, seed: null, seeds: null } });
    expect(parseOptions(["--all", "--dir", "bench/workloads/holdout"])).toMatchObject({ ok: true, options: { all: true, dir: "bench/workloads/holdout" } });
    expect(parseOptions(["--all", "--json", "--seed=3"])).toMatchObject({ ok: true, options: { all: true, json: true, seed: 3 } });
    expect(parseOptions(["--all", "--seeds", "1-5"])).toMatchObject({ ok: true, options: { seeds: [1, 2, 3, 4, 5] } });
    expect(parseOptions(["--all", "--seeds", "1,2,7"])).toMatchObject({ ok: true, options: { seeds: [1, 2, 7] } });
  });

  it("explains what is wrong", () => {
    expect(parseOptions([])).toMatchObject({ ok: false, message: expect.stringMatching(/either --workload FILE or --all/) });
    expect(parseOptions(["--all", "--workload", "w.json"])).toMatchObject({ ok: false });
    expect(parseOptions(["--workload"])).toMatchObject({ ok: false, message: expect.stringMatching(/needs a file/) });
    expect(parseOptions(["--all", "--seed", "x"])).toMatchObject({ ok: false, message: expect.stringMatching(/whole number/) });
    expect(parseOptions(["--workload", "w.json", "--dir", "d"])).toMatchObject({ ok: false, message: expect.stringMatching(/--dir goes with --all/) });
    expect(parseOptions(["--all", "--speed", "2"])).toMatchObject({ ok: false, message: expect.stringMatching(/unknown option --speed/) });
  });
});

describe("benchmark targets", () => {
  const parsed = parseWorkload({ name: "t", agents: 10 });
  if (!parsed.ok) throw new Error(parsed.message);
  const w = parsed.workload;
  const row = (policy: string, talkShare: number, abandonRate: number, talkShareOfCeiling = 0.8) => ({ policy, talkShare, abandonRate, talkShareOfCeiling }) as PolicyMetrics;

  it("pass when ours is within the cap, best of those within it, and 1.10 × vicidial-adapt", () => {
    const checks = checkTargets(w, { workload: "t", results: [row("progressive", 0.66, 0.01), row("vicidial-adapt", 0.7, 0.04), row("predictive", 0.78, 0.029)] });
    expect(checks.map((c) => c.ok)).toEqual([true, true, true]);
  });

  it("fail when ours goes over the cap or falls short of the ratio", () => {
    const over = checkTargets(w, { workload: "t", results: [row("progressive", 0.66, 0.01), row("vicidial-adapt", 0.66, 0.02), row("predictive", 0.8, 0.031)] });
    expect(over.find((c) => c.name === "ours within the cap")!.ok).toBe(false);
    expect(over.find((c) => c.name === "ours highest talk within the cap")!.ok).toBe(false);
    const short = checkTargets(w, { workload: "t", results: [row("progressive", 0.66, 0.01), row("vicidial-adapt", 0.7, 0.02), row("predictive", 0.76, 0.02)] });
    expect(short.find((c) => c.name.startsWith("ours ≥ 1.10"))!.ok).toBe(false);
  });

  it("run the three policies on the same workload, one row each, in a fixed order", () => {
    const small = parseWorkload({ name: "s", agents: 3, shiftSeconds: 600 });
    if (!small.ok) throw new Error(small.message);
    const run = runWorkload(small.workload);
    expect(run.workload).toBe("s");
    expect(run.results.map((r) => r.policy)).toEqual(["progressive", "vicidial-adapt", "predictive"]);
    expect(Object.keys(run.results[0]!)).toEqual([
      "policy",
      "talkShare",
      "occupancy",
      "idleShare",
      "liveAnswered",
      "abandoned",
      "abandonRate",
      "dials",
      "dialsPerAgentHour",
      "contactsPerAgentHour",
      "leadsUsed",
      "connectWaitP95Seconds",
      "ceiling",
      "talkShareOfCeiling",
    ]);
  });
});
