// Day boundaries, defined once: every "today", "per day" and "rolling 30 days" of the
// product is a date of the organisation's calendar (its IANA time zone), midnight to
// midnight there. The live campaign room keys its counters with `dayIn`, the KPI and
// report queries draw the same midnights in Postgres (`date::timestamp AT TIME ZONE zone`,
// worker/analytics/period.ts) and the console's date pickers start from `dayIn` too, so
// a call at 23:30 in the organisation's zone counts on the same day everywhere.

/** A date of a calendar, YYYY-MM-DD. */
export type CalendarDate = string;

/** The zone a campaign configuration stored before it carried one counted its days in. */
export const ZONE_BEFORE_ORGANIZATION_CALENDAR = "UTC";

const DAY_MS = 86_400_000;
const readers = new Map<string, Intl.DateTimeFormat>();

/** The date an instant falls on in the zone's calendar (en-CA writes YYYY-MM-DD). */
export function dayIn(timeZone: string, instantMs: number): CalendarDate {
  let reader = readers.get(timeZone);
  if (!reader) {
    reader = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    readers.set(timeZone, reader);
  }
  return reader.format(instantMs);
}

/** The date `days` calendar days after `date` (before, when negative); calendar days, so a 23- or 25-hour day is one day. */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The first day of the window of `days` calendar days that ends with `lastDay` (both included). */
export function windowFirstDay(lastDay: CalendarDate, days: number): CalendarDate {
  return addCalendarDays(lastDay, -(days - 1));
}
