// An independent, deliberately naive checker of a dial schedule against the rules. It shares
// no code with the module: wall-clock readings come straight from an Intl formatter of its
// own, calendar days are date strings turned into day indices, inconvenient windows are
// matched by weekday and minute, and every run of seven consecutive days is enumerated.
import type { Conversation, DialRequest } from "../../../../../objects/campaign/compliance";

const DAY_MS = 86_400_000;
const WEEKDAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const WEEKDAY_KEYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

export interface Wall {
  readonly date: string;
  readonly dayIndex: number;
  readonly minute: number;
  readonly weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function wallClock(instant: number, zone: string): Wall {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
      hourCycle: "h23",
    });
    formatters.set(zone, formatter);
  }
  const part = (type: string) => formatter.formatToParts(instant).find((p) => p.type === type)!.value;
  const date = `${part("year")}-${part("month")}-${part("day")}`;
  return {
    date,
    dayIndex: Date.UTC(Number(part("year")), Number(part("month")) - 1, Number(part("day"))) / DAY_MS,
    minute: Number(part("hour")) * 60 + Number(part("minute")),
    weekday: WEEKDAY_NAMES.indexOf(part("weekday")),
  };
}

function minutes(text: string): number {
  const [hours, mins] = text.split(":").map(Number);
  return hours! * 60 + mins!;
}

export interface ScheduledDial {
  readonly at: number;
  readonly debtIds: readonly string[];
  readonly campaignId: string;
  /** False for dials that were already in the history before the run being judged. */
  readonly isNew: boolean;
}

export interface ScheduleToJudge {
  readonly request: DialRequest;
  /** The zone the consumer lives in (what the module should have resolved). */
  readonly zone: string;
  readonly dials: readonly ScheduledDial[];
  readonly conversations: readonly Conversation[];
  /** Attempts this campaign made before the first listed dial. */
  readonly priorCampaignAttempts: number;
}

/** Every rule a new dial in the schedule breaks, as readable lines; empty when compliant. */
export function violations(schedule: ScheduleToJudge): string[] {
  const { request, zone } = schedule;
  const found: string[] = [];
  const newDials = schedule.dials.filter((dial) => dial.isNew);
  const show = (dial: ScheduledDial) => `${new Date(dial.at).toISOString()} (${wallClock(dial.at, zone).date} ${formatMinute(wallClock(dial.at, zone).minute)} local)`;

  if (newDials.length > 0) {
    if (request.dnc.account) found.push("dialed an account marked do-not-call");
    if (listed(request.dnc.org, request.phone)) found.push("dialed a number on the org do-not-call list");
    if (listed(request.dnc.campaign, request.phone)) found.push("dialed a number on the campaign do-not-call list");
    if (request.consent === false) found.push("dialed without consent");
    if (request.consent === null && !request.unknownConsentAllowed) found.push("autodialled an account of unknown consent");
  }
  if (request.maxAttempts !== null) {
    const made = schedule.priorCampaignAttempts + newDials.filter((dial) => dial.campaignId === request.campaignId).length;
    if (made > request.maxAttempts) found.push(`made ${made} attempts with a cap of ${request.maxAttempts}`);
  }

  const windowStart = Math.max(8 * 60, request.callingWindow ? minutes(request.callingWindow.from) : 0);
  const windowEnd = Math.min(21 * 60, request.callingWindow ? minutes(request.callingWindow.to) : 24 * 60);
  for (const dial of newDials) {
    const wall = wallClock(dial.at, zone);
    if (wall.minute < windowStart || wall.minute >= windowEnd) found.push(`dialed outside the calling window at ${show(dial)}`);
    for (const time of request.inconvenientTimes) {
      if (time.kind === "dates") {
        if (wall.date >= time.fromDate && wall.date <= time.toDate) found.push(`dialed on inconvenient dates at ${show(dial)}`);
        continue;
      }
      const day = WEEKDAY_KEYS.indexOf(time.day);
      const from = minutes(time.from);
      const to = minutes(time.to);
      const inside =
        to > from
          ? wall.weekday === day && wall.minute >= from && wall.minute < to
          : (wall.weekday === day && wall.minute >= from) || (wall.weekday === (day + 1) % 7 && wall.minute < to);
      if (inside) found.push(`dialed in the inconvenient window ${time.day} ${time.from}–${time.to} at ${show(dial)}`);
    }
  }

  for (const debtId of new Set(schedule.dials.flatMap((dial) => dial.debtIds))) {
    const about = schedule.dials.filter((dial) => dial.debtIds.includes(debtId));
    const days = about.map((dial) => wallClock(dial.at, zone).dayIndex);
    const newDays = new Set(about.filter((dial) => dial.isNew).map((dial) => wallClock(dial.at, zone).dayIndex));
    for (let first = Math.min(...days) - 6; first <= Math.max(...days); first++) {
      const count = days.filter((day) => day >= first && day <= first + 6).length;
      const touchesNew = [...newDays].some((day) => day >= first && day <= first + 6);
      if (count > 7 && touchesNew) found.push(`${count} attempts about ${debtId} in the 7 days from day ${first}`);
    }
    for (const talk of schedule.conversations.filter((c) => c.debtIds.includes(debtId))) {
      const talkDay = wallClock(talk.at, zone).dayIndex;
      for (const dial of about) {
        const day = wallClock(dial.at, zone).dayIndex;
        if (dial.isNew && dial.at > talk.at && day <= talkDay + 6) found.push(`dialed about ${debtId} at ${show(dial)} within 7 days of a conversation`);
      }
    }
  }
  return found;
}

function listed(source: DialRequest["dnc"]["org"], phone: string): boolean {
  return source.kind === "set" ? source.numbers.has(phone) : source.listed;
}

function formatMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}
