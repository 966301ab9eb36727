// What a campaign's live room shows of an AI call (domain/ai-agent.ts AiRoomState): worked
// out from the AI's journal fold (journal.ts keeps it step by step), as the IVR's progress
// is from its events. It changes only at journal steps, so the step that made the current
// state is its `order`: a late report of an older state never replaces a newer one.
import type { AiRoomState, AiRoomStateName } from "../../../../domain/ai-agent";
import type { AiPhase } from "./ai-types";

/** The room's word for a phase; null before the AI has started (ringing, AMD) or once it has ended. */
export function roomStateOfPhase(phase: AiPhase, handBacks: number): AiRoomStateName | null {
  switch (phase) {
    case "idle":
    case "ended":
      return null;
    case "human_requested":
    case "bridging":
      return "connecting_human";
    case "human_active":
      return "human_active";
    default:
      return handBacks > 0 ? "handed_back" : "talking";
  }
}

/** The room's state after a journal step: kept while it stays the same (its order is the step that made it), replaced when it changes. */
export function nextRoomState(previous: AiRoomState | null, phase: AiPhase, handBacks: number, n: number): AiRoomState | null {
  const state = roomStateOfPhase(phase, handBacks);
  if (state === null) return null;
  return previous?.state === state && previous.handBacks === handBacks ? previous : { state, handBacks, order: n };
}
