// An inbound queue's settings, defined once for Postgres, the API, the console and the
// queue's actor: its name, opening hours in a zone (the organisation's unless it names
// one) with holidays, its members with their skills and levels, its priority among the
// queues an agent serves, the skills every caller needs (and the caller's language when
// it routes by language), how long a caller waits before any member will do, the service
// level's threshold, and what happens to a caller when it is closed or overflowing.
// `queueOpenAt` is the one reading of "is it open now".
import { z } from "zod";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A skill's level runs 1 (can take it) to 10 (the expert). */
export const MIN_SKILL_LEVEL = 1;
export const MAX_SKILL_LEVEL = 10;
/** Callers wait this long for an agent with the skills they need before any member will do. */
export const DEFAULT_SKILL_RELAX_SECONDS = 60;
/** Answered within this many seconds counts toward the service level (the industry's 80/20). */
export const DEFAULT_SERVICE_LEVEL_SECONDS = 20;
export const DEFAULT_MAX_WAIT_SECONDS = 900;
export const DEFAULT_MAX_WAITING = 50;

/** A skill's name: lower case words, `language:es` for a language. */
const skillName = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_:-]{0,39}$/, "a skill is lower case letters, digits, _ : or -, at most 40");
const skillLevel = z.number().int().min(MIN_SKILL_LEVEL).max(MAX_SKILL_LEVEL);
export const skillLevels = z.record(skillName, skillLevel).refine((skills) => Object.keys(skills).length <= 20, "at most 20 skills");
export type SkillLevels = z.infer<typeof skillLevels>;

/** The skill a caller needs to be answered in their language. */
export const languageSkill = (language: string) => `language:${language.toLowerCase()}`;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "a time is HH:MM, 00:00 to 24:00");
const minutesOf = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

export const openSpan = z
  .strictObject({ from: clock, to: clock })
  .refine((span) => minutesOf(span.from) < minutesOf(span.to), { path: ["to"], message: "closes after it opens (a span past midnight is two spans)" });
export type OpenSpan = z.infer<typeof openSpan>;

/** Hours as stored and answered (a zone this runtime does not know still reads back). */
export const storedQueueHours = z.strictObject({
  /** IANA zone; null: the organisation's. */
  timeZone: z.string().nullable(),
  /** Spans open on each weekday; a day left out or empty is closed. */
  weekly: z.strictObject(Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(openSpan).max(6).optional()])) as Record<Weekday, z.ZodOptional<z.ZodArray<typeof openSpan>>>),
  /** Whole days closed (YYYY-MM-DD in the queue's zone). */
  holidays: z.array(z.strictObject({ date: z.iso.date(), name: z.string().trim().max(100) })).max(100),
});
/** Hours as the API takes them: the zone must be one the runtime knows. */
export const queueHours = storedQueueHours.extend({ timeZone: z.string().refine(isTimeZone, "not a known IANA time zone").nullable() });
export type QueueHours = z.infer<typeof storedQueueHours>;

/** Open all day, every day, in the organisation's zone. */
export const ALWAYS_OPEN: QueueHours = {
  timeZone: null,
  weekly: Object.fromEntries(WEEKDAYS.map((day) => [day, [{ from: "00:00", to: "24:00" }]])) as QueueHours["weekly"],
  holidays: [],
};

/**
 * What a caller gets when the queue is closed or overflowing: a message, voicemail (a
 * greeting, then their message recorded), the organisation's IVR menu (it has one, in
 * Administration → IVR), another queue, or (overflow only) a callback: they are told,
 * hung up on, and keep their place to be called back when their turn comes (agent first).
 */
export const queueFallback = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("message"), message: z.string().trim().min(1).max(1000) }),
  z.strictObject({ kind: z.literal("voicemail"), greeting: z.string().trim().min(1).max(1000) }),
  z.strictObject({ kind: z.literal("ivr") }),
  z.strictObject({ kind: z.literal("queue"), queueId: z.uuid() }),
  z.strictObject({ kind: z.literal("callback") }),
]);
export type QueueFallback = z.infer<typeof queueFallback>;
/** A closed queue has no turn to call a caller back at: every fallback but the callback. */
export const queueClosedAction = queueFallback.refine((action): boolean => action.kind !== "callback", {
  path: ["kind"],
  message: "a closed queue cannot keep a callback (no turn comes while it is closed); use voicemail, a message, the IVR or another queue",
});

