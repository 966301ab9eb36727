// A period of the organisation's calendar asked for in a query (`from`/`to`, both inclusive):
// the rules the KPIs, the QA queue and the scorecards share, so "the last 7 days" and "at
// most 366 days" mean one thing everywhere.
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { z } from "zod";
import { addCalendarDays, dayIn } from "../../domain/calendar-days";

/** A year and a day: a leap year's whole calendar, and no more in one answer. */
export const MAX_PERIOD_DAYS = 366;
/** Without dates: the last 7 days of the organisation's calendar, today included. */
export const DEFAULT_PERIOD_DAYS = 7;
const DAY_MS = 86_400_000;

const localDate = z.iso.date("a date of the organisation's calendar, like 2026-11-30");

export const periodFields = { from: localDate.optional(), to: localDate.optional() };

/** The refinements a query with `periodFields` needs: `to` not before `from`, nor too far after it. */
export function refinePeriod<T extends z.ZodType<{ from?: string | undefined; to?: string | undefined }>>(schema: T) {
  return schema
    .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "must not be before from", path: ["to"] })
    .refine((q) => !q.from || !q.to || daysBetween(q.from, q.to) < MAX_PERIOD_DAYS, { message: `at most ${MAX_PERIOD_DAYS} days after from`, path: ["to"] });
}

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS;

/** The day after a calendar date (a period's end is exclusive at the next midnight). */
export const dayAfter = (date: string) => addCalendarDays(date, 1);

/** A calendar date's midnight in the zone, as Postgres reads it: the SQL side of domain/calendar-days.ts's `dayIn`. */
const midnightIn = (timeZone: string, date: string) => sql`(${date}::timestamp at time zone ${timeZone}::text)`;

/** `instant` falls on the days `from`..`to` of the zone's calendar (both inclusive, either left open). */
export function onLocalDays(instant: SQLWrapper, timeZone: string, days: { from?: string | undefined; to?: string | undefined }): SQL[] {
  return [
    ...(days.from ? [sql`${instant} >= ${midnightIn(timeZone, days.from)}`] : []),
    ...(days.to ? [sql`${instant} < ${midnightIn(timeZone, dayAfter(days.to))}`] : []),
  ];
}
/** Today's date on the zone's calendar (the campaign room's today, domain/calendar-days.ts). */
export const todayIn = (timeZone: string) => dayIn(timeZone, Date.now());
const laterOf = (a: string, b: string) => (a > b ? a : b);

/** The period asked for, completed from today in the organisation's zone; a given date may not pull the other past the limit. */
export function periodOf(query: { from?: string | undefined; to?: string | undefined }, timeZone: string): { from: string; to: string } {
  const to = query.to ?? (query.from ? laterOf(todayIn(timeZone), query.from) : todayIn(timeZone));
  const from = query.from ?? addCalendarDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  const clippedTo = daysBetween(from, to) >= MAX_PERIOD_DAYS ? addCalendarDays(from, MAX_PERIOD_DAYS - 1) : to;
  return { from, to: clippedTo };
}
