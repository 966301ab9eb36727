// How the console words what a call was and how it ended (domain/call-outcome.ts decides both).
import { CALL_ORIGIN_LABELS, CALL_OUTCOME_LABELS, callOrigin, type CallOrigin, type CallOutcome } from "$domain/call-outcome";

/**
 * "Outbound dialer", "Inbound", …: the stored origin, else (a live view, which has only the
 * engine's kind) what that kind says. A live dialer call cannot tell preview from dialer here.
 */
export function originLabel(call: { origin?: CallOrigin | null; kind: "direct" | "bridge" | "inbound" | "dialer" }): string {
  return CALL_ORIGIN_LABELS[call.origin ?? callOrigin(call.kind, false)];
}

/** "Connected", "Voicemail left", …; "In progress" until the call has ended. */
export const outcomeLabel = (outcome: CallOutcome | null): string => (outcome ? CALL_OUTCOME_LABELS[outcome] : "In progress");
