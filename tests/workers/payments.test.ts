// The payments ledger over the API, with both simulators: GET /api/payments filters by
// status, source, account and the organisation's calendar, and pages by cursor; an
// admin's refund reaches Stripe through the SDK and moves the ledger only when Stripe's
// signed webhook arrives, once; a confirmed payment texts one receipt (amount and new
// balance) even when it lands after the call ended.
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { organizations, payments } from "../../db/schema";
import { call } from "./support/client";
import { CallPump } from "./support/carrier";
import { freshNumberIn, placeCall, readCall, TERMINAL } from "./support/calls";
import { withDatabase } from "./support/database";
import { inviteAndJoin } from "./support/orgs";
import { debtor, deliveredEvents, latestStripeSeq, ledgerOf, payAndDeliver, postStripeWebhook, sessionFor, stripeControl, type Debtor } from "./support/stripe";

interface SimMessage {
  to: { phone_number: string }[];
  from: { phone_number: string };
  text: string;
}
const messagesTo = async (phone: string): Promise<SimMessage[]> => {
  const response = await fetch(`${env.TEST_CARRIER_ORIGIN}/control/messages`);
  const { messages } = (await response.json()) as { messages: SimMessage[] };
  return messages.filter((m) => m.to.some((to) => to.phone_number === phone));
};

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Three payments of the debtor's account at chosen instants ($10, $20, $30). */
async function threePayments(who: Debtor, paidAt: string[]) {
  const ids: string[] = [];
  for (const [i, at] of paidAt.entries()) {
    const session = await sessionFor(who, { amountCents: (i + 1) * 1_000, requestId: `list-${i}` });
    const { paymentId } = await payAndDeliver(session.id);
    await withDatabase((db) => db.update(payments).set({ paidAt: new Date(at) }).where(eq(payments.id, paymentId)));
    ids.push(paymentId);
  }
  return ids;
}

