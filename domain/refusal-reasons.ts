// Why the dialer refused a dial, the compliance check's vocabulary: stored on each skip,
// counted in the campaign room, exported in the skips CSV, shown to supervisors.

/**
 * Every reason a dial can be refused, in priority order: when several rules block, the
 * decision names the first of this list that blocks. Permanent refusals come first (they
 * make `nextEligibleAt` null), then the rule that pushes the dial furthest (Regulation F,
 * days), then the consumer's own windows, then the daily calling window.
 */
export const REFUSAL_REASONS = [
  "invalid_request",
  "dnc_account",
  "dnc_org",
  "dnc_campaign",
  "no_consent",
  "consent_unknown",
  "max_attempts",
  "unknown_time_zone",
  "reg_f_after_conversation",
  "reg_f_7_in_7",
  "inconvenient_time",
  "outside_calling_window",
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** The reason in a few words, for tables and counters. */
export function reasonLabel(reason: RefusalReason): string {
  switch (reason) {
    case "invalid_request":
      return "invalid request";
    case "dnc_account":
      return "account do-not-call";
    case "dnc_org":
      return "organisation do-not-call list";
    case "dnc_campaign":
      return "campaign do-not-call list";
    case "no_consent":
      return "no consent";
    case "consent_unknown":
      return "consent unknown";
    case "max_attempts":
      return "max attempts";
    case "unknown_time_zone":
      return "unknown time zone";
    case "reg_f_after_conversation":
      return "7 days after a conversation";
    case "reg_f_7_in_7":
      return "7-in-7";
    case "inconvenient_time":
      return "inconvenient time";
    case "outside_calling_window":
      return "outside calling hours";
    default:
      return reason satisfies never;
  }
}
