// Administration → Inbound queues' form without a browser: a queue as the admin edits it (its
// hours a line per weekday, "09:00-12:00, 13:00-17:00"; holidays a line each, "2026-12-25
// Christmas"; skills one line, "language:es 8") and the body the API takes, back and forth.
// A line that does not read is named at its field before anything is sent; the API checks
// the rest (and names the field too). Pure, tested in Node.
import { QUEUE_DEFAULTS, WEEKDAYS, type QueueFallback, type QueueSettings, type Weekday } from "../../../domain/inbound-queues";
import type { InboundQueue } from "../../../worker/http/contracts/inbound-queues";
import { parseSkills, skillsText } from "./queue-view";

export type FallbackKind = QueueFallback["kind"];

export interface FallbackDraft {
  kind: FallbackKind;
  /** The message said, or the voicemail greeting. */
  text: string;
  queueId: string;
}

export interface MemberDraft {
  userId: string;
  skills: string;
}

export interface QueueDraft {
  name: string;
  priority: number;
  /** IANA zone; empty: the organisation's. */
  timeZone: string;
  weekly: Record<Weekday, string>;
  holidays: string;
  members: MemberDraft[];
  requiredSkills: string;
  routeByLanguage: boolean;
  skillRelaxSeconds: number;
  serviceLevelSeconds: number;
  maxWaitSeconds: number;
  maxWaiting: number;
  holdMessage: string;
  closedAction: FallbackDraft;
  overflowAction: FallbackDraft;
  callbackOffered: boolean;
  callbackAttempts: number;
  callbackRetrySeconds: number;
  ringsAgents: boolean;
  acceptSeconds: number;
  /** Empty: the organisation's number. */
  missesBeforeBreak: string;
}

export type QueueBody = Omit<QueueSettings, "hours"> & { hours: QueueSettings["hours"] };
export type FormResult = { ok: true; body: QueueBody } | { ok: false; field: string; message: string };

export const WEEKDAY_LABELS: Record<Weekday, string> = { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" };
export const FALLBACK_LABELS: Record<FallbackKind, string> = { message: "Say a message", voicemail: "Voicemail", ivr: "The phone menu (IVR)", queue: "Another queue", callback: "Keep their place as a callback" };

const fallbackDraft = (action: QueueFallback): FallbackDraft => ({
  kind: action.kind,
  text: action.kind === "message" ? action.message : action.kind === "voicemail" ? action.greeting : "",
  queueId: action.kind === "queue" ? action.queueId : "",
});

/** The spans of one day as a line: "09:00-12:00, 13:00-17:00" (empty: closed). */
export const spansText = (spans: readonly { from: string; to: string }[] | undefined): string => (spans ?? []).map((s) => `${s.from}-${s.to}`).join(", ");

/** The form for a queue, or for a new one (the API's defaults). */
export function draftOf(queue: InboundQueue | null): QueueDraft {
  const q = queue ?? { ...QUEUE_DEFAULTS, name: "" };
  return {
    name: q.name,
    priority: q.priority,
    timeZone: q.hours.timeZone ?? "",
    weekly: Object.fromEntries(WEEKDAYS.map((day) => [day, spansText(q.hours.weekly[day])])) as Record<Weekday, string>,
    holidays: q.hours.holidays.map((h) => `${h.date} ${h.name}`.trim()).join("\n"),
    members: q.members.map((m) => ({ userId: m.userId, skills: skillsText(m.skills) })),
    requiredSkills: skillsText(q.requiredSkills),
    routeByLanguage: q.routeByLanguage,
    skillRelaxSeconds: q.skillRelaxSeconds,
    serviceLevelSeconds: q.serviceLevelSeconds,
    maxWaitSeconds: q.maxWaitSeconds,
    maxWaiting: q.maxWaiting,
    holdMessage: q.holdMessage,
    closedAction: fallbackDraft(q.closedAction),
    overflowAction: fallbackDraft(q.overflowAction),
    callbackOffered: q.callback.offered,
    callbackAttempts: q.callback.attempts,
    callbackRetrySeconds: q.callback.retrySeconds,
    ringsAgents: q.agentRing !== null,
    acceptSeconds: q.agentRing?.acceptSeconds ?? 20,
    missesBeforeBreak: q.agentRing?.missesBeforeBreak === undefined ? "" : String(q.agentRing.missesBeforeBreak),
  };
}

class FormProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function parseSpans(day: Weekday, text: string): { from: string; to: string }[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(part);
      if (!match) throw new FormProblem(`hours.weekly.${day}`, `"${part}" is not a span like 09:00-17:00`);
      const pad = (clock: string) => clock.padStart(5, "0");
      return { from: pad(match[1]!), to: pad(match[2]!) };
    });
}

