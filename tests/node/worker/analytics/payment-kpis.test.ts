// The KPIs the payments ledger gives (domain/kpis.ts: payments collected, conversion, promise
// kept rate), computed by worker/analytics/kpi-queries.ts against a real PostgreSQL (the
// Worker's driver over the local relay), on a Chicago fixture whose every number is worked
// out by hand below: a payment counts on the day it was paid in the organisation's zone (one
// at 23:30 local is on its promise's date, one at 01:00 the next morning is late), what was
// refunded or disputed is not collected, a wholly refunded payment converts nothing and keeps
// no promise, a payment made before the promise does not keep it, and another
// organisation's payment naming one of these calls counts nowhere.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../../db/client";
import { accounts, calls, payments } from "../../../../db/schema";
import type { Disposition } from "../../../../domain/dispositions";
import { loadKpis, type KpiScope } from "../../../../worker/analytics/kpi-queries";
import { connectedDialerCall, startKpiFixture, type KpiFixture } from "../../support/kpi-fixture";

let fixture: KpiFixture;
let handle: DatabaseHandle;
let scope: KpiScope;
let agentX = "";
let agentY = "";
let campaignId = "";

beforeAll(async () => {
  fixture = await startKpiFixture("Pay KPIs", ["Xena", "Yuri"]);
  handle = fixture.handle;
  const db = handle.db;
  const org = { id: fixture.organizationId };
  const other = { id: fixture.otherOrganizationId };
  [agentX, agentY] = fixture.agentIds as [string, string];
  campaignId = fixture.campaignId;
  const accountIds = (
    await db
      .insert(accounts)
      .values([1, 2, 3, 4, 5, 6].map((n) => ({ organizationId: org.id, name: `A${n}`, phones: [`+1555010010${n}`] })))
      .returning()
  ).map((a) => a.id);
  const [otherAccount] = await db.insert(accounts).values({ organizationId: other.id, name: "B1", phones: ["+15550100200"] }).returning();
  const account = (n: number) => accountIds[n - 1]!;

  // Every call on 20 November in Chicago (10:0n local = 16:0n UTC), bridged to Xena, right-party unless said; ended at 50 s, dispositioned at 55 s.
  const callOf = (n: number, disposition: Disposition, accountId: string, details: Record<string, unknown> | null = null, over: Partial<typeof calls.$inferInsert> = {}) =>
    connectedDialerCall(org.id, agentX, new Date(`2026-11-20T16:0${n}:00Z`), disposition, {
      accountId,
      endedAt: new Date(`2026-11-20T16:0${n}:50Z`),
      dispositionAt: new Date(`2026-11-20T16:0${n}:55Z`),
      dispositionDetails: details as never,
      ...over,
    });
  const promise = (promiseDate: string) => ({ promiseDate, promiseAmountCents: 5_000 });
  const k = {
    k1: callOf(1, "promise_to_pay", account(1), promise("2026-11-22")),
    k2: callOf(2, "promise_to_pay", account(2), promise("2026-11-23")),
    k3: callOf(3, "promise_to_pay", account(3), promise("2026-11-23")),
    k4: callOf(4, "promise_to_pay", account(4), promise("2026-11-23")),
    k5: callOf(5, "promise_to_pay", account(1), promise("2026-11-30")),
    k6: callOf(6, "paid", account(5), null, { campaignId }),
    k7: callOf(7, "refused", account(5)),
    k8: callOf(8, "wrong_number", account(5), null, { agentUserId: agentY }),
    k9: callOf(9, "promise_to_pay", account(6), promise("2026-11-21")),
  };
  await db.insert(calls).values(Object.values(k));

  let n = 0;
  const payment = (accountId: string, paidAt: string, amountCents: number, over: Partial<typeof payments.$inferInsert> = {}) => ({
    organizationId: org.id,
    accountId,
    amountCents,
    currency: "usd",
    method: "link" as const,
    stripePaymentIntentId: `pi_kpi_${++n}_${randomUUID()}`,
    paidAt: new Date(paidAt),
    ...over,
  });
  await db.insert(payments).values([
    // P1: A1 on the 22nd, 14:00 local: keeps k1's promise (due the 22nd).
    payment(account(1), "2026-11-22T20:00:00Z", 5_000),
    // P2: A2 at 01:00 on the 24th local: the day after k2's date, late.
    payment(account(2), "2026-11-24T07:00:00Z", 3_000),
    // P3: A3 at 23:30 on the 23rd local, but refunded in full: keeps nothing.
    payment(account(3), "2026-11-24T05:30:00Z", 2_500, { refundedCents: 2_500, status: "refunded" }),
    // P4: A4 at 23:40 on the 23rd local: on k4's date, kept.
    payment(account(4), "2026-11-24T05:40:00Z", 4_000),
    // P5: on k6's call, $120 less $20 refunded: converts k6, collects $100.
    payment(account(5), "2026-11-20T18:00:00Z", 12_000, { callId: k.k6.id, method: "agent", refundedCents: 2_000, status: "partially_refunded" }),
    // P6: on k7's call, refunded in full: no conversion, nothing collected.
    payment(account(5), "2026-11-20T19:00:00Z", 3_000, { callId: k.k7.id, refundedCents: 3_000, status: "refunded" }),
    // P7: A6 on the 19th, before k9's promise was made: does not keep it.
    payment(account(6), "2026-11-19T15:00:00Z", 1_500),
    // P8: on k8's call (wrong number: not a right-party contact, so no conversion).
    payment(account(5), "2026-11-20T20:00:00Z", 2_000, { callId: k.k8.id, method: "ivr" }),
  ]);
  // The other organisation's payment naming k6's call: in no number here.
  await db.insert(payments).values(payment(otherAccount!.id, "2026-11-20T18:30:00Z", 99_900, { organizationId: other.id, callId: k.k6.id }));

  scope = fixture.scope("2026-11-19", "2026-11-24");
}, 120_000);

