import { describe, expect, it } from "vitest";
import { ALWAYS_OPEN, hasSkills, queueArrival, queueOpenAt, queueSettingsFields, ringInForceFor, skillsNeeded, type QueueHours } from "../../../domain/inbound-queues";

const weekdays9to5: QueueHours = {
  timeZone: "America/New_York",
  weekly: { mon: [{ from: "09:00", to: "12:00" }, { from: "13:00", to: "17:00" }], tue: [{ from: "09:00", to: "17:00" }] },
  holidays: [{ date: "2026-12-08", name: "Staff day" }],
};
// Monday 7 December 2026 in New York (UTC-5).
const nyc = (hhmm: string, day = "07") => Date.parse(`2026-12-${day}T${hhmm}:00-05:00`);

describe("a queue's opening hours", () => {
  it("are read on the queue's own wall clock, span by span, the closing minute closed", () => {
    expect(queueOpenAt(weekdays9to5, "UTC", nyc("08:59"))).toBe(false);
    expect(queueOpenAt(weekdays9to5, "UTC", nyc("09:00"))).toBe(true);
    expect(queueOpenAt(weekdays9to5, "UTC", nyc("12:30"))).toBe(false);
    expect(queueOpenAt(weekdays9to5, "UTC", nyc("16:59"))).toBe(true);
    expect(queueOpenAt(weekdays9to5, "UTC", nyc("17:00"))).toBe(false);
  });

  it("close the whole of a holiday and every day with no spans", () => {
    expect(queueOpenAt(weekdays9to5, "UTC", nyc("10:00", "08"))).toBe(false);
    // Wednesday: not listed.
    expect(queueOpenAt(weekdays9to5, "UTC", nyc("10:00", "09"))).toBe(false);
  });

  it("follow the organisation's zone when the queue names none", () => {
    const orgZone = { ...weekdays9to5, timeZone: null };
    // 09:30 in New York is 06:30 in Los Angeles.
    expect(queueOpenAt(orgZone, "America/New_York", nyc("09:30"))).toBe(true);
    expect(queueOpenAt(orgZone, "America/Los_Angeles", nyc("09:30"))).toBe(false);
  });

  it("keep the wall clock across a change of daylight time", () => {
    const summer = Date.parse("2026-07-06T09:30:00-04:00");
    expect(queueOpenAt(weekdays9to5, "UTC", summer)).toBe(true);
    expect(queueOpenAt(ALWAYS_OPEN, "Asia/Kolkata", summer)).toBe(true);
  });

  it("refuse a span that closes before it opens, naming it", () => {
    const parsed = queueSettingsFields.hours.safeParse({ timeZone: null, weekly: { fri: [{ from: "18:00", to: "02:00" }] }, holidays: [] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(["weekly", "fri", 0, "to"]);
    expect(queueSettingsFields.hours.safeParse({ timeZone: "Mars/Olympus", weekly: {}, holidays: [] }).success).toBe(false);
  });
});

describe("where a caller arriving at a queue goes", () => {
  const queue = { hours: weekdays9to5, closedAction: { kind: "ivr" as const }, overflowAction: { kind: "message" as const, message: "Busy" } };
  it("is the closed action outside the hours, else a place in the queue", () => {
    expect(queueArrival(queue, "UTC", nyc("20:00"), true)).toEqual({ kind: "closed", action: { kind: "ivr" } });
    expect(queueArrival(queue, "UTC", nyc("10:00"), true)).toEqual({ kind: "wait" });
  });
});

describe("the skills a caller needs", () => {
  const settings = { requiredSkills: { collections: 3 }, routeByLanguage: true };
  it("are the queue's, and the caller's language when it routes by language", () => {
    expect(skillsNeeded(settings, "es")).toEqual({ collections: 3, "language:es": 1 });
    expect(skillsNeeded(settings, null)).toEqual({ collections: 3 });
    expect(skillsNeeded({ ...settings, routeByLanguage: false }, "es")).toEqual({ collections: 3 });
  });

  it("are met only by a member at the level or above in each", () => {
    const needed = { collections: 3, "language:es": 1 };
    expect(hasSkills({ skills: { collections: 3, "language:es": 9 } }, needed)).toBe(true);
    expect(hasSkills({ skills: { collections: 2, "language:es": 9 } }, needed)).toBe(false);
    expect(hasSkills({ skills: { collections: 5 } }, needed)).toBe(false);
    expect(hasSkills({ skills: {} }, {})).toBe(true);
  });
});

describe("a queue's miss threshold", () => {
  it("is the queue's own when it sets one, else the organisation's; a queue that does not ring has none", () => {
    expect(ringInForceFor({ acceptSeconds: 20, missesBeforeBreak: 2 }, 5)).toEqual({ acceptSeconds: 20, missesBeforeBreak: 2 });
    expect(ringInForceFor({ acceptSeconds: 20 }, 5)).toEqual({ acceptSeconds: 20, missesBeforeBreak: 5 });
    expect(ringInForceFor(null, 5)).toBeNull();
    expect(queueSettingsFields.agentRing.safeParse({ acceptSeconds: 20, missesBeforeBreak: 0 }).success).toBe(false);
  });
});
