import { describe, expect, it } from "vitest";
import { parseWorkload } from "../../../objects/campaign/pacing/simulation/workload";
import {
  bestWithinCap,
  DEFAULT_HANDLE_SECONDS,
  meanFromMedianP90,
  policyOfMode,
  whatIfReply,
  workloadFromSnapshot,
  type WhatIfRow,
} from "../../../ui/src/lib/pacing-what-if";
import { runWhatIf } from "../../../ui/src/lib/pacing-what-if-run";
import { fabricatedSnapshot } from "./campaign-snapshot-fixture";

describe("a campaign snapshot as a pacing workload", () => {
  it("is a valid workload (PACING.md's schema) with the campaign's own numbers", () => {
    const { workload, inputs } = workloadFromSnapshot(fabricatedSnapshot(), { shiftSeconds: 3600 });
    const parsed = parseWorkload(workload);
    if (!parsed.ok) throw new Error(parsed.message);
    const w = parsed.workload;
    // 9 of the 10 agents are logged in (one offline).
    expect(w.agents).toBe(9);
    expect(w.shiftSeconds).toBe(3600);
    expect(w.phases[0]!.outcomes.human).toBeCloseTo(0.18);
    expect(Object.values(w.phases[0]!.outcomes).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(w.abandonCap).toBeCloseTo(0.03);
    expect(w.maxLinesPerAgent).toBeCloseTo(50 / 9, 1);
    // Talk + wrap-up average the observed AHT (300 s).
    const talkMean = w.talkSeconds.reduce((sum, c) => sum + c.weight * meanFromMedianP90(c), 0);
    expect(talkMean + meanFromMedianP90(w.wrapSeconds)).toBeCloseTo(300, -1);
    expect(inputs.every((i) => i.observed)).toBe(true);
  });

  it("assumes PACING.md's example numbers where the campaign has too little to go on", () => {
    const snapshot = fabricatedSnapshot({
      stats: { dialsToday: 3, conversationsToday: 0, answerRate: 0.5, ahtSeconds: 0, maxLines: 0 },
      agents: [],
      campaign: { id: "c2", name: "New", status: "draft", pacingMode: "preview", abandonCapPercent: 2 },
    });
    const { workload, inputs } = workloadFromSnapshot(snapshot);
    const parsed = parseWorkload(workload);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.workload.agents).toBe(1);
    expect(parsed.workload.phases[0]!.outcomes.human).toBe(0.2);
    expect(parsed.workload.abandonCap).toBeCloseTo(0.02);
    expect(parsed.workload.maxLinesPerAgent).toBe(5);
    const talkMean = parsed.workload.talkSeconds.reduce((sum, c) => sum + c.weight * meanFromMedianP90(c), 0);
    expect(talkMean + meanFromMedianP90(parsed.workload.wrapSeconds)).toBeCloseTo(DEFAULT_HANDLE_SECONDS, 0);
    expect(inputs.filter((i) => !i.observed).map((i) => i.name)).toEqual(["Agents", "People answering", "Average handle time", "Lines per agent"]);
  });
});

describe("running the three policies on it", () => {
  it("gives a row per policy, with talk minutes per agent hour and the cap check", () => {
    const { workload } = workloadFromSnapshot(fabricatedSnapshot(), { shiftSeconds: 3600 });
    const started: string[] = [];
    const run = runWhatIf(workload, { onStart: (p) => started.push(p) });
    if (!run.ok) throw new Error(run.message);
    expect(started).toEqual(["progressive", "vicidial-adapt", "predictive"]);
    expect(run.rows.map((r) => r.policy)).toEqual(["progressive", "vicidial-adapt", "predictive"]);
    for (const row of run.rows) {
      expect(row.talkShare).toBeGreaterThan(0.2);
      expect(row.talkShare).toBeLessThan(1);
      expect(row.talkMinutesPerAgentHour).toBeCloseTo(row.talkShare * 60, 9);
      expect(row.withinCap).toBe(row.abandonRate <= 0.03);
      // Every row crosses the worker boundary: it must pass the reply schema.
      expect(whatIfReply.safeParse({ type: "row", runId: 1, row }).success).toBe(true);
    }
    const progressive = run.rows.find((r) => r.policy === "progressive")!;
    const predictive = run.rows.find((r) => r.policy === "predictive")!;
    expect(predictive.talkShare).toBeGreaterThan(progressive.talkShare);
  });

  it("refuses a workload that is not one, saying where", () => {
    const run = runWhatIf({ name: "x", agents: 3, ringTimeoutSeconds: 5 });
    expect(run).toMatchObject({ ok: false, message: expect.stringMatching(/ringTimeoutSeconds/) });
  });
});

describe("reading the results", () => {
  const row = (policy: WhatIfRow["policy"], talkShare: number, withinCap: boolean): WhatIfRow => ({
    policy,
    label: policy,
    talkShare,
    abandonRate: withinCap ? 0.02 : 0.04,
    talkMinutesPerAgentHour: talkShare * 60,
    contactsPerAgentHour: 10,
    withinCap,
  });

  it("names the mode with the most talk among those within the cap", () => {
    expect(bestWithinCap([row("progressive", 0.66, true), row("vicidial-adapt", 0.7, false), row("predictive", 0.68, true)])).toBe("predictive");
    expect(bestWithinCap([row("vicidial-adapt", 0.7, false)])).toBeNull();
  });

  it("maps a campaign's pacing mode to its benchmark policy", () => {
    expect(policyOfMode("predictive")).toBe("predictive");
    expect(policyOfMode("progressive")).toBe("progressive");
    expect(policyOfMode("preview")).toBeNull();
  });
});
