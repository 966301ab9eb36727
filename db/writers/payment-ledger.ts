// The payments ledger's writes (the `payments` table): a payment recorded once per Stripe
// PaymentIntent, in one transaction with the account's and the debt's balance and an
// audit row; refunds and disputes reversing it by what they add, once. Every write is
// idempotent and order-independent: the unique PaymentIntent id stops a second entry,
// refunded and disputed amounts only grow (domain/payments.ts), so duplicated, reordered
// or late webhooks leave the same ledger.
import { and, eq, sql } from "drizzle-orm";
import { applyDispute, applyRefundTotal, paymentStatusOf, receiptSmsText, type PaymentFacts, type Reversals } from "../../domain/payments";
import { recordAudit } from "../audit/record";
import type { Database, Transaction } from "../client";
import { accounts, debts, paymentReceipts, payments } from "../schema";

export type PaymentRow = typeof payments.$inferSelect;

export type RecordPaymentResult =
  /** A new ledger entry; the balances dropped by its amount. */
  | { kind: "recorded"; payment: PaymentRow; balanceAfterCents: number }
  /** The payment was in the ledger already (a duplicate or another event of it). */
  | { kind: "already_recorded"; payment: PaymentRow; balanceAfterCents: number }
  /** The metadata names no account of that organisation: nothing stored. */
  | { kind: "unknown_account" };

export type ReversalResult = { kind: "reversed" | "unchanged"; payment: PaymentRow } | { kind: "unknown_payment" };

export function recordPayment(db: Database, facts: PaymentFacts): Promise<RecordPaymentResult> {
  return db.transaction(async (tx) => {
    const [account] = await tx
      .select({ id: accounts.id, balanceDueCents: accounts.balanceDueCents })
      .from(accounts)
      .where(and(eq(accounts.id, facts.accountId), eq(accounts.organizationId, facts.organizationId)))
      .for("update");
    if (!account) return { kind: "unknown_account" };
    // A debt of another account (or organisation) is not this payment's: the account still gets it.
    const debtId = facts.debtId === null ? null : await debtOf(tx, facts.organizationId, facts.accountId, facts.debtId);
    const [inserted] = await tx
      .insert(payments)
      .values({
        organizationId: facts.organizationId,
        accountId: facts.accountId,
        debtId,
        callId: facts.callId,
        requestId: facts.requestId,
        amountCents: facts.amountCents,
        currency: facts.currency,
        method: facts.method,
        stripeCheckoutSessionId: facts.stripeCheckoutSessionId,
        stripePaymentIntentId: facts.stripePaymentIntentId,
        receiptNumber: facts.receiptNumber,
        receiptUrl: facts.receiptUrl,
        paidAt: new Date(facts.paidAtMs),
      })
      .onConflictDoNothing({ target: payments.stripePaymentIntentId })
      .returning();
    if (!inserted) {
      // Another event of the same payment may know what the first did not (the receipt, the session).
      const [existing] = await tx
        .update(payments)
        .set({
          receiptNumber: sql`coalesce(${payments.receiptNumber}, ${facts.receiptNumber})`,
          receiptUrl: sql`coalesce(${payments.receiptUrl}, ${facts.receiptUrl})`,
          stripeCheckoutSessionId: sql`coalesce(${payments.stripeCheckoutSessionId}, ${facts.stripeCheckoutSessionId})`,
        })
        .where(eq(payments.stripePaymentIntentId, facts.stripePaymentIntentId))
        .returning();
      return { kind: "already_recorded", payment: existing!, balanceAfterCents: account.balanceDueCents };
    }
    const balanceAfterCents = await moveBalances(tx, inserted, -inserted.amountCents);
    if (facts.receiptSms) {
      // The receipt's outbox row, in the entry's own transaction: a payment has its text to send, once.
      await tx.insert(paymentReceipts).values({
        paymentId: inserted.id,
        organizationId: facts.organizationId,
        toNumber: facts.receiptSms.to,
        fromNumber: facts.receiptSms.from,
        text: receiptSmsText(inserted.amountCents, balanceAfterCents),
      });
    }
    await recordAudit(tx, facts.organizationId, { kind: "system" }, {
      action: "payment.recorded",
      resourceType: "payment",
      resourceId: inserted.id,
      after: { accountId: inserted.accountId, debtId, callId: inserted.callId, amountCents: inserted.amountCents, method: inserted.method, stripePaymentIntentId: inserted.stripePaymentIntentId },
    });
    return { kind: "recorded", payment: inserted, balanceAfterCents };
  });
}

