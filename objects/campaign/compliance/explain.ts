// The human side of a refusal: one line an agent, a supervisor or an auditor can read,
// e.g. "skipped: 7-in-7 (7 attempts on debt D-1 since 2026-11-23), next eligible
// 2026-11-30 09:00 EST". Times are shown on the callee's clock with its abbreviation,
// because that is the clock the rules are about.
import { formatLocal } from "./local-time";
import { reasonLabel } from "../../../domain/refusal-reasons";
import type { EpochMs } from "./types";
import type { RefusalReason } from "../../../domain/refusal-reasons";

export function explainRefusal(reason: RefusalReason, detail: string, nextEligibleAt: EpochMs | null, zone: string | null): string {
  const what = detail ? `${reasonLabel(reason)} (${detail})` : reasonLabel(reason);
  const when =
    nextEligibleAt === null || zone === null ? "not eligible until this changes" : `next eligible ${formatLocal(nextEligibleAt, zone)}`;
  return `skipped: ${what}, ${when}`;
}
