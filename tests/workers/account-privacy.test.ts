// A person's data on request: the export holds everything about their account (JSON, and
// one CSV per table), and erasure removes their personal data, refused with a 409 naming
// the legal hold while one stands, leaving balances, the ledger and the audit chain whole.
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accounts, calls, debts, paymentReceipts, payments, transcriptSegments } from "../../db/schema";
import { call } from "./support/client";
import { withDatabase } from "./support/database";
import { inviteAndJoin, signUp } from "./support/orgs";
import { createAccount, objectExists, seedCall, seedPayment, type Owner } from "./support/personal-data";

let owner: Owner;
let accountId: string;
let debtId: string;
let callRow: { id: string; storageKey: string };
let paymentId: string;

beforeAll(async () => {
  owner = await signUp("Privacy");
  accountId = await createAccount(owner, "Dana Whitfield");
  const debt = await call(owner, "POST", `/api/accounts/${accountId}/debts`, { externalRef: "D-DANA-1", balanceCents: 7_500 });
  debtId = debt.body.debt.id;
  callRow = await seedCall(owner.organizationId, accountId, 3);
  await withDatabase((db) =>
    db.update(calls).set({ disposition: "promise_to_pay", notes: "=Says she gets paid Friday", dispositionDetails: { promiseDate: "2026-12-11", promiseAmountCents: 2_500 } }).where(eq(calls.id, callRow.id)),
  );
  paymentId = await seedPayment(owner.organizationId, accountId, 2);
});

