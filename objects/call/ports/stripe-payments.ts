// The real payments and messaging ports of the payment-links feature: Checkout Sessions
// through the `stripe` SDK (objects/shared/stripe-client.ts: the simulator locally), the
// organisation's link validity from Postgres, and SMS through the `telnyx` SDK's
// messaging API. A refusal that a retry cannot change (Stripe's 4xx, Telnyx's 4xx) is a
// PaymentLinkRefused; anything else is thrown as is, for the task's retry.
import Stripe from "stripe";
import Telnyx from "telnyx";
import { eq } from "drizzle-orm";
import { openDatabase } from "../../../db/client";
import { systemAccess } from "../../../db/access";
import { organizations } from "../../../db/schema";
import { DEFAULT_PAYMENT_LINK_SECONDS } from "../../../domain/payments";
import { stripeClient } from "../../shared/stripe-client";
import { PaymentLinkRefused, type CheckoutOrder, type MessagingPort, type PaymentsPort } from "./payment-ports";

const SMS_TIMEOUT_MS = 10_000;

export function stripePayments(env: Env): PaymentsPort {
  return {
    async linkValiditySeconds(organizationId) {
      const handle = openDatabase(env, systemAccess("a call's payment step records the ledger from the actor, outside any request"), { maxConnections: 1 });
      try {
        const [org] = await handle.db
          .select({ seconds: organizations.paymentLinkValiditySeconds })
          .from(organizations)
          .where(eq(organizations.id, organizationId));
        return org?.seconds ?? DEFAULT_PAYMENT_LINK_SECONDS;
      } finally {
        await handle.close();
      }
    },
    async createCheckoutSession(order: CheckoutOrder, idempotencyKey: string) {
      try {
        const session = await stripeClient(env).checkout.sessions.create(
          {
            mode: "payment",
            line_items: [{ price_data: { currency: order.currency, unit_amount: order.amountCents, product_data: { name: "Balance payment" } }, quantity: 1 }],
            expires_at: order.expiresAt,
            metadata: order.metadata,
            payment_intent_data: { metadata: order.metadata },
          },
          { idempotencyKey },
        );
        if (!session.url) throw new PaymentLinkRefused(`Stripe made session ${session.id} without a URL`);
        return { id: session.id, url: session.url, expiresAt: session.expires_at };
      } catch (error) {
        // 4xx other than a rate limit or a lock: asking again cannot help.
        if (error instanceof Stripe.errors.StripeError && error.statusCode !== undefined && error.statusCode < 500 && ![409, 429].includes(error.statusCode)) {
          throw new PaymentLinkRefused(`Stripe refused the payment link: ${error.message}`);
        }
        throw error;
      }
    },
  };
}

export function telnyxMessaging(env: Env): MessagingPort {
  let client: Telnyx | undefined;
  return {
    async sendSms({ from, to, text }) {
      if (!env.TELNYX_API_KEY) throw new Error("TELNYX_API_KEY is not set: no text message can be sent");
      client ??= new Telnyx({ apiKey: env.TELNYX_API_KEY, baseURL: env.TELNYX_BASE_URL || undefined, timeout: SMS_TIMEOUT_MS, maxRetries: 0 });
      try {
        const response = await client.messages.send({ from, to, text });
        return { id: response.data?.id ?? "" };
      } catch (error) {
        if (error instanceof Telnyx.APIError && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429) {
          throw new PaymentLinkRefused(`The text message to ${to} was refused: ${error.message}`);
        }
        throw error;
      }
    },
  };
}
