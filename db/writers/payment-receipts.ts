// The receipt texts' outbox (payment_receipts, one row per payment, written with the
// ledger entry): claim a pending text before the carrier is asked, then say how it
// went. A claim is one conditional UPDATE, so concurrent webhooks of one payment claim
// it once; a failure that a retry may fix puts it back to pending for the next one.
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import { paymentReceipts } from "../schema";

export type ReceiptToSend = Pick<typeof paymentReceipts.$inferSelect, "paymentId" | "toNumber" | "fromNumber" | "text">;

/** The payment's pending receipt, now `sending` and this caller's to send; null when there is none or another has it. */
export async function claimReceipt(db: Database, paymentId: string): Promise<ReceiptToSend | null> {
  const [claimed] = await db
    .update(paymentReceipts)
    .set({ status: "sending", attempts: sql`${paymentReceipts.attempts} + 1`, updatedAt: new Date() })
    .where(and(eq(paymentReceipts.paymentId, paymentId), eq(paymentReceipts.status, "pending")))
    .returning({ paymentId: paymentReceipts.paymentId, toNumber: paymentReceipts.toNumber, fromNumber: paymentReceipts.fromNumber, text: paymentReceipts.text });
  return claimed ?? null;
}

export type ReceiptOutcome = { kind: "sent"; messageId: string } | { kind: "refused"; reason: string } | { kind: "retry"; reason: string };

export async function settleReceipt(db: Database, paymentId: string, outcome: ReceiptOutcome): Promise<void> {
  const now = new Date();
  const set =
    outcome.kind === "sent"
      ? { status: "sent" as const, messageId: outcome.messageId, sentAt: now, lastError: null, updatedAt: now }
      : { status: outcome.kind === "refused" ? ("failed" as const) : ("pending" as const), lastError: outcome.reason.slice(0, 500), updatedAt: now };
  await db.update(paymentReceipts).set(set).where(and(eq(paymentReceipts.paymentId, paymentId), eq(paymentReceipts.status, "sending")));
}
