// "What would each mode give?": turns a campaign's live snapshot (agents logged in, answer
// rate, average handle time, abandon cap) into a pacing-benchmark workload (the schema of
// bench/workloads/*.json, PACING.md) for a shorter shift, and reads the benchmark's rows
// back as the table the supervisor sees. The simulation itself runs in a Web Worker
// (pacing-what-if.worker.ts → pacing-what-if-run.ts); this module stays light enough for
// the room page. Pure: tested in node.
// Relative imports (not $protocol): node tests and the root tsc read this file too.
import { z } from "zod";
import type { PolicyMetrics } from "../../../objects/campaign/pacing/simulation/metrics";
import type { PacingPolicyName } from "../../../objects/campaign/pacing";
import type { CampaignSnapshot } from "../../../objects/campaign/protocol";

// The workload a campaign's own statistics describe lives beside the pacing code (the
// rehearsal route builds it too); the what-if names it from here.
export {
  DEFAULT_HANDLE_SECONDS,
  DEFAULT_WHAT_IF_SHIFT_SECONDS,
  MIN_CONVERSATIONS_FOR_AHT,
  MIN_DIALS_FOR_ANSWER_RATE,
  WHAT_IF_SEED,
  WHAT_IF_SHIFTS_SECONDS,
  meanFromMedianP90,
  workloadFromSnapshot,
  type WhatIfOptions,
  type WhatIfPlan,
} from "../../../objects/campaign/pacing/observed-workload";

export const WHAT_IF_POLICY_LABELS: Record<PacingPolicyName, string> = {
  progressive: "Progressive",
  "vicidial-adapt": "VICIdial adaptive (hard limit)",
  predictive: "Predictive (ours)",
};

export interface WhatIfRow {
  policy: PacingPolicyName;
  label: string;
  talkShare: number;
  abandonRate: number;
  /** Minutes an agent talks to people per staffed hour: talkShare × 60. */
  talkMinutesPerAgentHour: number;
  contactsPerAgentHour: number;
  withinCap: boolean;
}

export function whatIfRow(policy: PacingPolicyName, metrics: PolicyMetrics, abandonCap: number): WhatIfRow {
  return {
    policy,
    label: WHAT_IF_POLICY_LABELS[policy],
    talkShare: metrics.talkShare,
    abandonRate: metrics.abandonRate,
    talkMinutesPerAgentHour: metrics.talkShare * 60,
    contactsPerAgentHour: metrics.contactsPerAgentHour,
    withinCap: metrics.abandonRate <= abandonCap,
  };
}

/** The policy with the most talk among those within the cap (PACING.md's "better"), if any. */
export function bestWithinCap(rows: readonly WhatIfRow[]): PacingPolicyName | null {
  return rows.filter((r) => r.withinCap).reduce<WhatIfRow | null>((best, r) => (best === null || r.talkShare > best.talkShare ? r : best), null)?.policy ?? null;
}

/** Which benchmark policy a campaign's pacing mode runs (preview has none: the agent dials; payment reminders none: no agents, a concurrency limit). */
export function policyOfMode(mode: CampaignSnapshot["campaign"]["pacingMode"]): PacingPolicyName | null {
  return mode === "preview" || mode === "payment_reminder" || mode === "ai_agent" ? null : mode;
}

// ── The page ↔ worker messages (structured clone; checked on arrival all the same) ──

const policyName = z.enum(["progressive", "vicidial-adapt", "predictive"]);

export const whatIfRowSchema = z.object({
  policy: policyName,
  label: z.string(),
  talkShare: z.number(),
  abandonRate: z.number(),
  talkMinutesPerAgentHour: z.number(),
  contactsPerAgentHour: z.number(),
  withinCap: z.boolean(),
});

export const whatIfRequest = z.object({ type: z.literal("run"), runId: z.number(), workload: z.unknown() });
export type WhatIfRequest = z.infer<typeof whatIfRequest>;

export const whatIfReply = z.discriminatedUnion("type", [
  z.object({ type: z.literal("started"), runId: z.number(), policy: policyName }),
  z.object({ type: z.literal("row"), runId: z.number(), row: whatIfRowSchema }),
  z.object({ type: z.literal("done"), runId: z.number(), elapsedMs: z.number() }),
  z.object({ type: z.literal("error"), runId: z.number(), message: z.string() }),
]);
export type WhatIfReply = z.infer<typeof whatIfReply>;
