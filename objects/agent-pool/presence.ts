// Agent presence as pure functions: what an agent may choose, what a call does to them
// (on_call, then wrap_up: wrap-up.ts), what happens when their last console closes, and
// who gets the next live call (the longest idle). The dialer's states are set by calls,
// never by a click: an agent cannot click their way out of a call, nor out of a
// disposition the campaign requires.
import { takesCalls, type Role } from "../../domain/roles";
import type { AgentPresenceStatus, ChosenPresence, PreviewOffer } from "./protocol";
import { owesDisposition, type CallWrapUp } from "./wrap-up";

export interface PresenceRecord {
  status: AgentPresenceStatus;
  statusSince: number;
  /** The call the agent is on (on_call) or wrapping up (wrap_up). */
  callId: string | null;
  wrapUpEndsAt: number | null;
  /** The lead a preview campaign holds for the agent (previewing only). */
  offer: PreviewOffer | null;
  /** The current call's wrap-up terms and whether its disposition is saved (on_call and wrap_up only). */
  wrapUp: CallWrapUp | null;
}

export type PresenceChange =
  | { ok: true; record: PresenceRecord; changed: boolean }
  | { ok: false; code: "busy_on_call" | "not_allowed" | "disposition_required"; message: string };

const record = (status: AgentPresenceStatus, nowMs: number, callId: string | null = null, wrapUpEndsAt: number | null = null, offer: PreviewOffer | null = null): PresenceRecord => ({
  status,
  statusSince: nowMs,
  callId,
  wrapUpEndsAt,
  offer,
  wrapUp: null,
});

export const initialPresence = (nowMs: number): PresenceRecord => record("offline", nowMs);

export function choosePresence(current: PresenceRecord, role: Role, wanted: ChosenPresence, nowMs: number): PresenceChange {
  if (!takesCalls(role)) return { ok: false, code: "not_allowed", message: "Viewers cannot take calls" };
  if (current.status === "on_call") {
    return { ok: false, code: "busy_on_call", message: "Finish the call before changing status" };
  }
  if (current.status === wanted) return { ok: true, record: current, changed: false };
  // Logging off stays possible (nobody is left to route to); taking calls or a break waits for the save.
  if (owesDisposition(current) && wanted !== "offline") {
    return { ok: false, code: "disposition_required", message: "Save the call's disposition first" };
  }
  // A previewing agent is available already; choosing it again keeps the lead on screen.
  if (current.status === "previewing" && wanted === "available") return { ok: true, record: current, changed: false };
  // Choosing anything during wrap-up ends the wrap-up early (the agent is done).
  return { ok: true, record: record(wanted, nowMs), changed: true };
}

/** A call now has this agent (a dialer reservation or a call they placed). */
export function startCall(current: PresenceRecord, callId: string, nowMs: number): PresenceRecord {
  if (current.status === "on_call" && current.callId === callId) return current;
  return record("on_call", nowMs, callId);
}

/** A queue chose this agent for a caller who hung up before their call took the agent: available again (a no-op once anything else moved them). */
export function releaseReservation(current: PresenceRecord, callId: string, nowMs: number): PresenceRecord {
  return current.status === "on_call" && current.callId === callId ? record("available", nowMs) : current;
}

/** The queue's ring on this agent ended unaccepted (rejected, or missed): available again, or on break after too many misses (a no-op once anything else moved them). */
export function ringEnded(current: PresenceRecord, callId: string, then: "available" | "break", nowMs: number): PresenceRecord {
  return current.status === "on_call" && current.callId === callId ? record(then, nowMs) : current;
}

/** A preview campaign offers the agent a lead: only an available agent takes one (atomically, like a reservation). */
export function startPreview(current: PresenceRecord, offer: PreviewOffer, nowMs: number): PresenceRecord | null {
  if (current.status !== "available") return null;
  return record("previewing", nowMs, null, null, offer);
}

/** The offer is over (skipped, refused, withdrawn): the agent is available again, or on break when they ignored it. */
export function endPreview(current: PresenceRecord, campaignId: string, accountId: string, then: "available" | "break", nowMs: number): PresenceRecord {
  if (current.status !== "previewing" || current.offer?.campaignId !== campaignId || current.offer.accountId !== accountId) return current;
  return record(then, nowMs);
}

/** With no console open nobody can answer: the agent goes offline, unless still on a call. */
export function afterLastConnectionClosed(current: PresenceRecord, nowMs: number): PresenceRecord {
  return current.status === "on_call" ? current : current.status === "offline" ? current : record("offline", nowMs);
}

/** Who gets the next live call: the available agent idle longest (ties by id, so it is deterministic). */
export function pickLongestIdle(members: readonly { userId: string; presence: PresenceRecord }[]): string | null {
  let best: { userId: string; presence: PresenceRecord } | null = null;
  for (const member of members) {
    if (member.presence.status !== "available") continue;
    if (
      !best ||
      member.presence.statusSince < best.presence.statusSince ||
      (member.presence.statusSince === best.presence.statusSince && member.userId < best.userId)
    ) {
      best = member;
    }
  }
  return best?.userId ?? null;
}