export const queueMember = z.strictObject({ userId: z.uuid(), skills: skillLevels });
export type QueueMember = z.infer<typeof queueMember>;

/**
 * "Press 1 for a callback, keep your place": whether the wait offers it, and how a
 * callback that does not reach the caller is tried again (the agent is rung first, then
 * the caller; an attempt the caller does not answer releases the agent, and the caller
 * keeps their place for the next attempt `retrySeconds` later, at most `attempts` in all).
 */
export const queueCallbackPolicy = z.strictObject({
  offered: z.boolean(),
  attempts: z.number().int().min(1).max(5),
  retrySeconds: z.number().int().min(1).max(3600),
});
export type QueueCallbackPolicy = z.infer<typeof queueCallbackPolicy>;
export const DEFAULT_CALLBACK_POLICY: QueueCallbackPolicy = { offered: true, attempts: 3, retrySeconds: 120 };

/** Unanswered rings in a row that put an agent on a break, unless the organisation or the queue sets another number. */
export const DEFAULT_RING_MISSES_BEFORE_BREAK = 3;
/** Unanswered rings in a row before a break (1–10): the organisation's default, or a queue's own. */
export const missesBeforeBreakField = z.number().int().min(1, "at least 1").max(10, "at most 10");

/**
 * The agent's ring: a caller offered to an agent rings their console with the account popped,
 * to accept or reject within `acceptSeconds`; a reject or no answer offers the caller to the
 * next agent (the caller keeps their place), and `missesBeforeBreak` unanswered rings in a row
 * put the agent on a break (left out: the organisation's `ringMissesBeforeBreak`). Null: the
 * chosen agent is connected at once (auto-answer).
 */
export const agentRingPolicy = z.strictObject({
  acceptSeconds: z.number().int().min(5).max(120),
  missesBeforeBreak: missesBeforeBreakField.optional(),
});
export type AgentRingPolicy = z.infer<typeof agentRingPolicy>;

/** The ring as the pool runs it: the queue's own miss threshold, or the organisation's. */
export const ringInForce = z.strictObject({ acceptSeconds: z.number().int().positive(), missesBeforeBreak: z.number().int().positive() });
export type RingInForce = z.infer<typeof ringInForce>;

/** The queue's ring with its miss threshold settled: the queue's own overrides the organisation's. */
export function ringInForceFor(ring: AgentRingPolicy | null | undefined, organizationMissesBeforeBreak: number): RingInForce | null {
  if (!ring) return null;
  return { acceptSeconds: ring.acceptSeconds, missesBeforeBreak: ring.missesBeforeBreak ?? organizationMissesBeforeBreak };
}

const uniqueMembers = (members: readonly QueueMember[]) => new Set(members.map((m) => m.userId)).size === members.length;

/** Everything a queue is, as the API takes it (the name aside, every field has a default). */
export const queueSettingsFields = {
  name: z.string().trim().min(1, "required").max(100, "at most 100 characters"),
  /** Among the queues an agent serves, the higher is answered first (0–100). */
  priority: z.number().int().min(0).max(100),
  hours: queueHours,
  members: z.array(queueMember).max(500).refine(uniqueMembers, "an agent is listed once"),
  /** Every caller needs these skills at these levels at least. */
  requiredSkills: skillLevels,
  /** A caller whose account has a preferred language also needs `language:<code>`. */
  routeByLanguage: z.boolean(),
  skillRelaxSeconds: z.number().int().min(0).max(3600),
  serviceLevelSeconds: z.number().int().min(1).max(600),
  /** A caller waiting longer than this gets the overflow action. */
  maxWaitSeconds: z.number().int().min(30).max(7200),
  /** A caller arriving with this many already waiting gets the overflow action. */
  maxWaiting: z.number().int().min(1).max(1000),
  /** Said to a waiting caller between position announcements. */
  holdMessage: z.string().trim().min(1).max(500),
  closedAction: queueClosedAction,
  /** Also for a caller arriving at a full line (a callback: kept in line as one, not counted among those waiting). */
  overflowAction: queueFallback,
  callback: queueCallbackPolicy,
  agentRing: agentRingPolicy.nullable(),
};

