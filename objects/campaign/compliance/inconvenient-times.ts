// Times the consumer told us are inconvenient (1006.6(b)(1): a collector must not call at a
// time it knows is inconvenient). Weekly windows ("weekdays 12:00–13:00", "Sat 20:00–Sun
// 09:00") and whole local dates ("not 20–27 December") are read on the consumer's clock, so
// they follow them across DST like the calling window does.
import { DAY_MS, firstInstantAtOrAfter, localMsAt, MINUTE_MS, weekdayOfDay } from "./local-time";
import type { EpochMs, RuleBlock } from "./types";
import type { ReadSchedule } from "./validate";

export function inconvenientTimeBlock(instant: EpochMs, zone: string, schedule: ReadSchedule): RuleBlock | null {
  const local = localMsAt(instant, zone);
  const today = Math.floor(local / DAY_MS);
  let endsAt = -Infinity;
  let label = "";
  const consider = (start: number, end: number, windowLabel: string) => {
    if (local >= start && local < end && end > endsAt) {
      endsAt = end;
      label = windowLabel;
    }
  };
  for (const range of schedule.dayRanges) {
    consider(range.firstDay * DAY_MS, (range.lastDay + 1) * DAY_MS, range.label);
  }
  // A window lasts at most 24 h, so only those starting today or yesterday can cover now.
  for (const startDay of [today - 1, today]) {
    for (const window of schedule.weekly) {
      if (weekdayOfDay(startDay) !== window.weekday) continue;
      const start = startDay * DAY_MS + window.startMinute * MINUTE_MS;
      consider(start, start + window.lengthMinutes * MINUTE_MS, window.label);
    }
  }
  if (endsAt === -Infinity) return null;
  return {
    reason: "inconvenient_time",
    until: firstInstantAtOrAfter(endsAt, zone),
    detail: `the consumer said ${label} is inconvenient`,
  };
}
