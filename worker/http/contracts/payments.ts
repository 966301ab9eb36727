// The payments routes' contracts: an agent (on the call) or a supervisor asks a live
// call to send the customer a payment link; the call's payment-links feature does it.
// Supervisors read the ledger; admins refund a payment (the ledger moves when Stripe's
// signed refund webhook arrives, not when the refund is asked for).
import { z } from "zod";
import { PAYMENT_METHODS, PAYMENT_STATUSES } from "../../../domain/payments";
import { id, instant, routeContract } from "./contract";

/** 202: the request is on the call; the link follows (wib.payment_link.sent or .failed on its timeline). */
export const requestPaymentLink = routeContract({
  method: "POST",
  path: "/api/calls/:id/payment-links",
  response: { 202: z.strictObject({ requestId: z.string(), callId: z.string(), amountCents: z.number().int(), sendTo: z.string() }) },
  /** plan_required: the organisation's plan takes no payments on calls. */
  errors: ["conflict", "plan_required"],
});

/** One ledger entry as the console lists it: amounts in cents, where it came from (ivr / agent / link) and its call. */
export const paymentRow = z.strictObject({
  id,
  accountId: id,
  accountName: z.string(),
  debtId: id.nullable(),
  callId: id.nullable(),
  source: z.enum(PAYMENT_METHODS),
  status: z.enum(PAYMENT_STATUSES),
  amountCents: z.number().int(),
  refundedCents: z.number().int(),
  disputedCents: z.number().int(),
  /** What a refund may still take back: the amount less what is refunded or disputed. */
  refundableCents: z.number().int(),
  currency: z.string(),
  receiptNumber: z.string().nullable(),
  receiptUrl: z.string().nullable(),
  /** The receipt text to the customer: pending until sent, none when there is no number to text. */
  receiptSms: z.enum(["pending", "sending", "sent", "failed", "none"]),
  stripePaymentIntentId: z.string(),
  paidAt: instant,
});
export type PaymentRow = z.infer<typeof paymentRow>;

export const paymentPage = z.strictObject({
  payments: z.array(paymentRow),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** The zone whose calendar `from` and `to` are read in. */
  timeZone: z.string(),
});

/** The ledger, newest first (supervisor and up). */
export const listPayments = routeContract({ method: "GET", path: "/api/payments", response: { 200: paymentPage }, errors: [] });

export const refundRequest = z.strictObject({
  /** Stripe's refund id. */
  id: z.string(),
  paymentId: id,
  amountCents: z.number().int(),
  status: z.string(),
});

/**
 * 202: Stripe took the refund; the ledger (and the balances) move when its signed
 * charge.refunded webhook arrives. 409: nothing left to refund.
 */
export const refundPayment = routeContract({
  method: "POST",
  path: "/api/payments/:id/refunds",
  response: { 202: z.strictObject({ refund: refundRequest }) },
  errors: ["conflict", "service_unavailable"],
});

export const paymentRoutes = [requestPaymentLink, listPayments, refundPayment] as const;