/** A charge's refunded total so far (charge.refunded carries it): the ledger takes back what it adds. */
export function recordRefundTotal(db: Database, paymentIntentId: string, refundedTotalCents: number): Promise<ReversalResult> {
  return reverse(db, paymentIntentId, "payment.refunded", (current) => applyRefundTotal(current, refundedTotalCents));
}

/** A dispute opened on the payment: its amount is taken back once. */
export function recordDispute(db: Database, paymentIntentId: string, disputeAmountCents: number): Promise<ReversalResult> {
  return reverse(db, paymentIntentId, "payment.disputed", (current) => applyDispute(current, disputeAmountCents));
}

async function reverse(
  db: Database,
  paymentIntentId: string,
  action: string,
  apply: (current: Reversals) => { next: Reversals; balanceDeltaCents: number },
): Promise<ReversalResult> {
  return db.transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.stripePaymentIntentId, paymentIntentId)).for("update");
    if (!payment) return { kind: "unknown_payment" };
    const { next, balanceDeltaCents } = apply(payment);
    if (balanceDeltaCents === 0) return { kind: "unchanged", payment };
    const [updated] = await tx
      .update(payments)
      .set({ refundedCents: next.refundedCents, disputedCents: next.disputedCents, status: paymentStatusOf(next), updatedAt: new Date() })
      .where(eq(payments.id, payment.id))
      .returning();
    await moveBalances(tx, payment, balanceDeltaCents);
    await recordAudit(tx, payment.organizationId, { kind: "system" }, {
      action,
      resourceType: "payment",
      resourceId: payment.id,
      before: { refundedCents: payment.refundedCents, disputedCents: payment.disputedCents },
      after: { refundedCents: next.refundedCents, disputedCents: next.disputedCents, balanceDeltaCents },
    });
    return { kind: "reversed", payment: updated! };
  });
}

async function debtOf(tx: Transaction, organizationId: string, accountId: string, debtId: string): Promise<string | null> {
  const [debt] = await tx
    .select({ id: debts.id })
    .from(debts)
    .where(and(eq(debts.id, debtId), eq(debts.accountId, accountId), eq(debts.organizationId, organizationId)));
  return debt?.id ?? null;
}

/** The account's balance (and the debt's) by `deltaCents`; a debt paid off is `paid`, one owed again is `open`. Returns the account's new balance. */
async function moveBalances(tx: Transaction, payment: PaymentRow, deltaCents: number): Promise<number> {
  const [account] = await tx
    .update(accounts)
    .set({ balanceDueCents: sql`${accounts.balanceDueCents} + ${deltaCents}`, updatedAt: new Date() })
    .where(and(eq(accounts.id, payment.accountId), eq(accounts.organizationId, payment.organizationId)))
    .returning({ balanceDueCents: accounts.balanceDueCents });
  if (payment.debtId !== null) {
    const newBalance = sql`${debts.balanceCents} + ${deltaCents}`;
    await tx
      .update(debts)
      .set({
        balanceCents: newBalance,
        status: sql`case
          when ${debts.status} = 'open' and ${newBalance} <= 0 then 'paid'
          when ${debts.status} = 'paid' and ${newBalance} > 0 then 'open'
          else ${debts.status} end`,
        updatedAt: new Date(),
      })
      .where(and(eq(debts.id, payment.debtId), eq(debts.organizationId, payment.organizationId)));
  }
  return account!.balanceDueCents;
}
