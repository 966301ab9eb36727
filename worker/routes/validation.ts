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

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
