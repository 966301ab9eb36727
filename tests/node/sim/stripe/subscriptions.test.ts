// The Stripe simulator's subscriptions through the real SDK: Checkout in subscription
// mode starts one (customer, subscription, first invoice, signed events), a renewal moves
// the period on, a failed renewal makes it past_due, a cancel ends it, a billing portal
// session links to the customer's portal, mode mistakes are Stripe's 400s, and usage
// reported to a meter (one event per identifier) is billed by a metered item: on the
// upcoming invoice so far, and on the renewal invoice for the period it ends.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { startStripeHarness, type StripeHarness } from "./harness";

let h: StripeHarness;
beforeEach(async () => {
  h = await startStripeHarness();
});
afterEach(async () => {
  await h.close();
});

const growth = (): Stripe.Checkout.SessionCreateParams => ({
  mode: "subscription",
  line_items: [{ price_data: { currency: "usd", unit_amount: 29_900, recurring: { interval: "month" }, product_data: { name: "Growth" } }, quantity: 1 }],
  subscription_data: { metadata: { org_id: "org-1", plan: "growth" } },
  success_url: "http://localhost/billing",
});

async function subscribed(): Promise<Stripe.Subscription> {
  const session = await h.stripe.checkout.sessions.create(growth());
  expect(session.mode).toBe("subscription");
  expect((await h.control("POST", `/control/checkout/sessions/${session.id}/pay`)).status).toBe(200);
  await h.advance();
  const done = await h.stripe.checkout.sessions.retrieve(session.id);
  expect(done).toMatchObject({ status: "complete", payment_status: "paid", subscription: expect.stringMatching(/^sub_/), customer: expect.stringMatching(/^cus_/) });
  return h.stripe.subscriptions.retrieve(done.subscription as string);
}

