// POST /webhooks/stripe against the Stripe simulator's real, signed deliveries: a paid
// session lands in the ledger once however its events arrive (duplicated, shuffled,
// late, the simulator's own chaos), refunds and disputes reverse it once, anything
// unverified is a 400 that stores nothing, and a live call hears of its payment.
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { callActorStub } from "../../objects/shared/actor-stubs";
import { PERSONA_NUMBERS, placeCall } from "./support/calls";
import {
  debtor,
  deliveriesFor,
  latestStripeSeq,
  ledgerOf,
  postStripeWebhook,
  sessionFor,
  stripeControl,
  stripeSignature,
  type StripeDelivery,
} from "./support/stripe";

afterEach(async () => {
  await stripeControl("PUT", "/control/chaos", { duplicateRate: 0, reorderRate: 0, lateRate: 0 });
});

/** Pays the session in the simulator and returns the deliveries it sent (all of them, whatever chaos held back). */
async function pay(sessionId: string, expectedEvents = 3): Promise<StripeDelivery[]> {
  const before = await latestStripeSeq();
  const paid = await stripeControl<{ session: { payment_intent: string } }>("POST", `/control/checkout/sessions/${sessionId}/pay`);
  expect(paid.status).toBe(200);
  const intentId = paid.body.session.payment_intent;
  // Deliveries are asynchronous: look until every event has arrived at least once (no fixed sleep).
  for (let tries = 0; tries < 200; tries++) {
    const found = await deliveriesFor(before, sessionId, intentId);
    const ids = new Set(found.map((d) => (JSON.parse(d.body) as { id: string }).id));
    if (ids.size >= expectedEvents) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the simulator did not deliver ${expectedEvents} events for ${sessionId}`);
}

const shuffled = <T>(items: T[], seed: number): T[] => {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

describe("a paid session", () => {
  it("is one ledger entry, and the account and debt balances drop by its amount", async () => {
    const who = await debtor();
    const session = await sessionFor(who);
    for (const d of await pay(session.id)) expect((await postStripeWebhook(d.body, d.signature)).status).toBe(200);
    const ledger = await ledgerOf(who);
    expect(ledger.entries).toHaveLength(1);
    expect(ledger.entries[0]).toMatchObject({ amountCents: 15_000, method: "ivr", status: "succeeded", stripeCheckoutSessionId: session.id, receiptNumber: expect.any(String) });
    expect(ledger).toMatchObject({ accountBalance: 15_000, debtBalance: 5_000 });
  });

  it("duplicated, shuffled and late deliveries still make exactly one entry", async () => {
    const who = await debtor();
    const session = await sessionFor(who);
    const sent = await pay(session.id);
    const storm = shuffled([...sent, ...sent, ...sent], 7);
    for (const d of storm) expect((await postStripeWebhook(d.body, d.signature)).status).toBe(200);
    // A late redelivery of the first event, after all the others.
    const beforeResend = await latestStripeSeq();
    expect((await stripeControl("POST", `/control/events/${(JSON.parse(sent[0]!.body) as { id: string }).id}/resend`)).status).toBe(200);
    let late: StripeDelivery[] = [];
    for (let tries = 0; tries < 200 && late.length === 0; tries++) {
      late = await deliveriesFor(beforeResend, session.id, (JSON.parse(sent[0]!.body) as { id: string }).id);
      if (late.length === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect((await postStripeWebhook(late[0]!.body, late[0]!.signature)).status).toBe(200);
    const ledger = await ledgerOf(who);
    expect(ledger.entries).toHaveLength(1);
    expect(ledger.accountBalance).toBe(15_000);
  });

  it("with the simulator's own chaos (duplicates, reordering) there is still one entry", async () => {
    await stripeControl("PUT", "/control/chaos", { duplicateRate: 1, reorderRate: 0.5 });
    const who = await debtor();
    const session = await sessionFor(who);
    const sent = await pay(session.id);
    expect(sent.length).toBeGreaterThan(3);
    await Promise.all(sent.map((d) => postStripeWebhook(d.body, d.signature)));
    const ledger = await ledgerOf(who);
    expect(ledger.entries).toHaveLength(1);
    expect(ledger.accountBalance).toBe(15_000);
  });

  it("a refund and a dispute reverse it, once each, however often they are told", async () => {
    const who = await debtor();
    const session = await sessionFor(who, { amountCents: 20_000 });
    for (const d of await pay(session.id)) await postStripeWebhook(d.body, d.signature);
    expect(await ledgerOf(who)).toMatchObject({ debtBalance: 0, debtStatus: "paid" });
    const intentId = (await ledgerOf(who)).entries[0]!.stripePaymentIntentId;
    const before = await latestStripeSeq();
    const refund = await fetch(`${env.TEST_STRIPE_ORIGIN}/v1/refunds`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.STRIPE_SECRET_KEY}`, "content-type": "application/x-www-form-urlencoded" },
      body: `payment_intent=${intentId}&amount=5000`,
    });
    expect(refund.status).toBe(200);
    await stripeControl("POST", `/control/disputes/${intentId}`);
    let events: StripeDelivery[] = [];
    for (let tries = 0; tries < 200 && events.length < 2; tries++) {
      events = await deliveriesFor(before, intentId);
      if (events.length < 2) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    for (const d of [...events, ...events.reverse()]) expect((await postStripeWebhook(d.body, d.signature)).status).toBe(200);
    const ledger = await ledgerOf(who);
    expect(ledger.entries[0]).toMatchObject({ refundedCents: 5_000, disputedCents: 15_000, status: "disputed" });
    expect(ledger).toMatchObject({ accountBalance: 30_000, debtBalance: 20_000, debtStatus: "open" });
  });
});