function parseHolidays(text: string): { date: string; name: string }[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const match = /^(\d{4}-\d{2}-\d{2})\s*(.*)$/.exec(line);
      if (!match) throw new FormProblem("hours.holidays", `"${line}" does not start with a date like 2026-12-25`);
      return { date: match[1]!, name: match[2]!.trim() };
    });
}

function skillsOf(field: string, text: string): Record<string, number> {
  const parsed = parseSkills(text);
  if (!parsed.ok) throw new FormProblem(field, parsed.message);
  return parsed.skills;
}

function fallbackOf(field: "closedAction" | "overflowAction", draft: FallbackDraft): QueueFallback {
  switch (draft.kind) {
    case "message":
      return { kind: "message", message: draft.text };
    case "voicemail":
      return { kind: "voicemail", greeting: draft.text };
    case "ivr":
      return { kind: "ivr" };
    case "queue":
      if (!draft.queueId) throw new FormProblem(`${field}.queueId`, "pick the queue");
      return { kind: "queue", queueId: draft.queueId };
    case "callback":
      // A closed queue has no turn to call back at (the API refuses it too).
      if (field === "closedAction") throw new FormProblem(`${field}.kind`, "a closed queue cannot keep callers as callbacks: pick another action");
      return { kind: "callback" };
  }
}

/** The body the API takes (POST or PATCH /api/queues), or the first field that does not read. */
export function bodyOf(draft: QueueDraft): FormResult {
  try {
    const misses = draft.missesBeforeBreak.trim();
    if (misses && !/^\d+$/.test(misses)) throw new FormProblem("agentRing.missesBeforeBreak", "a whole number, or empty for the organisation's");
    const body: QueueBody = {
      name: draft.name,
      priority: draft.priority,
      hours: {
        timeZone: draft.timeZone.trim() || null,
        weekly: Object.fromEntries(WEEKDAYS.map((day) => [day, parseSpans(day, draft.weekly[day])])) as QueueBody["hours"]["weekly"],
        holidays: parseHolidays(draft.holidays),
      },
      members: draft.members.map((m, index) => ({ userId: m.userId, skills: skillsOf(`members.${index}.skills`, m.skills) })),
      requiredSkills: skillsOf("requiredSkills", draft.requiredSkills),
      routeByLanguage: draft.routeByLanguage,
      skillRelaxSeconds: draft.skillRelaxSeconds,
      serviceLevelSeconds: draft.serviceLevelSeconds,
      maxWaitSeconds: draft.maxWaitSeconds,
      maxWaiting: draft.maxWaiting,
      holdMessage: draft.holdMessage,
      closedAction: fallbackOf("closedAction", draft.closedAction),
      overflowAction: fallbackOf("overflowAction", draft.overflowAction),
      callback: { offered: draft.callbackOffered, attempts: draft.callbackAttempts, retrySeconds: draft.callbackRetrySeconds },
      agentRing: draft.ringsAgents ? { acceptSeconds: draft.acceptSeconds, ...(misses ? { missesBeforeBreak: Number(misses) } : {}) } : null,
    };
    return { ok: true, body };
  } catch (error) {
    if (error instanceof FormProblem) return { ok: false, field: error.field, message: error.message };
    throw error;
  }
}

/** The queue's hours in a few words for the list: "Mon 09:00-17:00 · Tue …", "Always open", plus holidays. */
export function hoursSummary(hours: InboundQueue["hours"]): string {
  const open = WEEKDAYS.filter((day) => (hours.weekly[day] ?? []).length > 0);
  const allDay = open.length === 7 && WEEKDAYS.every((day) => spansText(hours.weekly[day]) === "00:00-24:00");
  const days = allDay ? "Always open" : open.length === 0 ? "Never open" : open.map((day) => `${day[0]!.toUpperCase()}${day.slice(1)} ${spansText(hours.weekly[day])}`).join(" · ");
  const zone = hours.timeZone ? ` (${hours.timeZone})` : "";
  const holidays = hours.holidays.length ? `, ${hours.holidays.length} holiday${hours.holidays.length === 1 ? "" : "s"}` : "";
  return `${days}${zone}${holidays}`;
}

/** The members of a team added to the draft (those already listed kept as they are; those who do not take calls left out). */
export function withTeamMembers(members: readonly MemberDraft[], team: { members: readonly { userId: string }[] }, takesCalls: (userId: string) => boolean): MemberDraft[] {
  const listed = new Set(members.map((m) => m.userId));
  return [...members, ...team.members.filter((m) => !listed.has(m.userId) && takesCalls(m.userId)).map((m) => ({ userId: m.userId, skills: "" }))];
}
