import { describe, expect, it } from "vitest";
import { checkDial } from "../../../../../objects/campaign/compliance";
import { at, attempt, EMPTY_HISTORY, history, NEW_YORK_PHONE, request } from "./fixtures";

const noon = at("2026-01-15T12:00-05:00");

describe("do-not-call lists", () => {
  it("a number on the organisation's list is never dialed", () => {
    const dial = request({ dnc: { org: { kind: "set", numbers: new Set([NEW_YORK_PHONE]) } } });
    expect(checkDial(dial, EMPTY_HISTORY, noon)).toEqual({
      allowed: false,
      reason: "dnc_org",
      nextEligibleAt: null,
      explanation: `skipped: organisation do-not-call list (${NEW_YORK_PHONE} is on the organisation's do-not-call list), not eligible until this changes`,
      blockedBy: ["dnc_org"],
    });
  });

  it("a number on the campaign's list is refused as dnc_campaign; the org list is named first when both apply", () => {
    expect(checkDial(request({ dnc: { campaign: { kind: "lookup", listed: true } } }), EMPTY_HISTORY, noon)).toMatchObject({
      reason: "dnc_campaign",
      nextEligibleAt: null,
    });
    const both = request({ dnc: { org: { kind: "lookup", listed: true }, campaign: { kind: "set", numbers: new Set([NEW_YORK_PHONE]) } } });
    expect(checkDial(both, EMPTY_HISTORY, noon)).toMatchObject({ reason: "dnc_org", blockedBy: ["dnc_org", "dnc_campaign"] });
  });

  it("lists hold numbers: another number on the list does not block this one", () => {
    const dial = request({ dnc: { org: { kind: "set", numbers: new Set(["+13125550199"]) }, campaign: { kind: "set", numbers: new Set() } } });
    expect(checkDial(dial, EMPTY_HISTORY, noon)).toEqual({ allowed: true });
  });

  it("the account's own do-not-call flag blocks every number of the account", () => {
    expect(checkDial(request({ dnc: { account: true } }), EMPTY_HISTORY, noon)).toMatchObject({ reason: "dnc_account", nextEligibleAt: null });
  });

  it("a standing refusal outranks the clock, and still lists what else blocks", () => {
    const dial = request({ dnc: { org: { kind: "lookup", listed: true } } });
    expect(checkDial(dial, EMPTY_HISTORY, at("2026-01-15T07:00-05:00"))).toMatchObject({
      reason: "dnc_org",
      nextEligibleAt: null,
      blockedBy: ["dnc_org", "outside_calling_window"],
    });
  });
});

describe("consent", () => {
  it("an account without consent is not dialed", () => {
    expect(checkDial(request({ consent: false }), EMPTY_HISTORY, noon)).toMatchObject({
      reason: "no_consent",
      nextEligibleAt: null,
      explanation: "skipped: no consent (account acct-1 has no consent to be called), not eligible until this changes",
    });
  });

  it("an account of unknown consent is skipped by an autodialled campaign, with its own reason, for good", () => {
    expect(checkDial(request({ consent: null }), EMPTY_HISTORY, noon)).toMatchObject({
      reason: "consent_unknown",
      nextEligibleAt: null,
      explanation: "skipped: consent unknown (account acct-1 has no recorded consent, and this campaign dials automatically), not eligible until this changes",
    });
  });

  it("an account of unknown consent may be dialled where unknown is allowed (an agent's preview, or a campaign that says so)", () => {
    expect(checkDial(request({ consent: null, unknownConsentAllowed: true }), EMPTY_HISTORY, noon)).toEqual({ allowed: true });
  });

  it("a refusal stays a refusal where unknown is allowed", () => {
    expect(checkDial(request({ consent: false, unknownConsentAllowed: true }), EMPTY_HISTORY, noon)).toMatchObject({ reason: "no_consent" });
  });
});

describe("max attempts per account per campaign", () => {
  const capped = request({ maxAttempts: 5 });

  it("allows the 5th attempt and refuses the 6th", () => {
    expect(checkDial(capped, history({ campaignAttemptCount: 4 }), noon)).toEqual({ allowed: true });
    expect(checkDial(capped, history({ campaignAttemptCount: 5 }), noon)).toMatchObject({
      reason: "max_attempts",
      nextEligibleAt: null,
      explanation: expect.stringContaining("5 of 5 attempts made in this campaign"),
    });
  });

  it("trusts the listed attempts when the counter lags behind them", () => {
    const attempts = ["10", "11", "12", "13", "14"].map((day) => attempt(`2026-01-${day}T10:00-05:00`));
    expect(checkDial(capped, history({ attempts, campaignAttemptCount: 2 }), noon)).toMatchObject({ reason: "max_attempts" });
  });

  it("only this campaign's attempts count toward its cap", () => {
    const attempts = ["10", "11", "12", "13", "14"].map((day) => attempt(`2026-01-${day}T10:00-05:00`, ["D-1"], "camp-2"));
    expect(checkDial(capped, history({ attempts, campaignAttemptCount: 0 }), noon)).toEqual({ allowed: true });
  });

  it("no cap means no cap; a cap of 0 refuses the first dial", () => {
    expect(checkDial(request({ maxAttempts: null }), history({ campaignAttemptCount: 1000 }), noon)).toEqual({ allowed: true });
    expect(checkDial(request({ maxAttempts: 0 }), EMPTY_HISTORY, noon)).toMatchObject({ reason: "max_attempts" });
  });
});

describe("malformed requests", () => {
  it.each([
    ["a phone that is not E.164", request({ phone: "212-555-0123" })],
    ["an E.164-shaped number no country has (stored before numbers were checked)", request({ phone: "+999" })],
    ["a negative attempt cap", request({ maxAttempts: -1 })],
  ])("%s is refused as invalid_request", (_name, dial) => {
    expect(checkDial(dial, EMPTY_HISTORY, noon)).toMatchObject({ reason: "invalid_request", nextEligibleAt: null });
  });

  it("names why a number is not possible", () => {
    expect(checkDial(request({ phone: "+999" }), EMPTY_HISTORY, noon)).toMatchObject({ explanation: expect.stringContaining("+999 is not a possible phone number") });
  });

  it("a clock reading that is not a number is refused", () => {
    expect(checkDial(request(), EMPTY_HISTORY, Number.NaN)).toMatchObject({ reason: "invalid_request" });
  });
});
