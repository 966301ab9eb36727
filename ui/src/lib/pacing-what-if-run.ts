// Runs the pacing benchmark's simulator (objects/campaign/pacing/simulation/simulator.ts, the very decideDials the
// CampaignActor runs) for each policy on one workload. Heavy: only the Web Worker
// (pacing-what-if.worker.ts) and node tests import it, never a page.
// Relative imports (not $protocol): node tests and the root tsc read this file too.
import { simulateShift } from "../../../objects/campaign/pacing/simulation/simulator";
import { parseWorkload } from "../../../objects/campaign/pacing/simulation/workload";
import { PACING_POLICIES, type PacingPolicyName } from "../../../objects/campaign/pacing";
import { whatIfRow, type WhatIfRow } from "./pacing-what-if";

export type WhatIfRun = { ok: true; rows: WhatIfRow[] } | { ok: false; message: string };

/** Validates the workload (PACING.md's schema), then simulates each policy in turn, reporting as it goes. */
export function runWhatIf(
  workloadInput: unknown,
  hooks: { onStart?: (policy: PacingPolicyName) => void; onRow?: (row: WhatIfRow) => void } = {},
): WhatIfRun {
  const parsed = parseWorkload(workloadInput, "the what-if workload");
  if (!parsed.ok) return { ok: false, message: parsed.message };
  const workload = parsed.workload;
  const rows: WhatIfRow[] = [];
  for (const policy of PACING_POLICIES) {
    hooks.onStart?.(policy);
    const { metrics } = simulateShift(workload, policy);
    const row = whatIfRow(policy, metrics, workload.abandonCap);
    rows.push(row);
    hooks.onRow?.(row);
  }
  return { ok: true, rows };
}