describe("GET /api/payments", () => {
  it("lists newest first with source, call and cents; filters by the organisation's calendar and status; pages by cursor", async () => {
    const who = await debtor();
    await withDatabase((db) => db.update(organizations).set({ timeZone: "America/New_York" }).where(eq(organizations.id, who.organizationId)));
    // 04:30 UTC on Dec 2 is still Dec 1 in New York.
    const [dec1, dec2, dec3] = await threePayments(who, ["2026-12-02T04:30:00Z", "2026-12-02T18:00:00Z", "2026-12-03T18:00:00Z"]);
    const supervisor = await inviteAndJoin(who.owner, "supervisor");

    const all = await call(supervisor, "GET", "/api/payments");
    expect(all.status).toBe(200);
    expect(all.body.timeZone).toBe("America/New_York");
    expect(all.body.payments.map((p: { id: string }) => p.id)).toEqual([dec3, dec2, dec1]);
    expect(all.body.payments[2]).toMatchObject({ source: "ivr", callId: null, amountCents: 1_000, refundableCents: 1_000, status: "succeeded", accountId: who.accountId, receiptSms: "none" });

    const onDec1 = await call(supervisor, "GET", "/api/payments?from=2026-12-01&to=2026-12-01");
    expect(onDec1.body.payments.map((p: { id: string }) => p.id)).toEqual([dec1]);
    const fromDec2 = await call(supervisor, "GET", "/api/payments?from=2026-12-02");
    expect(fromDec2.body.payments.map((p: { id: string }) => p.id)).toEqual([dec3, dec2]);

    const first = await call(supervisor, "GET", "/api/payments?limit=2");
    expect(first.body.payments).toHaveLength(2);
    const second = await call(supervisor, "GET", `/api/payments?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.payments.map((p: { id: string }) => p.id)).toEqual([dec1]);
    expect(second.body.nextCursor).toBeNull();

    expect((await call(supervisor, "GET", "/api/payments?status=refunded")).body.payments).toEqual([]);
    expect((await call(supervisor, "GET", `/api/payments?accountId=${crypto.randomUUID()}`)).body.payments).toEqual([]);

    const badCursor = await call(supervisor, "GET", "/api/payments?cursor=not-ours");
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.fields).toEqual([expect.objectContaining({ path: "cursor" })]);
    const backwards = await call(supervisor, "GET", "/api/payments?from=2026-12-03&to=2026-12-01");
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields).toEqual([expect.objectContaining({ path: "to" })]);
  });
});

describe("POST /api/payments/:id/refunds", () => {
  it("refunds in part then the rest; the ledger moves only on Stripe's webhook, once; a retried request is one refund", async () => {
    const who = await debtor();
    const session = await sessionFor(who, { amountCents: 15_000 });
    const { paymentId, paymentIntentId } = await payAndDeliver(session.id);
    expect((await ledgerOf(who)).accountBalance).toBe(15_000);

    const before = await latestStripeSeq();
    const headers = { "Idempotency-Key": "refund-1" };
    const partial = await call(who.owner, "POST", `/api/payments/${paymentId}/refunds`, { amountCents: 5_000 }, { headers });
    expect(partial.status).toBe(202);
    expect(partial.body.refund).toMatchObject({ paymentId, amountCents: 5_000, id: expect.stringMatching(/^re_/) });
    const retried = await call(who.owner, "POST", `/api/payments/${paymentId}/refunds`, { amountCents: 5_000 }, { headers });
    expect(retried.body.refund.id).toBe(partial.body.refund.id);
    const stripeRefunds = (await stripeControl<{ refunds: { id: string; payment_intent: string }[] }>("GET", "/control/refunds")).body.refunds;
    expect(stripeRefunds.filter((r) => r.payment_intent === paymentIntentId)).toHaveLength(1);
    // Asked, not yet confirmed: the ledger has not moved.
    expect((await ledgerOf(who)).accountBalance).toBe(15_000);

    const [refunded] = await deliveredEvents(before, 1, paymentIntentId);
    for (let i = 0; i < 3; i++) expect((await postStripeWebhook(refunded!.body, refunded!.signature)).status).toBe(200);
    let ledger = await ledgerOf(who);
    expect(ledger.accountBalance).toBe(20_000);
    expect(ledger.entries[0]).toMatchObject({ refundedCents: 5_000, status: "partially_refunded" });

    const tooMuch = await call(who.owner, "POST", `/api/payments/${paymentId}/refunds`, { amountCents: 10_001 });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.fields).toEqual([expect.objectContaining({ path: "amountCents" })]);

    const restFrom = await latestStripeSeq();
    const rest = await call(who.owner, "POST", `/api/payments/${paymentId}/refunds`, {});
    expect(rest.body.refund.amountCents).toBe(10_000);
    const [all] = await deliveredEvents(restFrom, 1, paymentIntentId);
    expect((await postStripeWebhook(all!.body, all!.signature)).status).toBe(200);
    ledger = await ledgerOf(who);
    expect(ledger.accountBalance).toBe(30_000);
    expect(ledger.entries[0]).toMatchObject({ refundedCents: 15_000, status: "refunded" });
    const listed = await call(who.owner, "GET", `/api/payments?status=refunded`);
    expect(listed.body.payments).toEqual([expect.objectContaining({ id: paymentId, refundableCents: 0 })]);

    expect((await call(who.owner, "POST", `/api/payments/${paymentId}/refunds`, {})).status).toBe(409);
    const supervisor = await inviteAndJoin(who.owner, "supervisor");
    expect((await call(supervisor, "POST", `/api/payments/${paymentId}/refunds`, {})).status).toBe(403);
  });
});

describe("the receipt text", () => {
  it("a link paid after the call ended texts one receipt with the amount and the new balance, however often Stripe repeats itself", async () => {
    const who = await debtor();
    const to = freshNumberIn("+1555030");
    const callId = await placeCall(who.owner, { to, kind: "direct", accountId: who.accountId });
    const sent = await call(who.owner, "POST", `/api/calls/${callId}/payment-links`, { amountCents: 12_500, debtId: who.debtId });
    expect(sent.status).toBe(202);
    const [link] = await eventually(() => messagesTo(to), (m) => m.length > 0);
    const sessionId = /\/(cs_[A-Za-z0-9_]+)/.exec(link!.text)![1]!;

    expect((await call(who.owner, "POST", `/api/calls/${callId}/hangup`)).status).toBe(202);
    await CallPump.forCall(callId).until(async () => TERMINAL.has((await readCall(who.owner, callId)).status));

    const before = await latestStripeSeq();
    const { paymentId, paymentIntentId } = await payAndDeliver(sessionId);
    // Every event again, as Stripe's retries would send them.
    for (const d of await deliveredEvents(before, 3, sessionId, paymentIntentId)) expect((await postStripeWebhook(d.body, d.signature)).status).toBe(200);

    const texts = (await messagesTo(to)).map((m) => m.text);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toBe("Payment received: $125.00. Your balance is now $175.00. Thank you.");
    expect((await messagesTo(to))[1]!.from.phone_number).toBe(link!.from.phone_number);
    const listed = await call(who.owner, "GET", "/api/payments");
    expect(listed.body.payments).toEqual([expect.objectContaining({ id: paymentId, source: "agent", callId, receiptSms: "sent" })]);
  });
});

describe("the payment link's validity", () => {
  it("an admin sets it within Stripe's 30 min – 24 h; outside them is a 400 naming the field", async () => {
    const who = await debtor();
    const tooShort = await call(who.owner, "PATCH", "/api/organization", { paymentLinkValiditySeconds: 600 });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error.fields).toEqual([expect.objectContaining({ path: "paymentLinkValiditySeconds" })]);
    const set = await call(who.owner, "PATCH", "/api/organization", { paymentLinkValiditySeconds: 7_200 });
    expect(set.status).toBe(200);
    expect((await call(who.owner, "GET", "/api/organization")).body.organization.paymentLinkValiditySeconds).toBe(7_200);
  });
});
