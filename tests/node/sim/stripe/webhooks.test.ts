// What customers and card networks do (control API), the signed webhooks each sends,
// delivery retries, and the event chaos (duplicate, reorder, late) under a seed.
import { createHmac } from "node:crypto";
import Stripe from "stripe";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startStripeHarness, type StripeHarness } from "./harness";

let h: StripeHarness;
afterEach(() => h.close());

interface Delivery {
  eventId: string;
  eventType: string;
  attempt: number;
  copy: string;
  chaos: string[];
  outcome: string;
  atMs: number;
}
const deliveries = async () => (await h.control<{ deliveries: Delivery[] }>("GET", "/control/webhooks")).body.deliveries;

describe("the customer and the card network", () => {
  it("customer pays: charge, PaymentIntent and session events, signed with the endpoint secret", async () => {
    h = await startStripeHarness();
    const session = await h.session(15_000);
    const paid = await h.control<{ session: { status: string } }>("POST", `/control/checkout/sessions/${session.id}/pay`);
    expect(paid.body.session.status).toBe("complete");
    await h.advance(0);
    expect(h.types()).toEqual(["charge.succeeded", "payment_intent.succeeded", "checkout.session.completed"]);
    const completed = h.received[2]!;
    expect(completed.event.data.object).toMatchObject({ id: session.id, payment_status: "paid", amount_total: 15_000, metadata: { call_id: "call-1", request_id: "ivr-pay-1" } });
    const [t, v1] = completed.signature.split(",").map((part) => part.split("=")[1]!);
    expect(v1).toBe(createHmac("sha256", h.sim.webhookSecret).update(`${t}.${completed.raw}`).digest("hex"));
    // Another endpoint's secret does not verify it.
    await expect(new Stripe("sk_test_x").webhooks.constructEventAsync(completed.raw, completed.signature, "whsec_other")).rejects.toBeInstanceOf(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it("a paid session cannot be paid again or abandoned", async () => {
    h = await startStripeHarness();
    const session = await h.session();
    await h.control("POST", `/control/checkout/sessions/${session.id}/pay`);
    expect((await h.control("POST", `/control/checkout/sessions/${session.id}/pay`)).status).toBe(400);
    expect((await h.control("POST", `/control/checkout/sessions/${session.id}/abandon`)).status).toBe(400);
  });

  it("card declined: payment_intent.payment_failed, the session stays open and can still be paid", async () => {
    h = await startStripeHarness();
    const session = await h.session();
    await h.control("POST", `/control/checkout/sessions/${session.id}/decline`, { declineCode: "insufficient_funds" });
    await h.advance(0);
    expect(h.types()).toEqual(["payment_intent.payment_failed"]);
    expect(h.received[0]!.event.data.object).toMatchObject({ status: "requires_payment_method", last_payment_error: { code: "card_declined", decline_code: "insufficient_funds" } });
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
    await h.control("POST", `/control/checkout/sessions/${session.id}/pay`);
    await h.advance(0);
    const intent = await h.stripe.paymentIntents.retrieve((await h.stripe.checkout.sessions.retrieve(session.id)).payment_intent as string);
    expect(intent).toMatchObject({ status: "succeeded", last_payment_error: null });
  });

  it("customer abandons: checkout.session.expired; an untouched session expires at expires_at", async () => {
    h = await startStripeHarness();
    const abandoned = await h.session();
    const untouched = await h.session(5_000, { expires_at: Math.floor(h.sim.state.scheduler.now() / 1000) + 1800 });
    await h.control("POST", `/control/checkout/sessions/${abandoned.id}/abandon`);
    await h.advance(0);
    expect(h.received.map((r) => [r.event.type, (r.event.data.object as { id: string }).id])).toEqual([["checkout.session.expired", abandoned.id]]);
    await h.advance(1799);
    expect(h.received).toHaveLength(1);
    await h.advance(1);
    expect(h.received.map((r) => [r.event.type, (r.event.data.object as { id: string }).id])).toEqual([
      ["checkout.session.expired", abandoned.id],
      ["checkout.session.expired", untouched.id],
    ]);
  });

  it("refund and dispute send charge.refunded and charge.dispute.created for the payment", async () => {
    h = await startStripeHarness();
    const session = await h.session(8_000);
    await h.control("POST", `/control/checkout/sessions/${session.id}/pay`);
    const intentId = (await h.stripe.checkout.sessions.retrieve(session.id)).payment_intent as string;
    await h.stripe.refunds.create({ payment_intent: intentId, amount: 3_000 }, { idempotencyKey: "refund-1" });
    const disputed = await h.control<{ dispute: { amount: number } }>("POST", `/control/disputes/${session.id}`);
    expect(disputed.body.dispute.amount).toBe(5_000);
    await h.advance(0);
    const refunded = h.received.find((r) => r.event.type === "charge.refunded")!.event;
    expect(refunded.data.object).toMatchObject({ payment_intent: intentId, amount_refunded: 3_000, refunded: false });
    expect(refunded.request).toEqual({ id: expect.stringMatching(/^req_/), idempotency_key: "refund-1" });
    expect(h.received.find((r) => r.event.type === "charge.dispute.created")!.event.data.object).toMatchObject({ payment_intent: intentId, status: "needs_response" });
  });
});

describe("delivery", () => {
  it("a refused delivery is retried a minute later, then 5 minutes after that", async () => {
    h = await startStripeHarness();
    h.respond = (_event, nth) => (nth < 2 ? 500 : 200);
    const session = await h.session();
    await h.control("POST", `/control/checkout/sessions/${session.id}/abandon`);
    await h.advance(59);
    expect(h.received).toHaveLength(0);
    await h.advance(1);
    expect(h.received).toHaveLength(0);
    await h.advance(300);
    expect(h.types()).toEqual(["checkout.session.expired"]);
    expect((await deliveries()).map((d) => [d.attempt, d.outcome, d.atMs])).toEqual([
      [1, "rejected", 0],
      [2, "rejected", 60_000],
      [3, "delivered", 360_000],
    ]);
  });

  // bench:payments at 100 calls: deliveries went out one at a time, so one slow answer
  // (10 s under load) held back every other payment's events: 2 attempts made, 162 queued.
  it("an endpoint slow to answer one payment's event does not hold back another payment's; each payment's events stay in order", async () => {
    h = await startStripeHarness({ webhookTimeoutMs: 60_000 });
    const first = await h.session(1_000, { metadata: { org_id: "org-1", account_id: "acct-1", call_id: "call-1", request_id: "ivr-pay-1" } });
    const second = await h.session(2_000, { metadata: { org_id: "org-1", account_id: "acct-2", call_id: "call-2", request_id: "ivr-pay-1" } });
    let release!: () => void;
    const released = new Promise<number>((resolve) => (release = () => resolve(200)));
    const amountOf = (event: Stripe.Event) => (event.data.object as { amount?: number; amount_total?: number }).amount ?? (event.data.object as { amount_total?: number }).amount_total;
    h.respond = (event) => (amountOf(event) === 1_000 ? released : 200);
    await h.control("POST", `/control/checkout/sessions/${first.id}/pay`);
    await h.control("POST", `/control/checkout/sessions/${second.id}/pay`);
    // The first payment's first event is still unanswered; the second payment's three arrive meanwhile.
    await vi.waitFor(() => expect(h.received.filter((r) => amountOf(r.event) === 2_000)).toHaveLength(3), { timeout: 3_000, interval: 20 });
    expect(h.received.filter((r) => amountOf(r.event) === 1_000)).toHaveLength(0);
    release();
    await h.sim.idle();
    const firstTypes = h.received.filter((r) => amountOf(r.event) === 1_000).map((r) => r.event.type);
    expect(firstTypes).toEqual(["charge.succeeded", "payment_intent.succeeded", "checkout.session.completed"]);
    expect((await deliveries()).every((d) => d.outcome === "delivered")).toBe(true);
  });

  it("a resent event arrives again with the same id (a late redelivery)", async () => {
    h = await startStripeHarness();
    const session = await h.session();
    await h.control("POST", `/control/checkout/sessions/${session.id}/abandon`);
    await h.advance(0);
    const id = h.received[0]!.event.id;
    await h.control("POST", `/control/events/${id}/resend`);
    await h.advance(0);
    expect(h.received.map((r) => r.event.id)).toEqual([id, id]);
  });

  it("chaos duplicates, reorders and delays events; the same seed repeats the same deliveries", async () => {
    const run = async () => {
      h = await startStripeHarness({ seed: 99, chaos: { duplicateRate: 0.4, reorderRate: 0.5, lateRate: 0.3, lateMs: 5_000 } });
      for (let i = 0; i < 4; i++) {
        const session = await h.session(1_000 + i);
        await h.control("POST", `/control/checkout/sessions/${session.id}/pay`);
      }
      await h.advance(10);
      const log = (await deliveries()).map((d) => `${d.eventId}:${d.copy}:${d.chaos.join("+")}:${d.atMs}`);
      // Payments are delivered side by side, so only each payment's own order is fixed: compare as a multiset.
      const received = h.received.map((r) => r.event.id).sort();
      await h.close();
      return { log, received };
    };
    const first = await run();
    const second = await run();
    h = await startStripeHarness();
    expect(second).toEqual(first);
    const tags = first.log.map((line) => line.split(":")[2]);
    expect(tags.some((tag) => tag!.includes("duplicate"))).toBe(true);
    expect(tags.some((tag) => tag!.includes("reordered"))).toBe(true);
    expect(tags.some((tag) => tag!.includes("late"))).toBe(true);
    // 12 events; every one arrives at least once, duplicates more.
    expect(new Set(first.received).size).toBe(12);
    expect(first.received.length).toBeGreaterThan(12);
  });
});
