// Reads the request's human-shaped fields (HH:MM times, YYYY-MM-DD dates, E.164, counts) into
// the numbers the rules work with, and lists what is malformed. A malformed request is
// refused as `invalid_request` instead of throwing: the dialer must keep running, and a
// schedule it cannot read must never be taken as "no restriction".
import { assertNever } from "./assert-never";
import { dayOfIsoDate, isoDateOfDay, type LocalDay } from "./local-time";
import { type ContactHistory, type DialRequest, type EpochMs, type LocalTimeText } from "./types";
import { WEEKDAYS } from "../../../domain/inconvenient-times";
import { readPhoneNumber } from "../../../domain/phone-number";

/** A daily window in minutes after local midnight, [startMinute, endMinute). */
export interface DailyWindow {
  readonly startMinute: number;
  readonly endMinute: number;
}

/** A weekly inconvenient window: starts on `weekday` (0 = Sunday) and lasts up to 24 h. */
export interface WeeklyWindow {
  readonly weekday: number;
  readonly startMinute: number;
  readonly lengthMinutes: number;
  readonly label: string;
}

/** Local days [firstDay, lastDay], both inclusive. */
export interface DayRange {
  readonly firstDay: LocalDay;
  readonly lastDay: LocalDay;
  readonly label: string;
}

export interface ReadSchedule {
  /** The campaign's own window, or null to use the legal one unchanged. */
  readonly campaignWindow: DailyWindow | null;
  readonly weekly: readonly WeeklyWindow[];
  readonly dayRanges: readonly DayRange[];
}

export type ReadResult = { readonly ok: true; readonly schedule: ReadSchedule } | { readonly ok: false; readonly problems: readonly string[] };

/** Minutes after midnight for "HH:MM"; "24:00" only when `allowEndOfDay`. */
export function parseLocalTime(text: LocalTimeText, allowEndOfDay: boolean): number | null {
  if (allowEndOfDay && text === "24:00") return 24 * 60;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function parseIsoDate(text: string): LocalDay | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const day = dayOfIsoDate(text);
  return Number.isFinite(day) && isoDateOfDay(day) === text ? day : null;
}

function isCount(value: number): boolean {
  return Number.isInteger(value) && value >= 0;
}

export function readRequest(request: DialRequest, history: ContactHistory, now: EpochMs): ReadResult {
  const problems: string[] = [];
  if (!Number.isFinite(now)) problems.push("the clock reading is not a number");
  // The same reading as the accounts API and the import: an account stored before numbers
  // were checked against the numbering plans ("+999") is refused here, not dialled.
  const phone = readPhoneNumber(request.phone);
  if (!phone.ok) problems.push(`phone ${JSON.stringify(request.phone)}: ${phone.reason}`);
  if (request.maxAttempts !== null && !isCount(request.maxAttempts)) problems.push("max attempts is not a whole number ≥ 0");
  if (!isCount(history.campaignAttemptCount)) problems.push("campaign attempt count is not a whole number ≥ 0");
  for (const entry of [...history.attempts, ...history.conversations]) {
    if (!Number.isFinite(entry.at)) problems.push("a history entry has no valid time");
  }

  let campaignWindow: DailyWindow | null = null;
  if (request.callingWindow) {
    const startMinute = parseLocalTime(request.callingWindow.from, false);
    const endMinute = parseLocalTime(request.callingWindow.to, true);
    if (startMinute === null || endMinute === null || startMinute >= endMinute) {
      problems.push(`campaign calling window ${request.callingWindow.from}–${request.callingWindow.to} is not a valid daytime range`);
    } else {
      campaignWindow = { startMinute, endMinute };
    }
  }

  const weekly: WeeklyWindow[] = [];
  const dayRanges: DayRange[] = [];
  for (const time of request.inconvenientTimes) {
    switch (time.kind) {
      case "weekly": {
        const weekday = WEEKDAYS.indexOf(time.day);
        const startMinute = parseLocalTime(time.from, false);
        const endMinute = parseLocalTime(time.to, true);
        if (weekday < 0 || startMinute === null || endMinute === null) {
          problems.push(`inconvenient window ${time.day} ${time.from}–${time.to} is malformed`);
          break;
        }
        const lengthMinutes = endMinute > startMinute ? endMinute - startMinute : endMinute + 24 * 60 - startMinute;
        weekly.push({ weekday, startMinute, lengthMinutes, label: `${time.day} ${time.from}–${time.to}` });
        break;
      }
      case "dates": {
        const firstDay = parseIsoDate(time.fromDate);
        const lastDay = parseIsoDate(time.toDate);
        if (firstDay === null || lastDay === null || firstDay > lastDay) {
          problems.push(`inconvenient dates ${time.fromDate}–${time.toDate} are malformed`);
          break;
        }
        dayRanges.push({ firstDay, lastDay, label: `${time.fromDate} to ${time.toDate}` });
        break;
      }
      default:
        return assertNever(time);
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, schedule: { campaignWindow, weekly, dayRanges } };
}
