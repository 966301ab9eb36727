// An operator's takeover and hand-back, decided against the AI's state: a person may take
// the call while the AI holds it (once per call: the pool's agent is dialled and bridged
// by carrier-commands, and a call has one agent leg), and hand it back while they hold it.
// Accepted requests become `wib.ai` events the journal takes like any other input.
import type { CallSpec } from "../../call-spec";
import type { CarrierEvent } from "../../carrier-event";
import type { CallView } from "../../protocol";
import type { CallSituation } from "../feature";
import { aiEvent, isAiEvent } from "./ai-events";
import type { AiPhase } from "./ai-types";
import { aiFoldOf } from "./journal";

export interface AiOperatorRequest {
  kind: "take_over" | "hand_back";
  by: { userId: string; name: string };
  /** Hand-back only: what the person wants the AI to know. */
  notes?: string;
}

export type AiOperatorRefusal = "not_an_ai_call" | "not_now" | "already_taken_over";

export type AiOperatorAnswer =
  | { kind: "no_call" }
  | { kind: "refused"; reason: AiOperatorRefusal; message: string }
  | { kind: "accepted"; call: CallView };

export type AiOperatorDecision = { kind: "refused"; reason: AiOperatorRefusal; message: string } | { kind: "accepted"; event: CarrierEvent };

const AI_HOLDS: readonly AiPhase[] = ["greeting", "listening", "thinking", "speaking", "handing_back"];

/** Which operator actions the AI's phase allows now (one takeover per call). */
export function operatorActionsAllowed(phase: AiPhase, events: readonly CarrierEvent[]): { takenOver: boolean; takeOver: boolean; handBack: boolean } {
  const takenOver = events.some((event) => isAiEvent(event) && event.ai.kind === "takeover");
  return { takenOver, takeOver: !takenOver && AI_HOLDS.includes(phase), handBack: phase === "human_active" };
}

export function decideAiOperator(spec: CallSpec, situation: Pick<CallSituation, "events" | "nowMs">, request: AiOperatorRequest): AiOperatorDecision {
  const fold = aiFoldOf(spec, situation.events);
  if (!fold) return { kind: "refused", reason: "not_an_ai_call", message: "This call is not handled by the AI agent" };
  const phase = fold.state.phase;
  if (request.kind === "take_over") {
    if (operatorActionsAllowed(phase, situation.events).takenOver) {
      return { kind: "refused", reason: "already_taken_over", message: "This call was already taken over once (a second takeover is not built yet)" };
    }
    if (!AI_HOLDS.includes(phase)) return { kind: "refused", reason: "not_now", message: `The AI cannot hand over now (it is ${phase.replace("_", " ")})` };
    return { kind: "accepted", event: aiEvent("takeover", situation.nowMs, { kind: "takeover", by: request.by }) };
  }
  if (phase !== "human_active") return { kind: "refused", reason: "not_now", message: `Nobody holds the call to hand it back (the AI is ${phase.replace("_", " ")})` };
  return { kind: "accepted", event: aiEvent("hand-back", situation.nowMs, { kind: "hand_back", by: request.by, notes: request.notes ?? "" }) };
}
