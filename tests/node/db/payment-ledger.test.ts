// The payments ledger against a real PostgreSQL, reached the way the Worker reaches it
// (Neon driver over the local relay): one entry per Stripe payment however often and in
// whatever order its events arrive, the account's and debt's balances moved in the same
// transaction, refunds and disputes reversing it once, and nothing stored for an account
// the metadata does not name.
import { neonConfig } from "@neondatabase/serverless";
import { and, eq } from "drizzle-orm";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ws from "ws";
import { freePort } from "../../../scripts/lib/free-port";
import { startLocalPostgres, type LocalPostgres } from "../../../scripts/lib/local-postgres";
import { applyMigrations } from "../../../scripts/lib/migrate";
import { startWsRelay, type WsRelay } from "../../../scripts/lib/ws-relay";
import { openDatabase, type DatabaseHandle } from "../../../db/client";
import { TEST_ACCESS } from "../support/database-access";
import { accounts, auditLog, debts, organizations, paymentReceipts, payments } from "../../../db/schema";
import { recordDispute, recordPayment, recordRefundTotal } from "../../../db/writers/payment-ledger";
import type { PaymentFacts } from "../../../domain/payments";
import { PaymentLinkRefused, type MessagingPort } from "../../../objects/call/ports/payment-ports";
import { deliverReceipt } from "../../../worker/payments/receipt-sms";

let postgres: LocalPostgres;
let relay: WsRelay;
let handle: DatabaseHandle;

beforeAll(async () => {
  const dataDir = path.join(os.tmpdir(), `wib-ledger-pg-${process.pid}-${Date.now()}`, "pg");
  postgres = await startLocalPostgres({ dataDir, port: await freePort(), persistent: false });
  await postgres.createDatabaseIfMissing("ledger");
  await applyMigrations(postgres.urlFor("ledger"));
  relay = await startWsRelay({ port: await freePort(), postgresPort: postgres.port });
  neonConfig.webSocketConstructor = ws;
  handle = openDatabase({ DATABASE_URL: postgres.urlFor("ledger"), DATABASE_WS_PROXY: `${relay.proxyHost}/v2` }, TEST_ACCESS);
});

afterAll(async () => {
  await handle?.close();
  await relay?.close();
  await postgres?.stop();
});

let counter = 0;
/** An organisation with one account owing $300.00, $200.00 of it on one debt. */
async function debtor() {
  const n = ++counter;
  const [org] = await handle.db.insert(organizations).values({ name: `Ledger ${n}`, slug: `ledger-${n}-${Date.now()}` }).returning();
  const [account] = await handle.db.insert(accounts).values({ organizationId: org!.id, name: "Ada", phones: ["+15550100001"], balanceDueCents: 30_000 }).returning();
  const [debt] = await handle.db.insert(debts).values({ organizationId: org!.id, accountId: account!.id, balanceCents: 20_000 }).returning();
  const facts = (overrides: Partial<PaymentFacts> = {}): PaymentFacts => ({
    organizationId: org!.id,
    accountId: account!.id,
    debtId: debt!.id,
    callId: null,
    requestId: "ivr-pay-1",
    method: "ivr",
    amountCents: 15_000,
    currency: "usd",
    stripePaymentIntentId: `pi_test_${n}`,
    stripeCheckoutSessionId: `cs_test_${n}`,
    receiptNumber: null,
    receiptUrl: null,
    paidAtMs: Date.now(),
    ...overrides,
  });
  const balances = async () => {
    const [a] = await handle.db.select().from(accounts).where(eq(accounts.id, account!.id));
    const [d] = await handle.db.select().from(debts).where(eq(debts.id, debt!.id));
    return { account: a!.balanceDueCents, debt: d!.balanceCents, debtStatus: d!.status };
  };
  const entries = () => handle.db.select().from(payments).where(eq(payments.organizationId, org!.id));
  return { org: org!, account: account!, debt: debt!, facts, balances, entries };
}

