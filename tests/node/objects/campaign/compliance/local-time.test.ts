import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DAY_MS,
  firstInstantAtOrAfter,
  formatLocal,
  localMsAt,
  offsetAt,
  startOfLocalDay,
  zoneAbbreviation,
} from "../../../../../objects/campaign/compliance/local-time";
import { at } from "./fixtures";

const local = (isoWithoutOffset: string) => Date.parse(`${isoWithoutOffset}Z`);
const dayOf = (isoDate: string) => Date.parse(`${isoDate}T00:00Z`) / DAY_MS;

describe("wall-clock readings and their instants", () => {
  it("reads the zone's offset from Intl", () => {
    expect(offsetAt(at("2026-01-15T12:00Z"), "America/New_York")).toBe(-5 * 3_600_000);
    expect(offsetAt(at("2026-07-15T12:00Z"), "America/New_York")).toBe(-4 * 3_600_000);
    expect(offsetAt(at("2026-07-15T12:00Z"), "America/St_Johns")).toBe(-2.5 * 3_600_000);
  });

  it("a reading inside the spring-forward gap resolves to the jump itself (02:30 → 03:00 EDT)", () => {
    expect(firstInstantAtOrAfter(local("2026-03-08T02:30"), "America/New_York")).toBe(at("2026-03-08T03:00-04:00"));
    expect(firstInstantAtOrAfter(local("2026-03-08T03:00"), "America/New_York")).toBe(at("2026-03-08T03:00-04:00"));
  });

  it("a reading inside the fall-back overlap resolves to its first occurrence", () => {
    expect(firstInstantAtOrAfter(local("2026-11-01T01:30"), "America/New_York")).toBe(at("2026-11-01T01:30-04:00"));
    expect(firstInstantAtOrAfter(local("2026-11-01T02:00"), "America/New_York")).toBe(at("2026-11-01T02:00-05:00"));
  });

  it("a day that starts at 01:00 (Santiago's DST begins at midnight) starts at 01:00", () => {
    expect(startOfLocalDay(dayOf("2026-09-06"), "America/Santiago")).toBe(at("2026-09-06T01:00-03:00"));
    expect(startOfLocalDay(dayOf("2026-04-05"), "America/Santiago")).toBe(at("2026-04-05T00:00-04:00"));
  });

  it("handles Lord Howe's half-hour DST jump", () => {
    expect(firstInstantAtOrAfter(local("2026-10-04T02:15"), "Australia/Lord_Howe")).toBe(at("2026-10-04T02:30+11:00"));
  });

  it("names zones as their residents do", () => {
    expect(zoneAbbreviation(at("2026-01-15T12:00Z"), "America/St_Johns")).toBe("NST");
    expect(zoneAbbreviation(at("2026-07-15T12:00Z"), "America/St_Johns")).toBe("NDT");
    expect(zoneAbbreviation(at("2026-07-15T12:00Z"), "Pacific/Guam")).toBe("ChST");
    expect(zoneAbbreviation(at("2026-07-15T12:00Z"), "America/Anchorage")).toBe("AKDT");
    expect(formatLocal(at("2026-11-30T14:00Z"), "America/New_York")).toBe("2026-11-30 09:00 EST");
  });

  it("for any zone and reading, the answer is the first instant reaching that reading", () => {
    const zones = ["America/New_York", "America/Santiago", "Australia/Lord_Howe", "America/St_Johns", "Pacific/Honolulu", "Europe/London"];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }), (zone, target) => {
        const instant = firstInstantAtOrAfter(target, zone);
        expect(localMsAt(instant, zone)).toBeGreaterThanOrEqual(target);
        expect(localMsAt(instant - 1, zone)).toBeLessThan(target);
        // Readings of whole seconds are reached exactly unless they fall in a gap.
        if (localMsAt(instant, zone) !== target) expect(offsetAt(instant, zone)).not.toBe(offsetAt(instant - 1, zone));
      }),
      { numRuns: 500 },
    );
  });
});
