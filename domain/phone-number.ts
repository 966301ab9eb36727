// What a phone number is worth dialling: the one reading of a number every way in uses
// (the accounts API, the CSV import, a manual call, a campaign's dial). A number must be
// written in E.164 and be possible in a real numbering plan (a country uses its calling
// code, and its length fits that country's plan); "+999" is E.164-shaped but no country
// has that code, so it is refused. The line type (mobile, fixed line, toll free ...) is
// read from the plan where it says; numbers outside every known range (the simulator's
// 555-01xx fiction included) are possible but of unknown type.
//
// Possible, not valid: validity also checks assigned ranges, which the plan's metadata
// learns months after a carrier opens one; refusing a real new number is worse than
// dialling one that the carrier then rejects (a failed call, recorded as such).
//
// The "max" metadata (about 150 KB) is the one that knows line types. The console never
// imports this module (its vocabulary is in phone-line-types.ts), so only the Worker's
// bundle carries it.
import type { PhoneLineType, PhoneLineTypes } from "./phone-line-types";
import { getCountries, getCountryCallingCode, parsePhoneNumberFromString, validatePhoneNumberLength, type PhoneNumberType } from "libphonenumber-js/max";

export type PhoneReading =
  | { readonly ok: true; readonly e164: string; readonly lineType: PhoneLineType; readonly country: string | null }
  | { readonly ok: false; readonly reason: string };

/** The shape every carrier wants: "+", a non-zero digit, at most 15 digits in all. */
export const E164_SHAPE = /^\+[1-9]\d{1,14}$/;
export const E164_SHAPE_REASON = "must be E.164, like +15551234567";

const LENGTH_REASONS: Record<string, (callingCode: string | undefined) => string> = {
  INVALID_COUNTRY: () => "no country's calling code begins it",
  TOO_SHORT: (code) => `too short for a number in +${code}`,
  TOO_LONG: (code) => `too long for a number in +${code}`,
  INVALID_LENGTH: (code) => `no number in +${code} has this length`,
  NOT_A_NUMBER: () => "not a phone number",
};

const LINE_TYPES: Record<PhoneNumberType, PhoneLineType> = {
  MOBILE: "mobile",
  FIXED_LINE: "fixed_line",
  FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
  TOLL_FREE: "toll_free",
  PREMIUM_RATE: "premium_rate",
  SHARED_COST: "shared_cost",
  VOIP: "voip",
  PERSONAL_NUMBER: "personal_number",
  PAGER: "pager",
  UAN: "uan",
  VOICEMAIL: "voicemail",
};

/** Reads an E.164 number against the numbering plans; the reason names the number, e.g. "+999 is not a possible phone number: no country uses the calling code +999". */
export function readPhoneNumber(text: string): PhoneReading {
  if (!E164_SHAPE.test(text)) return { ok: false, reason: E164_SHAPE_REASON };
  const parsed = parsePhoneNumberFromString(text);
  if (!parsed || !parsed.isPossible()) {
    // Only a refused number pays for the length check (it parses again): it says why.
    const why = LENGTH_REASONS[validatePhoneNumberLength(text) ?? "INVALID_LENGTH"] ?? LENGTH_REASONS.INVALID_LENGTH!;
    return { ok: false, reason: `${text} is not a possible phone number: ${why(parsed?.countryCallingCode ?? parseCallingCode(text))}` };
  }
  const type = parsed.getType();
  return { ok: true, e164: parsed.number, lineType: type ? LINE_TYPES[type] : "unknown", country: parsed.country ?? null };
}

/** The line type of each number (numbers that do not read are left out: callers validate first). */
export function phoneLineTypesOf(phones: readonly string[]): PhoneLineTypes {
  const types: PhoneLineTypes = {};
  for (const phone of phones) {
    const reading = readPhoneNumber(phone);
    if (reading.ok) types[phone] = reading.lineType;
  }
  return types;
}

/** The calling code of a number whose length is wrong (the parse gives up on those). */
function parseCallingCode(text: string): string | undefined {
  for (let digits = 1; digits <= 3; digits++) {
    const code = text.slice(1, 1 + digits);
    if (countryCallingCodes().has(code)) return code;
  }
  return undefined;
}

let callingCodes: ReadonlySet<string> | null = null;
function countryCallingCodes(): ReadonlySet<string> {
  callingCodes ??= new Set(getCountries().map((country) => getCountryCallingCode(country)));
  return callingCodes;
}
