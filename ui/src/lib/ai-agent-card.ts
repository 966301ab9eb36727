// What the live call's AI card decides without a browser: the AI's phase and last turn in
// words, and which operator action a key press asks for (Alt+T take over, Alt+G give the
// call back), only when the AI's state allows it and never while typing in a field.
// Relative imports (not $domain / $protocol): node tests and the root tsc read this file too.
import { AI_PHASE_WORDS } from "../../../domain/ai-agent";
import type { AiCallView } from "../../../objects/call/protocol";
import { altShortcut, type KeyPress } from "./agent-workspace";

export type AiOperatorAction = "take_over" | "hand_back";

export const AI_OPERATOR_SHORTCUTS: readonly { action: AiOperatorAction; code: string; shortcut: string; label: string }[] = [
  { action: "take_over", code: "KeyT", shortcut: "Alt+T", label: "Take over" },
  { action: "hand_back", code: "KeyG", shortcut: "Alt+G", label: "Hand back to AI" },
];

export const aiPhaseWords = (phase: string): string => AI_PHASE_WORDS[phase] ?? phase.replace(/_/g, " ");

export const lastTurnWords = (ms: number | null): string => (ms === null ? "No caller turn answered yet" : `Answered the last turn in ${ms.toLocaleString("en-US")} ms`);

/** Whether the AI's state allows an action now (the route would accept it). */
export const aiActionAllowed = (ai: AiCallView, action: AiOperatorAction): boolean => (action === "take_over" ? ai.canTakeOver : ai.canHandBack);

/** The operator action a key press asks for, or null (other keys, typing in a field, or not allowed now). */
export function aiOperatorShortcut(press: KeyPress, ai: AiCallView | null): AiOperatorAction | null {
  const action = altShortcut(press, AI_OPERATOR_SHORTCUTS)?.action ?? null;
  return action && ai && aiActionAllowed(ai, action) ? action : null;
}
