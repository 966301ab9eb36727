// Usage above a plan, as the engine charges it: the minutes above the included ones and
// their price, what the next meter event carries given what was reported (never a minute
// twice, never a minute taken back), and the event's time kept inside its period.
import { describe, expect, it } from "vitest";
import { callMinutesOverage, meterEventTimestampS, minutesToReport, OVERAGE_CENTS_PER_CALL_MINUTE } from "../../../domain/billing-overage";
import { planById } from "../../../domain/billing-plans";

describe("call minutes above the plan", () => {
  it("are the minutes past the plan's included ones, priced per minute; none within them", () => {
    const starter = planById("starter");
    expect(callMinutesOverage(starter, starter.includedCallMinutes)).toEqual({ includedCallMinutes: 2_000, minutes: 0, centsPerMinute: OVERAGE_CENTS_PER_CALL_MINUTE, cents: 0 });
    expect(callMinutesOverage(starter, 2_125)).toMatchObject({ minutes: 125, cents: 125 * OVERAGE_CENTS_PER_CALL_MINUTE });
    expect(callMinutesOverage(planById("growth"), 2_125).minutes).toBe(0);
  });

  it("are reported as what the period's reports do not carry yet, so a rerun reports nothing and an upgrade takes nothing back", () => {
    expect(minutesToReport(125, 0)).toBe(125);
    expect(minutesToReport(125, 125)).toBe(0);
    expect(minutesToReport(140, 125)).toBe(15);
    // More minutes included after an upgrade: what was reported stays reported.
    expect(minutesToReport(0, 125)).toBe(0);
  });

  it("are dated now, or inside the period when now is past it (Stripe bills an event in the period of its timestamp)", () => {
    const period = { from: new Date("2026-12-01T00:00:00Z"), to: new Date("2027-01-01T00:00:00Z") };
    expect(meterEventTimestampS(Date.parse("2026-12-06T13:00:00.900Z"), period)).toBe(Date.parse("2026-12-06T13:00:00Z") / 1000);
    expect(meterEventTimestampS(Date.parse("2027-01-01T00:10:00Z"), period)).toBe(Date.parse("2027-01-01T00:00:00Z") / 1000 - 1);
    expect(meterEventTimestampS(Date.parse("2026-11-30T23:00:00Z"), period)).toBe(Date.parse("2026-12-01T00:00:00Z") / 1000);
  });
});
