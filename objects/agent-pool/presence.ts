// Agent presence as pure functions: what an agent may choose, what a call does to them
// (on_call, then wrap_up with a timer, then available), what happens when their last
// console closes, and who gets the next live call (the longest idle). The dialer's
// states are set by calls, never by a click: an agent cannot click their way out of a call.
import { takesCalls, type Role } from "../../domain/roles";
import type { AgentPresenceStatus, ChosenPresence, PreviewOffer } from "./protocol";

export interface PresenceRecord {
  status: AgentPresenceStatus;
  statusSince: number;
  /** The call the agent is on (on_call) or wrapping up (wrap_up). */
  callId: string | null;
  wrapUpEndsAt: number | null;
  /** The lead a preview campaign holds for the agent (previewing only). */
  offer: PreviewOffer | null;
}

export type PresenceChange =
  | { ok: true; record: PresenceRecord; changed: boolean }
  | { ok: false; code: "busy_on_call" | "not_allowed"; message: string };

/** Collections teams wrap up in about 25–45 s; the campaign can set its own. */
export const DEFAULT_WRAP_UP_SECONDS = 30;

const record = (status: AgentPresenceStatus, nowMs: number, callId: string | null = null, wrapUpEndsAt: number | null = null, offer: PreviewOffer | null = null): PresenceRecord => ({
  status,
  statusSince: nowMs,
  callId,
  wrapUpEndsAt,
  offer,
});

export const initialPresence = (nowMs: number): PresenceRecord => record("offline", nowMs);

export function choosePresence(current: PresenceRecord, role: Role, wanted: ChosenPresence, nowMs: number): PresenceChange {
  if (!takesCalls(role)) return { ok: false, code: "not_allowed", message: "Viewers cannot take calls" };
  if (current.status === "on_call") {
    return { ok: false, code: "busy_on_call", message: "Finish the call before changing status" };
  }
  if (current.status === wanted) return { ok: true, record: current, changed: false };
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

/** The agent's call ended: wrap-up starts. A late or repeated end of another call changes nothing. */
export function endCall(current: PresenceRecord, callId: string, nowMs: number, wrapUpSeconds: number): PresenceRecord {
  if (current.status !== "on_call" || current.callId !== callId) return current;
  return record("wrap_up", nowMs, callId, nowMs + wrapUpSeconds * 1000);
}

/** Wrap-up over: back to available (what VICIdial and its users expect). */
export function finishWrapUpIfDue(current: PresenceRecord, nowMs: number): PresenceRecord {
  if (current.status !== "wrap_up" || current.wrapUpEndsAt === null || current.wrapUpEndsAt > nowMs) return current;
  return record("available", current.wrapUpEndsAt);
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
