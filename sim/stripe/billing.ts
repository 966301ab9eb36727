// The simulated account's subscriptions (Stripe Billing): a subscription started by a paid
// Checkout Session in subscription mode, its invoices, a renewal, a failed renewal and
// cancellation (through the API, or by the customer in the billing portal), and billing
// portal sessions, and a plan switched in the portal (the item's price changed to one with a
// lookup key). Each change publishes Stripe's events (customer.subscription.*,
// invoice.*). A metered price (metering.ts) added as a second item is billed in arrears:
// the renewal invoice carries the ending period's usage, and the upcoming invoice
// (POST /v1/invoices/create_preview) shows it so far. Simplified: the plan is the first
// item, paid at once, no proration, trials, schedules or tax; a failed renewal leaves the
// subscription past_due until renewed.
import type { AccountDeps, RequestRef, Result, StoredSession, StripeAccount } from "./stripe-account.ts";
import { fail, missing, NO_REQUEST, ok } from "./stripe-account.ts";
import type { CreatePortalSessionParams, CreateSubscriptionItemParams } from "./validation.ts";
import type { BillingPortalSession, Invoice, InvoiceLine, Subscription, SubscriptionItem } from "./wire.ts";

type Period = { start: number; end: number };

/** The end of a period that starts at `startS`: one calendar month or year later, as Stripe counts. */
export function periodEnd(startS: number, interval: "month" | "year"): number {
  const date = new Date(startS * 1000);
  if (interval === "year") date.setUTCFullYear(date.getUTCFullYear() + 1);
  else date.setUTCMonth(date.getUTCMonth() + 1);
  return Math.floor(date.getTime() / 1000);
}

export class StripeBilling {
  readonly subscriptions = new Map<string, Subscription>();
  readonly invoices = new Map<string, Invoice>();
  readonly portalSessions = new Map<string, BillingPortalSession>();

  /**
   * The `created` second of each customer's newest subscription. A person goes through Checkout
   * in more than a second, so one customer's subscriptions do not share a creation second here
   * when a test pays two Checkouts within one, unless the test dates them itself (the control
   * API's pay with `subscriptionCreated`: real Stripe has only whole seconds, and a tie is
   * the engine's to break).
   */
  readonly #lastCreatedS = new Map<string, number>();

  constructor(
    private readonly account: StripeAccount,
    private readonly deps: AccountDeps,
  ) {}

