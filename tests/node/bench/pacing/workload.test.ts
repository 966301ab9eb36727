import { describe, expect, it } from "vitest";
import { loadWorkload, workloadFiles } from "../../../../bench/pacing/benchmark";
import { parseWorkload, phaseAt } from "../../../../objects/campaign/pacing/simulation/workload";

/** PACING.md's example, verbatim. */
const EXAMPLE = {
  name: "collections-10",
  seed: 7,
  agents: 10,
  shiftSeconds: 28800,
  leads: 60000,
  phases: [{ fromSecond: 0, outcomes: { human: 0.2, machine: 0.35, noAnswer: 0.35, busy: 0.05, invalid: 0.05 } }],
  answerSeconds: { human: { median: 9, p90: 16 }, machine: { median: 6, p90: 12 } },
  busySeconds: { median: 3, p90: 5 },
  invalidSeconds: { median: 2, p90: 4 },
  ringTimeoutSeconds: 22,
  amd: { decisionSeconds: { median: 2.5, p90: 4 }, humanAsMachine: 0.01, machineAsHuman: 0.08 },
  talkSeconds: [
    { weight: 0.3, median: 25, p90: 60 },
    { weight: 0.7, median: 240, p90: 600 },
  ],
  wrapSeconds: { median: 25, p90: 90 },
  machineTalkSeconds: 12,
  abandonCap: 0.03,
  connectWindowSeconds: 2,
  maxLinesPerAgent: 5,
};

function errorOf(value: unknown): string {
  const parsed = parseWorkload(value, "test.json");
  if (parsed.ok) throw new Error("expected the workload to be refused");
  return parsed.message;
}

describe("workload files", () => {
  it("accept PACING.md's example as written", () => {
    const parsed = parseWorkload(EXAMPLE);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.workload).toEqual({ ...EXAMPLE, decisionTickSeconds: 1 });
  });

  it("take every missing optional key from the example, nested ones included", () => {
    const parsed = parseWorkload({ name: "collections-10", agents: 10 });
    expect(parsed.ok && parsed.workload).toEqual({ ...EXAMPLE, decisionTickSeconds: 1 });
    const partial = parseWorkload({ name: "x", agents: 3, amd: { humanAsMachine: 0.02 } });
    expect(partial.ok && partial.workload.amd).toEqual({ ...EXAMPLE.amd, humanAsMachine: 0.02 });
  });

  it("refuse unknown keys, saying which and where", () => {
    expect(errorOf({ ...EXAMPLE, agentz: 10 })).toMatch(/test\.json is not a valid workload:\n {2}\(top level\): unknown key "agentz"/);
    expect(errorOf({ ...EXAMPLE, amd: { ...EXAMPLE.amd, sensitivity: 3 } })).toMatch(/amd: unknown key "sensitivity"/);
    const phases = [{ fromSecond: 0, outcomes: { ...EXAMPLE.phases[0]!.outcomes, fax: 0 } }];
    expect(errorOf({ ...EXAMPLE, phases })).toMatch(/phases\[0\]\.outcomes: unknown key "fax"/);
  });

  it("refuse a ring timeout under the legal 15 s", () => {
    expect(errorOf({ ...EXAMPLE, ringTimeoutSeconds: 12 })).toMatch(/ringTimeoutSeconds: .*never below 15 s/);
  });

  it("refuse shares that do not add up, percentiles out of order, and a missing name or team", () => {
    const phases = [{ fromSecond: 0, outcomes: { ...EXAMPLE.phases[0]!.outcomes, human: 0.5 } }];
    expect(errorOf({ ...EXAMPLE, phases })).toMatch(/phases\[0\]\.outcomes: outcome shares must add up to 1/);
    expect(errorOf({ ...EXAMPLE, wrapSeconds: { median: 30, p90: 20 } })).toMatch(/wrapSeconds: p90 must be at least the median/);
    expect(errorOf({ ...EXAMPLE, talkSeconds: [{ weight: 0.5, median: 20, p90: 40 }] })).toMatch(/talkSeconds: talk mixture weights must add up to 1/);
    const { name: _name, agents: _agents, ...rest } = EXAMPLE;
    expect(errorOf(rest)).toMatch(/name: .*\n {2}agents: /);
  });

  it("refuse phases that do not start at 0 or go backwards", () => {
    const mix = EXAMPLE.phases[0]!.outcomes;
    expect(errorOf({ ...EXAMPLE, phases: [{ fromSecond: 10, outcomes: mix }] })).toMatch(/first phase must start at fromSecond 0/);
    expect(
      errorOf({
        ...EXAMPLE,
        phases: [
          { fromSecond: 0, outcomes: mix },
          { fromSecond: 100, outcomes: mix },
          { fromSecond: 50, outcomes: mix },
        ],
      }),
    ).toMatch(/increasing fromSecond/);
  });

  it("switch the outcome mix at each phase's start", () => {
    const parsed = parseWorkload({
      name: "x",
      agents: 1,
      phases: [
        { fromSecond: 0, outcomes: { human: 0.2, machine: 0.3, noAnswer: 0.4, busy: 0.05, invalid: 0.05 } },
        { fromSecond: 3600, outcomes: { human: 0.1, machine: 0.3, noAnswer: 0.5, busy: 0.05, invalid: 0.05 } },
      ],
    });
    if (!parsed.ok) throw new Error(parsed.message);
    expect(phaseAt(parsed.workload, 3599.9).outcomes.human).toBe(0.2);
    expect(phaseAt(parsed.workload, 3600).outcomes.human).toBe(0.1);
  });

  it("in bench/workloads are all valid, and cover 5, 10, 25 and 50 agents and an answer rate that halves", () => {
    const workloads = workloadFiles().map((file) => {
      const loaded = loadWorkload(file);
      if (!loaded.ok) throw new Error(loaded.message);
      return loaded.workload;
    });
    const teams = new Set(workloads.map((w) => w.agents));
    for (const size of [5, 10, 25, 50]) expect(teams.has(size)).toBe(true);
    const halving = workloads.filter((w) => w.phases.length > 1 && w.phases[w.phases.length - 1]!.outcomes.human <= w.phases[0]!.outcomes.human / 2);
    expect(halving.length).toBeGreaterThan(0);
    expect(workloads.find((w) => w.name === "collections-10")).toEqual({ ...EXAMPLE, decisionTickSeconds: 1 });
  });

  it("that cannot be read or parsed say so", () => {
    expect(loadWorkload("/nonexistent/w.json")).toMatchObject({ ok: false, message: expect.stringMatching(/cannot read/) });
  });
});
