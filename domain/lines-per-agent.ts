// How many lines per logged-in agent a campaign may have ringing, by pacing mode: one
// fact for the API's defaults and bounds, the actor's config and the console's editor.
//   preview      n/a: the agent dials the offered lead themself (one call per agent).
//   progressive  1: one dial per free agent, never more.
//   payment_reminder n/a: no agents; a concurrency limit paces it (domain/payment-reminders.ts).
//   ai_agent     n/a: the AI answers; a concurrency limit paces it (domain/ai-agent-campaigns.ts).
//   predictive   a ceiling only: the pacing decides how many to dial, within the 3 % abandon
//                cap (objects/campaign/pacing/predictive.ts). A default of 1 would make it
//                progressive, so a new predictive campaign gets the highest ceiling allowed.
import { z } from "zod";

/** The most lines per agent any campaign may ask for (a runaway guard, not a pacing target). */
export const MAX_LINES_PER_AGENT = 5;

/** The predictive pacer's ceiling unless a supervisor sets a lower one. */
export const DEFAULT_PREDICTIVE_LINES_PER_AGENT = MAX_LINES_PER_AGENT;

/** What a campaign of this mode gets when no number is given. */
export function defaultLinesPerAgent(mode: "preview" | "progressive" | "predictive" | "payment_reminder" | "ai_agent"): number {
  return mode === "predictive" ? DEFAULT_PREDICTIVE_LINES_PER_AGENT : 1;
}

/** The bounds the API enforces on the setting. */
export const linesPerAgentField = z.number().min(1, "at least 1").max(MAX_LINES_PER_AGENT, `at most ${MAX_LINES_PER_AGENT}`);
