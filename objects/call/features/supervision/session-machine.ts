// The supervisor sessions of one call, as a pure fold of its events (any order, any
// duplicates, the same sessions), and the decisions a supervisor's request gets. A
// session is one supervisor's presence on the call: asked for (join), its mode changed
// (switch), left, or ended with the call; its leg is dialled once the agent's leg is up,
// rings the supervisor's softphone, and is hung up when they leave or the call ends.
import { isKnownEvent, LOCAL_EVENTS, type CarrierEvent, type Supervisor } from "../../carrier-event";
import type { CallSpec } from "../../call-spec";
import { compareEvents, type CallRecord } from "../../machine";
import { TERMINAL_STATUSES } from "../../../../domain/call-status";
import type { SupervisorMode } from "../../../../domain/supervision";

export type SupervisorLegState = "idle" | "ringing" | "answered" | "ended";

export interface SupervisorSession {
  sessionId: string;
  supervisor: Supervisor;
  /** The mode asked for last. */
  mode: SupervisorMode;
  /** The request that asked for `mode`: a switch is sent once per request. */
  modeRequestId: string;
  /** The request that opened the session. */
  joinRequestId: string;
  visibleToAgent: boolean;
  joinedAtMs: number;
  callControlId: string | null;
  legState: SupervisorLegState;
  /** The supervisor asked to leave (their leg is hung up, if it is up). */
  left: boolean;
  dialFailed: boolean;
}

export interface SupervisionState {
  /** In the order they were opened. */
  sessions: SupervisorSession[];
}

// The call's inbox is one array until an event is added, and both the view and the
// supervision feature's planning fold it (the feature on every round of every pass): one
// fold per inbox. Read-only for every caller, like the inbox it came from.
const foldedInboxes = new WeakMap<readonly CarrierEvent[], SupervisionState>();

/** foldSupervision, once per inbox array. */
export function supervisionOf(events: readonly CarrierEvent[]): SupervisionState {
  let state = foldedInboxes.get(events);
  if (!state) {
    state = foldSupervision(events);
    foldedInboxes.set(events, state);
  }
  return state;
}

export function foldSupervision(events: Iterable<CarrierEvent>): SupervisionState {
  const unique = new Map<string, CarrierEvent>();
  for (const event of events) if (!unique.has(event.id)) unique.set(event.id, event);
  const sorted = [...unique.values()].sort(compareEvents);
  // A leg's webhooks may be stamped before our record of the dial: know every leg's session first.
  const sessionOfLeg = new Map<string, string>();
  for (const event of sorted) if (isKnownEvent(event) && event.type === LOCAL_EVENTS.supervisorDialAccepted) sessionOfLeg.set(event.callControlId, event.sessionId);

  const sessions = new Map<string, SupervisorSession>();
  for (const event of sorted) {
    if (!isKnownEvent(event) || event.leg !== "supervisor") continue;
    const session = sessions.get("sessionId" in event ? event.sessionId : (sessionOfLeg.get(event.callControlId) ?? ""));
    switch (event.type) {
      case LOCAL_EVENTS.supervisionRequested:
        if (!session) {
          sessions.set(event.sessionId, {
            sessionId: event.sessionId,
            supervisor: event.supervisor,
            mode: event.mode,
            modeRequestId: event.id,
            joinRequestId: event.id,
            visibleToAgent: event.visibleToAgent,
            joinedAtMs: event.occurredAtMs,
            callControlId: null,
            legState: "idle",
            left: false,
            dialFailed: false,
          });
        } else if (isOpen(session)) {
          session.mode = event.mode;
          session.modeRequestId = event.id;
        }
        break;
      case LOCAL_EVENTS.supervisionLeft:
        if (session) session.left = true;
        break;
      case LOCAL_EVENTS.supervisorDialAccepted:
        if (session) {
          session.callControlId = event.callControlId;
          if (session.legState === "idle") session.legState = "ringing";
        }
        break;
      case LOCAL_EVENTS.supervisorDialFailed:
        if (session) {
          session.dialFailed = true;
          session.legState = "ended";
        }
        break;
      case "call.initiated":
        if (session && session.legState === "idle") session.legState = "ringing";
        break;
      case "call.answered":
        if (session && (session.legState === "idle" || session.legState === "ringing")) session.legState = "answered";
        break;
      case "call.hangup":
        if (session) session.legState = "ended";
        break;
      default:
        break;
    }
  }
  return { sessions: [...sessions.values()] };
}

/** Still on the call as far as the supervisor is concerned: not left, leg not gone. */
export const isOpen = (session: SupervisorSession): boolean => !session.left && session.legState !== "ended";

/** The call's end ends every session: a party gone, a hang-up asked for, or a final status. */
export function callIsOver(record: CallRecord): boolean {
  return TERMINAL_STATUSES.has(record.status) || record.hangupRequested || record.legs.customer.state === "ended" || record.legs.agent.state === "ended";
}

/** Calls with an agent on them: a direct call (platform to customer) or a played message has nobody to coach. */
export function hasAgent(spec: CallSpec): boolean {
  return spec.kind === "bridge" || spec.kind === "dialer" || spec.inbound?.action === "ring_agent";
}

/** The sessions that are live: open, on a call that is not over. */
export function liveSessions(state: SupervisionState, record: CallRecord): SupervisorSession[] {
  return callIsOver(record) ? [] : state.sessions.filter(isOpen);
}

export interface SupervisionPolicy {
  /** How many supervisors may be on one call at once (the organisation's setting). */
  maxSupervisors: number;
}

export type JoinDecision =
  | { kind: "join" }
  | { kind: "switch"; session: SupervisorSession }
  /** Already in that mode: nothing to do. */
  | { kind: "unchanged"; session: SupervisorSession }
  | { kind: "refused"; reason: "call_over" | "no_agent" | "supervisor_limit"; message: string };

/** What a supervisor's request to join (or switch to) `mode` gets, given the call as it stands. */
export function decideJoin(spec: CallSpec, record: CallRecord, state: SupervisionState, userId: string, mode: SupervisorMode, policy: SupervisionPolicy): JoinDecision {
  if (callIsOver(record)) return { kind: "refused", reason: "call_over", message: "The call is over: there is nothing left to supervise" };
  if (!hasAgent(spec)) return { kind: "refused", reason: "no_agent", message: "This call has no agent to supervise" };
  const live = liveSessions(state, record);
  const own = live.find((session) => session.supervisor.userId === userId);
  if (own) return own.mode === mode ? { kind: "unchanged", session: own } : { kind: "switch", session: own };
  if (live.length >= policy.maxSupervisors) {
    const names = live.map((session) => session.supervisor.name).join(", ");
    return { kind: "refused", reason: "supervisor_limit", message: `${names} already supervises this call; the organisation allows ${policy.maxSupervisors} at a time` };
  }
  return { kind: "join" };
}

export type LeaveDecision = { kind: "leave"; session: SupervisorSession } | { kind: "not_supervising" };

/** A supervisor leaving: only a live session of theirs can be left. */
export function decideLeave(record: CallRecord, state: SupervisionState, userId: string): LeaveDecision {
  const own = liveSessions(state, record).find((session) => session.supervisor.userId === userId);
  return own ? { kind: "leave", session: own } : { kind: "not_supervising" };
}