export const QUEUE_DEFAULTS = {
  priority: 0,
  hours: ALWAYS_OPEN,
  members: [] as QueueMember[],
  requiredSkills: {} as SkillLevels,
  routeByLanguage: false,
  skillRelaxSeconds: DEFAULT_SKILL_RELAX_SECONDS,
  serviceLevelSeconds: DEFAULT_SERVICE_LEVEL_SECONDS,
  maxWaitSeconds: DEFAULT_MAX_WAIT_SECONDS,
  maxWaiting: DEFAULT_MAX_WAITING,
  holdMessage: "Thank you for holding. Your call is important to us.",
  closedAction: { kind: "message", message: "We are closed now. Please call again during our opening hours." } as QueueFallback,
  overflowAction: { kind: "message", message: "All our agents are busy. Please call again later." } as QueueFallback,
  callback: DEFAULT_CALLBACK_POLICY,
  agentRing: null as AgentRingPolicy | null,
};

export type QueueSettings = { [K in keyof typeof queueSettingsFields]: z.infer<(typeof queueSettingsFields)[K]> };

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const readers = new Map<string, Intl.DateTimeFormat>();
/** The wall clock of an instant in a zone: its weekday, date and minute of the day. */
export function wallClock(nowMs: number, timeZone: string): { weekday: Weekday; date: string; minute: number } {
  let reader = readers.get(timeZone);
  if (!reader) {
    reader = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", weekday: "short", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
    readers.set(timeZone, reader);
  }
  const parts = Object.fromEntries(reader.formatToParts(new Date(nowMs)).map((part) => [part.type, part.value]));
  return {
    weekday: String(parts.weekday).toLowerCase().slice(0, 3) as Weekday,
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** Whether the queue takes callers at this instant: not a holiday in its zone, and inside one of the day's spans. */
export function queueOpenAt(hours: QueueHours, organizationTimeZone: string, nowMs: number): boolean {
  const local = wallClock(nowMs, hours.timeZone ?? organizationTimeZone);
  if (hours.holidays.some((holiday) => holiday.date === local.date)) return false;
  return (hours.weekly[local.weekday] ?? []).some((span) => minutesOf(span.from) <= local.minute && local.minute < minutesOf(span.to));
}

/** The skills one caller needs: the queue's, and their language's when the queue routes by language. */
export function skillsNeeded(settings: Pick<QueueSettings, "requiredSkills" | "routeByLanguage">, callerLanguage: string | null): SkillLevels {
  if (!settings.routeByLanguage || !callerLanguage) return { ...settings.requiredSkills };
  return { ...settings.requiredSkills, [languageSkill(callerLanguage)]: MIN_SKILL_LEVEL };
}

/** Whether a member has every skill at the level needed. */
export const hasSkills = (member: Pick<QueueMember, "skills">, needed: SkillLevels): boolean =>
  Object.entries(needed).every(([skill, level]) => (member.skills[skill] ?? 0) >= level);

/** A voicemail left after a queue's greeting is cut off at this length. */
export const VOICEMAIL_MAX_SECONDS = 120;

/** Queues followed from one number before giving up (a loop of fallbacks ends in the last one's message). */
export const MAX_QUEUE_HOPS = 5;

/**
 * Where a caller arriving at this queue goes: into it while it is open and has a place,
 * else its closed or overflow action. `takesCallers` false: nothing can hold the caller
 * (no pool to put them in line), so an open queue gives its overflow action.
 */
export function queueArrival(
  queue: Pick<QueueSettings, "hours" | "closedAction" | "overflowAction">,
  organizationTimeZone: string,
  nowMs: number,
  takesCallers = false,
): { kind: "wait" } | { kind: "closed" | "overflow"; action: QueueFallback } {
  if (!queueOpenAt(queue.hours, organizationTimeZone, nowMs)) return { kind: "closed", action: queue.closedAction };
  return takesCallers ? { kind: "wait" } : { kind: "overflow", action: queue.overflowAction };
}
