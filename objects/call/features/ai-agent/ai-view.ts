// What the console's live call card shows of the AI (CallView.ai): its phase, the last
// turn's latency, what it hands a person (handover-summary.ts), and which operator action the AI's state allows now — decided by the
// same rules the route's answer follows (operator.ts), so a button is offered only when
// pressing it would be accepted.
import type { CallSpec } from "../../call-spec";
import type { CarrierEvent } from "../../carrier-event";
import type { AiCallView } from "../../protocol";
import { aiFoldOf } from "./journal";
import { operatorActionsAllowed } from "./operator";
import { aiHandoverSummary } from "./handover-summary";

export function aiCallView(spec: CallSpec, events: readonly CarrierEvent[]): AiCallView | null {
  const fold = aiFoldOf(spec, events);
  if (!fold) return null;
  const allowed = operatorActionsAllowed(fold, events);
  return {
    phase: fold.state.phase,
    lastTurnLatencyMs: fold.state.lastTurnLatencyMs,
    takenOver: allowed.takenOver,
    canTakeOver: allowed.takeOver,
    canHandBack: allowed.handBack,
    summary: aiHandoverSummary(fold),
  };
}
