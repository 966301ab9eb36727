// Agent presence as pure functions: what an agent may choose, and what happens when
// their last console socket closes. The dialer's states (on_call, wrap_up) are set by
// the call flow, never by a click; an agent cannot click their way out of a call.
import type { AgentPresenceStatus, ChosenPresence } from "./protocol";

export interface PresenceRecord {
  status: AgentPresenceStatus;
  statusSince: number;
}

export type PresenceChange =
  | { ok: true; record: PresenceRecord; changed: boolean }
  | { ok: false; code: "busy_on_call" | "not_allowed"; message: string };

/** Roles that can take calls; viewers watch only. */
export const PRESENCE_ROLES = new Set(["owner", "admin", "supervisor", "agent"]);

export function choosePresence(current: PresenceRecord, role: string, wanted: ChosenPresence, nowMs: number): PresenceChange {
  if (!PRESENCE_ROLES.has(role)) return { ok: false, code: "not_allowed", message: "Viewers cannot take calls" };
  if (current.status === "on_call") {
    return { ok: false, code: "busy_on_call", message: "Finish the call before changing status" };
  }
  if (current.status === wanted) return { ok: true, record: current, changed: false };
  return { ok: true, record: { status: wanted, statusSince: nowMs }, changed: true };
}

/** With no console open, nobody can answer: an available agent goes offline. */
export function afterLastConnectionClosed(current: PresenceRecord, nowMs: number): PresenceRecord {
  if (current.status === "available" || current.status === "break") return { status: "offline", statusSince: nowMs };
  return current;
}

export const initialPresence = (nowMs: number): PresenceRecord => ({ status: "offline", statusSince: nowMs });
