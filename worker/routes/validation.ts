// Field rules shared by several routes.
import { z } from "zod";
import { readPhoneNumber } from "../../domain/phone-number";
import { ROLES } from "../../domain/roles";

export const emailField = z.email().max(254).transform((e) => e.toLowerCase());
export const passwordField = z.string().min(10, "at least 10 characters").max(200);
export const personNameField = z.string().trim().min(1).max(100);
export const roleField = z.enum(ROLES);
/**
 * A number to dial: E.164, as every carrier wants it, and possible in a real numbering
 * plan (domain/phone-number.ts), so "+999" is refused with its reason.
 */
export const e164Field = z.string().superRefine((text, ctx) => {
  const reading = readPhoneNumber(text);
  if (!reading.ok) ctx.addIssue({ code: "custom", message: reading.reason });
});
export const timeZoneField = z.string().refine(isTimeZone, "must be an IANA time zone, like America/New_York");

/**
 * Building an Intl.DateTimeFormat costs most of a millisecond: an import checks one per row,
 * and a 5,000-row chunk spent seconds here. The answers are remembered (a file names a few
 * zones many times); the cap keeps a file of made-up names from growing the map.
 */
const timeZoneAnswers = new Map<string, boolean>();
const MAX_REMEMBERED_TIME_ZONES = 1_000;

function isTimeZone(name: string): boolean {
  const known = timeZoneAnswers.get(name);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    valid = true;
  } catch {
    valid = false;
  }
  if (timeZoneAnswers.size < MAX_REMEMBERED_TIME_ZONES) timeZoneAnswers.set(name, valid);
  return valid;
}
