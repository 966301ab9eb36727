// How calls read in the console: status words and badge tones, AMD results and hangup causes
// as words, and the one-line explanation of each way to place a call.
import type { CallStatus } from "$domain/call-status";
import type { Tone } from "./tone";

/** The calls a person places from the console (POST /api/calls `kind`). */
export type CallKind = "direct" | "bridge";

/** The status word shown to people ("no answer", not "no_answer"). */
export function callStatusLabel(status: CallStatus): string {
  return status.replaceAll("_", " ");
}

export function callStatusTone(status: CallStatus): Tone {
  switch (status) {
    case "initiating":
    case "ringing":
      return "info";
    case "answered":
    case "bridged":
      return "success";
    case "machine":
    case "busy":
    case "no_answer":
      return "warning";
    case "failed":
      return "danger";
    case "completed":
    case "canceled":
      return "neutral";
  }
}

/** Carrier words (answering machine detection results, hangup causes) made readable. */
export function carrierWord(value: string | null): string {
  return value ? value.replaceAll("_", " ") : "—";
}

export const callKinds: readonly { kind: CallKind; label: string; explanation: string }[] = [
  { kind: "direct", label: "Direct", explanation: "The platform calls the customer; you follow it live here." },
  { kind: "bridge", label: "Bridge", explanation: "Your phone rings first, then the customer's, and you are connected." },
];

/** "+15550100001" style numbers: a plus, a country code that is not 0, up to 15 digits. */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;