describe("unverified webhooks", () => {
  it("a tampered body, a wrong secret or a signature older than 300 s is a 400 and stores nothing", async () => {
    const who = await debtor();
    const session = await sessionFor(who);
    const completed = (await pay(session.id)).find((d) => d.body.includes('"checkout.session.completed"'))!;
    const tampered = completed.body.replace('"amount_total": 15000', '"amount_total": 1');
    expect(tampered).not.toBe(completed.body);
    const attempts = [
      await postStripeWebhook(tampered, completed.signature),
      await postStripeWebhook(completed.body, await stripeSignature(completed.body, { secret: "whsec_not_ours" })),
      await postStripeWebhook(completed.body, await stripeSignature(completed.body, { timestampSeconds: Math.floor(Date.now() / 1000) - 301 })),
      await postStripeWebhook(completed.body, ""),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: { code: "validation_failed", message: expect.stringContaining("stripe-signature") } });
    }
    expect((await ledgerOf(who)).entries).toHaveLength(0);
    // The same body, correctly signed a moment ago, is accepted.
    expect((await postStripeWebhook(completed.body, await stripeSignature(completed.body, { timestampSeconds: Math.floor(Date.now() / 1000) - 200 }))).status).toBe(200);
    expect((await ledgerOf(who)).entries).toHaveLength(1);
  });
});

describe("the payment's call", () => {
  it("a live call hears of its payment once (wib.payment.succeeded on its timeline)", async () => {
    const who = await debtor();
    // Nobody carries this call's carrier webhooks: it stays live (dialling) for the test.
    const callId = await placeCall(who.owner, { to: PERSONA_NUMBERS.noAnswer, kind: "direct", accountId: who.accountId });
    const session = await sessionFor(who, { callId, requestId: "ivr-pay-1" });
    const sent = await pay(session.id);
    for (const d of [...sent, ...sent]) expect((await postStripeWebhook(d.body, d.signature)).status).toBe(200);
    const snapshot = await callActorStub(env, who.organizationId, callId).snapshot();
    expect(snapshot!.call.timeline.filter((entry) => entry.text.startsWith("Payment received"))).toEqual([expect.objectContaining({ text: "Payment received: $150.00; balance now $150.00" })]);
  });

  it("a payment whose call is gone still lands in the ledger", async () => {
    const who = await debtor();
    const session = await sessionFor(who, { callId: crypto.randomUUID(), requestId: "ivr-pay-1" });
    for (const d of await pay(session.id)) expect((await postStripeWebhook(d.body, d.signature)).status).toBe(200);
    expect((await ledgerOf(who)).entries).toHaveLength(1);
  });
});
