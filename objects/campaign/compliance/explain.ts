// The human side of a refusal: one line an agent, a supervisor or an auditor can read,
// e.g. "skipped: 7-in-7 (7 attempts on debt D-1 since 2026-11-23), next eligible
// 2026-11-30 09:00 EST". Times are shown on the callee's clock with its abbreviation,
// because that is the clock the rules are about.
import { assertNever } from "./assert-never";
import { formatLocal } from "./local-time";
import type { EpochMs, RefusalReason } from "./types";

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
      return assertNever(reason);
  }
}

export function explainRefusal(reason: RefusalReason, detail: string, nextEligibleAt: EpochMs | null, zone: string | null): string {
  const what = detail ? `${reasonLabel(reason)} (${detail})` : reasonLabel(reason);
  const when =
    nextEligibleAt === null || zone === null ? "not eligible until this changes" : `next eligible ${formatLocal(nextEligibleAt, zone)}`;
  return `skipped: ${what}, ${when}`;
}
