// Billing against the Stripe simulator: an organisation subscribes and changes plan
// through Stripe Checkout, its plan follows Stripe's signed webhooks (whatever their order
// or lateness; two subscriptions of one Stripe second: the last-opened Checkout's), a plan
// switched in Stripe's billing portal is read back from its price, gated features answer
// 402 naming the plan needed until an upgrade, seats
// are counted when inviting, the billing portal link opens, a cancelled subscription
// lapses to Starter, the billing page's usage counts the period's calls, AI turns and
// payments, and minutes above the plan are charged through Stripe's meter (reported
// once, resent as the same event after a crash, on the upcoming invoice).
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { billingUsageReports, calls, payments } from "../../db/schema";
import { loadDialListing } from "../../db/writers/campaign-records";
import { stripeClient } from "../../objects/shared/stripe-client";
import { reportOverageOn } from "../../worker/billing/overage-reporting";
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
    // Each batch of a reminder campaign's dials reads the plan now: no IVR payment step on Starter.
    const paymentsOnCalls = () =>
      withDatabase(async (db) => (await loadDialListing(db, { organizationId: owner.organizationId, campaignId: crypto.randomUUID(), phones: ["+15550100001"], accountIds: [] })).paymentsOnCalls);
    expect(await paymentsOnCalls()).toBe(false);
    const refused = await call(owner, "POST", "/api/campaigns", predictive());
    expect(refused.status).toBe(402);
    expect(refused.body).toEqual({
      error: { code: "plan_required", message: "The predictive dialer needs the Growth plan or above; this organisation is on Starter" },
    });
    const aiNumber = await call(owner, "POST", "/api/phone-numbers", { e164: "+15550188001", label: "AI line", inboundAction: "ai_agent" });
    expect(aiNumber.status).toBe(402);
    expect(aiNumber.body.error.message).toContain("needs the Scale plan");
    // The AI agent's test call is gated the same way (a number set to the AI before a downgrade still cannot be test-called).
    const testCall = await call(owner, "POST", "/api/ai-agent-settings/test-calls", { persona: "ai-caller-pays" });
    expect(testCall.status).toBe(402);
    expect(testCall.body).toEqual({ error: { code: "plan_required", message: "The AI voice agent needs the Scale plan; this organisation is on Starter" } });

    await subscribe(owner, "growth");
    expect(await billingOf(owner)).toMatchObject({ plan: { id: "growth" }, subscription: { plan: "growth", status: "active" } });
    expect((await call(owner, "POST", "/api/campaigns", predictive())).status).toBe(201);
    expect(await paymentsOnCalls()).toBe(true);
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

  it("of two subscriptions created in the same Stripe second, keeps the one from the Checkout opened last, whichever id sorts higher", async () => {
    // Both orders of plan, so neither "the greater id" nor "the dearer plan" could pass by luck twice.
    for (const [openedFirst, openedLast] of [
      ["starter", "growth"],
      ["growth", "starter"],
    ] as const) {
      const owner = await signUp("Billing tie");
      const first = await call<{ sessionId: string }>(owner, "POST", "/api/billing/checkout", { plan: openedFirst });
      const last = await call<{ sessionId: string }>(owner, "POST", "/api/billing/checkout", { plan: openedLast });
      const second = Math.floor(Date.now() / 1000);
      const before = await latestStripeSeq();
      // The last-opened paid first; both dated the same whole second, as real Stripe can.
      const paidLast = await stripeControl<{ session: { subscription: string } }>("POST", `/control/checkout/sessions/${last.body.sessionId}/pay`, { subscriptionCreated: second });
      const paidFirst = await stripeControl<{ session: { subscription: string } }>("POST", `/control/checkout/sessions/${first.body.sessionId}/pay`, { subscriptionCreated: second });
      const lastEvents = await eventsAbout(before, paidLast.body.session.subscription, 3);
      const firstEvents = await eventsAbout(before, paidFirst.body.session.subscription, 3);
      await deliver([...lastEvents, ...firstEvents]);
      // And once more the other way round: the same outcome.
      await deliver([...firstEvents, ...lastEvents]);
      expect(await billingOf(owner)).toMatchObject({ plan: { id: openedLast }, subscription: { plan: openedLast, status: "active" } });
      const subscriptions = await stripeControl<{ subscriptions: { id: string; status: string }[] }>("GET", "/control/subscriptions");
      expect(subscriptions.body.subscriptions.find((s) => s.id === paidFirst.body.session.subscription)?.status).toBe("canceled");
      expect(subscriptions.body.subscriptions.find((s) => s.id === paidLast.body.session.subscription)?.status).toBe("active");
    }
  });

  it("reads back a plan switched in Stripe's billing portal (the new price's lookup key), audited, and unlocks what it includes", async () => {
    const owner = await signUp("Billing portal switch");
    const { subscriptionId } = await subscribe(owner, "starter");
    expect((await call(owner, "POST", "/api/campaigns", predictive())).status).toBe(402);
    const before = await latestStripeSeq();
    const switched = await stripeControl("POST", `/control/subscriptions/${subscriptionId}/change-price`, { lookupKey: "word_is_bond_growth", unitAmount: 29_900 });
    expect(switched.status).toBe(200);
    const updated = (await eventsAbout(before, subscriptionId, 1)).filter((d) => typeOf(d) === "customer.subscription.updated");
    expect(updated).toHaveLength(1);
    // Twice, as Stripe may send it: one change.
    await deliver([...updated, ...updated]);
    expect(await billingOf(owner)).toMatchObject({ plan: { id: "growth" }, source: "subscription", subscription: { plan: "growth", status: "active" } });
    expect((await call(owner, "POST", "/api/campaigns", predictive())).status).toBe(201);
    const audit = await call<{ entries: { before: unknown; after: unknown }[] }>(owner, "GET", "/api/audit?action=billing.subscription_changed");
    expect(audit.body.entries[0]).toMatchObject({ before: { plan: "starter", subscription: subscriptionId }, after: { plan: "growth", subscription: subscriptionId, planInForce: "growth" } });
    expect(audit.body.entries.filter((e) => (e.after as { plan?: string }).plan === "growth")).toHaveLength(1);
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

describe("usage above the plan", () => {
  it("is charged through Stripe's meter: each minute reported once, resent as the same event after a crash, on the upcoming invoice and the billing page", async () => {
    const owner = await signUp("Billing overage");
    const org = owner.organizationId;
    const { subscriptionId } = await subscribe(owner, "starter");
    const { period } = await billingOf(owner);
    const callLasting = (minutes: number) => ({
      id: crypto.randomUUID(),
      organizationId: org,
      direction: "outbound" as const,
      kind: "direct" as const,
      toNumber: "+15550100001",
      fromNumber: "+15550000001",
      status: "completed" as const,
      createdAt: new Date(new Date(period.from).getTime() + 60_000),
      version: 1,
      durationSeconds: minutes * 60,
    });
    await withDatabase((db) => db.insert(calls).values(callLasting(2_005)));
    // Starter includes 2,000 minutes: 5 above, at 2 cents each.
    expect((await billingOf(owner)).overage).toEqual({ includedCallMinutes: 2_000, minutes: 5, centsPerMinute: 2, cents: 10, charged: true, reportedMinutes: 0 });

    const run = () => withDatabase((db) => reportOverageOn(db, stripeClient(env), { organizationIds: [org] }));
    expect(await run()).toEqual({ [org]: 5 });
    // Run again with nothing new: nothing is sent twice.
    expect(await run()).toEqual({});
    await withDatabase((db) => db.insert(calls).values(callLasting(3)));
    expect(await run()).toEqual({ [org]: 3 });
    // A crash after Stripe accepted the first event, before it was marked: sent again next run, the same event to Stripe.
    await withDatabase((db) =>
      db.update(billingUsageReports).set({ reportedAt: null }).where(and(eq(billingUsageReports.organizationId, org), eq(billingUsageReports.minutes, 5))),
    );
    expect(await run()).toEqual({ [org]: 5 });

    const subscription = await stripeClient(env).subscriptions.retrieve(subscriptionId);
    const customer = subscription.customer as string;
    const events = await stripeControl<{ meterEvents: { identifier: string; payload: Record<string, string> }[] }>("GET", "/control/meter-events");
    const reports = await withDatabase((db) => db.select().from(billingUsageReports).where(eq(billingUsageReports.organizationId, org)));
    expect(events.body.meterEvents.filter((e) => e.payload.stripe_customer_id === customer).map((e) => [e.identifier, e.payload.value]).sort()).toEqual(
      reports.map((r) => [r.id, String(r.minutes)]).sort(),
    );
    // The subscription now carries the metered price, and Stripe's next invoice the 8 minutes.
    expect(subscription.items.data.filter((item) => item.price.recurring?.usage_type === "metered").map((item) => item.price.lookup_key)).toEqual(["word_is_bond_call_minutes_overage"]);
    const upcoming = await stripeClient(env).invoices.createPreview({ subscription: subscriptionId });
    expect(upcoming.lines.data.map((line) => [line.quantity, line.amount])).toEqual([
      [1, 4_900],
      [8, 16],
    ]);
    expect(await billingOf(owner)).toMatchObject({ plan: { id: "starter" }, overage: { minutes: 8, cents: 16, charged: true, reportedMinutes: 8 } });
  });
});