describe("a subscription", () => {
  it("starts when a subscription-mode session is paid: active, its metadata and a month's period, with its events signed", async () => {
    const subscription = await subscribed();
    expect(subscription).toMatchObject({ status: "active", metadata: { org_id: "org-1", plan: "growth" } });
    const item = subscription.items.data[0]!;
    expect(item.price).toMatchObject({ unit_amount: 29_900, recurring: { interval: "month" } });
    expect(item.current_period_end - item.current_period_start).toBeGreaterThanOrEqual(28 * 86_400);
    expect(h.types()).toEqual(expect.arrayContaining(["customer.subscription.created", "invoice.paid", "checkout.session.completed"]));
    const invoice = h.received.find((r) => r.event.type === "invoice.paid")!.event.data.object as Stripe.Invoice;
    expect(invoice.parent?.subscription_details?.subscription).toBe(subscription.id);
    expect(invoice.amount_paid).toBe(29_900);
  });

  it("renews into the next period, goes past_due when a renewal fails, and ends when cancelled", async () => {
    const subscription = await subscribed();
    const firstEnd = subscription.items.data[0]!.current_period_end;
    expect((await h.control("POST", `/control/subscriptions/${subscription.id}/renew`)).status).toBe(200);
    expect((await h.stripe.subscriptions.retrieve(subscription.id)).items.data[0]!.current_period_start).toBe(firstEnd);
    expect((await h.control("POST", `/control/subscriptions/${subscription.id}/fail-renewal`)).status).toBe(200);
    expect((await h.stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");
    const cancelled = await h.stripe.subscriptions.cancel(subscription.id);
    expect(cancelled).toMatchObject({ status: "canceled", ended_at: expect.any(Number) });
    await h.advance();
    expect(h.types()).toEqual(expect.arrayContaining(["invoice.payment_failed", "customer.subscription.updated", "customer.subscription.deleted"]));
    await expect(h.stripe.subscriptions.cancel(subscription.id)).rejects.toThrow(/canceled subscription/);
  });

  it("has a billing portal session for its customer, and the portal page lists it", async () => {
    const subscription = await subscribed();
    const portal = await h.stripe.billingPortal.sessions.create({ customer: subscription.customer as string, return_url: "http://localhost/billing" });
    expect(portal.url).toMatch(/\/billing_portal\/bps_/);
    const page = await (await fetch(portal.url)).text();
    expect(page).toContain("Stripe simulator");
    expect(page).toContain(subscription.id);
    await expect(h.stripe.billingPortal.sessions.create({ customer: "cus_nobody" })).rejects.toThrow(/No such customer/);
  });

  it("refuses a one-time price in subscription mode and a recurring one in payment mode", async () => {
    const oneTime = growth();
    delete oneTime.line_items![0]!.price_data!.recurring;
    await expect(h.stripe.checkout.sessions.create(oneTime)).rejects.toThrow(/recurring price in `subscription` mode/);
    await expect(h.stripe.checkout.sessions.create({ ...growth(), mode: "payment", subscription_data: undefined })).rejects.toThrow(/`payment` mode but passed a recurring price/);
  });

  it("switches price as the billing portal does (the new price's lookup key, customer.subscription.updated), and dates a subscription when asked", async () => {
    const subscription = await subscribed();
    expect(subscription.items.data[0]!.price.lookup_key).toBeNull();
    const changed = await h.control("POST", `/control/subscriptions/${subscription.id}/change-price`, { lookupKey: "word_is_bond_scale", unitAmount: 99_900 });
    expect(changed.status).toBe(200);
    const read = await h.stripe.subscriptions.retrieve(subscription.id);
    expect(read.items.data[0]!.price).toMatchObject({ lookup_key: "word_is_bond_scale", unit_amount: 99_900, recurring: { interval: "month" } });
    expect(read.metadata).toEqual(subscription.metadata);
    await h.advance();
    expect(h.types()).toContain("customer.subscription.updated");
    expect((await h.control("POST", `/control/subscriptions/${subscription.id}/change-price`, { lookupKey: "" })).status).toBe(422);

    // Two sessions paid and dated the same second: real Stripe's whole seconds can tie.
    const dated: number[] = [];
    for (let i = 0; i < 2; i++) {
      const session = await h.stripe.checkout.sessions.create({ ...growth(), customer: subscription.customer as string });
      expect((await h.control("POST", `/control/checkout/sessions/${session.id}/pay`, { subscriptionCreated: 1_800_000_000 })).status).toBe(200);
      const done = await h.stripe.checkout.sessions.retrieve(session.id);
      dated.push((await h.stripe.subscriptions.retrieve(done.subscription as string)).created);
    }
    expect(dated).toEqual([1_800_000_000, 1_800_000_000]);
  });
});

describe("usage-based billing (Billing Meters)", () => {
  it("bills a metered item the sum of its meter's events in the period, one per identifier, on the upcoming and the renewal invoice", async () => {
    const subscription = await subscribed();
    const customer = subscription.customer as string;
    const meter = await h.stripe.billing.meters.create({ display_name: "Minutes", event_name: "minutes", default_aggregation: { formula: "sum" } });
    await expect(h.stripe.billing.meters.create({ display_name: "Again", event_name: "minutes", default_aggregation: { formula: "sum" } })).rejects.toThrow(/already exists/);
    expect((await h.stripe.billing.meters.list({ status: "active" })).data.map((m) => m.id)).toEqual([meter.id]);
    const price = await h.stripe.prices.create({ currency: "usd", unit_amount: 2, lookup_key: "overage", product_data: { name: "Overage" }, recurring: { interval: "month", usage_type: "metered", meter: meter.id } });
    expect((await h.stripe.prices.list({ lookup_keys: ["overage"], active: true })).data.map((p) => p.id)).toEqual([price.id]);
    await expect(h.stripe.prices.create({ currency: "usd", unit_amount: 2, product_data: { name: "No meter" }, recurring: { interval: "month", usage_type: "metered" } })).rejects.toThrow(/meter/);

    // Usage before the item exists counts too: Stripe bills the period's events.
    const now = (await h.stripe.subscriptions.retrieve(subscription.id)).items.data[0]!.current_period_start + 60;
    await h.stripe.billing.meterEvents.create({ event_name: "minutes", payload: { stripe_customer_id: customer, value: "7" }, identifier: "report-1", timestamp: now });
    await h.stripe.subscriptionItems.create({ subscription: subscription.id, price: price.id });
    await expect(h.stripe.subscriptionItems.create({ subscription: subscription.id, price: price.id })).rejects.toThrow(/already on subscription/);
    // A resend of report-1 (a retry after a lost answer) is the same event; report-2 adds.
    await h.stripe.billing.meterEvents.create({ event_name: "minutes", payload: { stripe_customer_id: customer, value: "7" }, identifier: "report-1", timestamp: now });
    await h.stripe.billing.meterEvents.create({ event_name: "minutes", payload: { stripe_customer_id: customer, value: "3" }, identifier: "report-2", timestamp: now });
    // Another customer's usage is not this one's.
    await h.stripe.billing.meterEvents.create({ event_name: "minutes", payload: { stripe_customer_id: "cus_other", value: "100" }, identifier: "report-3", timestamp: now });
    await expect(h.stripe.billing.meterEvents.create({ event_name: "minutes", payload: { stripe_customer_id: customer, value: "1" }, timestamp: now - 40 * 86_400 })).rejects.toThrow(/35 calendar days/);

    const upcoming = await h.stripe.invoices.createPreview({ subscription: subscription.id });
    expect(upcoming.lines.data.map((line) => [line.quantity, line.amount])).toEqual([
      [1, 29_900],
      [10, 20],
    ]);
    expect(upcoming.amount_due).toBe(29_920);

    expect((await h.control("POST", `/control/subscriptions/${subscription.id}/renew`)).status).toBe(200);
    await h.advance();
    const renewal = h.received.filter((r) => r.event.type === "invoice.paid").at(-1)!.event.data.object as Stripe.Invoice;
    expect(renewal).toMatchObject({ billing_reason: "subscription_cycle", amount_paid: 29_920 });
    // The new period starts with no usage.
    expect((await h.stripe.invoices.createPreview({ subscription: subscription.id })).amount_due).toBe(29_900);
  });
});
