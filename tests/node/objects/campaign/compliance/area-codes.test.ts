import { describe, expect, it } from "vitest";
import { AREA_CODE_GROUPS, timeZoneForPhone } from "../../../../../objects/campaign/compliance/area-codes";
import { checkDial } from "../../../../../objects/campaign/compliance";
import { at, EMPTY_HISTORY, request } from "./fixtures";

const allCodes = AREA_CODE_GROUPS.flatMap((group) => group.codes);

describe("the NANP area-code table", () => {
  it("lists each area code once, as a geographic NXX code", () => {
    expect(new Set(allCodes).size).toBe(allCodes.length);
    for (const code of allCodes) expect(code).toMatch(/^[2-9](?!11)\d{2}$/);
    expect(allCodes.length).toBeGreaterThan(420);
  });

  it("maps only to zones this runtime knows", () => {
    for (const { zone } of AREA_CODE_GROUPS) {
      expect(() => new Intl.DateTimeFormat("en-US", { timeZone: zone }), zone).not.toThrow();
    }
  });

  it("leaves non-geographic codes out, so they are refused rather than guessed", () => {
    for (const code of ["800", "833", "844", "855", "866", "877", "888", "500", "533", "600", "700", "710", "900"]) {
      expect(allCodes).not.toContain(code);
    }
  });

  it.each([
    ["212", "America/New_York"],
    ["808", "Pacific/Honolulu"],
    ["602", "America/Phoenix"],
    ["928", "America/Phoenix"],
    ["907", "America/Anchorage"],
    ["415", "America/Los_Angeles"],
    ["312", "America/Chicago"],
    ["303", "America/Denver"],
    ["208", "America/Boise"],
    ["219", "America/Chicago"],
    ["812", "America/Indiana/Indianapolis"],
    ["850", "America/Chicago"],
    ["915", "America/Denver"],
    ["313", "America/Detroit"],
    ["787", "America/Puerto_Rico"],
    ["671", "Pacific/Guam"],
    ["416", "America/Toronto"],
    ["514", "America/Toronto"],
    ["604", "America/Vancouver"],
    ["306", "America/Regina"],
    ["709", "America/St_Johns"],
    ["902", "America/Halifax"],
  ])("area code %s is in %s", (code, zone) => {
    expect(timeZoneForPhone(`+1${code}5550123`)).toBe(zone);
  });
});

describe("time zone from the account, else from the area code", () => {
  it("without an account zone, a Honolulu number is dialed on Hawaii time", () => {
    const dial = request({ phone: "+18085550123", accountTimeZone: null });
    expect(checkDial(dial, EMPTY_HISTORY, at("2026-01-15T07:59-10:00"))).toMatchObject({
      reason: "outside_calling_window",
      explanation: expect.stringContaining("next eligible 2026-01-15 08:00 HST"),
    });
    expect(checkDial(dial, EMPTY_HISTORY, at("2026-01-15T08:00-10:00"))).toEqual({ allowed: true });
  });

  it("the account's zone wins over the number's area code (the consumer moved, the number did not)", () => {
    const dial = request({ phone: "+12125550123", accountTimeZone: "America/Los_Angeles" });
    // 10:00 in New York is 07:00 in Los Angeles.
    expect(checkDial(dial, EMPTY_HISTORY, at("2026-01-15T10:00-05:00"))).toMatchObject({
      reason: "outside_calling_window",
      nextEligibleAt: at("2026-01-15T08:00-08:00"),
    });
  });

  it.each([
    ["a toll-free number", "+18005550123"],
    ["an unassigned area code", "+19995550123"],
    ["a number outside the NANP", "+442071234567"],
  ])("%s with no account zone is refused as unknown_time_zone, never guessed", (_name, phone) => {
    expect(checkDial(request({ phone, accountTimeZone: null }), EMPTY_HISTORY, at("2026-01-15T12:00-05:00"))).toMatchObject({
      allowed: false,
      reason: "unknown_time_zone",
      nextEligibleAt: null,
      explanation: expect.stringContaining("not eligible until this changes"),
    });
  });

  it("a number outside the NANP is dialed on the account's zone when it has one", () => {
    const dial = request({ phone: "+442071234567", accountTimeZone: "Europe/London" });
    expect(checkDial(dial, EMPTY_HISTORY, at("2026-01-15T08:00Z"))).toEqual({ allowed: true });
    expect(checkDial(dial, EMPTY_HISTORY, at("2026-01-15T07:59Z"))).toMatchObject({ reason: "outside_calling_window" });
  });

  it("an account zone that is not an IANA zone is refused, not replaced by the area code", () => {
    expect(checkDial(request({ accountTimeZone: "Mars/Olympus_Mons" }), EMPTY_HISTORY, at("2026-01-15T12:00-05:00"))).toMatchObject({
      reason: "unknown_time_zone",
      explanation: expect.stringContaining('"Mars/Olympus_Mons" is not an IANA zone'),
    });
  });
});