describe("recording a payment", () => {
  it("writes one entry and lowers the account and the debt in the same transaction, with an audit row", async () => {
    const d = await debtor();
    const result = await recordPayment(handle.db, d.facts());
    expect(result).toMatchObject({ kind: "recorded", balanceAfterCents: 15_000, payment: { amountCents: 15_000, status: "succeeded", method: "ivr" } });
    expect(await d.balances()).toEqual({ account: 15_000, debt: 5_000, debtStatus: "open" });
    const audit = await handle.db.select().from(auditLog).where(and(eq(auditLog.organizationId, d.org.id), eq(auditLog.action, "payment.recorded")));
    expect(audit).toHaveLength(1);
  });

  it("the same payment told ten times at once (duplicates, other events of it) is one entry and one balance drop", async () => {
    const d = await debtor();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => recordPayment(handle.db, d.facts(i === 7 ? { receiptNumber: "1000-0001", receiptUrl: "http://r" } : {}))));
    expect(results.filter((r) => r.kind === "recorded")).toHaveLength(1);
    expect(await d.entries()).toHaveLength(1);
    expect(await d.balances()).toMatchObject({ account: 15_000, debt: 5_000 });
    // The receipt, told by one of the later events, is kept.
    expect((await d.entries())[0]).toMatchObject({ receiptNumber: "1000-0001", receiptUrl: "http://r" });
  });

  it("a debt paid off is marked paid", async () => {
    const d = await debtor();
    await recordPayment(handle.db, d.facts({ amountCents: 20_000 }));
    expect(await d.balances()).toEqual({ account: 10_000, debt: 0, debtStatus: "paid" });
  });

  it("an account of another organisation stores nothing and moves no balance", async () => {
    const mine = await debtor();
    const theirs = await debtor();
    const result = await recordPayment(handle.db, mine.facts({ accountId: theirs.account.id, debtId: theirs.debt.id }));
    expect(result).toEqual({ kind: "unknown_account" });
    expect(await mine.entries()).toHaveLength(0);
    expect(await theirs.balances()).toMatchObject({ account: 30_000, debt: 20_000 });
  });

  it("a debt of another account is not touched: the account still gets the payment", async () => {
    const d = await debtor();
    const other = await debtor();
    await recordPayment(handle.db, d.facts({ debtId: other.debt.id }));
    expect((await d.entries())[0]!.debtId).toBeNull();
    expect(await d.balances()).toMatchObject({ account: 15_000, debt: 20_000 });
    expect(await other.balances()).toMatchObject({ debt: 20_000 });
  });
});

describe("refunds and disputes", () => {
  it("a refund reverses what it adds, once, and reopens a paid-off debt", async () => {
    const d = await debtor();
    await recordPayment(handle.db, d.facts({ amountCents: 20_000 }));
    const pi = d.facts().stripePaymentIntentId;
    expect(await recordRefundTotal(handle.db, pi, 5_000)).toMatchObject({ kind: "reversed", payment: { status: "partially_refunded", refundedCents: 5_000 } });
    expect(await recordRefundTotal(handle.db, pi, 5_000)).toMatchObject({ kind: "unchanged" });
    expect(await d.balances()).toEqual({ account: 15_000, debt: 5_000, debtStatus: "open" });
    await Promise.all([recordRefundTotal(handle.db, pi, 20_000), recordRefundTotal(handle.db, pi, 20_000), recordRefundTotal(handle.db, pi, 12_000)]);
    expect(await d.balances()).toMatchObject({ account: 30_000, debt: 20_000 });
    expect((await d.entries())[0]).toMatchObject({ status: "refunded", refundedCents: 20_000 });
  });

  it("a dispute reverses the payment once, however often it is told", async () => {
    const d = await debtor();
    await recordPayment(handle.db, d.facts());
    const pi = d.facts().stripePaymentIntentId;
    await Promise.all([recordDispute(handle.db, pi, 15_000), recordDispute(handle.db, pi, 15_000)]);
    expect(await d.balances()).toMatchObject({ account: 30_000, debt: 20_000 });
    expect((await d.entries())[0]).toMatchObject({ status: "disputed", disputedCents: 15_000 });
  });

  it("a reversal for a payment not in the ledger yet stores nothing and says so", async () => {
    const d = await debtor();
    expect(await recordRefundTotal(handle.db, "pi_never_seen", 100)).toEqual({ kind: "unknown_payment" });
    expect(await d.balances()).toMatchObject({ account: 30_000 });
  });
});

