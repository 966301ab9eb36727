import { describe, expect, it } from "vitest";
import { checkDial, type InconvenientTime } from "../../../../../objects/campaign/compliance";
import { at, EMPTY_HISTORY, request } from "./fixtures";

const withTimes = (...inconvenientTimes: InconvenientTime[]) => request({ inconvenientTimes });

describe("times the consumer said are inconvenient", () => {
  // 2026-01-12 is a Monday.
  const lunch = withTimes({ kind: "weekly", day: "mon", from: "12:00", to: "13:00" });

  it("a weekly window blocks from its start (inclusive) to its end (exclusive)", () => {
    expect(checkDial(lunch, EMPTY_HISTORY, at("2026-01-12T11:59-05:00"))).toEqual({ allowed: true });
    for (const iso of ["2026-01-12T12:00-05:00", "2026-01-12T12:59:59-05:00"]) {
      expect(checkDial(lunch, EMPTY_HISTORY, at(iso))).toMatchObject({
        reason: "inconvenient_time",
        nextEligibleAt: at("2026-01-12T13:00-05:00"),
        explanation: "skipped: inconvenient time (the consumer said mon 12:00–13:00 is inconvenient), next eligible 2026-01-12 13:00 EST",
      });
    }
    expect(checkDial(lunch, EMPTY_HISTORY, at("2026-01-12T13:00-05:00"))).toEqual({ allowed: true });
    expect(checkDial(lunch, EMPTY_HISTORY, at("2026-01-13T12:30-05:00"))).toEqual({ allowed: true });
    expect(checkDial(lunch, EMPTY_HISTORY, at("2026-01-19T12:30-05:00"))).toMatchObject({ reason: "inconvenient_time" });
  });

  it("a window past midnight runs into the next day (Saturday 20:00 to Sunday 09:00)", () => {
    const weekendMornings = withTimes({ kind: "weekly", day: "sat", from: "20:00", to: "09:00" });
    expect(checkDial(weekendMornings, EMPTY_HISTORY, at("2026-01-17T19:59-05:00"))).toEqual({ allowed: true });
    expect(checkDial(weekendMornings, EMPTY_HISTORY, at("2026-01-17T20:00-05:00"))).toMatchObject({
      reason: "inconvenient_time",
      nextEligibleAt: at("2026-01-18T09:00-05:00"),
    });
    expect(checkDial(weekendMornings, EMPTY_HISTORY, at("2026-01-18T08:30-05:00"))).toMatchObject({
      reason: "inconvenient_time",
      nextEligibleAt: at("2026-01-18T09:00-05:00"),
    });
    expect(checkDial(weekendMornings, EMPTY_HISTORY, at("2026-01-18T09:00-05:00"))).toEqual({ allowed: true });
  });

  it("whole local dates block from the first day's midnight to the day after the last", () => {
    const holidays = withTimes({ kind: "dates", fromDate: "2026-12-20", toDate: "2026-12-27" });
    expect(checkDial(holidays, EMPTY_HISTORY, at("2026-12-19T20:59-05:00"))).toEqual({ allowed: true });
    expect(checkDial(holidays, EMPTY_HISTORY, at("2026-12-20T08:00-05:00"))).toMatchObject({
      reason: "inconvenient_time",
      nextEligibleAt: at("2026-12-28T08:00-05:00"),
      explanation: expect.stringContaining("2026-12-20 to 2026-12-27"),
    });
    expect(checkDial(holidays, EMPTY_HISTORY, at("2026-12-28T08:00-05:00"))).toEqual({ allowed: true });
  });

  it("adjacent windows that cover a whole calling day push the dial to the next day", () => {
    const noMondays = withTimes(
      { kind: "weekly", day: "mon", from: "08:00", to: "12:00" },
      { kind: "weekly", day: "mon", from: "12:00", to: "21:00" },
    );
    expect(checkDial(noMondays, EMPTY_HISTORY, at("2026-01-12T08:00-05:00"))).toMatchObject({
      reason: "inconvenient_time",
      nextEligibleAt: at("2026-01-13T08:00-05:00"),
    });
  });

  it("windows follow the consumer's clock across spring-forward (Sunday 2026-03-08)", () => {
    const sundayMorning = withTimes({ kind: "weekly", day: "sun", from: "08:00", to: "10:00" });
    expect(checkDial(sundayMorning, EMPTY_HISTORY, at("2026-03-08T08:30-04:00"))).toMatchObject({
      nextEligibleAt: at("2026-03-08T10:00-04:00"),
      explanation: expect.stringContaining("next eligible 2026-03-08 10:00 EDT"),
    });
    // Saturday night: the calling window opens at 08:00 EDT, the consumer's window keeps it shut until 10:00 EDT.
    expect(checkDial(sundayMorning, EMPTY_HISTORY, at("2026-03-07T22:00-05:00"))).toMatchObject({
      reason: "outside_calling_window",
      nextEligibleAt: at("2026-03-08T10:00-04:00"),
    });
  });

  it("a consumer who is never reachable is refused with no next time, and says why", () => {
    const never = withTimes(...(["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const).map((day) => ({ kind: "weekly" as const, day, from: "00:00", to: "24:00" })));
    expect(checkDial(never, EMPTY_HISTORY, at("2026-01-12T10:00-05:00"))).toMatchObject({
      reason: "inconvenient_time",
      nextEligibleAt: null,
      explanation: expect.stringContaining("no time in the next 400 days satisfies every rule"),
    });
  });

  it("a malformed window is an invalid request, never silently ignored", () => {
    for (const time of [
      { kind: "weekly", day: "mon", from: "25:00", to: "26:00" },
      { kind: "weekly", day: "monday", from: "12:00", to: "13:00" },
      { kind: "dates", fromDate: "2026-02-30", toDate: "2026-03-02" },
      { kind: "dates", fromDate: "2026-03-02", toDate: "2026-03-01" },
    ] as unknown as InconvenientTime[]) {
      expect(checkDial(withTimes(time), EMPTY_HISTORY, at("2026-01-12T10:00-05:00"))).toMatchObject({ reason: "invalid_request", nextEligibleAt: null });
    }
  });
});
