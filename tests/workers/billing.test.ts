// Billing against the Stripe simulator: an organisation subscribes and changes plan
// through Stripe Checkout, its plan follows Stripe's signed webhooks (whatever their order
// or lateness), gated features answer 402 naming the plan needed until an upgrade, seats
// are counted when inviting, the billing portal link opens, a cancelled subscription
// lapses to Starter, and the billing page's usage counts the period's calls, AI turns and
// payments.
import { afterEach, describe, expect, it } from "vitest";
import { calls, payments } from "../../db/schema";
import { call, type Caller } from "./support/client";
import { withDatabase } from "./support/database";
import { signUp, unique } from "./support/orgs";
import { debtor, deliveriesFor, latestStripeSeq, postStripeWebhook, stripeControl, type StripeDelivery } from "./support/stripe";

afterEach(async () => {
  await stripeControl("PUT", "/control/chaos", { duplicateRate: 0, reorderRate: 0, lateRate: 0 });
});

/** The deliveries about `objectId` since `after`, once at least `atLeast` distinct events have arrived (looked for, not slept on). */
async function eventsAbout(after: number, objectId: string, atLeast: number): Promise<StripeDelivery[]> {
  for (let tries = 0; tries < 200; tries++) {
    const found = await deliveriesFor(after, objectId);
    if (new Set(found.map((d) => (JSON.parse(d.body) as { id: string }).id)).size >= atLeast) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the simulator did not deliver ${atLeast} events about ${objectId}`);
}

const typeOf = (d: StripeDelivery) => (JSON.parse(d.body) as { type: string }).type;

async function deliver(deliveries: StripeDelivery[]): Promise<void> {
  for (const d of deliveries) expect((await postStripeWebhook(d.body, d.signature)).status).toBe(200);
}

/** Checkout for `plan` as an admin would start it, paid by the customer, and Stripe's events handed to the Worker. */
async function subscribe(admin: Caller, plan: string): Promise<{ subscriptionId: string; events: StripeDelivery[] }> {
  const before = await latestStripeSeq();
  const checkout = await call<{ url: string; sessionId: string }>(admin, "POST", "/api/billing/checkout", { plan });
  expect(checkout.status).toBe(201);
  expect(checkout.body.url).toContain(`/checkout/${checkout.body.sessionId}`);
  const paid = await stripeControl<{ session: { subscription: string } }>("POST", `/control/checkout/sessions/${checkout.body.sessionId}/pay`);
  expect(paid.status).toBe(200);
  const subscriptionId = paid.body.session.subscription;
  // customer.subscription.created, invoice.paid, checkout.session.completed
  const events = await eventsAbout(before, subscriptionId, 3);
  await deliver(events);
  return { subscriptionId, events };
}

const billingOf = async (admin: Caller) => (await call(admin, "GET", "/api/billing")).body.billing;
const predictive = () => ({ name: `Predictive ${unique()}`, pacingMode: "predictive" });

describe("plans and feature gates", () => {
  it("a gated route answers 402 naming the plan needed on Starter, and 201 once Checkout upgrades the organisation to Growth", async () => {
    const owner = await signUp("Billing");
    // Never subscribed: everything it used before billing still works.
    expect(await billingOf(owner)).toMatchObject({ plan: { id: "scale" }, source: "unsubscribed", subscription: null });
    expect((await call(owner, "POST", "/api/campaigns", predictive())).status).toBe(201);

    await subscribe(owner, "starter");
    expect(await billingOf(owner)).toMatchObject({ plan: { id: "starter", features: [] }, source: "subscription", subscription: { plan: "starter", status: "active" } });
    const refused = await call(owner, "POST", "/api/campaigns", predictive());
    expect(refused.status).toBe(402);
    expect(refused.body).toEqual({
      error: { code: "plan_required", message: "The predictive dialer needs the Growth plan or above; this organisation is on Starter" },
    });
    const aiNumber = await call(owner, "POST", "/api/phone-numbers", { e164: "+15550188001", label: "AI line", inboundAction: "ai_agent" });
    expect(aiNumber.status).toBe(402);
    expect(aiNumber.body.error.message).toContain("needs the Scale plan");

    await subscribe(owner, "growth");
    expect(await billingOf(owner)).toMatchObject({ plan: { id: "growth" }, subscription: { plan: "growth", status: "active" } });
    expect((await call(owner, "POST", "/api/campaigns", predictive())).status).toBe(201);
    // Still no AI agent on Growth.
    expect((await call(owner, "POST", "/api/phone-numbers", { e164: "+15550188001", label: "AI line", inboundAction: "ai_agent" })).status).toBe(402);
  });

  it("a plan change cancels the older subscription at Stripe, and its late events (any order, repeated) never downgrade the newer plan", async () => {
    const owner = await signUp("Billing order");
    const starter = await subscribe(owner, "starter");
    const before = await latestStripeSeq();
    await subscribe(owner, "growth");
    const subscriptions = await stripeControl<{ subscriptions: { id: string; status: string }[] }>("GET", "/control/subscriptions");
    expect(subscriptions.body.subscriptions.find((s) => s.id === starter.subscriptionId)?.status).toBe("canceled");
    const deleted = (await eventsAbout(before, starter.subscriptionId, 1)).filter((d) => typeOf(d) === "customer.subscription.deleted");
    expect(deleted).toHaveLength(1);
    // The old subscription's whole history, late, reversed and twice over.
    await deliver([...deleted, ...starter.events].reverse());
    await deliver(starter.events);
    expect(await billingOf(owner)).toMatchObject({ plan: { id: "growth" }, subscription: { plan: "growth", status: "active" } });
    expect((await call(owner, "POST", "/api/campaigns", predictive())).status).toBe(201);
  });

  it("counts seats when inviting: Starter's fifth seat is the last, and the sixth is 402 naming Growth", async () => {
    const owner = await signUp("Billing seats");
    await subscribe(owner, "starter");
    for (let i = 0; i < 4; i++) expect((await call(owner, "POST", "/api/invites", { email: `seat-${i}-${unique()}@example.test`, role: "agent" })).status).toBe(201);
    const sixth = await call(owner, "POST", "/api/invites", { email: `seat-6-${unique()}@example.test`, role: "agent" });
    expect(sixth.status).toBe(402);
    expect(sixth.body.error).toMatchObject({ code: "plan_required", message: expect.stringContaining("the Growth plan has 25") });
    expect(await billingOf(owner)).toMatchObject({ seatsUsed: 5, plan: { seats: 5 } });
  });
});

describe("the billing page's data", () => {
  it("opens the billing portal, lapses to Starter when the customer cancels there, and shows the period's usage", async () => {
    const who = await debtor();
    const { owner } = who;
    expect((await call(owner, "POST", "/api/billing/portal")).status).toBe(409);
    const { subscriptionId } = await subscribe(owner, "scale");
    const portal = await call<{ url: string }>(owner, "POST", "/api/billing/portal");
    expect(portal.status).toBe(201);
    expect(portal.body.url).toMatch(/\/billing_portal\/bps_/);

    const { period } = await billingOf(owner);
    const during = new Date(new Date(period.from).getTime() + 60_000);
    await withDatabase(async (db) => {
      const row = { organizationId: who.organizationId, direction: "outbound" as const, kind: "direct" as const, toNumber: "+15550100001", fromNumber: "+15550000001", status: "completed" as const, createdAt: during, version: 1 };
      await db.insert(calls).values([
        { ...row, id: crypto.randomUUID(), durationSeconds: 61, timeline: [{ atMs: 1, text: "AI answered 420 ms after the caller finished", eventId: "e1", status: null }, { atMs: 2, text: "AI answered 380 ms after the caller finished", eventId: "e2", status: null }] },
        { ...row, id: crypto.randomUUID(), durationSeconds: 30 },
        // Before the period: not counted.
        { ...row, id: crypto.randomUUID(), durationSeconds: 600, createdAt: new Date(new Date(period.from).getTime() - 60_000) },
      ]);
      await db.insert(payments).values({ organizationId: who.organizationId, accountId: who.accountId, amountCents: 4_200, currency: "usd", method: "ivr", stripePaymentIntentId: `pi_usage_${unique()}`, paidAt: during });
    });
    expect((await billingOf(owner)).usage).toEqual({ callMinutes: 3, aiTurns: 2, paymentsTaken: 1, paymentsCents: 4_200 });

    const before = await latestStripeSeq();
    expect((await stripeControl("POST", `/control/subscriptions/${subscriptionId}/cancel`)).status).toBe(200);
    await deliver(await eventsAbout(before, subscriptionId, 1));
    expect(await billingOf(owner)).toMatchObject({ plan: { id: "starter" }, source: "lapsed", subscription: { plan: "scale", status: "canceled" } });
  });
});
