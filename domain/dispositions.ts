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

/**
 * Details as a save may send them: any of the fields, merged over the stored ones (a save
 * that leaves a field out keeps it, so a form that did not show it cannot wipe it).
 */
export const dispositionDetailsPatch = z.union([promiseToPayDetails.partial(), callbackDetails.partial()]);
export type DispositionDetailsPatch = z.infer<typeof dispositionDetailsPatch>;

/** What a call has saved, or what a save asks to change (undefined: leave as it is; null: clear). */
export interface DispositionSave {
  disposition?: Disposition | null;
  dispositionDetails?: DispositionDetailsPatch | null;
}

/** The kind of details a disposition carries, if any. */
export function detailsSchemaFor(disposition: Disposition | null) {
  return disposition === "promise_to_pay" ? promiseToPayDetails : disposition === "callback" ? callbackDetails : null;
}

/**
 * The disposition and details a save leaves on the call. Details sent are merged over the
 * stored ones while the disposition stays of the same kind; a disposition of another kind
 * starts from nothing; one without details has none. The result is not yet checked: see
 * `detailsSchemaFor`.
 */
export function mergeDisposition(
  stored: { disposition: Disposition | null; dispositionDetails: DispositionDetails | null },
  save: DispositionSave,
): { disposition: Disposition | null; dispositionDetails: Record<string, unknown> | null } {
  const disposition = save.disposition === undefined ? stored.disposition : save.disposition;
  if (!detailsSchemaFor(disposition)) return { disposition, dispositionDetails: save.dispositionDetails ? { ...save.dispositionDetails } : null };
  if (save.dispositionDetails === null) return { disposition, dispositionDetails: null };
  const kept = disposition === stored.disposition ? (stored.dispositionDetails ?? {}) : {};
  return { disposition, dispositionDetails: { ...kept, ...(save.dispositionDetails ?? {}) } };
}
