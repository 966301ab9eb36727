// The two-letter codes of the US states, the District of Columbia and the territories with
// their own numbering: what an account's `state` may be (the recording disclosure reads
// it before the area code, domain/recording-disclosure.ts).
import { z } from "zod";

export const US_STATE_CODES = [
  "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD",
  "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC",
  "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP",
] as const;
export type UsStateCode = (typeof US_STATE_CODES)[number];

const CODES: ReadonlySet<string> = new Set(US_STATE_CODES);

/** True for a code in the list, in any case ("ca" is California). */
export const isUsStateCode = (value: string): boolean => CODES.has(value.trim().toUpperCase());

/** The API's and the import's rule (400 naming the field): stored upper-case. */
export const usStateField = z
  .string()
  .trim()
  .refine(isUsStateCode, "a two-letter US state code, like CA")
  .transform((value) => value.toUpperCase());
