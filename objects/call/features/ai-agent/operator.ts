// An operator's takeover and hand-back, decided against the AI's state: a person may take
// the call while the AI holds it (the pool's agent is dialled and bridged by
// carrier-commands; each takeover is a new agent leg, its generation), and hand it back
// while they hold it, as often as they like.
// Accepted requests become `wib.ai` events the journal takes like any other input.
import { mayTakeOverAiCall } from "../../../../domain/ai-agent";
import type { Role } from "../../../../domain/roles";
import type { CallSpec } from "../../call-spec";
import type { CarrierEvent } from "../../carrier-event";
import type { CallView } from "../../protocol";
import type { CallSituation } from "../feature";
import { aiEvent, isAiEvent } from "./ai-events";
import type { AiPhase } from "./ai-types";
import { aiFoldOf, type AiFold } from "./journal";
import { aiCallHumans } from "./ai-pool-report";

export interface AiOperatorRequest {
  kind: "take_over" | "hand_back";
  by: { userId: string; name: string };
  /** Their role in the organisation (from the session): an agent takes over only the calls they may be given. */
  role: Role;
  /** Hand-back only: what the person wants the AI to know. */
  notes?: string;
}

export type AiOperatorRefusal = "not_an_ai_call" | "not_now" | "not_yours";

export type AiOperatorAnswer =
  | { kind: "no_call" }
  | { kind: "refused"; reason: AiOperatorRefusal; message: string }
  | { kind: "accepted"; call: CallView };

export type AiOperatorDecision = { kind: "refused"; reason: AiOperatorRefusal; message: string } | { kind: "accepted"; event: CarrierEvent };

const AI_HOLDS: readonly AiPhase[] = ["greeting", "listening", "thinking", "speaking", "handing_back"];

type OperatorKind = "takeover" | "hand_back";
const operatorEvents = (events: readonly CarrierEvent[], kind: OperatorKind) => events.filter((event) => isAiEvent(event) && event.ai.kind === kind);

/** The event id of an operator's nth switch of this kind: the first keeps its old id (rows stored before a second takeover). */
const operatorEventId = (kind: OperatorKind, nth: number) => `${kind === "takeover" ? "takeover" : "hand-back"}${nth >= 2 ? `-${nth}` : ""}`;

/**
 * Which operator actions the AI's phase allows now. A takeover or hand-back not yet taken
 * by the journal holds the next one back (the phase has not moved yet).
 */
export function operatorActionsAllowed(fold: AiFold, events: readonly CarrierEvent[]): { takenOver: boolean; takeOver: boolean; handBack: boolean } {
  const phase = fold.state.phase;
  const switches = [...operatorEvents(events, "takeover"), ...operatorEvents(events, "hand_back")];
  const pending = switches.some((event) => !fold.journaled.has(event.id));
  const takenOver = switches.some((event) => isAiEvent(event) && event.ai.kind === "takeover");
  return { takenOver, takeOver: !pending && AI_HOLDS.includes(phase), handBack: !pending && phase === "human_active" };
}

export function decideAiOperator(spec: CallSpec, situation: Pick<CallSituation, "events" | "nowMs">, request: AiOperatorRequest): AiOperatorDecision {
  const fold = aiFoldOf(spec, situation.events);
  if (!fold) return { kind: "refused", reason: "not_an_ai_call", message: "This call is not handled by the AI agent" };
  const phase = fold.state.phase;
  const allowed = operatorActionsAllowed(fold, situation.events);
  if (request.kind === "take_over") {
    if (!mayTakeOverAiCall(request.role, request.by.userId, aiCallHumans(spec))) {
      return { kind: "refused", reason: "not_yours", message: "This AI call goes to its campaign's or its number's own agents, and you are not one of them (a supervisor can take it over)" };
    }
    if (!allowed.takeOver) return { kind: "refused", reason: "not_now", message: `The AI cannot hand over now (it is ${phase.replace("_", " ")})` };
    // Each takeover is its own event: the call may be taken over again after a hand-back.
    const nth = operatorEvents(situation.events, "takeover").length + 1;
    return { kind: "accepted", event: aiEvent(operatorEventId("takeover", nth), situation.nowMs, { kind: "takeover", by: request.by }) };
  }
  if (!allowed.handBack) return { kind: "refused", reason: "not_now", message: `Nobody holds the call to hand it back (the AI is ${phase.replace("_", " ")})` };
  const nth = operatorEvents(situation.events, "hand_back").length + 1;
  return { kind: "accepted", event: aiEvent(operatorEventId("hand_back", nth), situation.nowMs, { kind: "hand_back", by: request.by, notes: request.notes ?? "" }) };
}
