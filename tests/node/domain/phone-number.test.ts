// The one reading of a phone number every way in uses: E.164, possible in a real
// numbering plan, and its line type where the plan says.
import { describe, expect, it } from "vitest";
import { phoneLineTypesOf, readPhoneNumber } from "../../../domain/phone-number";

describe("reading a phone number", () => {
  it.each([
    ["+999", "+999 is not a possible phone number: no country's calling code begins it"],
    ["+9991234567", "+9991234567 is not a possible phone number: no country's calling code begins it"],
    ["+1555", "+1555 is not a possible phone number: too short for a number in +1"],
    ["+4420712345678", "+4420712345678 is not a possible phone number: too long for a number in +44"],
    ["212-555-0123", "must be E.164, like +15551234567"],
  ])("refuses %s, saying why", (text, reason) => {
    expect(readPhoneNumber(text)).toEqual({ ok: false, reason });
  });

  it.each([
    ["+447400123456", "mobile", "GB"],
    ["+33612345678", "mobile", "FR"],
    ["+442071234567", "fixed_line", "GB"],
    ["+18005550100", "toll_free", "US"],
    // North American plans do not tell mobile from fixed.
    ["+12125550123", "fixed_line_or_mobile", "US"],
  ])("reads %s as a %s line in %s", (text, lineType, country) => {
    expect(readPhoneNumber(text)).toEqual({ ok: true, e164: text, lineType, country });
  });

  it("accepts the simulator's 555-01xx numbers (possible, in no assigned range) as of unknown type", () => {
    expect(readPhoneNumber("+15550100001")).toEqual({ ok: true, e164: "+15550100001", lineType: "unknown", country: null });
  });

  it("gives the line type of each number", () => {
    expect(phoneLineTypesOf(["+447400123456", "+15550100001"])).toEqual({ "+447400123456": "mobile", "+15550100001": "unknown" });
  });
});
