// The payments ledger over the API: GET /api/payments (supervisor and up: filters,
// dates of the organisation's calendar, cursor pages, amounts in cents, each row's
// source and call) and POST /api/payments/:id/refunds (admin: full or partial, never
// more than is left). A refund is asked of Stripe through the `stripe` SDK with an
// idempotency key; the ledger and the balances move only when Stripe's signed
// charge.refunded webhook arrives (worker/webhooks/stripe.ts), once.
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import Stripe from "stripe";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { accounts, organizations, paymentReceipts, payments } from "../../db/schema";
import { logEvent } from "../../domain/log";
import { stripeClient } from "../../objects/shared/stripe-client";
import { listPayments, refundPayment, type PaymentRow } from "../http/contracts/payments";
import { onLocalDays } from "../analytics/period";
import { ApiError, notFound } from "../http/errors";
import { readIdempotencyKey } from "../http/idempotency-key";
import { idParam } from "../http/params";
import { defineRoute, member } from "../http/route-table";
import { decodePaymentCursor, encodePaymentCursor, paymentListQuery, refundableCents, refundAmount } from "../payments/payment-list-query";

defineRoute(listPayments, {
  summary: "The payments ledger, newest first: filter by status, source, account and dates of the organisation's calendar; cursor pages",
  access: member("supervisor"),
  query: paymentListQuery,
  handler: async (c, { query }) => {
    const organizationId = c.var.identity.organizationId;
    const [organization] = await c.var.db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, organizationId));
    const timeZone = organization?.timeZone ?? "UTC";
    const cursor = query.cursor ? decodePaymentCursor(query.cursor) : null;
    const rows = await c.var.db
      .select({ payment: payments, accountName: accounts.name, receiptStatus: paymentReceipts.status })
      .from(payments)
      .innerJoin(accounts, eq(accounts.id, payments.accountId))
      .leftJoin(paymentReceipts, eq(paymentReceipts.paymentId, payments.id))
      .where(
        and(
          eq(payments.organizationId, organizationId),
          query.status ? eq(payments.status, query.status) : undefined,
          query.source ? eq(payments.method, query.source) : undefined,
          query.accountId ? eq(payments.accountId, query.accountId) : undefined,
          ...onLocalDays(payments.paidAt, timeZone, query),
          cursor
            ? or(lt(payments.paidAt, new Date(cursor.paidAtIso)), and(eq(payments.paidAt, new Date(cursor.paidAtIso)), lt(payments.id, cursor.id)))
            : undefined,
        ),
      )
      .orderBy(desc(payments.paidAt), desc(payments.id))
      .limit(query.limit);
    const list = rows.map(({ payment: p, accountName, receiptStatus }) => ({
      id: p.id,
      accountId: p.accountId,
      accountName,
      debtId: p.debtId,
      callId: p.callId,
      source: p.method,
      status: p.status,
      amountCents: p.amountCents,
      refundedCents: p.refundedCents,
      disputedCents: p.disputedCents,
      refundableCents: refundableCents(p),
      currency: p.currency,
      receiptNumber: p.receiptNumber,
      receiptUrl: p.receiptUrl,
      receiptSms: receiptStatus ?? "none",
      stripePaymentIntentId: p.stripePaymentIntentId,
      paidAt: p.paidAt.toISOString(),
    })) satisfies PaymentRow[];
    const last = rows.at(-1)?.payment;
    const nextCursor = rows.length === query.limit && last ? encodePaymentCursor({ paidAtIso: last.paidAt.toISOString(), id: last.id }) : null;
    return c.json({ payments: list, nextCursor, timeZone });
  },
});

defineRoute(refundPayment, {
  summary: "Refund a payment in full or in part (admin); the ledger moves when Stripe's refund webhook arrives",
  access: member("admin"),
  resource: "payment",
  body: z.strictObject({
    /** Absent: everything that is left. */
    amountCents: z.number().int().min(1, "at least 1 cent").optional(),
    reason: z.enum(["requested_by_customer", "duplicate", "fraudulent"]).optional(),
  }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const paymentId = idParam(c, "Payment");
    const [payment] = await c.var.db
      .select()
      .from(payments)
      .where(and(eq(payments.id, paymentId), eq(payments.organizationId, identity.organizationId)));
    if (!payment) throw notFound("Payment");
    const left = refundableCents(payment);
    const amount = refundAmount(body.amountCents, left);
    if (!amount.ok) {
      if (left <= 0) throw new ApiError(409, "conflict", "Nothing is left to refund on this payment");
      throw new ApiError(400, "validation_failed", "The amount is more than is left to refund", [{ path: "amountCents", message: amount.message }]);
    }
    const key = readIdempotencyKey(c.req.raw);
    // A retried request (same key) is the same Stripe refund; without a key each request is its own.
    const idempotencyKey = `refund:${payment.id}:${key ?? crypto.randomUUID()}`;
    let refund: Stripe.Refund;
    try {
      refund = await stripeClient(c.env).refunds.create(
        {
          payment_intent: payment.stripePaymentIntentId,
          amount: amount.amountCents,
          ...(body.reason ? { reason: body.reason } : {}),
          metadata: { org_id: identity.organizationId, payment_id: payment.id },
        },
        { idempotencyKey },
      );
    } catch (error) {
      throw refundError(payment.id, error);
    }
    await c.var.db.transaction((tx) =>
      recordAudit(tx, identity.organizationId, identity, {
        action: "payment.refund_requested",
        resourceType: "payment",
        resourceId: payment.id,
        after: { stripeRefundId: refund.id, amountCents: refund.amount, reason: body.reason ?? null },
      }),
    );
    return c.json({ refund: { id: refund.id, paymentId: payment.id, amountCents: refund.amount, status: refund.status ?? "pending" } }, 202);
  },
});

/** Stripe's refusals in our error shape: what the caller can change is a 400 or 409; Stripe unreachable is a 503. */
function refundError(paymentId: string, error: unknown): ApiError {
  if (error instanceof Stripe.errors.StripeIdempotencyError) {
    return new ApiError(409, "conflict", "This Idempotency-Key was used for a different refund");
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    logEvent({ event: "payment_refund_refused", paymentId, reason: error.message });
    if (error.code === "charge_already_refunded") return new ApiError(409, "conflict", "Stripe says the payment is already refunded in full");
    return new ApiError(400, "validation_failed", "Stripe refused the refund", [{ path: "amountCents", message: error.message }]);
  }
  if (error instanceof Error && /STRIPE_SECRET_KEY/.test(error.message)) return new ApiError(503, "service_unavailable", "Payments are off: no Stripe key is set");
  return new ApiError(503, "service_unavailable", "Stripe could not be reached; try again with the same Idempotency-Key");
}
