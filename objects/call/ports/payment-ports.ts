// The payment-links feature's ports: Checkout Sessions and the organisation's link
// validity (payments), and text messages (messaging). Real ones in stripe-payments.ts,
// fakes in tests/node/objects/call/fake-ports.ts.

/** A payment link asked for (a Checkout Session): amount, expiry (unix seconds) and our metadata. */
export interface CheckoutOrder {
  amountCents: number;
  currency: "usd";
  expiresAt: number;
  metadata: Record<string, string>;
}

/** A refusal no retry can change (Stripe or the carrier said no to this request). */
export class PaymentLinkRefused extends Error {}

export interface PaymentsPort {
  /** How long the organisation's payment links live (seconds). */
  linkValiditySeconds(organizationId: string): Promise<number>;
  /** One session per idempotency key, however often asked. */
  createCheckoutSession(order: CheckoutOrder, idempotencyKey: string): Promise<{ id: string; url: string; expiresAt: number }>;
}

export interface MessagingPort {
  sendSms(message: { from: string; to: string; text: string }): Promise<{ id: string }>;
}

