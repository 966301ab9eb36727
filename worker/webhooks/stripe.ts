// POST /webhooks/stripe: Stripe's events. Verified with the stripe SDK's
// constructEventAsync and SubtleCrypto on the raw body (HMAC-SHA256, 300 s tolerance);
// anything unverified is a 400 and nothing is stored. A verified event that moves money
// goes to the ledger (db/writers/payment-ledger.ts), which keeps exactly one entry per
// payment whatever the duplicates, order or lateness; a payment whose call still lives
// is then told to that call (`paymentSucceeded`, routed by metadata call_id and
// request_id). A subscription's event (customer.subscription.*, invoice.*, a
// subscription-mode session) moves the organisation's plan instead
// (../billing/subscription-sync.ts). A failure answers 5xx, so Stripe delivers the event again.
import Stripe from "stripe";
import { openDatabase } from "../../db/client";
import { systemAccess } from "../../db/access";
import { recordDispute, recordPayment, recordRefundTotal, type RecordPaymentResult } from "../../db/writers/payment-ledger";
import { logEvent } from "../../domain/log";
import type { PaymentFacts } from "../../domain/payments";
import { paymentSucceeded } from "../../objects/call/local-events";
import { callActorStub } from "../../objects/shared/actor-stubs";
import { ApiError, errorResponse } from "../http/errors";
import { telnyxMessaging } from "../../objects/call/ports/stripe-payments";
import { deliverReceipt } from "../payments/receipt-sms";
import { ledgerActionOf } from "../payments/stripe-events";
import { subscriptionIdOf, syncSubscription } from "../billing/subscription-sync";
import { stripeClient } from "../../objects/shared/stripe-client";

const MAX_WEBHOOK_BYTES = 512 * 1024;
/** Stripe's default: a signature more than 5 minutes old is a replay. */
export const STRIPE_SIGNATURE_TOLERANCE_S = 300;

const cryptoProvider = Stripe.createSubtleCryptoProvider();
// Verifying needs no key or network; the SDK wants an instance for its webhooks helper.
const verifier = new Stripe("sk_verification_only", { httpClient: Stripe.createFetchHttpClient() });

export async function handleStripeWebhook(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const secret = env.STRIPE_WEBHOOK_SECRET;
  if (!secret) return errorResponse(new ApiError(503, "service_unavailable", "STRIPE_WEBHOOK_SECRET is not set: Stripe webhooks cannot be verified"));
  const raw = await request.text();
  if (raw.length > MAX_WEBHOOK_BYTES) return errorResponse(new ApiError(413, "payload_too_large", "Webhook body too large"));
  let event: Stripe.Event;
  try {
    event = await verifier.webhooks.constructEventAsync(raw, request.headers.get("stripe-signature") ?? "", secret, STRIPE_SIGNATURE_TOLERANCE_S, cryptoProvider);
  } catch (error) {
    logEvent({ event: "stripe_webhook_rejected", reason: error instanceof Error ? error.message.split("\n")[0]! : String(error) });
    return errorResponse(new ApiError(400, "validation_failed", "The stripe-signature header does not verify this body (signature, secret or timestamp)"));
  }

  const subscriptionId = subscriptionIdOf(event);
  if (subscriptionId) return handleSubscriptionEvent(env, ctx, event, subscriptionId);

  const action = ledgerActionOf(event);
  if (action.kind === "ignore") {
    logEvent({ event: "stripe_event_ignored", eventType: event.type, eventId: event.id, reason: action.reason });
    return Response.json({ received: true, ledger: "ignored" });
  }
  const handle = openDatabase(env, systemAccess("Stripe webhooks find their payment or subscription in any organisation"));
  try {
    if (action.kind === "dispute") {
      const result = await recordDispute(handle.db, action.paymentIntentId, action.amountCents);
      // The payment's own events carry its facts; a dispute does not. Stripe will retry.
      if (result.kind === "unknown_payment") return errorResponse(new ApiError(409, "conflict", "The disputed payment is not in the ledger yet"));
      return Response.json({ received: true, ledger: result.kind });
    }
    const recorded = await recordPayment(handle.db, action.facts);
    if (recorded.kind === "unknown_account") {
      logEvent({ event: "stripe_event_ignored", eventType: event.type, eventId: event.id, reason: "the metadata names no account of that organisation" });
      return Response.json({ received: true, ledger: "unknown_account" });
    }
    if (action.kind === "refund") {
      const reversed = await recordRefundTotal(handle.db, action.facts.stripePaymentIntentId, action.refundedTotalCents);
      return Response.json({ received: true, ledger: reversed.kind });
    }
    await tellTheCall(env, action.facts, recorded);
    // After the call hears of it (the IVR speaks first); a text that fails answers 5xx, and Stripe's retry sends it.
    const receipt = await deliverReceipt(handle.db, telnyxMessaging(env), recorded.payment.id);
    return Response.json({ received: true, ledger: recorded.kind, receipt });
  } finally {
    ctx.waitUntil(handle.close().catch(() => undefined));
  }
}

/** A subscription's event: the organisation's plan follows Stripe's state of it (worker/billing/subscription-sync.ts). */
async function handleSubscriptionEvent(env: Env, ctx: ExecutionContext, event: Stripe.Event, subscriptionId: string): Promise<Response> {
  const handle = openDatabase(env, systemAccess("Stripe webhooks find their payment or subscription in any organisation"));
  try {
    const result = await syncSubscription(handle.db, stripeClient(env), subscriptionId);
    logEvent({ event: "billing_subscription_synced", eventType: event.type, eventId: event.id, subscriptionId, result: result.kind });
    return Response.json({ received: true, billing: result.kind });
  } finally {
    ctx.waitUntil(handle.close().catch(() => undefined));
  }
}

/** While the call lives, it hears of its payment (the IVR stops the hold and speaks it). An ended call is left alone. */
async function tellTheCall(env: Env, facts: PaymentFacts, recorded: Exclude<RecordPaymentResult, { kind: "unknown_account" }>): Promise<void> {
  if (!facts.callId || !facts.requestId) return;
  const call = callActorStub(env, facts.organizationId, facts.callId);
  try {
    // The actor checks that the call lives and takes the event in one round trip.
    await call.receiveWhileLive(
      paymentSucceeded(Date.now(), {
        requestId: facts.requestId,
        paymentId: recorded.payment.id,
        amountCents: recorded.payment.amountCents,
        balanceAfterCents: recorded.balanceAfterCents,
      }),
    );
  } catch (error) {
    logEvent({ event: "payment_call_unreached", callId: facts.callId, error: String(error) });
    throw error;
  }
}
