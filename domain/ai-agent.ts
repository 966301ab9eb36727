// The AI voice agent's fixed texts and defaults, one place: the automated-agent
// disclosure (always spoken first), the debt-collection disclosure an organisation's
// collections calls add after it, the prompt an organisation starts from, and the
// policy limits a call gets when nothing else is configured, and an AI call's state as
// the campaign room shows it.
import { z } from "zod";
import { hasRole, type Role } from "./roles";
export const AI_AUTOMATED_DISCLOSURE = "Hello, you are speaking with an automated assistant. You can ask for a person at any time.";
export const AI_DEBT_COLLECTION_DISCLOSURE = "This is an attempt to collect a debt, and any information obtained will be used for that purpose.";
export const AI_DEFAULT_PROMPT = "You are a polite, brief phone agent for a collections team. Help the caller understand their balance and pay it, or arrange a call back.";

/** The lowest payment the AI may offer, as a share of the balance (a settlement below it needs a human). */
export const AI_MINIMUM_PAYMENT_SHARE = 1;
export const AI_MAX_PAYMENT_LINKS = 1;

/** The AI's phases in the console's and the timeline's words (the machine's phases: objects/call/features/ai-agent/ai-types.ts). */
export const AI_PHASE_WORDS: Readonly<Record<string, string>> = {
  idle: "not started",
  greeting: "greeting the caller",
  listening: "listening",
  thinking: "thinking",
  speaking: "speaking",
  human_requested: "asking for a person",
  bridging: "connecting a person",
  human_active: "a person has the call",
  handing_back: "back with the AI",
  ended: "ended",
};

/**
 * An AI call's state as supervisors see it in a campaign's live room: the AI talking, a
 * person being connected, a person on the call, or the AI again after a hand-back. The call
 * works it out from its AI journal (objects/call/features/ai-agent/ai-room-state.ts) and
 * tells its campaign each change; `order` (the journal step of the change) only grows
 * along one call, so a late report never replaces a newer one.
 */
export const AI_ROOM_STATES = ["talking", "connecting_human", "human_active", "handed_back"] as const;
export type AiRoomStateName = (typeof AI_ROOM_STATES)[number];

export const aiRoomState = z.object({
  state: z.enum(AI_ROOM_STATES),
  /** Hand-backs so far on the call. */
  handBacks: z.number().int().nonnegative(),
  order: z.number().int().nonnegative(),
});
export type AiRoomState = z.infer<typeof aiRoomState>;

const AI_ROOM_WORDS: Record<AiRoomStateName, string> = {
  talking: "AI talking",
  connecting_human: "Connecting a person",
  human_active: "Human active",
  handed_back: "Handed back to AI",
};

/** The live calls table's AI cell. */
export const aiRoomStateText = (ai: AiRoomState): string => AI_ROOM_WORDS[ai.state];

/**
 * Who may take an AI call over (the route checks it; agents' workspaces list only those
 * calls): supervisors and up, any of their organisation's; an agent, a call whose people
 * include them (a campaign's agents, an AI number's queue members or agent), or any call
 * that names nobody. Viewers never.
 */
export function mayTakeOverAiCall(role: Role, userId: string, humanUserIds: readonly string[] | null): boolean {
  if (hasRole(role, "supervisor")) return true;
  if (!hasRole(role, "agent")) return false;
  return humanUserIds === null || humanUserIds.includes(userId);
}