afterAll(async () => {
  await fixture?.stop();
});

describe("KPIs from the payments ledger, every number by hand", () => {
  it("collects payments on the day they were paid, less refunds; converts right-party contacts paid on the call; keeps promises paid by their date", async () => {
    const { rows, totals } = await loadKpis(handle.db, scope, "day");
    const byDay = Object.fromEntries(rows.map((r) => [r.key, r]));
    // Paid days in Chicago: P7 the 19th; P5 P6 P8 the 20th; P1 the 22nd; P3 P4 the 23rd; P2 the 24th.
    expect(rows.map((r) => [r.key, r.paymentsCollected])).toEqual([
      ["2026-11-19", { count: 1, amountCents: 1_500 }],
      ["2026-11-20", { count: 3, amountCents: 10_000 + 0 + 2_000 }],
      ["2026-11-21", { count: 0, amountCents: 0 }],
      ["2026-11-22", { count: 1, amountCents: 5_000 }],
      ["2026-11-23", { count: 2, amountCents: 0 + 4_000 }],
      ["2026-11-24", { count: 1, amountCents: 3_000 }],
    ]);
    // Right-party contacts of the 20th: k1-k7 and k9 (k8 is a wrong number) = 8; only k6 was paid on its call
    // (P6 on k7 was refunded in full, P8 on k8 is not right-party).
    expect(byDay["2026-11-20"]!.conversion).toEqual({ rightPartyContacts: 8, converted: 1, rate: 1 / 8 });
    // Due before the 25th: k1 (22nd), k2, k3, k4 (23rd), k9 (21st) = 5; k5 (30th) is not due yet.
    // Kept: k1 (P1), k4 (P4, 23:40 local on its date). Not: k2 (P2 late), k3 (P3 refunded), k9 (P7 before the promise).
    expect(byDay["2026-11-20"]!.promiseKept).toEqual({ due: 5, kept: 2, rate: 0.4 });
    // A day with no calls: no rates, not 0.
    expect(byDay["2026-11-21"]!.conversion.rate).toBeNull();
    expect(byDay["2026-11-21"]!.promiseKept.rate).toBeNull();
    expect(totals.paymentsCollected).toEqual({ count: 8, amountCents: 1_500 + 12_000 + 5_000 + 4_000 + 3_000 });
  });

  it("gives a payment to the agent and campaign of the call it was paid on, and one on no call to none", async () => {
    const byAgent = await loadKpis(handle.db, scope, "agent");
    expect(byAgent.rows.map((r) => [r.label, r.paymentsCollected])).toEqual([
      // P1 P2 P3 P4 P7 name no call.
      ["No agent", { count: 5, amountCents: 1_500 + 5_000 + 0 + 4_000 + 3_000 }],
      ["Xena", { count: 2, amountCents: 10_000 }],
      ["Yuri", { count: 1, amountCents: 2_000 }],
    ]);
    const oneCampaign = await loadKpis(handle.db, { ...scope, campaignId }, "day");
    expect(oneCampaign.totals.paymentsCollected).toEqual({ count: 1, amountCents: 10_000 });
    expect(oneCampaign.totals.conversion).toEqual({ rightPartyContacts: 1, converted: 1, rate: 1 });
    // An agent's own view: their calls' payments only.
    const yuri = await loadKpis(handle.db, { ...scope, agentId: agentY, showSkips: false }, "day");
    expect(yuri.totals.paymentsCollected).toEqual({ count: 1, amountCents: 2_000 });
    expect(agentX).not.toBe(agentY);
  });
});
