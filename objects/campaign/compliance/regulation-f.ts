// Regulation F call frequency, 12 CFR 1006.14(b)(2), enforced per debt.
//
// The rule: a call about a particular debt is presumed harassing if the collector places it
//   (A) after already having placed 7 calls about that debt within a period of seven
//       consecutive days, or
//   (B) within a period of seven consecutive days after a telephone conversation about that
//       debt; "the date of the telephone conversation is the first day of the
//       seven-consecutive-day period".
//
// Our reading, enforced before every dial:
// - Days are calendar days on the consumer's clock (the zone that governs the calling
//   window), and the day of a call or conversation is day 1 — the counting the rule states
//   for (B) and the CFPB's commentary uses for both prongs. Not a rolling 168 h: the rule
//   counts days, and 168 h would block up to a day longer than the law does (a conversation
//   on Monday at 20:50 blocks through Sunday; Monday next week is day 8 and allowed).
// - (A) applies to every run of seven consecutive days, not to fixed weeks: a dial on local
//   date D is allowed only if fewer than 7 attempts about the debt fall on D−6…D. Checking
//   the run that ends on the dial's day at every dial keeps every run at ≤ 7, because each
//   run holding a later dial is checked by that dial. After 7 attempts the next eligible
//   moment is 00:00 on (date of the 7th most recent attempt + 7): when the oldest of them
//   leaves the run (the calling window then moves it to 08:00).
// - (B): a conversation on local date C blocks calls about that debt on C…C+6; C+7 is free.
//   A conversation about several debts blocks each of them.
// - Every attempt counts, answered or not, on any of the consumer's numbers, from any
//   campaign. We do not apply the exclusions of 1006.14(b)(3) (calls that did not connect,
//   calls within 7 days of the person's direct prior consent, …): counting them is the safe
//   side, and the dialer cannot prove them.
// - A dial concerns every debt in the request; it is allowed only if every debt allows it.
//   A request without debts (a sales call) is outside Regulation F.
//
// Only attempts and conversations on D−6 or later matter, i.e. at most 7 days and 1 hour
// (a DST day) before now, so a lead's history can be cut to the last 8 days.
import { DAY_MS, isoDateOfDay, localDayOf, startOfLocalDay, type LocalDay } from "./local-time";
import type { ContactHistory, EpochMs, RuleBlock } from "./types";

export const REG_F_MAX_CALLS_IN_PERIOD = 7;
export const REG_F_PERIOD_DAYS = 7;
/** How far back a lead's history must reach for Regulation F (8 days, see the header). */
export const REG_F_LOOKBACK_MS = 8 * DAY_MS;

/** The history a campaign actor needs to keep for Regulation F: the last 8 days. */
export function pruneHistory(history: ContactHistory, now: EpochMs): ContactHistory {
  const since = now - REG_F_LOOKBACK_MS;
  return {
    attempts: history.attempts.filter((attempt) => attempt.at >= since),
    conversations: history.conversations.filter((conversation) => conversation.at >= since),
    campaignAttemptCount: history.campaignAttemptCount,
  };
}

/** The history read once on the consumer's calendar, for the debts this dial concerns. */
export interface RegFCalendar {
  /** Per debt: local days of its attempts, most recent first. */
  readonly attemptDays: ReadonlyMap<string, readonly LocalDay[]>;
  /** The latest conversation day about any of the debts, and one debt it was about. */
  readonly lastConversation: { readonly day: LocalDay; readonly debtId: string } | null;
}

export function readRegFCalendar(debtIds: readonly string[], history: ContactHistory, zone: string): RegFCalendar {
  const concerned = new Set(debtIds);
  const attemptDays = new Map<string, LocalDay[]>();
  for (const attempt of history.attempts) {
    const day = localDayOf(attempt.at, zone);
    for (const debtId of new Set(attempt.debtIds)) {
      if (!concerned.has(debtId)) continue;
      const days = attemptDays.get(debtId) ?? [];
      days.push(day);
      attemptDays.set(debtId, days);
    }
  }
  for (const days of attemptDays.values()) days.sort((a, b) => b - a);
  let lastConversation: RegFCalendar["lastConversation"] = null;
  for (const conversation of history.conversations) {
    const debtId = conversation.debtIds.find((id) => concerned.has(id));
    if (debtId === undefined) continue;
    const day = localDayOf(conversation.at, zone);
    if (!lastConversation || day > lastConversation.day) lastConversation = { day, debtId };
  }
  return { attemptDays, lastConversation };
}

/** Prong (B): within seven days (the conversation's day being day 1) after a conversation. */
export function afterConversationBlock(instant: EpochMs, zone: string, calendar: RegFCalendar): RuleBlock | null {
  const conversation = calendar.lastConversation;
  if (!conversation) return null;
  const firstFreeDay = conversation.day + REG_F_PERIOD_DAYS;
  if (localDayOf(instant, zone) >= firstFreeDay) return null;
  return {
    reason: "reg_f_after_conversation",
    until: startOfLocalDay(firstFreeDay, zone),
    detail: `conversation about debt ${conversation.debtId} on ${isoDateOfDay(conversation.day)}`,
  };
}

/** Prong (A): a dial on day D needs fewer than 7 attempts per debt on D−6…D. */
export function sevenInSevenBlock(instant: EpochMs, zone: string, calendar: RegFCalendar): RuleBlock | null {
  const today = localDayOf(instant, zone);
  let firstFreeDay = -Infinity;
  let detail = "";
  for (const [debtId, days] of calendar.attemptDays) {
    const inPeriod = days.filter((day) => day > today - REG_F_PERIOD_DAYS).length;
    if (inPeriod < REG_F_MAX_CALLS_IN_PERIOD) continue;
    // Days are most recent first: the 7th most recent attempt is the one whose leaving
    // the period brings the count back to 6.
    const seventhMostRecent = days[REG_F_MAX_CALLS_IN_PERIOD - 1]!;
    const freeDay = seventhMostRecent + REG_F_PERIOD_DAYS;
    if (freeDay > firstFreeDay) {
      firstFreeDay = freeDay;
      detail = `${inPeriod} attempts on debt ${debtId} since ${isoDateOfDay(seventhMostRecent)}`;
    }
  }
  if (firstFreeDay === -Infinity) return null;
  return { reason: "reg_f_7_in_7", until: startOfLocalDay(firstFreeDay, zone), detail };
}
