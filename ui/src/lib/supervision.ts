// How the console words supervision (objects/call/features/supervision): the three mode
// buttons, who is on a call and in which mode, and which of them is you. Pure, so the
// campaign room, the call page, the agent's card and the tests read the same words.
// Relative imports (not $domain / $protocol): node tests and the root tsc read this file too.
import { MODE_WORDS, type SupervisorMode } from "../../../domain/supervision";
import type { SupervisorView } from "../../../objects/call/protocol";

export interface ModeButton {
  mode: SupervisorMode;
  label: string;
  /** What the mode means for who hears whom, said beside the button. */
  hint: string;
}

/** The order a supervisor escalates in: listen, then coach, then speak to both. */
export const MODE_BUTTONS: readonly ModeButton[] = [
  { mode: "monitor", label: "Listen", hint: "You hear both; nobody hears you" },
  { mode: "whisper", label: "Whisper", hint: "Only the agent hears you" },
  { mode: "barge", label: "Barge", hint: "The agent and the customer hear you" },
];

/** The session of `userId` among the call's supervisors, if they are on it. */
export function ownSupervision(supervisors: readonly SupervisorView[] | undefined, userId: string): SupervisorView | null {
  return supervisors?.find((supervisor) => supervisor.userId === userId) ?? null;
}

/** One supervisor on the call, in words: "Sam Lee is listening (monitor)", with their phone's state until it answers. */
export function supervisorLine(supervisor: SupervisorView, youId?: string): string {
  const who = supervisor.userId === youId ? "You are" : `${supervisor.name} is`;
  return `${who} ${MODE_WORDS[supervisor.mode]}${supervisor.connected ? "" : " (softphone ringing)"}`;
}

/** What the agent's card says when nobody (they may see) is on the call. */
export const NOBODY_SUPERVISING = "No supervisor is on this call.";
