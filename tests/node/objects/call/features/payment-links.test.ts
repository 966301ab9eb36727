// The payment-links feature against fake ports: each request on a call becomes one
// Checkout Session (idempotency key call:request, metadata naming org, account, debt,
// call and request, an expiry within Stripe's bounds from the organisation's setting)
// and one SMS from our number, then paymentLinkSent; retries make no second session;
// a refusal or the last try raises paymentLinkFailed; several requests, several links.
import { describe, expect, it } from "vitest";
import { LOCAL_EVENTS, type CarrierEvent } from "../../../../../objects/call/carrier-event";
import { paymentLinks, type SendPaymentLinkTask } from "../../../../../objects/call/features/payment-links";
import { paymentLinkFailed, paymentLinkRequested, paymentLinkSent } from "../../../../../objects/call/local-events";
import { PaymentLinkRefused } from "../../../../../objects/call/ports";
import { spec, T0 } from "../events";
import { contextOf, FakeClock, FakePorts, situationOf } from "../fake-ports";

const ACCOUNT = "0b5e8a4e-6f0a-4f3e-9a43-1f2d3c4b5a60";
const DEBT = "1c6f9b5f-7a1b-4a4f-8b54-2a3e4d5c6b71";
const callSpec = spec({ direction: "outbound", from: "+15550001000", to: "+15550100001" });

const request = (requestId: string, atMs = T0, overrides: Partial<Parameters<typeof paymentLinkRequested>[1]> = {}) =>
  paymentLinkRequested(atMs, {
    requestId,
    amountCents: 15_000,
    currency: "usd",
    accountId: ACCOUNT,
    debtId: DEBT,
    source: "ivr",
    requestedByUserId: null,
    sendTo: "+15550100001",
    ...overrides,
  });

const tasksFor = (events: CarrierEvent[]) => paymentLinks.desiredTasks(situationOf(callSpec, events, T0));
const run = (task: SendPaymentLinkTask, ports: FakePorts, events: CarrierEvent[], attempt = {}) =>
  paymentLinks.runners.send_payment_link(task, contextOf(situationOf(callSpec, events, ports.now()), ports, attempt));

describe("which links a call owes", () => {
  it("one task per request, named after it; none once it is sent or failed", () => {
    const one = request("ivr-pay-1");
    const two = request("agent-cmd-9", T0 + 1000, { source: "agent", amountCents: 5_000, debtId: null });
    expect(tasksFor([one, two]).map((t) => [t.name, t.amountCents, t.source])).toEqual([
      ["payment-link-ivr-pay-1", 15_000, "ivr"],
      ["payment-link-agent-cmd-9", 5_000, "agent"],
    ]);
    const sent = paymentLinkSent(T0 + 2000, { requestId: "ivr-pay-1", checkoutSessionId: "cs_1", expiresAtMs: T0 });
    const failed = paymentLinkFailed(T0 + 2000, { requestId: "agent-cmd-9", reason: "no" });
    expect(tasksFor([one, two, sent, failed])).toEqual([]);
  });

  it("the same request raised twice is one event, so one task", () => {
    expect(request("ivr-pay-1").id).toBe(request("ivr-pay-1", T0 + 5000).id);
    expect(request("ivr-pay-1").id).not.toBe(request("ivr-pay-2").id);
  });
});

describe("sending a link", () => {
  it("makes one session with the call's metadata and key, texts its URL from our number, and raises paymentLinkSent", async () => {
    const ports = new FakePorts(new FakeClock(T0));
    const events = [request("ivr-pay-1")];
    const outcome = await run(tasksFor(events)[0]!, ports, events);
    expect(ports.sessionRequests).toEqual([
      {
        idempotencyKey: `${callSpec.id}:ivr-pay-1`,
        order: {
          amountCents: 15_000,
          currency: "usd",
          expiresAt: T0 / 1000 + 86_400 - 60,
          metadata: { org_id: callSpec.organizationId, account_id: ACCOUNT, debt_id: DEBT, call_id: callSpec.id, request_id: "ivr-pay-1", method: "ivr", sms_to: "+15550100001", sms_from: "+15550001000" },
        },
      },
    ]);
    expect(ports.texts).toEqual([{ from: "+15550001000", to: "+15550100001", text: "Your secure payment link for $150.00: https://checkout.test/cs_test_1" }]);
    expect(outcome).toMatchObject({ kind: "done", events: [{ type: LOCAL_EVENTS.paymentLinkSent, id: "wib.payment_link.sent:ivr-pay-1", checkoutSessionId: "cs_test_1", expiresAtMs: (T0 / 1000 + 86_340) * 1000 }] });
  });

  it("an inbound call texts from the number the customer called; a payment for the account carries no debt_id", async () => {
    const ports = new FakePorts(new FakeClock(T0));
    const inbound = spec({ direction: "inbound", from: "+15550100007", to: "+15550009999" });
    const events = [request("ivr-pay-1", T0, { debtId: null })];
    const task = paymentLinks.desiredTasks(situationOf(inbound, events, T0))[0]!;
    await paymentLinks.runners.send_payment_link(task, contextOf(situationOf(inbound, events, T0), ports));
    expect(ports.texts[0]!.from).toBe("+15550009999");
    expect(ports.sessionRequests[0]!.order.metadata).not.toHaveProperty("debt_id");
  });

  it("the link lives as long as the organisation says, never under 30 minutes", async () => {
    const ports = new FakePorts(new FakeClock(T0));
    ports.linkValiditySeconds = 60;
    const events = [request("ivr-pay-1")];
    await run(tasksFor(events)[0]!, ports, events);
    expect(ports.sessionRequests[0]!.order.expiresAt).toBe(T0 / 1000 + 30 * 60);
  });

  it("a retry after a failure (Stripe 5xx, or the SMS) asks with the same key and parameters: one session", async () => {
    const ports = new FakePorts(new FakeClock(T0));
    ports.smsFailures = [new Error("carrier 503")];
    const events = [request("ivr-pay-1")];
    const task = tasksFor(events)[0]!;
    expect(await run(task, ports, events)).toMatchObject({ kind: "retry" });
    ports.clock.advance(30_000);
    ports.stripeFailures = [new Error("stripe 500")];
    expect(await run(task, ports, events, { attempts: 1 })).toMatchObject({ kind: "retry" });
    ports.clock.advance(60_000);
    expect(await run(task, ports, events, { attempts: 2 })).toMatchObject({ kind: "done" });
    expect(ports.sessions.size).toBe(1);
    expect(new Set(ports.sessionRequests.map((r) => JSON.stringify(r)))).toHaveProperty("size", 1);
    expect(ports.texts).toHaveLength(1);
  });

  it("a refusal fails at once with paymentLinkFailed; so does the last try", async () => {
    const ports = new FakePorts(new FakeClock(T0));
    ports.stripeFailures = [new PaymentLinkRefused("Stripe refused the payment link: amount too small")];
    const events = [request("ivr-pay-1")];
    expect(await run(tasksFor(events)[0]!, ports, events)).toMatchObject({
      kind: "failed",
      events: [{ type: LOCAL_EVENTS.paymentLinkFailed, requestId: "ivr-pay-1", reason: expect.stringContaining("amount too small") }],
    });
    ports.stripeFailures = [new Error("stripe 500")];
    expect(await run(tasksFor(events)[0]!, ports, events, { isLast: true, attempts: 7 })).toMatchObject({
      kind: "failed",
      events: [{ type: LOCAL_EVENTS.paymentLinkFailed, reason: expect.stringContaining("gave up after 8 tries") }],
    });
    expect(ports.texts).toHaveLength(0);
  });
});
