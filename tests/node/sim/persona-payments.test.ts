// Personas who pay by themselves: a checkout link texted to a persona with a payment plan
// is paid, declined or abandoned through the Stripe simulator after the persona's delay on
// the carrier simulator's clock (nothing happens before it), with no control API call from
// the test; a persona without a plan leaves the link alone; a payment-reminder callee of
// the number plan keys the IVR's menu and pays too.
import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PersonaPaymentAttempt } from "../../../sim/carrier/persona-payments";
import { FROM, startHarness, type Harness } from "./harness";
import { startStripeHarness, type StripeHarness } from "./stripe/harness";

let carrier: Harness;
let stripe: StripeHarness;
beforeEach(async () => {
  carrier = await startHarness();
  stripe = await startStripeHarness();
});
afterEach(async () => {
  await carrier.close();
  await stripe.close();
});

const CALLER = "+15557770042";

async function callIn(persona: string): Promise<string> {
  const { body } = await carrier.control<{ call: { call_control_id: string } }>("POST", "/control/inbound", { from: CALLER, to: FROM, persona });
  await carrier.advance();
  await carrier.client.calls.actions.answer(body.call.call_control_id, {});
  await carrier.advance(1);
  return body.call.call_control_id;
}

/** The engine's part: a Checkout Session, and its link texted to the caller. */
async function textLink(to = CALLER): Promise<Stripe.Checkout.Session> {
  const session = await stripe.session(15_000, { metadata: { sms_to: to } });
  await carrier.client.messages.send({ from: FROM, to, text: `Pay $150.00 securely here: ${session.url} (valid 24 h)` });
  return session;
}

const statusOf = async (id: string) => (await stripe.stripe.checkout.sessions.retrieve(id)).status;
const attempts = async () => (await carrier.control<{ payments: PersonaPaymentAttempt[] }>("GET", "/control/payments")).body.payments;

describe("personas who pay by themselves", () => {
  it("ivr-self-payer pays the texted link 5-15 s after it arrives, and Stripe's signed webhooks say so", async () => {
    await callIn("ivr-self-payer");
    const session = await textLink();
    await carrier.advance(4.9);
    await stripe.advance();
    expect(await statusOf(session.id)).toBe("open");
    expect(stripe.types()).toEqual([]);

    await carrier.advance(10.2);
    await stripe.advance();
    expect(await statusOf(session.id)).toBe("complete");
    expect(stripe.types()).toEqual(["charge.succeeded", "payment_intent.succeeded", "checkout.session.completed"]);
    const [attempt] = await attempts();
    expect(attempt).toMatchObject({ to: CALLER, persona: "ivr-self-payer", sessionId: session.id, outcome: "pay", status: 200, error: null });
    expect(attempt!.actedAtMs! - attempt!.receivedAtMs).toBeGreaterThanOrEqual(5_000);
    expect(attempt!.actedAtMs! - attempt!.receivedAtMs).toBeLessThanOrEqual(15_000);
  });

  it("ivr-card-declined has the card declined: the session stays open and Stripe says payment_failed", async () => {
    await callIn("ivr-card-declined");
    const session = await textLink();
    await carrier.advance(16);
    await stripe.advance();
    expect(await statusOf(session.id)).toBe("open");
    expect(stripe.types()).toEqual(["payment_intent.payment_failed"]);
    const failed = stripe.received[0]!.event.data.object as Stripe.PaymentIntent;
    expect(failed.last_payment_error?.decline_code).toBe("insufficient_funds");
  });

  it("ivr-abandoner walks away: the session expires", async () => {
    await callIn("ivr-abandoner");
    const session = await textLink();
    await carrier.advance(16);
    await stripe.advance();
    expect(await statusOf(session.id)).toBe("expired");
    expect(stripe.types()).toEqual(["checkout.session.expired"]);
  });

  it("a persona with no payment plan leaves the link for the control API", async () => {
    await callIn("ivr-payer");
    const session = await textLink();
    await carrier.advance(60);
    await stripe.advance();
    expect(await statusOf(session.id)).toBe("open");
    expect(await attempts()).toEqual([]);
  });

  it("a number given a paying persona over the control API pays a link texted with no call on (a bad plan is a 422)", async () => {
    const number = "+15557770077";
    expect((await carrier.control("PUT", `/control/numbers/${number}`, { persona: { base: "ivr-payer", payment: { outcome: "pay", afterSeconds: 30 } } })).status).toBe(200);
    const session = await textLink(number);
    await carrier.advance(29);
    await stripe.advance();
    expect(await statusOf(session.id)).toBe("open");
    await carrier.advance(1);
    await stripe.advance();
    expect(await statusOf(session.id)).toBe("complete");
    expect((await carrier.control("PUT", `/control/numbers/${number}`, { persona: { base: "ivr-payer", payment: { outcome: "refund" } } })).status).toBe(422);
  });

  it("reminder-payer (+1555014xxxx) answers a dial, keys 1 and 1 at the IVR's prompts and pays the link", async () => {
    const to = "+15550140007";
    const id = await carrier.dial(to, { answering_machine_detection: "detect" });
    await carrier.advance(8);
    expect(carrier.last(id, "call.machine.detection.ended").result).toBe("human");
    for (const expected of ["1", "1"]) {
      await carrier.client.calls.actions.gatherUsingSpeak(id, { payload: "Press a key.", voice: "female", language: "en-US", maximum_digits: 1, timeout_millis: 8000 });
      await carrier.advance(6);
      expect(carrier.last(id, "call.gather.ended").digits).toBe(expected);
    }
    const session = await textLink(to);
    await carrier.advance(15.1);
    await stripe.advance();
    expect(await statusOf(session.id)).toBe("complete");
  });
});
