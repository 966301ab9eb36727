// GET /api/payments' query, decided without I/O: the filters (status, source, account,
// dates of the organisation's calendar) and the cursor, which names the last row of a
// page by (paid_at, id) so the next page starts strictly after it, newest first, even
// when several payments share an instant.
import { z } from "zod";
import { PAYMENT_METHODS, PAYMENT_STATUSES } from "../../domain/payments";

export const MAX_PAYMENT_PAGE = 200;
const DEFAULT_PAYMENT_PAGE = 50;

export interface PaymentCursor {
  paidAtIso: string;
  id: string;
}

const cursorShape = z.strictObject({ paidAtIso: z.iso.datetime({ offset: true }), id: z.uuid() });

export function encodePaymentCursor(cursor: PaymentCursor): string {
  return btoa(JSON.stringify(cursor)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodePaymentCursor(text: string): PaymentCursor | null {
  try {
    const parsed = cursorShape.safeParse(JSON.parse(atob(text.replaceAll("-", "+").replaceAll("_", "/"))));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const localDate = z.iso.date("a date of the organisation's calendar, like 2026-11-30");

export const paymentListQuery = z
  .strictObject({
    status: z.enum(PAYMENT_STATUSES).optional(),
    source: z.enum(PAYMENT_METHODS).optional(),
    accountId: z.uuid("an account id").optional(),
    from: localDate.optional(),
    to: localDate.optional(),
    cursor: z
      .string()
      .max(300)
      .refine((value) => decodePaymentCursor(value) !== null, "not a cursor this list gave (pass nextCursor as it came)")
      .optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAYMENT_PAGE).default(DEFAULT_PAYMENT_PAGE),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "must not be before from", path: ["to"] });
export type PaymentListQuery = z.infer<typeof paymentListQuery>;

/** What a refund may still take back. */
export const refundableCents = (p: { amountCents: number; refundedCents: number; disputedCents: number }) =>
  Math.max(0, p.amountCents - p.refundedCents - p.disputedCents);

/** How much to refund: the rest when no amount is given; an error naming amountCents when too much. */
export function refundAmount(requestedCents: number | undefined, leftCents: number): { ok: true; amountCents: number } | { ok: false; message: string } {
  if (leftCents <= 0) return { ok: false, message: "nothing is left to refund" };
  if (requestedCents === undefined) return { ok: true, amountCents: leftCents };
  if (requestedCents > leftCents) return { ok: false, message: `at most what is left to refund (${leftCents} cents)` };
  return { ok: true, amountCents: requestedCents };
}
