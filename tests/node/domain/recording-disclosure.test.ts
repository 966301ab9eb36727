// Which calls hear the recording disclosure: a customer in an all-party-consent state (the
// account's state when known, else the area code), and only when the call is recorded.
import { describe, expect, it } from "vitest";
import { ALL_PARTY_CONSENT_STATES } from "../../../domain/all-party-consent-states";
import { allPartyConsentStateOf, disclosureBeforeRecording } from "../../../domain/recording-disclosure";

describe("recording disclosure", () => {
  it("places a number in its all-party-consent state by area code", () => {
    expect(allPartyConsentStateOf("+14155550123")).toBe("CA");
    expect(allPartyConsentStateOf("+13055550123")).toBe("FL");
    expect(allPartyConsentStateOf("+12155550123")).toBe("PA");
    // Texas and New York are one-party states; a number outside the plan is unknown.
    expect(allPartyConsentStateOf("+12145550123")).toBeNull();
    expect(allPartyConsentStateOf("+12125550123")).toBeNull();
    expect(allPartyConsentStateOf("+442071838750")).toBeNull();
  });

  it("prefers the account's state to the area code when it is known", () => {
    expect(allPartyConsentStateOf("+14155550123", "TX")).toBeNull();
    expect(allPartyConsentStateOf("+12145550123", "wa")).toBe("WA");
  });

  it("says the organisation's words only before a recording", () => {
    expect(disclosureBeforeRecording({ record: true, customerNumber: "+14155550123" }, "Recorded.")).toBe("Recorded.");
    expect(disclosureBeforeRecording({ record: false, customerNumber: "+14155550123" }, "Recorded.")).toBeNull();
    expect(disclosureBeforeRecording({ record: true, customerNumber: "+12145550123" }, "Recorded.")).toBeNull();
  });

  it("gives every state its statute, and no area code to two states", () => {
    const codes = Object.values(ALL_PARTY_CONSENT_STATES).flatMap((state) => state.areaCodes);
    expect(new Set(codes).size).toBe(codes.length);
    for (const state of Object.values(ALL_PARTY_CONSENT_STATES)) expect(state.statute).not.toBe("");
  });
});
