// Field rules shared by several routes.
import { z } from "zod";
import { ROLES } from "../../domain/roles";

export const emailField = z.email().max(254).transform((e) => e.toLowerCase());
export const passwordField = z.string().min(10, "at least 10 characters").max(200);
export const personNameField = z.string().trim().min(1).max(100);
export const roleField = z.enum(ROLES);
/** E.164, as every carrier wants it. */
export const e164Field = z.string().regex(/^\+[1-9]\d{1,14}$/, "must be E.164, like +15551234567");
export const timeZoneField = z.string().refine(isTimeZone, "must be an IANA time zone, like America/New_York");

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
