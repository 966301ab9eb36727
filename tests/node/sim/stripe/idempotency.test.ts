// Idempotency keys as Stripe documents them, and the API chaos that makes them matter:
// a retried create with the same key makes one object, whatever failed in between.
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { startStripeHarness, type StripeHarness } from "./harness";

let h: StripeHarness;
afterEach(() => h.close());

const sessionCount = async () => (await h.control<{ sessions: unknown[] }>("GET", "/control/checkout/sessions")).body.sessions.length;
const requests = async () => (await h.control<{ requests: { outcome: string; status: number }[] }>("GET", "/control/requests")).body.requests;

describe("idempotency keys", () => {
  it("the same key with the same parameters replays the first response: one session, marked replayed", async () => {
    h = await startStripeHarness();
    const first = await h.session(15_000, {}, { idempotencyKey: "call-1:ivr-pay-1" });
    const second = await h.session(15_000, {}, { idempotencyKey: "call-1:ivr-pay-1" });
    expect(second.id).toBe(first.id);
    expect((await requests()).map((r) => r.outcome)).toEqual(["performed", "replayed"]);
    expect(await sessionCount()).toBe(1);
  });

  it("the same key with other parameters is a 400 idempotency_error and makes nothing", async () => {
    h = await startStripeHarness();
    await h.session(15_000, {}, { idempotencyKey: "call-1:ivr-pay-1" });
    const error = await h.session(9_999, {}, { idempotencyKey: "call-1:ivr-pay-1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error).toMatchObject({ statusCode: 400, type: "StripeIdempotencyError", message: expect.stringContaining("same parameters") });
    expect(await sessionCount()).toBe(1);
  });

  it("a different key makes a second session", async () => {
    h = await startStripeHarness();
    await h.session(15_000, {}, { idempotencyKey: "call-1:ivr-pay-1" });
    await h.session(15_000, {}, { idempotencyKey: "call-1:ivr-pay-2" });
    expect(await sessionCount()).toBe(2);
  });

  it("a key is forgotten after 24 hours", async () => {
    h = await startStripeHarness();
    await h.session(15_000, {}, { idempotencyKey: "k" });
    await h.advance(24 * 3600 + 1);
    await h.session(15_000, {}, { idempotencyKey: "k" });
    expect(await sessionCount()).toBe(2);
  });

  it("a request refused for its parameters keeps nothing, so the corrected retry with the key runs", async () => {
    h = await startStripeHarness();
    const nowS = Math.floor(h.sim.state.scheduler.now() / 1000);
    await expect(h.session(15_000, { expires_at: nowS + 60 }, { idempotencyKey: "k" })).rejects.toMatchObject({ param: "expires_at" });
    // Stripe keeps no result for a request that failed validation: the same key may carry other parameters.
    await expect(h.session(15_000, {}, { idempotencyKey: "k" })).resolves.toMatchObject({ status: "open" });
  });
});

describe("API chaos", () => {
  it("a 500 before running (Stripe-Should-Retry) made nothing; the retry with the same key makes the one session", async () => {
    h = await startStripeHarness({ chaos: { apiFailureRate: 1 } });
    const error = await h.session(15_000, {}, { idempotencyKey: "k" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(await sessionCount()).toBe(0);
    await h.control("PUT", "/control/chaos", { apiFailureRate: 0 });
    await h.session(15_000, {}, { idempotencyKey: "k" });
    expect(await sessionCount()).toBe(1);
  });

  it("a lost response (performed, answered 500) is replayed to the retry: one session, same id", async () => {
    h = await startStripeHarness({ chaos: { lostResponseRate: 1 } });
    await expect(h.session(15_000, {}, { idempotencyKey: "k" })).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(await sessionCount()).toBe(1);
    const retried = await h.session(15_000, {}, { idempotencyKey: "k" });
    expect(retried.id).toBe((await h.control<{ sessions: { id: string }[] }>("GET", "/control/checkout/sessions")).body.sessions[0]!.id);
    expect((await requests()).map((r) => r.outcome)).toEqual(["lost_response", "replayed"]);
  });

  it("the SDK's own retry (its automatic idempotency key) gets the replay after a lost response", async () => {
    h = await startStripeHarness({ chaos: { lostResponseRate: 1 } });
    const url = new URL(h.sim.origin);
    // One retry: the SDK waits ~0.5 s of real time before it, its own backoff, not ours.
    const retrying = new Stripe(h.sim.secretKey, { host: url.hostname, port: Number(url.port), protocol: "http", httpClient: Stripe.createFetchHttpClient(), maxNetworkRetries: 1 });
    const created = await retrying.customers.create({ name: "Ada" });
    expect((await requests()).map((r) => r.outcome)).toEqual(["lost_response", "replayed"]);
    expect(created.lastResponse.idempotencyKey).toMatch(/^stripe-node-retry-/);
    expect((await h.control<{ customers: unknown[] }>("GET", "/control/customers")).body.customers).toHaveLength(1);
  });
});
