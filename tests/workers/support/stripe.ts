// Carrying the Stripe simulator's webhooks to the Worker under test: the simulator posts
// them (signed) to the mailbox, and these helpers hand them to POST /webhooks/stripe as
// they were sent, or shuffled, twice, tampered with, or signed with another secret. And
// the simulator's customer: make a session as the engine would, then pay it.
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { accounts, debts, payments } from "../../../db/schema";
import { stripeClient } from "../../../objects/shared/stripe-client";
import { BASE_URL } from "./client";
import { withDatabase } from "./database";
import { signUp, unique } from "./orgs";

export interface StripeDelivery {
  seq: number;
  body: string;
  signature: string;
}

export async function stripeDeliveries(after = 0): Promise<StripeDelivery[]> {
  const response = await fetch(`${env.TEST_MAILBOX_URL}/stripe-deliveries?after=${after}`);
  return ((await response.json()) as { deliveries: StripeDelivery[] }).deliveries;
}

/** The deliveries since `after` whose event concerns `objectIds` (a session's, its PaymentIntent's). */
export async function deliveriesFor(after: number, ...objectIds: string[]): Promise<StripeDelivery[]> {
  return (await stripeDeliveries(after)).filter((d) => objectIds.some((id) => d.body.includes(id)));
}

export async function latestStripeSeq(): Promise<number> {
  return (await stripeDeliveries()).at(-1)?.seq ?? 0;
}

export function postStripeWebhook(body: string, signature: string): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE_URL}/webhooks/stripe`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body }));
}

/** Stripe's signature, computed here: to age one, or sign with a secret the Worker does not know. */
export async function stripeSignature(body: string, options: { timestampSeconds?: number; secret?: string } = {}): Promise<string> {
  const t = options.timestampSeconds ?? Math.floor(Date.now() / 1000);
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(options.secret ?? env.STRIPE_WEBHOOK_SECRET!), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${t}.${body}`)));
  return `t=${t},v1=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export async function stripeControl<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${env.TEST_STRIPE_ORIGIN}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** An organisation with one account owing $300.00, $200.00 of it on one debt. */
export async function debtor() {
  const owner = await signUp("Payments");
  const ids = await withDatabase(async (db) => {
    const [account] = await db.insert(accounts).values({ organizationId: owner.organizationId, name: `Ada ${unique()}`, phones: ["+15550100001"], balanceDueCents: 30_000 }).returning();
    const [debt] = await db.insert(debts).values({ organizationId: owner.organizationId, accountId: account!.id, balanceCents: 20_000 }).returning();
    return { accountId: account!.id, debtId: debt!.id };
  });
  return { owner, organizationId: owner.organizationId, ...ids };
}

export type Debtor = Awaited<ReturnType<typeof debtor>>;

/** A Checkout Session made as the payment-links feature makes one (metadata on the session and its PaymentIntent). */
export async function sessionFor(who: Debtor, options: { amountCents?: number; callId?: string; requestId?: string } = {}): Promise<Stripe.Checkout.Session> {
  const metadata = {
    org_id: who.organizationId,
    account_id: who.accountId,
    debt_id: who.debtId,
    call_id: options.callId ?? "",
    request_id: options.requestId ?? "ivr-pay-1",
    method: "ivr",
  };
  return stripeClient(env).checkout.sessions.create({
    mode: "payment",
    line_items: [{ price_data: { currency: "usd", unit_amount: options.amountCents ?? 15_000, product_data: { name: "Balance payment" } }, quantity: 1 }],
    metadata,
    payment_intent_data: { metadata },
  });
}

export async function ledgerOf(who: Debtor) {
  return withDatabase(async (db) => {
    const entries = await db.select().from(payments).where(eq(payments.organizationId, who.organizationId));
    const [account] = await db.select().from(accounts).where(eq(accounts.id, who.accountId));
    const [debt] = await db.select().from(debts).where(eq(debts.id, who.debtId));
    return { entries, accountBalance: account!.balanceDueCents, debtBalance: debt!.balanceCents, debtStatus: debt!.status };
  });
}

/** Waits (polling, bounded) for the simulator to deliver every distinct event of the objects named. */
export async function deliveredEvents(after: number, count: number, ...objectIds: string[]): Promise<StripeDelivery[]> {
  for (let tries = 0; tries < 400; tries++) {
    const found = await deliveriesFor(after, ...objectIds);
    if (new Set(found.map((d) => (JSON.parse(d.body) as { id: string }).id)).size >= count) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the simulator did not deliver ${count} events for ${objectIds.join(", ")}`);
}

/** Pays the session in the simulator and hands its three success events to the Worker; the ledger entry's id. */
export async function payAndDeliver(sessionId: string): Promise<{ paymentId: string; paymentIntentId: string }> {
  const before = await latestStripeSeq();
  const paid = await stripeControl<{ session: { payment_intent: string } }>("POST", `/control/checkout/sessions/${sessionId}/pay`);
  if (paid.status !== 200) throw new Error(`pay ${sessionId}: ${paid.status} ${JSON.stringify(paid.body)}`);
  const paymentIntentId = paid.body.session.payment_intent;
  for (const d of await deliveredEvents(before, 3, sessionId, paymentIntentId)) {
    const answer = await postStripeWebhook(d.body, d.signature);
    if (answer.status !== 200) throw new Error(`webhook for ${sessionId}: ${answer.status} ${await answer.text()}`);
  }
  const [entry] = await withDatabase((db) => db.select({ id: payments.id }).from(payments).where(eq(payments.stripePaymentIntentId, paymentIntentId)));
  if (!entry) throw new Error(`no ledger entry for ${paymentIntentId}`);
  return { paymentId: entry.id, paymentIntentId };
}

/** The route tests' payment fixture: an account of the caller's organisation owing $10.00 pays $10.00 by link (no call). */
export async function paidPaymentOf(organizationId: string): Promise<string> {
  const accountId = await withDatabase(async (db) => {
    const [account] = await db.insert(accounts).values({ organizationId, name: `Payer ${unique()}`, phones: ["+15550100001"], balanceDueCents: 1_000 }).returning();
    return account!.id;
  });
  const metadata = { org_id: organizationId, account_id: accountId, request_id: `fixture-${unique()}`, method: "link" };
  const session = await stripeClient(env).checkout.sessions.create({
    mode: "payment",
    line_items: [{ price_data: { currency: "usd", unit_amount: 1_000, product_data: { name: "Balance payment" } }, quantity: 1 }],
    metadata,
    payment_intent_data: { metadata },
  });
  return (await payAndDeliver(session.id)).paymentId;
}
