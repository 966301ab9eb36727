import { z } from "zod";

// Supervisor oversight of live calls: the modes a supervisor joins in and what each
// means for who hears whom. The API, the call actor, the console and the simulator's
// tests read these; the carrier's names for the modes are the same words (Telnyx's
// `supervisor_role`).

export const SUPERVISOR_MODES = ["monitor", "whisper", "barge"] as const;
export type SupervisorMode = (typeof SUPERVISOR_MODES)[number];

/** Who hears the supervisor in each mode (the supervisor always hears both parties). */
export const HEARD_BY: Readonly<Record<SupervisorMode, readonly ("agent" | "customer")[]>> = {
  monitor: [],
  whisper: ["agent"],
  barge: ["agent", "customer"],
};

/** How the console and the timeline say each mode. */
export const MODE_WORDS: Readonly<Record<SupervisorMode, string>> = {
  monitor: "listening (monitor)",
  whisper: "coaching the agent (whisper)",
  barge: "speaking to both (barge)",
};

/** Supervisors on one call at a time, unless the organisation allows more. */
export const DEFAULT_SUPERVISORS_PER_CALL = 1;
export const MAX_SUPERVISORS_PER_CALL = 5;

/** The API's rule for the organisation's setting (400 naming the field). */
export const supervisorsPerCallField = z
  .number()
  .int("a whole number")
  .min(1, "at least 1")
  .max(MAX_SUPERVISORS_PER_CALL, `at most ${MAX_SUPERVISORS_PER_CALL}`);
