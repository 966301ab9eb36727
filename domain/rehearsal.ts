// A campaign's rehearsal from the console (issue 18): the campaign's settings copied into a
// rehearsal organisation of its own, dialling leads the carrier simulator plays as a pacing
// workload says, worked by simulated agents over the console's real agent protocol. What a
// supervisor may ask for, and how many leads a rehearsal is given, are decided here once.
import { z } from "zod";

/**
 * The pacing benchmark's workloads (bench/workloads/<name>.json) a rehearsal may play;
 * tests/node/domain/rehearsal.test.ts checks every one exists. "observed": the campaign's own
 * statistics (its room's snapshot) turned into a workload, as the room's what-if does.
 */
export const REHEARSAL_WORKLOADS = [
  "sales-25",
  "collections-10",
  "collections-50",
  "answer-rate-halves-25",
  "holdout/sales-high-answer-20",
  "holdout/small-team-low-answer-8",
  "holdout/mid-team-evening-drift-15",
  "holdout/large-floor-sparse-40",
] as const;
export const OBSERVED_WORKLOAD = "observed";
export const REHEARSAL_WORKLOAD_CHOICES = [...REHEARSAL_WORKLOADS, OBSERVED_WORKLOAD] as const;
export type RehearsalWorkloadChoice = (typeof REHEARSAL_WORKLOAD_CHOICES)[number];

/** Each agent is a socket and an API caller in the simulator: 50 is what a local stack carries beside the console. */
export const MAX_REHEARSAL_AGENTS = 50;
/** The carrier simulator's speed factor: every callee's and agent's duration is divided by it. */
export const MAX_REHEARSAL_SPEED = 20;
/** Workload minutes of the rehearsal's shift (it lasts minutes ÷ speed of real time). */
export const MAX_REHEARSAL_MINUTES = 60;

/** Pacing modes a rehearsal can play: preview needs people choosing leads, payment reminders have no agents. */
export const REHEARSABLE_PACING_MODES = ["progressive", "predictive"] as const;

export const rehearsalRequest = z.strictObject({
  workload: z.enum(REHEARSAL_WORKLOAD_CHOICES),
  agents: z.number().int().min(1).max(MAX_REHEARSAL_AGENTS),
  speed: z.number().min(1).max(MAX_REHEARSAL_SPEED),
  minutes: z.number().min(1).max(MAX_REHEARSAL_MINUTES),
  /** Seed of the leads' fates; absent: the workload's. */
  seed: z.number().int().min(0).max(0xffffffff).optional(),
});
export type RehearsalRequest = z.infer<typeof rehearsalRequest>;

/**
 * Leads for a floor of `agents` over `minutes`: a sixth of what 5 lines an agent could dial
 * at 15 workload seconds a dial (200 an agent hour; the 25-agent rehearsal dialled about 25),
 * plus 50, so the pacer does not run out of leads in a rehearsal.
 */
export function rehearsalLeadCount(agents: number, minutes: number): number {
  const MAX_LINES = 5;
  const SHORTEST_DIAL_SECONDS = 15;
  const MARGIN_DIVISOR = 6;
  return Math.ceil((agents * MAX_LINES * minutes * 60) / SHORTEST_DIAL_SECONDS / MARGIN_DIVISOR) + 50;
}

/** The workload plan's number range: `+15558` and the six-digit lead number, as `npm run rehearse` dials. */
export const REHEARSAL_NUMBER_PREFIX = "+15558";
export const rehearsalLeadNumber = (lead: number) => `${REHEARSAL_NUMBER_PREFIX}${String(lead).padStart(6, "0")}`;

/** A zone (Etc/GMT±N) where it is about midday now: the rehearsal's leads live there, so the calling window never decides it. */
export function middayZone(nowMs: number): string {
  let offset = 12 - new Date(nowMs).getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? "Etc/GMT" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}
