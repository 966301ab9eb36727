// The simulated Stripe account without HTTP: its objects (customers, Checkout Sessions,
// PaymentIntents, charges, refunds, disputes), what the API does to them, what a
// customer does on the hosted page (pay, have the card declined, walk away), a dispute,
// and the events each change publishes. Time is the scheduler's (real or manual), ids
// come from the seeded generator, so a seeded run repeats.
import type { Prng } from "../carrier/prng.ts";
import type { Scheduler, TimerId } from "../carrier/scheduler.ts";
import type { CreateRefundParams, CreateSessionParams } from "./validation.ts";
import type { WebhookDispatcher } from "./webhooks.ts";
import { StripeBilling } from "./billing.ts";
import { StripeMetering } from "./metering.ts";
import {
  API_VERSION,
  type Charge,
  type CheckoutSession,
  type Customer,
  type Dispute,
  type EventType,
  type LineItem,
  type Metadata,
  type PaymentIntent,
  type Refund,
  type StripeErrorBody,
  type StripeEvent,
  type StripeObject,
} from "./wire.ts";

/** Stripe's bounds on a Checkout Session's expires_at, from its creation. */
export const SESSION_MIN_LIFETIME_S = 30 * 60;
export const SESSION_MAX_LIFETIME_S = 24 * 60 * 60;
/** Clock skew allowed between a client computing expires_at and the simulator's clock. */
export const EXPIRES_AT_SKEW_S = 60;
/** Stripe's minimum charge in USD (and most currencies' equivalent). */
export const MINIMUM_AMOUNT = 50;

export type Result<T> = { ok: true; status: number; body: T } | { ok: false; status: number; body: StripeErrorBody };
export const ok = <T>(body: T, status = 200): Result<T> => ({ ok: true, status, body });
export const fail = (status: number, error: StripeErrorBody["error"]): Result<never> => ({ ok: false, status, body: { error } });
export const missing = (kind: string, id: string, param: string) =>
  fail(404, { type: "invalid_request_error", code: "resource_missing", param, message: `No such ${kind}: '${id}'`, doc_url: "https://stripe.com/docs/error-codes/resource-missing" });

/** Who caused an event: an API request (its id and idempotency key) or nobody we know (a customer, the dashboard). */
export interface RequestRef {
  id: string | null;
  idempotency_key: string | null;
}
export const NO_REQUEST: RequestRef = { id: null, idempotency_key: null };

export interface StoredSession {
  session: CheckoutSession;
  lineItems: LineItem[];
  paymentIntentMetadata: Metadata;
  /** mode=subscription: the metadata its subscription is made with (subscription_data[metadata]). */
  subscriptionMetadata: Metadata;
  expiryTimer: TimerId | null;
}

export interface AccountDeps {
  scheduler: Scheduler;
  prng: Prng;
  webhooks: WebhookDispatcher;
  origin: () => string;
}

export class StripeAccount {
  readonly customers = new Map<string, Customer>();
  readonly sessions = new Map<string, StoredSession>();
  readonly paymentIntents = new Map<string, PaymentIntent>();
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
  readonly disputes = new Map<string, Dispute>();
  readonly events: StripeEvent[] = [];
  /** Subscriptions, their invoices and billing portal sessions. */
  readonly billing: StripeBilling;
  /** Meters, metered prices and meter events. */
  readonly metering: StripeMetering;
  private receiptCounter = 0;

  constructor(private readonly deps: AccountDeps) {
    this.billing = new StripeBilling(this, deps);
    this.metering = new StripeMetering(this);
  }

  nowS(): number {
    return Math.floor(this.deps.scheduler.now() / 1000);
  }