  /** A subscription-mode session was paid: the customer (made if the session named none), the subscription, its first invoice. */
  subscribeFromCheckout(stored: StoredSession, createdAtS?: number): Subscription {
    const { session } = stored;
    const now = this.account.nowS();
    let customer = session.customer;
    if (!customer) {
      const created = this.account.createCustomer({ ...(session.customer_email ? { email: session.customer_email } : {}) });
      customer = created.ok ? created.body.id : null;
    }
    const createdS = createdAtS ?? Math.max(now, (this.#lastCreatedS.get(customer!) ?? -Infinity) + 1);
    this.#lastCreatedS.set(customer!, Math.max(createdS, this.#lastCreatedS.get(customer!) ?? -Infinity));
    const line = stored.lineItems[0]!;
    const interval = line.price.recurring?.interval ?? "month";
    const id = this.account.id("sub_");
    const item: SubscriptionItem = {
      id: this.account.id("si_", 14),
      object: "subscription_item",
      created: now,
      current_period_start: now,
      current_period_end: periodEnd(now, interval),
      price: structuredClone(line.price),
      quantity: line.quantity,
      subscription: id,
    };
    const subscription: Subscription = {
      id,
      object: "subscription",
      cancel_at_period_end: false,
      canceled_at: null,
      created: createdS,
      currency: session.currency,
      customer: customer!,
      ended_at: null,
      items: { object: "list", data: [item], has_more: false, url: `/v1/subscription_items?subscription=${id}` },
      latest_invoice: null,
      livemode: false,
      metadata: { ...stored.subscriptionMetadata },
      status: "active",
    };
    this.subscriptions.set(id, subscription);
    session.customer = customer;
    session.subscription = id;
    this.account.publish("customer.subscription.created", subscription, NO_REQUEST);
    this.invoice(subscription, "subscription_create", "paid");
    return subscription;
  }

  retrieve(id: string): Result<Subscription> {
    const subscription = this.subscriptions.get(id);
    return subscription ? ok(subscription) : missing("subscription", id, "id");
  }

  retrieveInvoice(id: string): Result<Invoice> {
    const invoice = this.invoices.get(id);
    return invoice ? ok(invoice) : missing("invoice", id, "invoice");
  }

  /** DELETE /v1/subscriptions/:id, or the customer cancelling in the billing portal: ends it now. */
  cancel(id: string, request: RequestRef = NO_REQUEST): Result<Subscription> {
    const subscription = this.subscriptions.get(id);
    if (!subscription) return missing("subscription", id, "id");
    if (subscription.status === "canceled") {
      return fail(400, { type: "invalid_request_error", code: "resource_missing", message: `A canceled subscription can only update its cancellation_details and metadata. (${id})` });
    }
    const now = this.account.nowS();
    subscription.status = "canceled";
    subscription.canceled_at = now;
    subscription.ended_at = now;
    this.account.publish("customer.subscription.deleted", subscription, request);
    return ok(subscription);
  }

  /** The period ends and the renewal invoice is paid: the next period begins (the subscription is active again if it was past_due). */
  renew(id: string): Result<Subscription> {
    const subscription = this.live(id);
    if (!subscription.ok) return subscription;
    const item = subscription.body.items.data[0]!;
    const ended = { start: item.current_period_start, end: item.current_period_end };
    const next = { start: ended.end, end: periodEnd(ended.end, item.price.recurring?.interval ?? "month") };
    for (const each of subscription.body.items.data) Object.assign(each, { current_period_start: next.start, current_period_end: next.end });
    subscription.body.status = "active";
    this.invoice(subscription.body, "subscription_cycle", "paid", ended);
    this.account.publish("customer.subscription.updated", subscription.body, NO_REQUEST);
    return subscription;
  }

  /**
   * The customer switches plan in the billing portal: the item's price becomes one of the
   * prices the portal offers (made in the dashboard, with its lookup key), effective now,
   * and `customer.subscription.updated` says so. Simplified: no proration invoice.
   */
  changePrice(id: string, price: { lookupKey: string; unitAmount: number }): Result<Subscription> {
    const subscription = this.live(id);
    if (!subscription.ok) return subscription;
    const item = subscription.body.items.data[0]!;
    item.price = {
      id: this.account.id("price_"),
      object: "price",
      currency: item.price.currency,
      unit_amount: price.unitAmount,
      lookup_key: price.lookupKey,
      product: this.account.id("prod_", 14),
      type: "recurring",
      recurring: { interval: item.price.recurring?.interval ?? "month", interval_count: 1 },
    };
    this.account.publish("customer.subscription.updated", subscription.body, NO_REQUEST);
    return subscription;
  }

  /** The renewal's card is declined: the invoice stays open and the subscription goes past_due. */
  failRenewal(id: string): Result<Subscription> {
    const subscription = this.live(id);
    if (!subscription.ok) return subscription;
    const item = subscription.body.items.data[0]!;
    this.invoice(subscription.body, "subscription_cycle", "open", { start: item.current_period_start, end: item.current_period_end });
    subscription.body.status = "past_due";
    this.account.publish("customer.subscription.updated", subscription.body, NO_REQUEST);
    return subscription;
  }

  /** POST /v1/subscription_items: a price added to a live subscription (a metered one: billed from its meter's events). */
  addItem(params: CreateSubscriptionItemParams): Result<SubscriptionItem> {
    const subscription = this.live(params.subscription);
    if (!subscription.ok) return subscription;
    const price = this.account.metering.prices.get(params.price);
    if (!price) return missing("price", params.price, "price");
    const items = subscription.body.items.data;
    if (items.some((item) => item.price.id === price.id)) {
      return fail(400, { type: "invalid_request_error", param: "price", message: `The price ${price.id} is already on subscription ${params.subscription}.` });
    }
    const first = items[0]!;
    const item: SubscriptionItem = {
      id: this.account.id("si_", 14),
      object: "subscription_item",
      created: this.account.nowS(),
      current_period_start: first.current_period_start,
      current_period_end: first.current_period_end,
      price: structuredClone(price),
      // A metered item has no quantity: its usage is the meter's.
      quantity: price.recurring?.usage_type === "metered" ? 0 : 1,
      subscription: subscription.body.id,
    };
    items.push(item);
    this.account.publish("customer.subscription.updated", subscription.body, NO_REQUEST);
    return ok(item);
  }

  /** POST /v1/invoices/create_preview: what the subscription's next invoice holds now (the next period's plan, this period's usage so far). */
  preview(subscriptionId: string): Result<Invoice> {
    const subscription = this.live(subscriptionId);
    if (!subscription.ok) return subscription;
    const item = subscription.body.items.data[0]!;
    const current = { start: item.current_period_start, end: item.current_period_end };
    const next = { start: current.end, end: periodEnd(current.end, item.price.recurring?.interval ?? "month") };
    const lines = this.lines(subscription.body, next, current);
    const amount = lines.reduce((sum, line) => sum + line.amount, 0);
    return ok({
      id: `upcoming_${subscription.body.id}`,
      object: "invoice",
      amount_due: amount,
      amount_paid: 0,
      billing_reason: "subscription_cycle",
      created: this.account.nowS(),
      currency: subscription.body.currency,
      customer: subscription.body.customer,
      livemode: false,
      parent: { type: "subscription_details", subscription_details: { subscription: subscription.body.id, metadata: { ...subscription.body.metadata } } },
      period_end: current.end,
      period_start: current.start,
      status: "draft",
      lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/upcoming/lines?subscription=${subscription.body.id}` },
    });
  }

  createPortalSession(params: CreatePortalSessionParams): Result<BillingPortalSession> {
    if (!this.account.customers.has(params.customer)) return missing("customer", params.customer, "customer");
    const id = this.account.id("bps_");
    const session: BillingPortalSession = {
      id,
      object: "billing_portal.session",
      created: this.account.nowS(),
      customer: params.customer,
      livemode: false,
      return_url: params.return_url ?? null,
      url: `${this.deps.origin()}/billing_portal/${id}`,
    };
    this.portalSessions.set(id, session);
    return ok(session);
  }

  reset(): void {
    this.subscriptions.clear();
    this.invoices.clear();
    this.portalSessions.clear();
  }

  private live(id: string): Result<Subscription> {
    const subscription = this.subscriptions.get(id);
    if (!subscription) return missing("subscription", id, "id");
    if (subscription.status === "canceled") return fail(400, { type: "invalid_request_error", message: `Subscription ${id} is canceled.` });
    return ok(subscription);
  }

  /** A licensed item for `ahead` (billed in advance), a metered one for its usage in `behind` (in arrears; none on the first invoice). */
  private lines(subscription: Subscription, ahead: Period, behind: Period | null): InvoiceLine[] {
    const lines: InvoiceLine[] = [];
    for (const item of subscription.items.data) {
      const metered = item.price.recurring?.usage_type === "metered";
      if (metered && !behind) continue;
      const quantity = metered ? this.account.metering.usage(item.price, subscription.customer, behind!.start, behind!.end) : item.quantity;
      lines.push({
        id: this.account.id("il_", 14),
        object: "line_item",
        amount: item.price.unit_amount * quantity,
        currency: item.price.currency,
        description: metered ? `${quantity} × usage above the plan` : `${item.quantity} × plan`,
        quantity,
        period: metered ? behind! : ahead,
        pricing: { type: "price_details", price_details: { price: item.price.id, product: item.price.product }, unit_amount_decimal: String(item.price.unit_amount) },
      });
    }
    return lines;
  }

  private invoice(subscription: Subscription, reason: Invoice["billing_reason"], status: Invoice["status"], usagePeriod: Period | null = null): Invoice {
    const item = subscription.items.data[0]!;
    const lines = this.lines(subscription, { start: item.current_period_start, end: item.current_period_end }, usagePeriod);
    const amount = lines.reduce((sum, line) => sum + line.amount, 0);
    const invoice: Invoice = {
      id: this.account.id("in_"),
      object: "invoice",
      amount_due: amount,
      amount_paid: status === "paid" ? amount : 0,
      billing_reason: reason,
      created: this.account.nowS(),
      currency: subscription.currency,
      customer: subscription.customer,
      livemode: false,
      parent: { type: "subscription_details", subscription_details: { subscription: subscription.id, metadata: { ...subscription.metadata } } },
      period_end: item.current_period_end,
      period_start: item.current_period_start,
      status,
      lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/lines` },
    };
    this.invoices.set(invoice.id, invoice);
    subscription.latest_invoice = invoice.id;
    this.account.publish(status === "paid" ? "invoice.paid" : "invoice.payment_failed", invoice, NO_REQUEST);
    return invoice;
  }
}
