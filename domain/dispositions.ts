// The dispositions an agent gives a call at wrap-up, and the details two of them carry.
// The API validates with these schemas, the campaign moves its lead by them, the console
// builds its form from them.
import { z } from "zod";

export const DISPOSITIONS = ["promise_to_pay", "paid", "callback", "refused", "dispute", "wrong_number", "no_contact", "other"] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** Promise to pay: the consumer's local date "YYYY-MM-DD" and the amount in cents. */
export const promiseToPayDetails = z.strictObject({
  promiseDate: z.iso.date("a date, like 2026-12-01"),
  promiseAmountCents: z.number().int().min(1, "more than nothing").max(1_000_000_000_00),
});
export type PromiseToPayDetails = z.infer<typeof promiseToPayDetails>;

/** Callback: when to call again (ISO instant). */
export const callbackDetails = z.strictObject({
  callbackAt: z.iso.datetime({ offset: true, message: "an ISO date and time, like 2026-12-01T15:00:00Z" }),
});
export type CallbackDetails = z.infer<typeof callbackDetails>;

/** A promise to pay names its date and amount; a callback names its time. */
export const dispositionDetails = z.union([promiseToPayDetails, callbackDetails]);
export type DispositionDetails = z.infer<typeof dispositionDetails>;
