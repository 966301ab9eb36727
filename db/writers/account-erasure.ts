// Erasure on request: one person's personal data removed from an account and everything
// hanging off it, in one transaction with its audit row, while the money stays as it was
// (balances, debts and ledger amounts are untouched) and the audit chain is only appended
// to. What a standing legal hold covers is never erased: the caller is told which hold.
import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Queryable, Transaction } from "../client";
import {
  accountCallbacks,
  accounts,
  callAlerts,
  callEvents,
  callSummaries,
  calls,
  legalHolds,
  paymentReceipts,
  payments,
  recordings,
  segmentTranslations,
  transcriptSegments,
} from "../schema";

/** What the account's name becomes: the row stays, so its debts, calls and ledger still add up. */
export const ERASED_NAME = "Erased person";

export interface StandingHold {
  id: string;
  subjectType: "account" | "call";
  subjectId: string;
  reason: string;
}

export interface ErasureCounts {
  calls: number;
  transcriptLines: number;
  recordings: number;
  payments: number;
}

/** The standing hold on the account or on one of its calls, if any (the first placed). */
export async function holdOnAccount(db: Queryable, organizationId: string, accountId: string): Promise<StandingHold | null> {
  const [hold] = await db
    .select({ id: legalHolds.id, subjectType: legalHolds.subjectType, subjectId: legalHolds.subjectId, reason: legalHolds.reason })
    .from(legalHolds)
    .where(
      and(
        eq(legalHolds.organizationId, organizationId),
        isNull(legalHolds.liftedAt),
        or(
          and(eq(legalHolds.subjectType, "account"), eq(legalHolds.subjectId, accountId)),
          and(eq(legalHolds.subjectType, "call"), sql`${legalHolds.subjectId} IN (SELECT ${calls.id} FROM ${calls} WHERE ${calls.accountId} = ${accountId})`),
        ),
      ),
    )
    .orderBy(legalHolds.placedAt)
    .limit(1);
  return hold ?? null;
}

/** The recording objects of the account's calls: removed from storage before the rows go. */
export async function recordingKeysOfAccount(db: Queryable, organizationId: string, accountId: string): Promise<string[]> {
  const rows = await db
    .select({ storageKey: recordings.storageKey })
    .from(recordings)
    .innerJoin(calls, eq(calls.id, recordings.callId))
    .where(and(eq(calls.organizationId, organizationId), eq(calls.accountId, accountId)));
  return rows.map((row) => row.storageKey);
}

export type ErasureOutcome = { kind: "erased"; erasedAt: Date; counts: ErasureCounts } | { kind: "held"; hold: StandingHold } | { kind: "already_erased"; erasedAt: Date } | { kind: "not_found" };

export async function eraseAccount(db: Queryable, organizationId: string, accountId: string, actor: AuditActor, reason: string): Promise<ErasureOutcome> {
  return db.transaction(async (tx) => {
    // The account's lock orders an erasure after any change in flight to it.
    const [account] = await tx
      .select({ erasedAt: accounts.erasedAt })
      .from(accounts)
      .where(and(eq(accounts.organizationId, organizationId), eq(accounts.id, accountId)))
      .for("update");
    if (!account) return { kind: "not_found" } as const;
    if (account.erasedAt) return { kind: "already_erased", erasedAt: account.erasedAt } as const;
    const hold = await holdOnAccount(tx, organizationId, accountId);
    if (hold) return { kind: "held", hold } as const;
    const erasedAt = new Date();
    const counts = await erasePersonalRows(tx, organizationId, accountId, erasedAt);
    await recordAudit(tx, organizationId, actor, {
      action: "account.erased",
      resourceType: "account",
      resourceId: accountId,
      // Counts only: the entry must not carry what it records the removal of.
      after: { reason, ...counts },
    });
    return { kind: "erased", erasedAt, counts } as const;
  });
}

async function erasePersonalRows(tx: Transaction, organizationId: string, accountId: string, erasedAt: Date): Promise<ErasureCounts> {
  await tx
    .update(accounts)
    .set({
      name: ERASED_NAME,
      phones: [],
      phoneLineTypes: {},
      externalRef: null,
      timeZone: null,
      state: null,
      inconvenientTimes: [],
      tags: [],
      consent: null,
      // Nobody dials an erased person again (nor could: no number is left).
      doNotCall: true,
      preferredLanguage: "en",
      erasedAt,
      updatedAt: erasedAt,
    })
    .where(eq(accounts.id, accountId));
  const callRows = await tx
    .update(calls)
    .set({
      // The person's side of each call: the number called, or the caller's number.
      toNumber: sql`CASE WHEN ${calls.direction} = 'outbound' THEN '' ELSE ${calls.toNumber} END`,
      fromNumber: sql`CASE WHEN ${calls.direction} = 'inbound' THEN '' ELSE ${calls.fromNumber} END`,
      notes: "",
      dispositionDetails: null,
      timeline: [],
    })
    .where(and(eq(calls.organizationId, organizationId), eq(calls.accountId, accountId)))
    .returning({ id: calls.id });
  const callIds = callRows.map((row) => row.id);
  let transcriptLines = 0;
  let recordingRows = 0;
  if (callIds.length > 0) {
    transcriptLines = (await tx.delete(transcriptSegments).where(inArray(transcriptSegments.callId, callIds)).returning({ id: transcriptSegments.id })).length;
    await tx.delete(segmentTranslations).where(inArray(segmentTranslations.callId, callIds));
    await tx.delete(callSummaries).where(inArray(callSummaries.callId, callIds));
    await tx.delete(callAlerts).where(inArray(callAlerts.callId, callIds));
    await tx.delete(callEvents).where(inArray(callEvents.callId, callIds));
    recordingRows = (await tx.delete(recordings).where(inArray(recordings.callId, callIds)).returning({ id: recordings.id })).length;
  }
  const paymentRows = await tx
    .update(payments)
    .set({ stripeCheckoutSessionId: null, receiptUrl: null, requestId: null, updatedAt: erasedAt })
    .where(and(eq(payments.organizationId, organizationId), eq(payments.accountId, accountId)))
    .returning({ id: payments.id });
  if (paymentRows.length > 0) await tx.delete(paymentReceipts).where(inArray(paymentReceipts.paymentId, paymentRows.map((row) => row.id)));
  await tx.delete(accountCallbacks).where(and(eq(accountCallbacks.organizationId, organizationId), eq(accountCallbacks.accountId, accountId)));
  return { calls: callIds.length, transcriptLines, recordings: recordingRows, payments: paymentRows.length };
}
