// An agent's raised hands on one call, as a pure fold of its events (any order, any
// duplicates, the same answer): each help request, and whether it is still open. A
// request is open until a supervisor asks to join (or switch mode) at or after it, the
// agent withdraws it, a later raise replaces it, or the call is over.
import { isKnownEvent, LOCAL_EVENTS, type CarrierEvent, type HelpRequest } from "../../carrier-event";
import { compareEvents, type CallRecord } from "../../machine";
import type { CallView } from "../../protocol";
import { callIsOver } from "../supervision/session-machine";

export interface RaisedHand extends HelpRequest {
  raisedAtMs: number;
  /** Still waiting for a supervisor. */
  open: boolean;
  /** Who answered it by joining (their name), when one did. */
  answeredBy: string | null;
  /** The agent took it back before a supervisor came. */
  withdrawn: boolean;
}

export function foldHelpRequests(events: Iterable<CarrierEvent>, record: CallRecord): RaisedHand[] {
  const unique = new Map<string, CarrierEvent>();
  for (const event of events) if (!unique.has(event.id)) unique.set(event.id, event);
  // A withdrawal names its raise, so it counts wherever it sorts (even beside its raise in the same millisecond).
  const withdrawnIds = new Set<string>();
  for (const event of unique.values()) if (isKnownEvent(event) && event.type === LOCAL_EVENTS.helpWithdrawn) withdrawnIds.add(event.requestId);
  const hands: RaisedHand[] = [];
  for (const event of [...unique.values()].sort(compareEvents)) {
    if (!isKnownEvent(event)) continue;
    if (event.type === LOCAL_EVENTS.helpRequested) {
      for (const earlier of hands) earlier.open = false;
      const withdrawn = withdrawnIds.has(event.requestId);
      hands.push({ requestId: event.requestId, reason: event.reason, agentUserId: event.agentUserId, raisedAtMs: event.occurredAtMs, open: !withdrawn, answeredBy: null, withdrawn });
    } else if (event.type === LOCAL_EVENTS.supervisionRequested) {
      for (const hand of hands) {
        if (!hand.open || event.occurredAtMs < hand.raisedAtMs) continue;
        hand.open = false;
        hand.answeredBy = event.supervisor.name;
      }
    }
  }
  if (callIsOver(record)) for (const hand of hands) hand.open = false;
  return hands;
}

/** The hand up now, if any (at most one: a new raise replaces the last). */
export const openHelpRequest = (hands: readonly RaisedHand[]): RaisedHand | null => hands.find((hand) => hand.open) ?? null;

export type RaiseDecision = { kind: "raise" } | { kind: "refused"; reason: "call_over" | "not_the_agent"; message: string };

/** Only the agent on a live call raises a hand on it. */
export function decideRaise(record: CallRecord, callAgentUserId: string | null, userId: string): RaiseDecision {
  if (callIsOver(record)) return { kind: "refused", reason: "call_over", message: "The call is over: there is nobody left to help with" };
  if (callAgentUserId?.toLowerCase() !== userId.toLowerCase()) return { kind: "refused", reason: "not_the_agent", message: "Only the agent on the call raises a hand on it" };
  return { kind: "raise" };
}

export type WithdrawDecision =
  | { kind: "withdraw"; hand: RaisedHand }
  /** No hand is up (never raised, already answered, withdrawn or replaced): nothing to take back. */
  | { kind: "none_up" }
  | Extract<RaiseDecision, { kind: "refused" }>;

/** Only the call's agent withdraws their hand, and only while the call is live. */
export function decideWithdraw(record: CallRecord, hands: readonly RaisedHand[], callAgentUserId: string | null, userId: string): WithdrawDecision {
  if (callIsOver(record)) return { kind: "refused", reason: "call_over", message: "The call is over: its raised hand came down with it" };
  if (callAgentUserId?.toLowerCase() !== userId.toLowerCase()) return { kind: "refused", reason: "not_the_agent", message: "Only the agent on the call withdraws its raised hand" };
  const hand = openHelpRequest(hands);
  return hand ? { kind: "withdraw", hand } : { kind: "none_up" };
}

/** What the Worker's withdraw route is answered by the call's actor (RPC): the withdrawn request, or null when none was up. */
export type WithdrawHandAnswer =
  | { kind: "withdrawn"; requestId: string | null; call: CallView }
  | Extract<RaiseDecision, { kind: "refused" }>
  | { kind: "no_call" };

/** What the Worker's raise-hand route is answered by the call's actor (RPC). */
export type RaiseHandAnswer =
  | { kind: "raised"; requestId: string; call: CallView }
  | Extract<RaiseDecision, { kind: "refused" }>
  | { kind: "no_call" };
