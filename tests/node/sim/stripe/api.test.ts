// The Stripe API subset through the real `stripe` SDK: Checkout Sessions (create with
// price_data and metadata, expires_at bounds, retrieve, expand, expire), customers,
// PaymentIntents, refunds, and Stripe's own error bodies for what is refused.
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { startStripeSimulator } from "../../../../sim/stripe/server";
import { clientFor, startStripeHarness, type StripeHarness } from "./harness";

let h: StripeHarness;
afterEach(() => h.close());

const nowS = () => Math.floor(h.sim.state.scheduler.now() / 1000);

describe("checkout sessions", () => {
  it("creates an open session for the line items' total, with its metadata and a URL the customer can open", async () => {
    h = await startStripeHarness();
    const session = await h.session(12_345, { expires_at: nowS() + 3600 });
    expect(session).toMatchObject({
      object: "checkout.session",
      status: "open",
      payment_status: "unpaid",
      amount_total: 12_345,
      currency: "usd",
      mode: "payment",
      payment_intent: null,
      expires_at: nowS() + 3600,
      metadata: { org_id: "org-1", call_id: "call-1", request_id: "ivr-pay-1" },
    });
    expect(session.id).toMatch(/^cs_test_/);
    const page = await fetch(session.url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("123.45 USD");
  });

  it("retrieves a session, with its line items when expanded", async () => {
    h = await startStripeHarness();
    const created = await h.session(5_000);
    const again = await h.stripe.checkout.sessions.retrieve(created.id, { expand: ["line_items"] });
    expect(again.id).toBe(created.id);
    expect(again.line_items?.data.map((item) => [item.description, item.amount_total, item.quantity])).toEqual([["Balance payment", 5_000, 1]]);
  });

  it("a session lasts 24 hours unless expires_at says otherwise, and never under 30 minutes or over 24 hours", async () => {
    h = await startStripeHarness();
    expect((await h.session()).expires_at).toBe(nowS() + 86_400);
    const tooSoon = await h.session(5_000, { expires_at: nowS() + 20 * 60 }).catch((error: unknown) => error);
    expect(tooSoon).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooSoon).toMatchObject({ statusCode: 400, param: "expires_at", message: expect.stringContaining("at least 30 minutes") });
    const tooLate = await h.session(5_000, { expires_at: nowS() + 25 * 3600 }).catch((error: unknown) => error);
    expect(tooLate).toMatchObject({ statusCode: 400, param: "expires_at", message: expect.stringContaining("less than 24 hours") });
    expect((await h.control<{ sessions: unknown[] }>("GET", "/control/checkout/sessions")).body.sessions).toHaveLength(1);
  });

  it("refuses a session without line items, or with an amount that is not an integer, naming the parameter", async () => {
    h = await startStripeHarness();
    const missing = await h.stripe.checkout.sessions.create({ mode: "payment" }).catch((error: unknown) => error);
    expect(missing).toMatchObject({ type: "StripeInvalidRequestError", code: "parameter_missing", param: "line_items", message: expect.stringContaining("Missing required param: line_items.") });
    const response = await fetch(`${h.sim.origin}/v1/checkout/sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${h.sim.secretKey}`, "content-type": "application/x-www-form-urlencoded" },
      body: "mode=payment&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=12.5&line_items[0][price_data][product_data][name]=x&line_items[0][quantity]=1",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: expect.objectContaining({
        type: "invalid_request_error",
        code: "parameter_invalid_integer",
        param: "line_items[0][price_data][unit_amount]",
        message: "Invalid integer: 12.5",
      }),
    });
    const unknown = await h.session(5_000, { bogus: "x" } as Partial<Stripe.Checkout.SessionCreateParams>).catch((error: unknown) => error);
    expect(unknown).toMatchObject({ code: "parameter_unknown", param: "bogus" });
  });

  it("expires an open session once; a second expire is refused", async () => {
    h = await startStripeHarness();
    const session = await h.session();
    const expired = await h.stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: "expired", url: null });
    const again = await h.stripe.checkout.sessions.expire(session.id).catch((error: unknown) => error);
    expect(again).toMatchObject({ statusCode: 400, message: expect.stringContaining('status of "expired"') });
  });

  it("an unknown session is resource_missing (404)", async () => {
    h = await startStripeHarness();
    const error = await h.stripe.checkout.sessions.retrieve("cs_test_nope").catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 404, code: "resource_missing", message: expect.stringContaining("No such checkout.session: 'cs_test_nope'") });
  });
});

describe("customers, payment intents, refunds", () => {
  it("creates and retrieves a customer", async () => {
    h = await startStripeHarness();
    const customer = await h.stripe.customers.create({ name: "Ada Lovelace", phone: "+15550100001", metadata: { account_id: "acct-1" } });
    expect(customer).toMatchObject({ object: "customer", name: "Ada Lovelace", metadata: { account_id: "acct-1" } });
    expect((await h.stripe.customers.retrieve(customer.id)).id).toBe(customer.id);
  });

  it("a paid session's PaymentIntent is retrievable and refundable once, in full or in parts", async () => {
    h = await startStripeHarness();
    const session = await h.session(10_000, { payment_intent_data: { metadata: { call_id: "call-1" } } });
    await h.control("POST", `/control/checkout/sessions/${session.id}/pay`);
    const paid = await h.stripe.checkout.sessions.retrieve(session.id);
    expect(paid).toMatchObject({ status: "complete", payment_status: "paid" });
    const intent = await h.stripe.paymentIntents.retrieve(paid.payment_intent as string);
    expect(intent).toMatchObject({ status: "succeeded", amount: 10_000, amount_received: 10_000, metadata: { call_id: "call-1" } });
    const charge = await h.stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge.receipt_url).toContain(intent.id);
    expect(await h.stripe.refunds.create({ payment_intent: intent.id, amount: 4_000 })).toMatchObject({ amount: 4_000, status: "succeeded" });
    const tooMuch = await h.stripe.refunds.create({ payment_intent: intent.id, amount: 7_000 }).catch((e: unknown) => e);
    expect(tooMuch).toMatchObject({ statusCode: 400, code: "amount_too_large" });
    expect(await h.stripe.refunds.create({ payment_intent: intent.id })).toMatchObject({ amount: 6_000 });
    const again = await h.stripe.refunds.create({ payment_intent: intent.id }).catch((e: unknown) => e);
    expect(again).toMatchObject({ statusCode: 400, code: "charge_already_refunded" });
  });
});

describe("authentication", () => {
  it("refuses a request without a secret key, and one with the wrong key when a key is configured", async () => {
    h = await startStripeHarness();
    const bare = await fetch(`${h.sim.origin}/v1/customers`, { method: "POST" });
    expect(bare.status).toBe(401);
    expect(((await bare.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
    const strict = await startStripeSimulator({ port: 0, clock: "manual", apiKey: "sk_test_only_this" });
    try {
      const wrong = new Stripe("sk_test_something_else", { ...hostOf(strict.origin), httpClient: Stripe.createFetchHttpClient(), maxNetworkRetries: 0 });
      await expect(wrong.customers.create({})).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
      await expect(clientFor(strict).customers.create({})).resolves.toMatchObject({ object: "customer" });
    } finally {
      await strict.close();
    }
  });
});

function hostOf(origin: string) {
  const url = new URL(origin);
  return { host: url.hostname, port: Number(url.port), protocol: "http" as const };
}
