// Payments: how a customer paid (method), where a ledger entry stands (status), the
// metadata every Stripe object we create carries (so any of its events finds the ledger
// entry's organisation, account, debt, call and request), how long a payment link
// lives, and the arithmetic of reversals (refunds, disputes), defined once. The ledger
// (db/writers/payment-ledger.ts), the webhook and the payment-links feature read them.
import { z } from "zod";

/** ivr: the IVR's payment step; agent: an agent sent the link on a live call; link: a link sent outside a call. */
export const PAYMENT_METHODS = ["ivr", "link", "agent"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_STATUSES = ["succeeded", "partially_refunded", "refunded", "disputed"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Stripe's bounds on a Checkout Session's life, and the organisation's default (issue 11: 24 h). */
export const MIN_PAYMENT_LINK_SECONDS = 30 * 60;
export const MAX_PAYMENT_LINK_SECONDS = 24 * 60 * 60;
export const DEFAULT_PAYMENT_LINK_SECONDS = MAX_PAYMENT_LINK_SECONDS;
/**
 * Stripe measures 24 h from its own clock when the session is made: a link asked for the
 * full 24 h is cut by this margin so a request in flight (or a clock a little ahead) is
 * not refused.
 */
export const PAYMENT_LINK_CLOCK_MARGIN_SECONDS = 60;

/** When a link made now expires (unix seconds, as Stripe's expires_at): the setting, kept within Stripe's bounds. */
export function paymentLinkExpiresAt(nowMs: number, validitySeconds: number): number {
  const wanted = Number.isFinite(validitySeconds) ? Math.round(validitySeconds) : DEFAULT_PAYMENT_LINK_SECONDS;
  const seconds = Math.min(MAX_PAYMENT_LINK_SECONDS - PAYMENT_LINK_CLOCK_MARGIN_SECONDS, Math.max(MIN_PAYMENT_LINK_SECONDS, wanted));
  return Math.floor(nowMs / 1000) + seconds;
}

/** What every Checkout Session (and its PaymentIntent and charge) carries in `metadata`. Stripe metadata values are strings. */
export const paymentMetadataSchema = z.object({
  org_id: z.uuid(),
  account_id: z.uuid(),
  // Stripe drops a metadata key set to "": absent (or "") means none.
  /** Absent when the payment is for the account, not one debt. */
  debt_id: z.union([z.uuid(), z.literal("")]).optional(),
  /** Absent when there is no call (a link sent outside one). */
  call_id: z.union([z.uuid(), z.literal("")]).optional(),
  request_id: z.string().max(200),
  method: z.enum(PAYMENT_METHODS),
  /** Where the receipt text goes (the number the link was texted to) and our number it comes from; absent: no receipt text. */
  sms_to: z.string().max(20).optional(),
  sms_from: z.string().max(20).optional(),
});
export type PaymentMetadata = z.infer<typeof paymentMetadataSchema>;

/** A payment's facts as any of its success events tells them. */
export interface PaymentFacts {
  organizationId: string;
  accountId: string;
  debtId: string | null;
  callId: string | null;
  requestId: string | null;
  method: PaymentMethod;
  amountCents: number;
  currency: string;
  stripePaymentIntentId: string;
  stripeCheckoutSessionId: string | null;
  receiptNumber: string | null;
  receiptUrl: string | null;
  paidAtMs: number;
  /** The receipt text's numbers (from the metadata); null: no receipt text for this payment. */
  receiptSms?: { to: string; from: string } | null;
}

/** How much of a payment has been taken back, and by what. */
export interface Reversals {
  amountCents: number;
  refundedCents: number;
  disputedCents: number;
}

export function paymentStatusOf({ amountCents, refundedCents, disputedCents }: Reversals): PaymentStatus {
  if (disputedCents > 0) return "disputed";
  if (refundedCents >= amountCents) return "refunded";
  if (refundedCents > 0) return "partially_refunded";
  return "succeeded";
}

/**
 * A refund event carries the charge's refunded total so far. Totals only grow, so the
 * largest one seen is the truth whatever order (or how often) the events arrive; the
 * balance moves by what it adds, never past what is still un-reversed.
 */
export function applyRefundTotal(current: Reversals, refundedTotalCents: number): { next: Reversals; balanceDeltaCents: number } {
  const room = current.amountCents - current.refundedCents - current.disputedCents;
  const added = Math.max(0, Math.min(refundedTotalCents - current.refundedCents, room));
  return { next: { ...current, refundedCents: current.refundedCents + added }, balanceDeltaCents: added };
}

/** A dispute takes back what is not refunded yet, once (a second dispute event changes nothing). */
export function applyDispute(current: Reversals, disputeAmountCents: number): { next: Reversals; balanceDeltaCents: number } {
  if (current.disputedCents > 0) return { next: current, balanceDeltaCents: 0 };
  const room = current.amountCents - current.refundedCents;
  const added = Math.max(0, Math.min(disputeAmountCents, room));
  return { next: { ...current, disputedCents: added }, balanceDeltaCents: added };
}

/**
 * The receipt text after a confirmed payment: its amount and the new balance, never
 * anything of the card (the system never has it). Sent once per payment from a
 * Postgres outbox row keyed by the payment (db/writers/payment-receipts.ts).
 */
export const RECEIPT_SMS_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export type ReceiptSmsStatus = (typeof RECEIPT_SMS_STATUSES)[number];

const usd = (cents: number) => `$${(cents / 100).toFixed(2)}`;

export function receiptSmsText(amountCents: number, balanceAfterCents: number): string {
  const balance = balanceAfterCents <= 0 ? "Your balance is now paid in full." : `Your balance is now ${usd(balanceAfterCents)}.`;
  return `Payment received: ${usd(amountCents)}. ${balance} Thank you.`;
}
