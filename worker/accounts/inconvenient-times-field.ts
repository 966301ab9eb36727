// The API's rule for an account's inconvenient times: exactly the InconvenientTime union
// the compliance module reads, checked with the compliance module's own readers, so a
// schedule the API accepts is one the dialer can enforce (never one it would refuse as
// `invalid_request` at dial time).
import { z } from "zod";
import { parseIsoDate, parseLocalTime } from "../../objects/campaign/compliance/validate";
import { WEEKDAYS } from "../../domain/inconvenient-times";
import type { InconvenientTime } from "../../domain/inconvenient-times";

export const MAX_INCONVENIENT_TIMES = 50;

const localTime = (allowEndOfDay: boolean) =>
  z.string().refine((t) => parseLocalTime(t, allowEndOfDay) !== null, allowEndOfDay ? "a time HH:MM (24:00 allowed)" : "a time HH:MM");
const localDate = z.string().refine((d) => parseIsoDate(d) !== null, "a date YYYY-MM-DD");

const weeklyWindow = z.strictObject({
  kind: z.literal("weekly"),
  day: z.enum(WEEKDAYS),
  from: localTime(false),
  to: localTime(true),
});

const dateRange = z
  .strictObject({ kind: z.literal("dates"), fromDate: localDate, toDate: localDate })
  .refine((r) => r.fromDate <= r.toDate, { message: "toDate must not be before fromDate", path: ["toDate"] });

export const inconvenientTimesField: z.ZodType<InconvenientTime[]> = z
  .array(z.discriminatedUnion("kind", [weeklyWindow, dateRange]))
  .max(MAX_INCONVENIENT_TIMES);
