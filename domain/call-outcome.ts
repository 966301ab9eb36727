// What a call was, as the people who read the record say it, and how it ended. Both are
// derived here, once, from the call's facts: the call actor stores them on the row, the
// migration backfills old rows by the same rules, the API filters by them and the
// console labels them. No zod here (the console loads this early).
import type { CallStatus } from "./call-status";

/**
 * Who placed the call and how: a dialer campaign (predictive/progressive), an agent's
 * preview pick from a campaign, a person from the console or the API, or the customer
 * calling in. Not the engine's `kind` (direct / bridge / dialer / inbound), which says
 * how the legs are dialled.
 */
export const CALL_ORIGINS = ["dialer", "preview", "manual", "inbound"] as const;
export type CallOrigin = (typeof CALL_ORIGINS)[number];

export const CALL_ORIGIN_LABELS: Record<CallOrigin, string> = {
  dialer: "Outbound dialer",
  preview: "Outbound preview",
  manual: "Outbound manual",
  inbound: "Inbound",
};

/** The engine's kind of call and whether a preview agent placed it → what the call was. */
export function callOrigin(engineKind: "direct" | "bridge" | "inbound" | "dialer", previewPlaced: boolean): CallOrigin {
  switch (engineKind) {
    case "inbound":
      return "inbound";
    case "dialer":
      return previewPlaced ? "preview" : "dialer";
    default:
      return "manual";
  }
}

/** How a finished call ended, in the words a floor uses. */
export const CALL_OUTCOMES = [
  "connected",
  "abandoned",
  "voicemail_left",
  "machine",
  "fax",
  "answered",
  "missed",
  "no_answer",
  "busy",
  "failed",
  "canceled",
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const CALL_OUTCOME_LABELS: Record<CallOutcome, string> = {
  connected: "Connected",
  abandoned: "Abandoned (safe harbor)",
  voicemail_left: "Voicemail left",
  machine: "Machine",
  fax: "Fax",
  answered: "Answered, no agent",
  missed: "Missed",
  no_answer: "No answer",
  busy: "Busy",
  failed: "Failed",
  canceled: "Canceled",
};

/** What the call's record knows, as the outcome needs it. */
export interface CallOutcomeFacts {
  origin: CallOrigin;
  status: CallStatus;
  /** The answering-machine verdict on the customer's leg, if one came. */
  amdResult: string | null;
  /** The customer was connected to an agent. */
  bridged: boolean;
  /** A person answered a dialer call and no agent was connected within the connect window. */
  abandoned: boolean;
  /** The voicemail script played after a machine's beep. */
  voicemailLeft: boolean;
  /** The call meant to reach an agent (an inbound call that rings one, not one that plays a message). */
  agentWanted: boolean;
}

/** null while the call is in progress: an outcome is only known once the call has ended. */
export function callOutcome(facts: CallOutcomeFacts): CallOutcome | null {
  switch (facts.status) {
    case "busy":
    case "no_answer":
    case "failed":
      return facts.status;
    // An inbound caller who hangs up while ringing was missed; an outbound call we stopped was canceled.
    case "canceled":
      return facts.origin === "inbound" ? "missed" : "canceled";
    case "completed":
      return completedOutcome(facts);
    default:
      return null;
  }
}

function completedOutcome(facts: CallOutcomeFacts): CallOutcome {
  if (facts.amdResult === "fax") return "fax";
  if (facts.amdResult === "machine") return facts.voicemailLeft ? "voicemail_left" : "machine";
  if (facts.bridged) return "connected";
  if (facts.abandoned) return "abandoned";
  if (facts.origin === "inbound" && facts.agentWanted) return "missed";
  return "answered";
}

/**
 * Contacted, as "last contacted" means it for every kind of call: a person answered
 * (connected to an agent, or not: an abandoned call reached the person too). A machine,
 * a fax, a busy line or a call that never rang is an attempt, not a contact.
 */
const CONTACT_OUTCOMES: ReadonlySet<CallOutcome> = new Set(["connected", "abandoned", "answered"]);

export const isContact = (outcome: CallOutcome | null): boolean => outcome !== null && CONTACT_OUTCOMES.has(outcome);
