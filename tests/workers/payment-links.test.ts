// The agent's "send payment link" end to end, with both simulators: the request on the
// live call becomes one Checkout Session and one SMS (the carrier simulator's message
// log), the customer pays in the Stripe simulator, the webhook lands it in the ledger
// and the call hears of it. A retried request (same Idempotency-Key) is one link.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { callActorStub } from "../../objects/shared/actor-stubs";
import { call } from "./support/client";
import { freshNumberIn, placeCall } from "./support/calls";
import { inviteAndJoin } from "./support/orgs";
import { debtor, deliveriesFor, latestStripeSeq, ledgerOf, postStripeWebhook, stripeControl, type Debtor } from "./support/stripe";

interface SimMessage {
  to: { phone_number: string }[];
  from: { phone_number: string };
  text: string;
}
interface SimSession {
  id: string;
  url: string;
  amount_total: number;
  metadata: Record<string, string>;
  payment_intent: string | null;
}

const messagesTo = async (phone: string): Promise<SimMessage[]> => {
  const response = await fetch(`${env.TEST_CARRIER_ORIGIN}/control/messages`);
  const { messages } = (await response.json()) as { messages: SimMessage[] };
  return messages.filter((m) => m.to.some((to) => to.phone_number === phone));
};
const sessionsOfCall = async (callId: string) =>
  (await stripeControl<{ sessions: SimSession[] }>("GET", "/control/checkout/sessions")).body.sessions.filter((s) => s.metadata.call_id === callId);
const timelineOf = async (who: Debtor, callId: string) => (await callActorStub(env, who.organizationId, callId).snapshot())!.call.timeline.map((e) => e.text);

/** Waits (polling, bounded) until `done` holds: the actor's task runs after the request returns. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A live call about the debtor's account to a number of its own (the SMS log is read by number). */
async function liveCall(who: Debtor, agent = who.owner) {
  const to = freshNumberIn("+1555030");
  const callId = await placeCall(agent, { to, kind: "direct", accountId: who.accountId });
  return { callId, to };
}

describe("an agent sends a payment link on a live call", () => {
  it("makes one session and one SMS; the customer pays; the ledger has it and the call hears it", async () => {
    const who = await debtor();
    const { callId, to } = await liveCall(who);
    const sent = await call(who.owner, "POST", `/api/calls/${callId}/payment-links`, { amountCents: 12_500, debtId: who.debtId });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ requestId: expect.stringMatching(/^agent-/), amountCents: 12_500, sendTo: to });

    const [text] = await eventually(() => messagesTo(to), (m) => m.length > 0);
    const [session] = await sessionsOfCall(callId);
    expect(session).toMatchObject({ amount_total: 12_500, metadata: { account_id: who.accountId, debt_id: who.debtId, request_id: sent.body.requestId, method: "agent" } });
    expect(text!.text).toContain(session!.url);
    expect(text!.from.phone_number).toBe("+15550001000");
    await eventually(() => timelineOf(who, callId), (t) => t.includes("Payment link sent by text"));

    const before = await latestStripeSeq();
    const paid = await stripeControl<{ session: SimSession }>("POST", `/control/checkout/sessions/${session!.id}/pay`);
    const deliveries = await eventually(
      () => deliveriesFor(before, session!.id, paid.body.session.payment_intent!),
      (d) => new Set(d.map((x) => (JSON.parse(x.body) as { id: string }).id)).size >= 3,
    );
    for (const d of deliveries) expect((await postStripeWebhook(d.body, d.signature)).status).toBe(200);
    const ledger = await ledgerOf(who);
    expect(ledger.entries).toMatchObject([{ amountCents: 12_500, method: "agent", callId, requestId: sent.body.requestId }]);
    expect(ledger).toMatchObject({ accountBalance: 17_500, debtBalance: 7_500 });
    expect(await timelineOf(who, callId)).toContain("Payment received: $125.00; balance now $175.00");
  });

  it("the same request retried (same Idempotency-Key) is one link; another request is another link", async () => {
    const who = await debtor();
    const { callId, to } = await liveCall(who);
    const headers = { "Idempotency-Key": "send-link-1" };
    const first = await call(who.owner, "POST", `/api/calls/${callId}/payment-links`, { amountCents: 5_000 }, { headers });
    const again = await call(who.owner, "POST", `/api/calls/${callId}/payment-links`, { amountCents: 5_000 }, { headers });
    expect(again.body.requestId).toBe(first.body.requestId);
    await eventually(() => messagesTo(to), (m) => m.length > 0);
    const other = await call(who.owner, "POST", `/api/calls/${callId}/payment-links`, { amountCents: 6_000 });
    expect(other.body.requestId).not.toBe(first.body.requestId);
    await eventually(() => messagesTo(to), (m) => m.length > 1);
    expect((await sessionsOfCall(callId)).map((s) => s.amount_total).sort()).toEqual([5_000, 6_000]);
    expect(await messagesTo(to)).toHaveLength(2);
  });

  it("refuses an amount above the balance, a debt of another account, and another agent's call", async () => {
    const who = await debtor();
    const { callId } = await liveCall(who);
    const tooMuch = await call(who.owner, "POST", `/api/calls/${callId}/payment-links`, { amountCents: 30_001 });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.fields).toEqual([expect.objectContaining({ path: "amountCents" })]);
    const otherDebt = await call(who.owner, "POST", `/api/calls/${callId}/payment-links`, { amountCents: 100, debtId: crypto.randomUUID() });
    expect(otherDebt.status).toBe(400);
    expect(otherDebt.body.error.fields).toEqual([expect.objectContaining({ path: "debtId" })]);
    const agent = await inviteAndJoin(who.owner, "agent");
    expect((await call(agent, "POST", `/api/calls/${callId}/payment-links`, { amountCents: 100 })).status).toBe(404);
    expect(await sessionsOfCall(callId)).toEqual([]);
  });
});
