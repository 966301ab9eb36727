// The hindsight ceiling of issue 18: how much talk a policy could reach on one seeded day
// within the abandon cap if it knew the day in advance. The policy is ours with its
// pricing of a dial unchanged but the allowance held fixed all day (no calibration, budget
// trim or cap guard), at the largest allowance that still ends that very day within the
// cap: a constant only hindsight can choose, since the day's luck with AMD's mistakes and
// answers decides it. It is not a bound on every policy (an allowance that moved with the
// day could do better) but it is the reach of the spend-evenly policy the budget control
// tries to approximate, so if even it stays under 1.10 × vicidial-adapt, the target asks
// for more than pacing this way can give on that workload.
import { decidePredictiveDials } from "../../objects/campaign/pacing/predictive";
import type { PacingState } from "../../objects/campaign/pacing";
import type { PolicyMetrics } from "../../objects/campaign/pacing/simulation/metrics";
import { simulateShift } from "../../objects/campaign/pacing/simulation/simulator";
import type { Workload } from "../../objects/campaign/pacing/simulation/workload";

/** The range searched, per-dial risk of stranding a caller: from near-progressive to far past any cap. */
export const HINDSIGHT_ALLOWANCE_RANGE = { low: 0.002, high: 0.3 } as const;
/** Halvings of the (log) range: 8 leave the boundary known to within 2 %. */
export const HINDSIGHT_BISECTION_STEPS = 8;

export interface Probe<T> {
  x: number;
  value: T;
  feasible: boolean;
}

export interface BisectionResult<T> {
  /** The largest x found feasible (null when even `low` is not). */
  feasible: Probe<T> | null;
  /** The smallest x found infeasible above it (null when `high` is feasible). */
  infeasible: Probe<T> | null;
  probes: Probe<T>[];
}

/**
 * The largest x in [low, high] for which `evaluate` is feasible, halving the range on a log
 * scale (allowances span orders of magnitude). It assumes feasibility falls as x grows; a
 * simulated day is noisy, so the caller may also look at every probe, not only the boundary.
 */
export function bisectLargestFeasible<T>(
  evaluate: (x: number) => { value: T; feasible: boolean },
  range: { low: number; high: number },
  steps: number,
): BisectionResult<T> {
  const probes: Probe<T>[] = [];
  const probe = (x: number) => {
    const p = { x, ...evaluate(x) };
    probes.push(p);
    return p;
  };
  const top = probe(range.high);
  if (top.feasible) return { feasible: top, infeasible: null, probes };
  const bottom = probe(range.low);
  if (!bottom.feasible) return { feasible: null, infeasible: bottom, probes };
  let feasible = bottom;
  let infeasible = top;
  for (let i = 0; i < steps; i++) {
    const mid = probe(Math.sqrt(feasible.x * infeasible.x));
    if (mid.feasible) feasible = mid;
    else infeasible = mid;
  }
  return { feasible, infeasible, probes };
}

/** One seeded day of ours with the allowance held fixed. */
export function simulateFixedAllowance(workload: Workload, seed: number, allowance: number): PolicyMetrics {
  const decide = (snapshot: Parameters<typeof decidePredictiveDials>[0], state: PacingState) => {
    if (state.policy !== "predictive") throw new Error(`the hindsight policy runs on predictive's state, not ${state.policy}'s`);
    return decidePredictiveDials(snapshot, state, { fixedAllowance: allowance });
  };
  return { ...simulateShift(workload, "predictive", { seed, decide }).metrics, policy: "hindsight" };
}

export interface HindsightDay {
  /** The allowance of the best day within the cap, and that day (null if none was). */
  allowance: number | null;
  metrics: PolicyMetrics | null;
  /** Every allowance tried, for the record. */
  probes: { allowance: number; talkShare: number; abandonRate: number }[];
}

/**
 * The hindsight day: bisect for the largest fixed allowance within the cap, and keep the
 * most talk of any allowance tried that ended within it (noise can make a smaller
 * allowance talk a little more, and hindsight would pick that one).
 */
export function hindsightDay(
  workload: Workload,
  seed: number,
  range: { low: number; high: number } = HINDSIGHT_ALLOWANCE_RANGE,
  steps = HINDSIGHT_BISECTION_STEPS,
): HindsightDay {
  const { probes } = bisectLargestFeasible(
    (allowance) => {
      const metrics = simulateFixedAllowance(workload, seed, allowance);
      return { value: metrics, feasible: metrics.abandonRate <= workload.abandonCap };
    },
    range,
    steps,
  );
  const best = probes.filter((p) => p.feasible).reduce<Probe<PolicyMetrics> | null>((a, p) => (a === null || p.value.talkShare > a.value.talkShare ? p : a), null);
  return {
    allowance: best?.x ?? null,
    metrics: best?.value ?? null,
    probes: probes.map((p) => ({ allowance: p.x, talkShare: p.value.talkShare, abandonRate: p.value.abandonRate })),
  };
}

/**
 * The abandon rate the fixed-allowance day would take to reach `talkShare`: linear between
 * the two allowances tried around it (NaN if no allowance tried reached it). The probes
 * are sparse far from the cap, so it is an order of magnitude for what a target costs,
 * not a measurement.
 */
export function abandonRateAtTalkShare(probes: HindsightDay["probes"], talkShare: number): number {
  const byAllowance = [...probes].sort((a, b) => a.allowance - b.allowance);
  const upper = byAllowance.findIndex((p) => p.talkShare >= talkShare);
  if (upper < 0) return NaN;
  if (upper === 0) return byAllowance[0]!.abandonRate;
  const [a, b] = [byAllowance[upper - 1]!, byAllowance[upper]!];
  const t = (talkShare - a.talkShare) / (b.talkShare - a.talkShare);
  return a.abandonRate + t * (b.abandonRate - a.abandonRate);
}
