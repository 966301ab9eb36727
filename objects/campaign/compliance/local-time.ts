// Wall-clock time in an IANA zone, from `Intl.DateTimeFormat` alone (Node and workerd both
// ship full ICU), so compliance needs no time-zone package and no zone data of its own.
//
// A local reading is handled as "local ms": the epoch-ms number the wall clock would show
// if the zone were UTC. Local day numbers (floor(local ms / day)) make calendar arithmetic
// exact across DST: "7 days later" is day + 7, never instant + 168 h. The only way back from
// a wall-clock reading to a real instant is `firstInstantAtOrAfter`, which settles the two
// DST cases explicitly: in a spring-forward gap the wall clock jumps over the reading, and
// the answer is the jump itself; in a fall-back overlap the reading happens twice, and the
// answer is the first time.
import type { EpochMs, LocalDateText } from "./types";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Local ms: an instant's wall-clock reading in some zone, counted as if that zone were UTC. */
export type LocalMs = number;
/** Local day number: days since 1970-01-01 on the zone's calendar. */
export type LocalDay = number;

// Real transitions are months apart; this only has to exceed the largest UTC offset (14 h)
// plus the gap or overlap around one transition.
const TRANSITION_PROBE_MS = 36 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  const cached = formatters.get(zone);
  if (cached !== undefined) return cached;
  let made: Intl.DateTimeFormat | null;
  try {
    made = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    made = null;
  }
  formatters.set(zone, made);
  return made;
}

export function isKnownTimeZone(zone: string): boolean {
  return zone.length > 0 && formatterFor(zone) !== null;
}

function requireFormatter(zone: string): Intl.DateTimeFormat {
  const formatter = formatterFor(zone);
  if (!formatter) throw new RangeError(`unknown time zone ${zone}`);
  return formatter;
}

/** The zone's UTC offset at an instant, in ms (e.g. −5 h for New York in January). */
export function offsetAt(instant: EpochMs, zone: string): number {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of requireFormatter(zone).formatToParts(instant)) {
    switch (part.type) {
      case "year":
      case "month":
      case "day":
      case "hour":
      case "minute":
      case "second":
        fields[part.type] = Number(part.value);
        break;
      default:
        break;
    }
  }
  const wallSecond = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  return wallSecond - Math.floor(instant / 1000) * 1000;
}

export function localMsAt(instant: EpochMs, zone: string): LocalMs {
  return instant + offsetAt(instant, zone);
}

export function localDayOf(instant: EpochMs, zone: string): LocalDay {
  return Math.floor(localMsAt(instant, zone) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01, day 0, was a Thursday). */
export function weekdayOfDay(day: LocalDay): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function dayOfIsoDate(date: LocalDateText): LocalDay {
  const [year, month, dayOfMonth] = date.split("-").map(Number);
  return Math.floor(Date.UTC(year!, month! - 1, dayOfMonth!) / DAY_MS);
}

export function isoDateOfDay(day: LocalDay): LocalDateText {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The earliest instant whose wall-clock reading in `zone` is at or after `target`.
 * Before that instant every reading is earlier than `target`, which is what makes it the
 * exact "next eligible" time for a rule phrased in local time.
 */
export function firstInstantAtOrAfter(target: LocalMs, zone: string): EpochMs {
  const offsetBefore = offsetAt(target - TRANSITION_PROBE_MS, zone);
  const offsetAfter = offsetAt(target + TRANSITION_PROBE_MS, zone);
  const candidates = [...new Set([target - offsetBefore, target - offsetAfter])].sort((a, b) => a - b);
  const reaches = (instant: EpochMs) => localMsAt(instant, zone) >= target;
  const first = candidates[0]!;
  if (reaches(first)) return first;
  const last = candidates[candidates.length - 1]!;
  if (!reaches(last)) return last + 1; // unreachable for real zones; keeps the caller moving forward
  // A transition lies between the candidates and the target is inside the jump: find the
  // transition instant. Readings are monotonic on this interval (one transition at most).
  let low = first;
  let high = last;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (reaches(middle)) high = middle;
    else low = middle;
  }
  return high;
}

/** The instant a local day starts (its first reading at or after 00:00). */
export function startOfLocalDay(day: LocalDay, zone: string): EpochMs {
  return firstInstantAtOrAfter(day * DAY_MS, zone);
}

// en-US names most North American zones (EST, CDT, AKST, HST…) but prints a GMT offset for a
// few NANP zones; these are the abbreviations their residents use.
const ABBREVIATIONS_BY_OFFSET: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "America/St_Johns": { "GMT-3:30": "NST", "GMT-2:30": "NDT" },
  "Pacific/Guam": { "GMT+10": "ChST" },
  "Pacific/Saipan": { "GMT+10": "ChST" },
  "Pacific/Pago_Pago": { "GMT-11": "SST" },
  "America/Whitehorse": { "GMT-7": "MST" },
  "America/Dawson": { "GMT-7": "MST" },
};

const abbreviationFormatters = new Map<string, Intl.DateTimeFormat>();

export function zoneAbbreviation(instant: EpochMs, zone: string): string {
  let formatter = abbreviationFormatters.get(zone);
  if (!formatter) {
    requireFormatter(zone);
    formatter = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" });
    abbreviationFormatters.set(zone, formatter);
  }
  const name = formatter.formatToParts(instant).find((part) => part.type === "timeZoneName")?.value ?? zone;
  return ABBREVIATIONS_BY_OFFSET[zone]?.[name] ?? name;
}

/** "HH:MM" for a minute of the day (1440 prints as 24:00). */
export function formatMinuteOfDay(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

/** "2026-11-30 09:00 EST": the instant as the callee's clock and calendar show it. */
export function formatLocal(instant: EpochMs, zone: string): string {
  const local = localMsAt(instant, zone);
  const day = Math.floor(local / DAY_MS);
  const minute = Math.floor((local - day * DAY_MS) / MINUTE_MS);
  return `${isoDateOfDay(day)} ${formatMinuteOfDay(minute)} ${zoneAbbreviation(instant, zone)}`;
}
