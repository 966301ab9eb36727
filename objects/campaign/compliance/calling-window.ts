// The daily calling window: 12 CFR 1006.6(b)(1)(i) presumes any time before 08:00 or after
// 21:00 at the consumer's location inconvenient. We allow dials in [08:00, 21:00) local —
// 21:00:00 itself is refused, because a call placed at 21:00 rings and talks after 21:00.
// A campaign may narrow the window (e.g. 09:00–20:00), never widen it.
import { LEGAL_CALLING_WINDOW } from "../../../domain/legal";
import { DAY_MS, firstInstantAtOrAfter, formatMinuteOfDay, localMsAt, MINUTE_MS, zoneAbbreviation } from "./local-time";
import type { EpochMs, RuleBlock } from "./types";
import { parseLocalTime, type DailyWindow } from "./validate";

/** The law's window (domain/legal.ts) in minutes of the consumer's day. */
export const LEGAL_DAILY_WINDOW: DailyWindow = {
  startMinute: parseLocalTime(LEGAL_CALLING_WINDOW.from, false)!,
  endMinute: parseLocalTime(LEGAL_CALLING_WINDOW.to, false)!,
};

/** The legal window intersected with the campaign's; null when they do not overlap. */
export function effectiveCallingWindow(campaignWindow: DailyWindow | null): DailyWindow | null {
  if (!campaignWindow) return LEGAL_DAILY_WINDOW;
  const startMinute = Math.max(LEGAL_DAILY_WINDOW.startMinute, campaignWindow.startMinute);
  const endMinute = Math.min(LEGAL_DAILY_WINDOW.endMinute, campaignWindow.endMinute);
  return startMinute < endMinute ? { startMinute, endMinute } : null;
}

export function callingWindowBlock(instant: EpochMs, zone: string, window: DailyWindow): RuleBlock | null {
  const local = localMsAt(instant, zone);
  const day = Math.floor(local / DAY_MS);
  const sinceMidnight = local - day * DAY_MS;
  const start = window.startMinute * MINUTE_MS;
  const end = window.endMinute * MINUTE_MS;
  if (sinceMidnight >= start && sinceMidnight < end) return null;
  const opensOn = sinceMidnight < start ? day : day + 1;
  const clock = `${formatMinuteOfDay(Math.floor(sinceMidnight / MINUTE_MS))} ${zoneAbbreviation(instant, zone)}`;
  return {
    reason: "outside_calling_window",
    until: firstInstantAtOrAfter(opensOn * DAY_MS + start, zone),
    detail: `${clock} there; calls only ${formatMinuteOfDay(window.startMinute)}–${formatMinuteOfDay(window.endMinute)}`,
  };
}
