// The one way the engine makes a `stripe` client: the fetch HTTP client (workerd has no
// node http), and, when STRIPE_API_BASE is set (the local simulator), its host, port and
// protocol. The SDK's own retries are off: our durable tasks retry with the same
// idempotency key, so a retry never waits inside a request.
import Stripe from "stripe";

export interface StripeEnv {
  STRIPE_SECRET_KEY?: string;
  STRIPE_API_BASE?: string;
}

let cached: { key: string; base: string; client: Stripe } | undefined;

export function stripeClient(env: StripeEnv): Stripe {
  const key = env.STRIPE_SECRET_KEY;
  if (!key) throw new Error("STRIPE_SECRET_KEY is not set: payments cannot be taken");
  const base = env.STRIPE_API_BASE ?? "";
  if (cached?.key === key && cached.base === base) return cached.client;
  const url = base ? new URL(base) : null;
  const client = new Stripe(key, {
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 0,
    timeout: 20_000,
    ...(url
      ? {
          host: url.hostname,
          port: Number(url.port || (url.protocol === "https:" ? 443 : 80)),
          protocol: url.protocol === "https:" ? ("https" as const) : ("http" as const),
        }
      : {}),
  });
  cached = { key, base, client };
  return client;
}