describe("account data export", () => {
  it("hands an admin everything about the person as one JSON document, and audits that it did", async () => {
    const answer = await call(owner, "GET", `/api/accounts/${accountId}/export`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-disposition")).toContain(`account-${accountId}.json`);
    const document = answer.body;
    expect(document.account).toMatchObject({ id: accountId, name: "Dana Whitfield", phones: ["+15555550100"] });
    expect(document.debts).toEqual([expect.objectContaining({ id: debtId, externalRef: "D-DANA-1", balanceCents: 7_500 })]);
    expect(document.calls).toEqual([expect.objectContaining({ id: callRow.id, disposition: "promise_to_pay", notes: "=Says she gets paid Friday" })]);
    expect(document.transcripts).toEqual([expect.objectContaining({ callId: callRow.id, text: "I can pay next week" })]);
    expect(document.recordings).toEqual([expect.objectContaining({ callId: callRow.id, contentType: "audio/mpeg" })]);
    expect(document.payments).toEqual([expect.objectContaining({ id: paymentId, amountCents: 2_500, receiptText: "Thank you for your payment of $25.00" })]);
    expect(document.consents).toEqual([expect.objectContaining({ kind: "consent", value: "unknown" }), expect.objectContaining({ kind: "do_not_call_flag", value: "false" })]);
    expect((document.audit as { action: string }[]).map((entry) => entry.action)).toEqual(expect.arrayContaining(["account.created", "debt.created"]));
    const audit = await call(owner, "GET", `/api/audit?action=account.exported&resourceId=${accountId}`);
    expect(audit.body.entries[0]).toMatchObject({ after: { format: "json" } });
  });

  it("gives each table as its own CSV, a formula-looking note defused", async () => {
    const answer = await call(owner, "GET", `/api/accounts/${accountId}/export.csv?table=calls`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toContain("text/csv");
    const text = String(answer.body);
    const [header, row] = text.trim().split("\n");
    expect(header).toContain("disposition");
    expect(row).toContain(callRow.id);
    expect(row).toContain("'=Says she gets paid Friday");
    const transcripts = await call(owner, "GET", `/api/accounts/${accountId}/export.csv?table=transcripts`);
    expect(String(transcripts.body)).toContain("I can pay next week");
    expect((await call(owner, "GET", `/api/accounts/${accountId}/export.csv?table=everything`)).body.error.fields[0].path).toBe("table");
  });
});

describe("erasure on request", () => {
  it("is refused with a 409 naming the hold while one stands, then erases the person and keeps the money and the chain", async () => {
    const before = await withDatabase(async (db) => ({
      account: (await db.select().from(accounts).where(eq(accounts.id, accountId)))[0]!,
      debt: (await db.select().from(debts).where(eq(debts.id, debtId)))[0]!,
    }));
    const hold = await call(owner, "POST", `/api/calls/${callRow.id}/legal-holds`, { reason: "Complaint 77 under review" });
    const refused = await call(owner, "POST", `/api/accounts/${accountId}/erase`, { reason: "DSR-118" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(hold.body.hold.id);
    expect(refused.body.error.message).toContain("Complaint 77 under review");
    expect(await objectExists(callRow.storageKey)).toBe(true);
    expect((await call(owner, "GET", `/api/accounts/${accountId}`)).body.account.name).toBe("Dana Whitfield");

    await call(owner, "POST", `/api/legal-holds/${hold.body.hold.id}/lift`, { reason: "Complaint closed" });
    const erased = await call(owner, "POST", `/api/accounts/${accountId}/erase`, { reason: "DSR-118" });
    expect(erased.status).toBe(200);
    expect(erased.body.erased).toMatchObject({ accountId, calls: 1, transcriptLines: 1, recordings: 1, payments: 1 });

    const after = await withDatabase(async (db) => ({
      account: (await db.select().from(accounts).where(eq(accounts.id, accountId)))[0]!,
      debt: (await db.select().from(debts).where(eq(debts.id, debtId)))[0]!,
      call: (await db.select().from(calls).where(eq(calls.id, callRow.id)))[0]!,
      lines: await db.select().from(transcriptSegments).where(eq(transcriptSegments.callId, callRow.id)),
      payment: (await db.select().from(payments).where(eq(payments.id, paymentId)))[0]!,
      receipts: await db.select().from(paymentReceipts).where(inArray(paymentReceipts.paymentId, [paymentId])),
    }));
    expect(after.account).toMatchObject({ name: "Erased person", phones: [], externalRef: null, doNotCall: true, consent: null, erasedAt: expect.any(Date) });
    expect(after.account.balanceDueCents).toBe(before.account.balanceDueCents);
    expect(after.debt.balanceCents).toBe(before.debt.balanceCents);
    expect(after.call).toMatchObject({ toNumber: "", notes: "", dispositionDetails: null, disposition: "promise_to_pay" });
    expect(after.lines).toEqual([]);
    expect(await objectExists(callRow.storageKey)).toBe(false);
    expect(after.payment).toMatchObject({ amountCents: 2_500, status: "succeeded", receiptUrl: null, stripeCheckoutSessionId: null });
    expect(after.receipts).toEqual([]);

    const audit = await call(owner, "GET", `/api/audit?action=account.erased&resourceId=${accountId}`);
    expect(audit.body.entries[0]).toMatchObject({ after: { reason: "DSR-118", calls: 1 } });
    expect(JSON.stringify(audit.body.entries[0])).not.toContain("Dana");
    expect((await call(owner, "GET", "/api/audit/verify")).body).toMatchObject({ ok: true });
    expect((await call(owner, "POST", `/api/accounts/${accountId}/erase`, { reason: "again" })).status).toBe(409);
    const exported = await call(owner, "GET", `/api/accounts/${accountId}/export`);
    expect(JSON.stringify(exported.body.account)).not.toContain("Dana");
    expect(exported.body.transcripts).toEqual([]);
  });

  it("is for admins only", async () => {
    const other = await createAccount(owner, "Someone Else");
    const supervisor = await inviteAndJoin(owner, "supervisor");
    expect((await call(supervisor, "POST", `/api/accounts/${other}/erase`, { reason: "DSR-9" })).status).toBe(403);
    expect((await call(supervisor, "GET", `/api/accounts/${other}/export`)).status).toBe(403);
  });
});
