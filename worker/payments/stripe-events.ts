// What a verified Stripe event means for the ledger, decided without I/O: a payment's
// facts (from whichever of its success events arrives: the session, the PaymentIntent
// or the charge, each carrying our metadata), a refund total, a dispute, or nothing.
// Events for objects we did not make (metadata not ours) are nothing.
import type Stripe from "stripe";
import { paymentMetadataSchema, type PaymentFacts } from "../../domain/payments";

export type LedgerAction =
  | { kind: "payment"; facts: PaymentFacts }
  /** charge.refunded: the payment (recorded if it was not yet) and the charge's refunded total. */
  | { kind: "refund"; facts: PaymentFacts; refundedTotalCents: number }
  | { kind: "dispute"; paymentIntentId: string; amountCents: number }
  | { kind: "ignore"; reason: string };

const idOf = (value: string | { id: string } | null | undefined): string | null => (value == null ? null : typeof value === "string" ? value : value.id);

function factsFrom(
  metadata: Stripe.Metadata | null | undefined,
  fields: { paymentIntentId: string | null; amountCents: number; currency: string; sessionId: string | null; receiptNumber: string | null; receiptUrl: string | null; paidAtS: number },
): PaymentFacts | string {
  const parsed = paymentMetadataSchema.safeParse(metadata ?? {});
  if (!parsed.success) return "metadata is not a Word Is Bond payment's";
  if (!fields.paymentIntentId) return "no PaymentIntent";
  const m = parsed.data;
  return {
    organizationId: m.org_id,
    accountId: m.account_id,
    debtId: m.debt_id || null,
    callId: m.call_id || null,
    requestId: m.request_id || null,
    method: m.method,
    amountCents: fields.amountCents,
    currency: fields.currency,
    stripePaymentIntentId: fields.paymentIntentId,
    stripeCheckoutSessionId: fields.sessionId,
    receiptNumber: fields.receiptNumber,
    receiptUrl: fields.receiptUrl,
    paidAtMs: fields.paidAtS * 1000,
    receiptSms: m.sms_to && m.sms_from ? { to: m.sms_to, from: m.sms_from } : null,
  };
}

const chargeFacts = (charge: Stripe.Charge, event: Stripe.Event) =>
  factsFrom(charge.metadata, {
    paymentIntentId: idOf(charge.payment_intent),
    amountCents: charge.amount,
    currency: charge.currency,
    sessionId: null,
    receiptNumber: charge.receipt_number ?? null,
    receiptUrl: charge.receipt_url ?? null,
    paidAtS: charge.created || event.created,
  });

export function ledgerActionOf(event: Stripe.Event): LedgerAction {
  const payment = (facts: PaymentFacts | string): LedgerAction => (typeof facts === "string" ? { kind: "ignore", reason: facts } : { kind: "payment", facts });
  switch (event.type) {
    case "checkout.session.completed": {
      const session = event.data.object;
      if (session.payment_status !== "paid") return { kind: "ignore", reason: `session ${session.payment_status}` };
      return payment(
        factsFrom(session.metadata, {
          paymentIntentId: idOf(session.payment_intent),
          amountCents: session.amount_total ?? 0,
          currency: session.currency ?? "usd",
          sessionId: session.id,
          receiptNumber: null,
          receiptUrl: null,
          paidAtS: event.created,
        }),
      );
    }
    case "payment_intent.succeeded": {
      const intent = event.data.object;
      return payment(
        factsFrom(intent.metadata, {
          paymentIntentId: intent.id,
          amountCents: intent.amount_received,
          currency: intent.currency,
          sessionId: null,
          receiptNumber: null,
          receiptUrl: null,
          paidAtS: event.created,
        }),
      );
    }
    case "charge.succeeded":
      return payment(chargeFacts(event.data.object, event));
    case "charge.refunded": {
      const charge = event.data.object;
      const facts = chargeFacts(charge, event);
      return typeof facts === "string" ? { kind: "ignore", reason: facts } : { kind: "refund", facts, refundedTotalCents: charge.amount_refunded };
    }
    case "charge.dispute.created": {
      const dispute = event.data.object;
      const paymentIntentId = idOf(dispute.payment_intent);
      return paymentIntentId ? { kind: "dispute", paymentIntentId, amountCents: dispute.amount } : { kind: "ignore", reason: "dispute without a PaymentIntent" };
    }
    default:
      return { kind: "ignore", reason: `${event.type} does not move money` };
  }
}
