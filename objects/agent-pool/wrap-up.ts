// Wrap-up as pure functions of an agent's presence: a call's end starts it under the
// call's policy (domain/wrap-up.ts); its time running out, a saved disposition or the
// agent's choice ends it; the agent may ask for more time once. An agent who owes a
// required disposition is never made available: when their time runs out they stay in
// wrap-up, overdue, with no timer left, until the save arrives.
import { z } from "zod";
import { wrapUpPolicy, type WrapUpPolicy } from "../../domain/wrap-up";
import type { PresenceRecord } from "./presence";

/** What the pool knows of the agent's current call beyond its status: how it wraps up, and whether it is dispositioned. */
export const callWrapUp = z.object({
  /** Null while the call is still on (its policy arrives with its end). */
  policy: wrapUpPolicy.nullable(),
  dispositionSaved: z.boolean(),
  /** The agent took their one extension. */
  extended: z.boolean(),
});
export type CallWrapUp = z.infer<typeof callWrapUp>;

export type WrapUpRefusal = { ok: false; code: "not_wrapping_up" | "extension_not_allowed" | "extension_used"; message: string };

const available = (nowMs: number): PresenceRecord => ({ status: "available", statusSince: nowMs, callId: null, wrapUpEndsAt: null, offer: null, wrapUp: null });

/** True while the agent is wrapping up a call whose disposition is required and not saved yet. */
export function owesDisposition(current: PresenceRecord): boolean {
  return current.status === "wrap_up" && current.wrapUp?.policy?.dispositionRequired === true && !current.wrapUp.dispositionSaved;
}

/** Wrap-up time ran out but the agent still owes the disposition (the console shows how long over). */
export function isOverdue(current: PresenceRecord, nowMs: number): boolean {
  return owesDisposition(current) && current.wrapUpEndsAt !== null && current.wrapUpEndsAt <= nowMs;
}

/** The agent's call ended: wrap-up starts under the call's policy. A late or repeated end of another call changes nothing. */
export function endCall(current: PresenceRecord, callId: string, nowMs: number, policy: WrapUpPolicy): PresenceRecord {
  if (current.status !== "on_call" || current.callId !== callId) return current;
  const dispositionSaved = current.wrapUp?.dispositionSaved ?? false;
  const owed = policy.dispositionRequired && !dispositionSaved;
  // No wrap-up time and nothing owed: straight back to taking calls.
  if (policy.seconds === 0 && !owed) return available(nowMs);
  return {
    status: "wrap_up",
    statusSince: nowMs,
    callId,
    wrapUpEndsAt: nowMs + policy.seconds * 1000,
    offer: null,
    wrapUp: { policy, dispositionSaved, extended: false },
  };
}

/** Wrap-up time is up: back to available (what VICIdial and its users expect), unless a required disposition is still owed. */
export function finishWrapUpIfDue(current: PresenceRecord, nowMs: number): PresenceRecord {
  if (current.status !== "wrap_up" || current.wrapUpEndsAt === null || current.wrapUpEndsAt > nowMs) return current;
  if (owesDisposition(current)) return current;
  return available(current.wrapUpEndsAt);
}

/** When this agent's wrap-up timer fires; null when there is none (not wrapping up, or waiting for the disposition). */
export function wrapUpTimerMs(current: PresenceRecord): number | null {
  if (current.status !== "wrap_up" || current.wrapUpEndsAt === null || owesDisposition(current)) return null;
  return current.wrapUpEndsAt;
}

/**
 * The call's disposition was saved. During wrap-up it ends it when the policy says a save
 * does, or when the time is already up (the agent was only waiting for this); saved during
 * the call, the wrap-up that follows runs its time but owes nothing.
 */
export function saveDisposition(current: PresenceRecord, callId: string, nowMs: number): PresenceRecord {
  if (current.callId !== callId || (current.status !== "on_call" && current.status !== "wrap_up")) return current;
  if (current.wrapUp?.dispositionSaved) return current;
  if (current.status === "on_call") {
    return { ...current, wrapUp: { policy: null, extended: false, ...current.wrapUp, dispositionSaved: true } };
  }
  const policy = current.wrapUp?.policy ?? null;
  const timeUp = current.wrapUpEndsAt === null || current.wrapUpEndsAt <= nowMs;
  // A wrap-up from before policies were stored ends on a save, like every call today.
  if (!policy || policy.endOnSave || timeUp) return available(nowMs);
  return { ...current, wrapUp: { policy, extended: current.wrapUp?.extended ?? false, dispositionSaved: true } };
}

/** "I need more time": once per call, when the policy allows it; from the end time, or from now when already over. */
export function extendWrapUp(current: PresenceRecord, nowMs: number): { ok: true; record: PresenceRecord } | WrapUpRefusal {
  if (current.status !== "wrap_up" || current.wrapUpEndsAt === null) {
    return { ok: false, code: "not_wrapping_up", message: "You are not wrapping up a call" };
  }
  const terms = current.wrapUp;
  if (!terms?.policy || terms.policy.extensionSeconds === 0) {
    return { ok: false, code: "extension_not_allowed", message: "This call's wrap-up cannot be extended" };
  }
  if (terms.extended) {
    return { ok: false, code: "extension_used", message: "You already took your extra wrap-up time for this call" };
  }
  const from = Math.max(current.wrapUpEndsAt, nowMs);
  return {
    ok: true,
    record: { ...current, wrapUpEndsAt: from + terms.policy.extensionSeconds * 1000, wrapUp: { ...terms, extended: true } },
  };
}

/** How many seconds "I need more time" would add now; 0 when the agent may not (or already did). */
export function extensionAvailableSeconds(current: PresenceRecord): number {
  if (current.status !== "wrap_up" || !current.wrapUp?.policy || current.wrapUp.extended) return 0;
  return current.wrapUp.policy.extensionSeconds;
}
