import { describe, expect, it } from "vitest";
import { checkDial } from "../../../../../objects/campaign/compliance";
import { at, EMPTY_HISTORY, HONOLULU_PHONE, PHOENIX_PHONE, request } from "./fixtures";

const newYork = request();
const honolulu = request({ phone: HONOLULU_PHONE, accountTimeZone: "Pacific/Honolulu" });
const phoenix = request({ phone: PHOENIX_PHONE, accountTimeZone: "America/Phoenix" });

describe("calling window 08:00–21:00 in the callee's local time", () => {
  it.each([
    ["New York in winter (EST)", newYork, "-05:00", "2026-01-15"],
    ["New York in summer (EDT)", newYork, "-04:00", "2026-07-15"],
    ["Honolulu in winter", honolulu, "-10:00", "2026-01-15"],
    ["Honolulu in summer (no DST)", honolulu, "-10:00", "2026-07-15"],
    ["Phoenix in winter", phoenix, "-07:00", "2026-01-15"],
    ["Phoenix in summer (no DST: still MST)", phoenix, "-07:00", "2026-07-15"],
  ])("%s: 07:59 refused, 08:00 allowed, 20:59 allowed, 21:00 refused", (_name, dial, offset, date) => {
    const early = checkDial(dial, EMPTY_HISTORY, at(`${date}T07:59${offset}`));
    expect(early).toMatchObject({ allowed: false, reason: "outside_calling_window", nextEligibleAt: at(`${date}T08:00${offset}`) });
    expect(checkDial(dial, EMPTY_HISTORY, at(`${date}T08:00${offset}`))).toEqual({ allowed: true });
    expect(checkDial(dial, EMPTY_HISTORY, at(`${date}T20:59:59.999${offset}`))).toEqual({ allowed: true });
    const late = checkDial(dial, EMPTY_HISTORY, at(`${date}T21:00${offset}`));
    const nextDay = new Date(Date.parse(`${date}T00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(late).toMatchObject({ allowed: false, reason: "outside_calling_window", nextEligibleAt: at(`${nextDay}T08:00${offset}`) });
  });

  it("names the callee's clock in the explanation", () => {
    const early = checkDial(phoenix, EMPTY_HISTORY, at("2026-07-15T07:59-07:00"));
    expect(early).toMatchObject({
      explanation: "skipped: outside calling hours (07:59 MST there; calls only 08:00–21:00), next eligible 2026-07-15 08:00 MST",
    });
    const hawaii = checkDial(honolulu, EMPTY_HISTORY, at("2026-07-15T21:30-10:00"));
    expect(hawaii).toMatchObject({ explanation: expect.stringContaining("next eligible 2026-07-16 08:00 HST") });
  });

  it("the same UTC instant is inside the window in New York and outside it in Honolulu", () => {
    const instant = at("2026-01-15T13:30Z"); // 08:30 EST, 03:30 HST
    expect(checkDial(newYork, EMPTY_HISTORY, instant)).toEqual({ allowed: true });
    expect(checkDial(honolulu, EMPTY_HISTORY, instant)).toMatchObject({ allowed: false, reason: "outside_calling_window" });
  });
});

describe("calling window across the US DST changes", () => {
  it("spring forward (2026-03-08): Saturday 21:00 EST waits until Sunday 08:00 EDT, ten real hours later", () => {
    const decision = checkDial(newYork, EMPTY_HISTORY, at("2026-03-07T21:00-05:00"));
    expect(decision).toMatchObject({
      reason: "outside_calling_window",
      nextEligibleAt: at("2026-03-08T08:00-04:00"),
      explanation: expect.stringContaining("next eligible 2026-03-08 08:00 EDT"),
    });
    if (decision.allowed || decision.nextEligibleAt === null) throw new Error("expected a timed refusal");
    expect(decision.nextEligibleAt - at("2026-03-07T21:00-05:00")).toBe(10 * 3_600_000);
  });

  it("spring forward: just before and just after the 02:00 jump are both night, 07:59 EDT is refused, 08:00 EDT is allowed", () => {
    for (const iso of ["2026-03-08T01:59-05:00", "2026-03-08T03:00-04:00", "2026-03-08T07:59-04:00"]) {
      expect(checkDial(newYork, EMPTY_HISTORY, at(iso))).toMatchObject({ reason: "outside_calling_window", nextEligibleAt: at("2026-03-08T08:00-04:00") });
    }
    expect(checkDial(newYork, EMPTY_HISTORY, at("2026-03-08T08:00-04:00"))).toEqual({ allowed: true });
    expect(checkDial(newYork, EMPTY_HISTORY, at("2026-03-08T20:59-04:00"))).toEqual({ allowed: true });
    expect(checkDial(newYork, EMPTY_HISTORY, at("2026-03-08T21:00-04:00"))).toMatchObject({ nextEligibleAt: at("2026-03-09T08:00-04:00") });
  });

  it("fall back (2026-11-01): both 01:30s are night and point to 08:00 EST; the window follows the new offset", () => {
    expect(checkDial(newYork, EMPTY_HISTORY, at("2026-10-31T21:00-04:00"))).toMatchObject({ nextEligibleAt: at("2026-11-01T08:00-05:00") });
    expect(checkDial(newYork, EMPTY_HISTORY, at("2026-11-01T01:30-04:00"))).toMatchObject({ nextEligibleAt: at("2026-11-01T08:00-05:00") });
    expect(checkDial(newYork, EMPTY_HISTORY, at("2026-11-01T01:30-05:00"))).toMatchObject({ nextEligibleAt: at("2026-11-01T08:00-05:00") });
    expect(checkDial(newYork, EMPTY_HISTORY, at("2026-11-01T07:59-05:00"))).toMatchObject({ reason: "outside_calling_window" });
    expect(checkDial(newYork, EMPTY_HISTORY, at("2026-11-01T08:00-05:00"))).toEqual({ allowed: true });
    expect(checkDial(newYork, EMPTY_HISTORY, at("2026-11-01T20:59-05:00"))).toEqual({ allowed: true });
    expect(checkDial(newYork, EMPTY_HISTORY, at("2026-11-01T21:00-05:00"))).toMatchObject({
      nextEligibleAt: at("2026-11-02T08:00-05:00"),
      explanation: expect.stringContaining("(21:00 EST there;"),
    });
  });

  it("Arizona and Hawaii keep the same UTC window through the US changes", () => {
    for (const date of ["2026-03-07", "2026-03-08", "2026-03-09", "2026-10-31", "2026-11-01", "2026-11-02"]) {
      expect(checkDial(phoenix, EMPTY_HISTORY, at(`${date}T15:00Z`))).toEqual({ allowed: true }); // 08:00 MST
      expect(checkDial(phoenix, EMPTY_HISTORY, at(`${date}T14:59Z`))).toMatchObject({ reason: "outside_calling_window" });
      expect(checkDial(honolulu, EMPTY_HISTORY, at(`${date}T18:00Z`))).toEqual({ allowed: true }); // 08:00 HST
      expect(checkDial(honolulu, EMPTY_HISTORY, at(`${date}T17:59Z`))).toMatchObject({ reason: "outside_calling_window" });
    }
  });
});

describe("a campaign's own calling window", () => {
  it("narrows the legal window", () => {
    const dial = request({ callingWindow: { from: "09:00", to: "20:00" } });
    expect(checkDial(dial, EMPTY_HISTORY, at("2026-01-15T08:30-05:00"))).toMatchObject({ nextEligibleAt: at("2026-01-15T09:00-05:00") });
    expect(checkDial(dial, EMPTY_HISTORY, at("2026-01-15T09:00-05:00"))).toEqual({ allowed: true });
    expect(checkDial(dial, EMPTY_HISTORY, at("2026-01-15T20:00-05:00"))).toMatchObject({ nextEligibleAt: at("2026-01-16T09:00-05:00") });
  });

  it("can never widen it", () => {
    const dial = request({ callingWindow: { from: "06:00", to: "23:00" } });
    expect(checkDial(dial, EMPTY_HISTORY, at("2026-01-15T07:30-05:00"))).toMatchObject({ nextEligibleAt: at("2026-01-15T08:00-05:00") });
    expect(checkDial(dial, EMPTY_HISTORY, at("2026-01-15T21:30-05:00"))).toMatchObject({ reason: "outside_calling_window" });
  });

  it("a window entirely outside 08:00–21:00, or malformed, is an invalid request rather than no restriction", () => {
    for (const callingWindow of [
      { from: "21:00", to: "23:00" },
      { from: "12:00", to: "10:00" },
      { from: "9am", to: "5pm" },
    ]) {
      expect(checkDial(request({ callingWindow }), EMPTY_HISTORY, at("2026-01-15T12:00-05:00"))).toMatchObject({
        allowed: false,
        reason: "invalid_request",
        nextEligibleAt: null,
      });
    }
  });
});
