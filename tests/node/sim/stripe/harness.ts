// One Stripe simulator per test on the manual clock, the real `stripe` SDK pointed at it
// (fetch HTTP client, host/port/protocol), and a local webhook endpoint that verifies
// every delivery with the SDK's constructEventAsync before keeping it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { startStripeSimulator, type StripeSimulator, type StripeSimulatorOptions } from "../../../../sim/stripe/server";

export interface Received {
  event: Stripe.Event;
  raw: string;
  signature: string;
}

export interface StripeHarness {
  sim: StripeSimulator;
  stripe: Stripe;
  received: Received[];
  /** Event types in arrival order. */
  types(): string[];
  /** What the endpoint answers: a status code (a promise of one: an endpoint slow to answer). */
  respond: (event: Stripe.Event, nth: number) => number | Promise<number>;
  advance(seconds?: number): Promise<void>;
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** A payable session for `amount` cents with the given metadata. */
  session(amount?: number, extra?: Partial<Stripe.Checkout.SessionCreateParams>, options?: Stripe.RequestOptions): Promise<Stripe.Checkout.Session>;
  close(): Promise<void>;
}

export const clientFor = (sim: StripeSimulator, maxNetworkRetries = 0) => {
  const url = new URL(sim.origin);
  return new Stripe(sim.secretKey, {
    host: url.hostname,
    port: Number(url.port),
    protocol: "http",
    httpClient: Stripe.createFetchHttpClient(),
    // Tests retry by hand (the SDK's retry waits on a real timer).
    maxNetworkRetries,
  });
};

export async function startStripeHarness(options: Partial<StripeSimulatorOptions> = {}): Promise<StripeHarness> {
  const received: Received[] = [];
  let harness: StripeHarness | undefined;
  let nth = 0;
  const verifier = new Stripe("sk_test_verifier");
  let secret = "";
  const receiver = http.createServer((request, response) => {
    void (async () => {
      let raw = "";
      for await (const chunk of request) raw += chunk;
      const signature = String(request.headers["stripe-signature"]);
      const event = await verifier.webhooks.constructEventAsync(raw, signature, secret, undefined, Stripe.createSubtleCryptoProvider());
      const status = harness ? await harness.respond(event, nth++) : 200;
      if (status >= 200 && status < 300) received.push({ event, raw, signature });
      response.writeHead(status).end();
    })().catch((error: unknown) => {
      console.error("stripe webhook endpoint:", error);
      response.writeHead(400).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/stripe`;
  const sim = await startStripeSimulator({ port: 0, clock: "manual", seed: 11, webhookUrl, ...options });
  secret = sim.webhookSecret;
  const stripe = clientFor(sim);
  harness = {
    sim,
    stripe,
    received,
    types: () => received.map((r) => r.event.type),
    respond: () => 200,
    advance: (seconds = 0) => sim.advance(seconds * 1000),
    control: async <T>(method: string, path: string, body?: unknown) => {
      const response = await fetch(`${sim.origin}${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as T };
    },
    session: (amount = 15_000, extra = {}, requestOptions) =>
      stripe.checkout.sessions.create(
        {
          mode: "payment",
          line_items: [{ price_data: { currency: "usd", unit_amount: amount, product_data: { name: "Balance payment" } }, quantity: 1 }],
          metadata: { org_id: "org-1", account_id: "acct-1", call_id: "call-1", request_id: "ivr-pay-1" },
          ...extra,
        },
        requestOptions,
      ),
    close: async () => {
      await sim.close();
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    },
  };
  return harness;
}
