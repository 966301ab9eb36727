// One benchmark run: every policy on the same workload and seed, and the targets of
// issue 4 checked against the results. Pure apart from reading workload files.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PACING_POLICIES } from "../../objects/campaign/pacing";
import type { PolicyMetrics } from "../../objects/campaign/pacing/simulation/metrics";
import { simulateShift } from "../../objects/campaign/pacing/simulation/simulator";
import { parseWorkload, type Workload } from "../../objects/campaign/pacing/simulation/workload";

export const WORKLOADS_DIR = fileURLToPath(new URL("../workloads", import.meta.url));

export interface WorkloadResults {
  workload: string;
  results: PolicyMetrics[];
}

export type LoadedWorkload = { ok: true; workload: Workload } | { ok: false; message: string };

export function loadWorkload(file: string): LoadedWorkload {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return { ok: false, message: `cannot read ${file}: ${(error as Error).message}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${file} is not JSON: ${(error as Error).message}` };
  }
  return parseWorkload(value, file);
}

export function workloadFiles(dir = WORKLOADS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => path.join(dir, f));
}

export function runWorkload(workload: Workload, seed: number = workload.seed): WorkloadResults {
  return { workload: workload.name, results: PACING_POLICIES.map((policy) => simulateShift(workload, policy, { seed }).metrics) };
}

export interface TargetCheck {
  name: string;
  ok: boolean;
  detail: string;
}

const OURS = "predictive";
const BASELINE = "vicidial-adapt";
/** Issue 4: ≥ 1.10 × vicidial-adapt at 10 and 25 agents, ≥ 90 % of the never-idle ceiling at 50. */
export const RATIO_TARGET = { agents: [10, 25], ratio: 1.1 } as const;
export const CEILING_TARGET = { agents: [50], share: 0.9 } as const;

export function checkTargets(workload: Workload, run: WorkloadResults): TargetCheck[] {
  const byPolicy = new Map(run.results.map((r) => [r.policy, r]));
  const ours = byPolicy.get(OURS)!;
  const baseline = byPolicy.get(BASELINE)!;
  const cap = workload.abandonCap;
  const checks: TargetCheck[] = [];
  checks.push({
    name: "ours within the cap",
    ok: ours.abandonRate <= cap,
    detail: `${(100 * ours.abandonRate).toFixed(2)} % ≤ ${(100 * cap).toFixed(1)} %`,
  });
  const respecting = run.results.filter((r) => r.abandonRate <= cap);
  const best = respecting.reduce<PolicyMetrics | null>((a, r) => (a === null || r.talkShare > a.talkShare ? r : a), null);
  checks.push({
    name: "ours highest talk within the cap",
    ok: best?.policy === OURS,
    detail: best ? `best within the cap: ${best.policy} ${best.talkShare.toFixed(3)}` : "no policy within the cap",
  });
  if ((RATIO_TARGET.agents as readonly number[]).includes(workload.agents)) {
    const ratio = ours.talkShare / baseline.talkShare;
    checks.push({ name: `ours ≥ ${RATIO_TARGET.ratio.toFixed(2)} × ${BASELINE}`, ok: ratio >= RATIO_TARGET.ratio, detail: `${ratio.toFixed(3)} ×` });
  }
  if ((CEILING_TARGET.agents as readonly number[]).includes(workload.agents)) {
    checks.push({
      name: `ours ≥ ${(100 * CEILING_TARGET.share).toFixed(0)} % of ceiling`,
      ok: ours.talkShareOfCeiling >= CEILING_TARGET.share,
      detail: `${(100 * ours.talkShareOfCeiling).toFixed(1)} %`,
    });
  }
  return checks;
}