/** A carrier that records the texts it takes, failing the first `failures` tries (or refusing every one). */
function fakeCarrier(options: { failures?: number; refuse?: boolean } = {}) {
  const texts: { from: string; to: string; text: string }[] = [];
  let failures = options.failures ?? 0;
  const port: MessagingPort = {
    async sendSms(message) {
      if (options.refuse) throw new PaymentLinkRefused("not a mobile number");
      if (failures-- > 0) throw new Error("carrier 503");
      texts.push(message);
      return { id: `msg_${texts.length}` };
    },
  };
  return { port, texts };
}

describe("the receipt text", () => {
  const sms = { to: "+15550100001", from: "+15550001000" };
  const receiptOf = async (paymentId: string) => (await handle.db.select().from(paymentReceipts).where(eq(paymentReceipts.paymentId, paymentId)))[0];

  it("is written with the entry (amount and new balance, nothing of the card) and sent once however many events try it", async () => {
    const d = await debtor();
    const results = await Promise.all(Array.from({ length: 5 }, () => recordPayment(handle.db, d.facts({ receiptSms: sms }))));
    const paymentId = results.find((r) => r.kind === "recorded")!.payment.id;
    const carrier = fakeCarrier();
    const tries = await Promise.all(Array.from({ length: 5 }, () => deliverReceipt(handle.db, carrier.port, paymentId)));
    expect(tries.filter((t) => t === "sent")).toHaveLength(1);
    expect(carrier.texts).toEqual([{ ...sms, text: "Payment received: $150.00. Your balance is now $150.00. Thank you." }]);
    expect(await receiptOf(paymentId)).toMatchObject({ status: "sent", attempts: 1, messageId: "msg_1" });
  });

  it("a carrier failure puts it back for the next try (the webhook answers 5xx); a refusal is final", async () => {
    const d = await debtor();
    const recorded = await recordPayment(handle.db, d.facts({ receiptSms: sms, amountCents: 30_000 }));
    const paymentId = recorded.kind === "recorded" ? recorded.payment.id : "";
    const flaky = fakeCarrier({ failures: 1 });
    await expect(deliverReceipt(handle.db, flaky.port, paymentId)).rejects.toThrow("carrier 503");
    expect(await receiptOf(paymentId)).toMatchObject({ status: "pending", lastError: "Error: carrier 503" });
    expect(await deliverReceipt(handle.db, flaky.port, paymentId)).toBe("sent");
    expect(flaky.texts.map((t) => t.text)).toEqual(["Payment received: $300.00. Your balance is now paid in full. Thank you."]);

    const other = await debtor();
    const second = await recordPayment(handle.db, other.facts({ receiptSms: sms }));
    const refusing = fakeCarrier({ refuse: true });
    const secondId = second.kind === "recorded" ? second.payment.id : "";
    expect(await deliverReceipt(handle.db, refusing.port, secondId)).toBe("refused");
    expect(await deliverReceipt(handle.db, refusing.port, secondId)).toBe("nothing_to_send");
    expect(await receiptOf(secondId)).toMatchObject({ status: "failed", attempts: 1 });
  });

  it("a payment without the numbers in its metadata has no receipt to send", async () => {
    const d = await debtor();
    const recorded = await recordPayment(handle.db, d.facts());
    const id = recorded.kind === "recorded" ? recorded.payment.id : "";
    expect(await receiptOf(id)).toBeUndefined();
    expect(await deliverReceipt(handle.db, fakeCarrier().port, id)).toBe("nothing_to_send");
  });
});