  id(prefix: string, length = 24): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let out = prefix;
    for (let i = 0; i < length; i++) out += alphabet[this.deps.prng.int(alphabet.length)];
    return out;
  }

  requestId(): string {
    return this.id("req_", 14);
  }

  // ---- API --------------------------------------------------------------------------

  createCustomer(params: { email?: string; name?: string; phone?: string; description?: string; metadata?: Metadata }): Result<Customer> {
    const customer: Customer = {
      id: this.id("cus_", 14),
      object: "customer",
      created: this.nowS(),
      email: params.email ?? null,
      name: params.name ?? null,
      phone: params.phone ?? null,
      description: params.description ?? null,
      metadata: params.metadata ?? {},
      livemode: false,
    };
    this.customers.set(customer.id, customer);
    return ok(customer);
  }

  retrieveCustomer(id: string): Result<Customer> {
    const customer = this.customers.get(id);
    return customer ? ok(customer) : missing("customer", id, "id");
  }

  createSession(params: CreateSessionParams): Result<CheckoutSession> {
    const now = this.nowS();
    const currencies = new Set(params.line_items.map((item) => item.price_data.currency));
    if (currencies.size > 1) {
      return fail(400, { type: "invalid_request_error", param: "line_items", message: "All line items must have the same currency." });
    }
    const currency = [...currencies][0]!;
    const recurring = params.line_items.map((item) => item.price_data.recurring !== undefined);
    if (params.mode === "subscription" && recurring.includes(false)) {
      return fail(400, { type: "invalid_request_error", param: "line_items", message: "You must provide at least one recurring price in `subscription` mode when using prices." });
    }
    if (params.mode === "payment" && recurring.includes(true)) {
      return fail(400, { type: "invalid_request_error", param: "line_items", message: "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices." });
    }
    if (params.mode === "subscription" && params.payment_intent_data !== undefined) {
      return fail(400, { type: "invalid_request_error", param: "payment_intent_data", message: "You can not pass `payment_intent_data` in `subscription` mode." });
    }
    if (params.mode === "payment" && params.subscription_data !== undefined) {
      return fail(400, { type: "invalid_request_error", param: "subscription_data", message: "You can not pass `subscription_data` in `payment` mode." });
    }
    const lineItems: LineItem[] = params.line_items.map((item) => {
      const total = item.price_data.unit_amount * item.quantity;
      return {
        id: this.id("li_"),
        object: "item",
        amount_subtotal: total,
        amount_total: total,
        currency,
        description: item.price_data.product_data.name,
        quantity: item.quantity,
        price: {
          id: this.id("price_"),
          object: "price",
          currency,
          unit_amount: item.price_data.unit_amount,
          lookup_key: null,
          product: this.id("prod_", 14),
          ...(item.price_data.recurring ? { type: "recurring" as const, recurring: { interval: item.price_data.recurring.interval, interval_count: 1 as const } } : { type: "one_time" as const }),
        },
      };
    });
    const amount = lineItems.reduce((sum, item) => sum + item.amount_total, 0);
    if (amount < MINIMUM_AMOUNT) {
      return fail(400, {
        type: "invalid_request_error",
        param: "line_items",
        message: `The Checkout Session's total amount due must add up to at least ${MINIMUM_AMOUNT} ${currency} cents`,
      });
    }
    const expiresAt = params.expires_at ?? now + SESSION_MAX_LIFETIME_S;
    if (expiresAt < now + SESSION_MIN_LIFETIME_S - EXPIRES_AT_SKEW_S) {
      return fail(400, { type: "invalid_request_error", param: "expires_at", message: "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation." });
    }
    if (expiresAt > now + SESSION_MAX_LIFETIME_S + EXPIRES_AT_SKEW_S) {
      return fail(400, { type: "invalid_request_error", param: "expires_at", message: "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation." });
    }
    if (params.customer !== undefined && !this.customers.has(params.customer)) return missing("customer", params.customer, "customer");
    const id = this.id("cs_test_", 58);
    const session: CheckoutSession = {
      id,
      object: "checkout.session",
      amount_subtotal: amount,
      amount_total: amount,
      cancel_url: params.cancel_url ?? null,
      client_reference_id: params.client_reference_id ?? null,
      created: now,
      currency,
      customer: params.customer ?? null,
      customer_email: params.customer_email ?? null,
      expires_at: expiresAt,
      livemode: false,
      metadata: params.metadata ?? {},
      mode: params.mode,
      payment_intent: null,
      payment_method_types: params.payment_method_types ?? ["card"],
      payment_status: "unpaid",
      status: "open",
      success_url: params.success_url ?? null,
      subscription: null,
      url: `${this.deps.origin()}/checkout/${id}`,
    };
    const stored: StoredSession = {
      session,
      lineItems,
      paymentIntentMetadata: params.payment_intent_data?.metadata ?? {},
      subscriptionMetadata: params.subscription_data?.metadata ?? {},
      expiryTimer: null,
    };
    stored.expiryTimer = this.deps.scheduler.after((expiresAt - now) * 1000, `expire ${id}`, () => {
      stored.expiryTimer = null;
      this.expireSession(id, NO_REQUEST);
    });
    this.sessions.set(id, stored);
    return ok(this.sessionView(stored, params.expand));
  }

  retrieveSession(id: string, expand?: readonly string[]): Result<CheckoutSession> {
    const stored = this.sessions.get(id);
    return stored ? ok(this.sessionView(stored, expand)) : missing("checkout.session", id, "session");
  }

  /** POST /v1/checkout/sessions/:id/expire, the customer walking away, or expires_at passing. */
  expireSession(id: string, request: RequestRef): Result<CheckoutSession> {
    const stored = this.sessions.get(id);
    if (!stored) return missing("checkout.session", id, "session");
    const { session } = stored;
    if (session.status !== "open") {
      return fail(400, {
        type: "invalid_request_error",
        message: `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
      });
    }
    this.deps.scheduler.cancel(stored.expiryTimer);
    stored.expiryTimer = null;
    session.status = "expired";
    session.url = null;
    this.publish("checkout.session.expired", session, request);
    return ok(this.sessionView(stored));
  }

  retrievePaymentIntent(id: string): Result<PaymentIntent> {
    const intent = this.paymentIntents.get(id);
    return intent ? ok(intent) : missing("payment_intent", id, "intent");
  }

  retrieveCharge(id: string): Result<Charge> {
    const charge = this.charges.get(id);
    return charge ? ok(charge) : missing("charge", id, "charge");
  }

  retrieveRefund(id: string): Result<Refund> {
    const refund = this.refunds.get(id);
    return refund ? ok(refund) : missing("refund", id, "refund");
  }

  createRefund(params: CreateRefundParams, request: RequestRef): Result<Refund> {
    let charge: Charge | undefined;
    if (params.charge !== undefined) {
      charge = this.charges.get(params.charge);
      if (!charge) return missing("charge", params.charge, "charge");
    } else if (params.payment_intent !== undefined) {
      const intent = this.paymentIntents.get(params.payment_intent);
      if (!intent) return missing("payment_intent", params.payment_intent, "payment_intent");
      charge = intent.latest_charge ? this.charges.get(intent.latest_charge) : undefined;
      if (!charge || intent.status !== "succeeded") {
        return fail(400, { type: "invalid_request_error", code: "charge_not_refundable", message: `This PaymentIntent (${intent.id}) does not have a successful charge to refund.` });
      }
    } else {
      return fail(400, { type: "invalid_request_error", code: "parameter_missing", param: "payment_intent", message: "One of the following params should be provided for this request: payment_intent or charge." });
    }
    const remaining = charge.amount - charge.amount_refunded;
    if (remaining <= 0) {
      return fail(400, { type: "invalid_request_error", code: "charge_already_refunded", message: `Charge ${charge.id} has already been refunded.` });
    }
    const amount = params.amount ?? remaining;
    if (amount > remaining) {
      return fail(400, {
        type: "invalid_request_error",
        code: "amount_too_large",
        param: "amount",
        message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
      });
    }
    const refund: Refund = {
      id: this.id("re_"),
      object: "refund",
      amount,
      charge: charge.id,
      created: this.nowS(),
      currency: charge.currency,
      metadata: params.metadata ?? {},
      payment_intent: charge.payment_intent,
      reason: params.reason ?? null,
      status: "succeeded",
    };
    this.refunds.set(refund.id, refund);
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    this.publish("charge.refunded", charge, request);
    return ok(refund);
  }

  // ---- What customers and card networks do (the control API) --------------------------

  /** The customer pays on the hosted page: a PaymentIntent and charge succeed, the session completes. */
  pay(sessionId: string, options: { subscriptionCreatedS?: number | undefined } = {}): Result<CheckoutSession> {
    const open = this.openSession(sessionId);
    if (!open.ok) return open;
    const stored = open.body;
    const { session } = stored;
    if (session.mode === "subscription") {
      this.closePaidSession(stored);
      this.billing.subscribeFromCheckout(stored, options.subscriptionCreatedS);
      this.publish("checkout.session.completed", session, NO_REQUEST);
      return ok(this.sessionView(stored));
    }
    const intent = this.intentFor(stored);
    const charge: Charge = {
      id: this.id("ch_"),
      object: "charge",
      amount: intent.amount,
      amount_captured: intent.amount,
      amount_refunded: 0,
      created: this.nowS(),
      currency: intent.currency,
      customer: intent.customer,
      disputed: false,
      livemode: false,
      metadata: { ...intent.metadata },
      paid: true,
      payment_intent: intent.id,
      receipt_number: `${1000 + Math.floor(++this.receiptCounter / 10000)}-${String(this.receiptCounter % 10000).padStart(4, "0")}`,
      receipt_url: `${this.deps.origin()}/receipts/${intent.id}`,
      refunded: false,
      status: "succeeded",
    };
    this.charges.set(charge.id, charge);
    intent.status = "succeeded";
    intent.amount_received = intent.amount;
    intent.last_payment_error = null;
    intent.latest_charge = charge.id;
    this.closePaidSession(stored);
    this.publish("charge.succeeded", charge, NO_REQUEST);
    this.publish("payment_intent.succeeded", intent, NO_REQUEST);
    this.publish("checkout.session.completed", session, NO_REQUEST);
    return ok(this.sessionView(stored));
  }

  /** The customer's card is declined: the PaymentIntent fails, the session stays open for another try. */
  decline(sessionId: string, declineCode = "generic_decline"): Result<CheckoutSession> {
    const open = this.openSession(sessionId);
    if (!open.ok) return open;
    if (open.body.session.mode === "subscription") {
      return fail(400, { type: "invalid_request_error", message: "The simulator declines cards in payment mode only: a subscription session is paid or abandoned" });
    }
    const intent = this.intentFor(open.body);
    intent.status = "requires_payment_method";
    intent.last_payment_error = { type: "card_error", code: "card_declined", decline_code: declineCode, message: "Your card was declined." };
    this.publish("payment_intent.payment_failed", intent, NO_REQUEST);
    return ok(this.sessionView(open.body));
  }

  /** The customer walks away: Stripe expires the session (here at once rather than at expires_at). */
  abandon(sessionId: string): Result<CheckoutSession> {
    return this.expireSession(sessionId, NO_REQUEST);
  }

  /** The cardholder disputes a payment (by session, PaymentIntent or charge id). */
  dispute(id: string, reason: Dispute["reason"] = "fraudulent"): Result<Dispute> {
    const charge = this.chargeOf(id);
    if (!charge) return missing("charge", id, "charge");
    if (charge.disputed) return fail(400, { type: "invalid_request_error", message: `Charge ${charge.id} is already disputed.` });
    const dispute: Dispute = {
      id: this.id("dp_"),
      object: "dispute",
      amount: charge.amount - charge.amount_refunded,
      charge: charge.id,
      created: this.nowS(),
      currency: charge.currency,
      livemode: false,
      metadata: {},
      payment_intent: charge.payment_intent,
      reason,
      status: "needs_response",
    };
    this.disputes.set(dispute.id, dispute);
    charge.disputed = true;
    this.publish("charge.dispute.created", dispute, NO_REQUEST);
    return ok(dispute);
  }

  resendEvent(id: string): Result<StripeEvent> {
    const event = this.events.find((candidate) => candidate.id === id);
    if (!event) return missing("event", id, "id");
    this.deps.webhooks.resend(event);
    return ok(event);
  }

  reset(): void {
    for (const stored of this.sessions.values()) this.deps.scheduler.cancel(stored.expiryTimer);
    for (const map of [this.customers, this.sessions, this.paymentIntents, this.charges, this.refunds, this.disputes]) map.clear();
    this.billing.reset();
    this.metering.reset();
    this.events.length = 0;
    this.receiptCounter = 0;
  }

  // ---- Helpers ------------------------------------------------------------------------

  private closePaidSession(stored: StoredSession): void {
    this.deps.scheduler.cancel(stored.expiryTimer);
    stored.expiryTimer = null;
    stored.session.status = "complete";
    stored.session.payment_status = "paid";
    stored.session.url = null;
  }

  private openSession(id: string): Result<StoredSession> {
    const stored = this.sessions.get(id);
    if (!stored) return missing("checkout.session", id, "session");
    if (stored.session.status !== "open") {
      return fail(400, { type: "invalid_request_error", code: "checkout_session_not_open", message: `Checkout Session ${id} is ${stored.session.status}, not open: it cannot be paid.` });
    }
    return ok(stored);
  }

  /** The session's PaymentIntent, made on the first attempt to pay (as Stripe does since 2022-08-01). */
  private intentFor(stored: StoredSession): PaymentIntent {
    const { session } = stored;
    const existing = session.payment_intent ? this.paymentIntents.get(session.payment_intent) : undefined;
    if (existing) return existing;
    const intent: PaymentIntent = {
      id: this.id("pi_"),
      object: "payment_intent",
      amount: session.amount_total,
      amount_received: 0,
      created: this.nowS(),
      currency: session.currency,
      customer: session.customer,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: { ...stored.paymentIntentMetadata },
      status: "requires_payment_method",
    };
    this.paymentIntents.set(intent.id, intent);
    session.payment_intent = intent.id;
    return intent;
  }

  private chargeOf(id: string): Charge | undefined {
    if (this.charges.has(id)) return this.charges.get(id);
    const intentId = this.sessions.get(id)?.session.payment_intent ?? id;
    const chargeId = this.paymentIntents.get(intentId)?.latest_charge;
    return chargeId ? this.charges.get(chargeId) : undefined;
  }

  private sessionView(stored: StoredSession, expand?: readonly string[]): CheckoutSession {
    const view = structuredClone(stored.session);
    if (expand?.includes("line_items")) {
      view.line_items = { object: "list", data: structuredClone(stored.lineItems), has_more: false, url: `/v1/checkout/sessions/${view.id}/line_items` };
    }
    return view;
  }

  /** A snapshot of the object as it is now goes into the event (later changes do not rewrite it). */
  publish(type: EventType, object: StripeObject, request: RequestRef): void {
    const event: StripeEvent = {
      id: this.id("evt_"),
      object: "event",
      api_version: API_VERSION,
      created: this.nowS(),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request,
      type,
    };
    this.events.push(event);
    this.deps.webhooks.publish(event);
  }
}
