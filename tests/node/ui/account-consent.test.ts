// How the console words consent and line types: unknown is its own state, never granted.
import { describe, expect, it } from "vitest";
import { consentBadge, consentFact, importConsentNote, lineTypeLabel } from "../../../ui/src/lib/account-consent";

describe("an account's consent in the console", () => {
  it("shows no badge for consent on record, a danger badge for a refusal, a warning for unknown", () => {
    expect(consentBadge(true)).toBeNull();
    expect(consentBadge(false)).toMatchObject({ label: "No consent", tone: "danger" });
    expect(consentBadge(null)).toMatchObject({ label: "Consent unknown", tone: "warning" });
    expect(consentFact(true)).toBe("Granted");
    expect(consentFact(null)).toMatch(/progressive and predictive campaigns skip/);
  });

  it("names a number's line type, and a number stored before types were kept as unknown", () => {
    expect(lineTypeLabel({ "+447400123456": "mobile" }, "+447400123456")).toBe("mobile");
    expect(lineTypeLabel({}, "+15550100001")).toBe("line type unknown");
  });
});

describe("the import's dry run on consent", () => {
  it("says nothing when every good row gave consent", () => {
    expect(importConsentNote({ consentColumn: true, rowsWithoutConsent: 0 })).toBeNull();
  });

  it("says how many rows had no consent column, and what that means", () => {
    expect(importConsentNote({ consentColumn: false, rowsWithoutConsent: 3 })).toMatch(/^The file has no consent column: 3 good rows give no consent\. New accounts from them are stored with consent unknown/);
  });

  it("counts blank cells when the column is there", () => {
    expect(importConsentNote({ consentColumn: true, rowsWithoutConsent: 1 })).toMatch(/^1 good row has a blank consent cell\./);
  });
});
