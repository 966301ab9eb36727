import { describe, expect, it } from "vitest";
import { decideDials, initialPacingState, PACING_POLICIES } from "../../../../../../objects/campaign/pacing";
import { initialObservedStats, viewStats } from "../../../../../../objects/campaign/pacing/observed-stats";
import type { PacingSnapshot } from "../../../../../../objects/campaign/pacing/snapshot";
import { simulateShift } from "../../../../../../objects/campaign/pacing/simulation/simulator";
import { parseWorkload, type WorkloadInput } from "../../../../../../objects/campaign/pacing/simulation/workload";

/** A one-hour, five-agent shift unless told otherwise: small enough to run often. */
function workload(overrides: Partial<WorkloadInput> = {}) {
  const parsed = parseWorkload({ name: "test", agents: 5, shiftSeconds: 3600, leads: 5000, ...overrides });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.workload;
}

const mix = (human: number, machine: number, noAnswer: number) => ({ human, machine, noAnswer, busy: 0, invalid: 1 - human - machine - noAnswer });

describe("pacing simulator", () => {
  it("is deterministic: the same workload and seed give the same shift, another seed another", () => {
    for (const policy of PACING_POLICIES) {
      const a = simulateShift(workload(), policy, { seed: 11 });
      const b = simulateShift(workload(), policy, { seed: 11 });
      expect(b).toEqual(a);
      expect(simulateShift(workload(), policy, { seed: 12 }).metrics).not.toEqual(a.metrics);
    }
  });

  it("asks the very decideDials the actor runs, with the snapshot and state it kept", () => {
    for (const policy of PACING_POLICIES) {
      const seen: { snapshot: PacingSnapshot; explanation: string; dials: number }[] = [];
      simulateShift(workload({ shiftSeconds: 300 }), policy, {
        onDecision: (snapshot, decision) => seen.push({ snapshot, explanation: decision.explanation, dials: decision.dials }),
      });
      // Replaying the same snapshots through decideDials reproduces every decision.
      let state = initialPacingState(policy);
      for (const { snapshot, explanation, dials } of seen) {
        const d = decideDials(snapshot, state);
        expect(d.explanation).toBe(explanation);
        expect(d.dials).toBe(dials);
        state = d.nextState;
      }
    }
  });

  it("starts its pacer from the statistics it is given (a rehearsal's engine prior), else from the field's", () => {
    const firstSeen = (initialStats?: ReturnType<typeof initialObservedStats>) => {
      let first: PacingSnapshot | null = null;
      simulateShift(workload({ shiftSeconds: 60 }), "predictive", { initialStats, onDecision: (snapshot) => void (first ??= snapshot) });
      return first!.stats;
    };
    expect(firstSeen()).toEqual(initialObservedStats());
    expect(firstSeen(initialObservedStats(8))).toEqual(initialObservedStats(8));
  });

  it("never lets a policy hold more lines than maxLinesPerAgent × agents", () => {
    for (const policy of PACING_POLICIES) {
      const { diagnostics } = simulateShift(workload({ maxLinesPerAgent: 1, agents: 4 }), policy);
      expect(diagnostics.lineLimit).toBe(4);
      expect(diagnostics.maxLinesInUse).toBeLessThanOrEqual(4);
      expect(diagnostics.dialsRefusedByLineLimit).toBe(0);
    }
  });

  it("rings no-answers for the ring timeout, then the next dial goes out", () => {
    const w = workload({ agents: 2, shiftSeconds: 600, ringTimeoutSeconds: 20, phases: [{ fromSecond: 0, outcomes: mix(0, 0, 1) }] });
    const { metrics } = simulateShift(w, "progressive");
    expect(metrics.dials).toBe(60); // two lines, one dial every 20 s each
    expect(metrics.liveAnswered).toBe(0);
  });

  it("stops at the end of the lead list", () => {
    const { metrics } = simulateShift(workload({ leads: 40 }), "predictive");
    expect(metrics.dials).toBe(40);
    expect(metrics.leadsUsed).toBe(40);
  });

  it("counts a person AMD takes for a machine as abandoned, and gives the agent nothing", () => {
    const w = workload({ phases: [{ fromSecond: 0, outcomes: mix(0.5, 0, 0.5) }], amd: { humanAsMachine: 1 } });
    const { metrics } = simulateShift(w, "progressive");
    expect(metrics.liveAnswered).toBeGreaterThan(0);
    expect(metrics.abandoned).toBe(metrics.liveAnswered);
    expect(metrics.talkShare).toBe(0);
  });

  it("puts a machine AMD took for a person through to an agent for machineTalkSeconds: neither talk nor abandon", () => {
    const w = workload({ phases: [{ fromSecond: 0, outcomes: mix(0, 0.5, 0.5) }], amd: { machineAsHuman: 1 }, machineTalkSeconds: 12 });
    const { metrics } = simulateShift(w, "predictive");
    expect(metrics.liveAnswered).toBe(0);
    expect(metrics.abandoned).toBe(0);
    expect(metrics.talkShare).toBe(0);
    expect(metrics.occupancy).toBeGreaterThan(0);
  });

  it("abandons a live answer no agent takes within the connect window", () => {
    // Everyone answers, nobody is a machine: a policy that dials ahead strands people.
    const w = workload({ phases: [{ fromSecond: 0, outcomes: mix(1, 0, 0) }], amd: { humanAsMachine: 0 }, connectWindowSeconds: 0 });
    const progressive = simulateShift(w, "progressive").metrics;
    expect(progressive.abandoned).toBe(0);
    expect(progressive.connectWaitP95Seconds).toBe(0);
    const vicidial = simulateShift(w, "vicidial-adapt").metrics;
    expect(vicidial.abandoned).toBeGreaterThan(0);
  });

  it("draws durations from the lognormal given by median and p90", () => {
    const w = workload({
      agents: 10,
      shiftSeconds: 28_800,
      phases: [{ fromSecond: 0, outcomes: mix(0.5, 0, 0.5) }],
      talkSeconds: [{ weight: 1, median: 100, p90: 200 }],
    });
    let last: PacingSnapshot | undefined;
    simulateShift(w, "progressive", { onDecision: (s) => (last = s) });
    const talk = viewStats(last!.stats).talk;
    // The running estimate (quarter-octave bins) lands on the workload's median and p90.
    expect(talk.quantile(0.5)).toBeGreaterThan(90);
    expect(talk.quantile(0.5)).toBeLessThan(110);
    expect(talk.quantile(0.9)).toBeGreaterThan(180);
    expect(talk.quantile(0.9)).toBeLessThan(220);
  });

  it("changes the answer mix at a phase boundary", () => {
    const w = workload({
      agents: 10,
      shiftSeconds: 7200,
      phases: [
        { fromSecond: 0, outcomes: mix(0.3, 0, 0.7) },
        { fromSecond: 3600, outcomes: mix(0.1, 0, 0.9) },
      ],
    });
    const at: Record<string, { live: number; resolved: number }> = {};
    simulateShift(w, "progressive", {
      onDecision: (s) => {
        if (s.nowSeconds <= 3600) at.first = { live: s.budget.today.liveAnswered, resolved: s.budget.dialsResolvedToday };
        at.end = { live: s.budget.today.liveAnswered, resolved: s.budget.dialsResolvedToday };
      },
    });
    const firstRate = at.first!.live / at.first!.resolved;
    const secondRate = (at.end!.live - at.first!.live) / (at.end!.resolved - at.first!.resolved);
    expect(firstRate).toBeGreaterThan(0.25);
    expect(secondRate).toBeLessThan(0.14);
  });

  it("reports shares of staffed time that add up, and talk ÷ ceiling equal to occupancy", () => {
    const { metrics } = simulateShift(workload(), "predictive");
    expect(metrics.occupancy + metrics.idleShare).toBeCloseTo(1, 12);
    expect(metrics.talkShare).toBeLessThanOrEqual(metrics.occupancy);
    expect(metrics.talkShareOfCeiling).toBeCloseTo(metrics.occupancy, 12);
    expect(metrics.abandonRate).toBeCloseTo(metrics.abandoned / metrics.liveAnswered, 12);
  });
});

