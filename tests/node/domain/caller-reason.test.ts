import { describe, expect, it } from "vitest";
import { callerReasons } from "../../../domain/caller-reason";

// Monday 7 December 2026, 10:00 in New York (UTC-5).
const now = Date.parse("2026-12-07T10:00:00-05:00");
const nyc = (iso: string) => Date.parse(`${iso}-05:00`);
const NY = "America/New_York";

describe("why a caller is calling", () => {
  it("is nothing when the engine knows nothing of them", () => {
    expect(callerReasons({}, now, NY)).toEqual([]);
  });

  it("names the campaign whose call they are returning, the day in the organisation's calendar, and a voicemail it left", () => {
    const reasons = callerReasons({ lastOutbound: { atMs: nyc("2026-12-04T16:30:00"), campaignName: "December arrears", voicemailLeft: true } }, now, NY);
    expect(reasons).toEqual([{ kind: "returning_call", text: "Returning a call from campaign December arrears on Dec 4 (a voicemail was left)" }]);
    // 23:30 on the 6th in New York is already the 7th in UTC: the organisation's day counts.
    expect(callerReasons({ lastOutbound: { atMs: nyc("2026-12-06T23:30:00"), campaignName: null, voicemailLeft: false } }, now, NY)[0]!.text).toBe("Returning a call yesterday");
  });

  it("puts what they keyed first, then a callback they asked for, then what we sent them", () => {
    const reasons = callerReasons(
      {
        ivrChoice: "pay",
        openCallback: { requestedAtMs: nyc("2026-12-07T08:00:00") },
        paymentLinkSent: { atMs: nyc("2026-12-06T12:00:00"), amountCents: 15_000 },
        lastOutbound: { atMs: nyc("2026-12-05T12:00:00"), campaignName: "Card", voicemailLeft: false },
        promise: { date: "2026-12-08", amountCents: 250_000 },
      },
      now,
      NY,
    );
    expect(reasons.map((r) => r.text)).toEqual([
      "Chose to pay in the phone menu",
      "Asked for a callback today",
      "A payment link for $150.00 was texted yesterday",
      "Returning a call from campaign Card on Dec 5",
      "Promise to pay $2,500.00 due Dec 8",
    ]);
  });

  it("leaves out what is too old to be why they call today", () => {
    const reasons = callerReasons(
      {
        openCallback: { requestedAtMs: nyc("2026-11-20T08:00:00") },
        paymentLinkSent: { atMs: nyc("2026-11-29T12:00:00"), amountCents: 100 },
        lastOutbound: { atMs: nyc("2026-11-22T12:00:00"), campaignName: "Old", voicemailLeft: true },
        promise: { date: "2026-11-29", amountCents: 100 },
      },
      now,
      NY,
    );
    expect(reasons).toEqual([]);
  });

  it("says a promise is due today, or was due, until a week after its date", () => {
    expect(callerReasons({ promise: { date: "2026-12-07", amountCents: 5_000 } }, now, NY)[0]!.text).toBe("Promise to pay $50.00 due today");
    expect(callerReasons({ promise: { date: "2026-12-01", amountCents: 5_000 } }, now, NY)[0]!.text).toBe("Promise to pay $50.00 was due Dec 1");
    expect(callerReasons({ promise: { date: "2026-12-11", amountCents: 5_000 } }, now, NY)).toEqual([]);
  });

  it("says a link without a known amount plainly, and never counts a fact from the future", () => {
    expect(callerReasons({ paymentLinkSent: { atMs: nyc("2026-12-07T09:00:00"), amountCents: null } }, now, NY)[0]!.text).toBe("A payment link was texted today");
    expect(callerReasons({ lastOutbound: { atMs: now + 60_000, campaignName: "Later", voicemailLeft: false } }, now, NY)).toEqual([]);
  });
});
