// What the retention job (worker/retention/) reads and deletes: per organisation and
// kind, the next batch of rows past the policy's cutoff that no legal hold covers, and
// the batch's deletion with its audit row in one transaction (so no deletion is ever
// unaudited and the chain stays whole: rows are appended, none is edited). A hold placed
// between the read and the delete is honoured: the delete checks again.
import { and, eq, inArray, isNotNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Queryable } from "../client";
import {
  callSummaries,
  calls,
  legalHolds,
  organizationRetentionPolicies,
  paymentReceipts,
  payments,
  recordings,
  segmentTranslations,
  transcriptSegments,
} from "../schema";
import { TERMINAL_STATUSES } from "../../domain/call-status";
import { readRetentionPolicy, type RetentionKind, type RetentionPolicy } from "../../domain/retention";

/** A batch due for deletion: row ids, and the recording objects to remove from storage first. */
export interface DueBatch {
  ids: string[];
  storageKeys: string[];
}

/** The audit entry's resource type per kind. */
export const RETENTION_RESOURCE: Record<RetentionKind, string> = {
  callRecords: "call",
  recordings: "recording",
  transcripts: "transcript",
  paymentMetadata: "payment",
};

const SYSTEM: AuditActor = { kind: "system" };

export async function retentionPolicies(db: Queryable): Promise<{ organizationId: string; policy: RetentionPolicy }[]> {
  const rows = await db.select().from(organizationRetentionPolicies);
  return rows.map((row) => ({ organizationId: row.organizationId, policy: readRetentionPolicy(row.policy) }));
}

/** True when a standing hold names the call or its account (either may be an SQL expression). */
export function heldBy(organizationId: AnyPgColumn, callId: SQL | AnyPgColumn, accountId: SQL | AnyPgColumn): SQL {
  return sql`EXISTS (SELECT 1 FROM ${legalHolds} WHERE ${legalHolds.organizationId} = ${organizationId} AND ${legalHolds.liftedAt} IS NULL
    AND ((${legalHolds.subjectType} = 'call' AND ${legalHolds.subjectId} = ${callId}) OR (${legalHolds.subjectType} = 'account' AND ${legalHolds.subjectId} = ${accountId})))`;
}

const callHeld = () => heldBy(calls.organizationId, calls.id, calls.accountId);
const recordingHeld = () =>
  heldBy(recordings.organizationId, recordings.callId, sql`(SELECT ${calls.accountId} FROM ${calls} WHERE ${calls.id} = ${recordings.callId})`);
const paymentHeld = () => heldBy(payments.organizationId, payments.callId, payments.accountId);
/** Ended calls only: nothing of a call is deleted while its actor may still write it. */
const dueCall = (organizationId: string, cutoff: Date) =>
  and(eq(calls.organizationId, organizationId), lt(calls.createdAt, cutoff), inArray(calls.status, [...TERMINAL_STATUSES]), sql`NOT ${callHeld()}`);

const hasPaymentMetadata = () =>
  or(
    isNotNull(payments.stripeCheckoutSessionId),
    isNotNull(payments.receiptUrl),
    isNotNull(payments.requestId),
    sql`EXISTS (SELECT 1 FROM ${paymentReceipts} WHERE ${paymentReceipts.paymentId} = ${payments.id})`,
  );

export async function findDueBatch(db: Queryable, organizationId: string, kind: RetentionKind, cutoff: Date, limit: number): Promise<DueBatch> {
  switch (kind) {
    case "callRecords": {
      const rows = await db
        .select({ id: calls.id })
        .from(calls)
        .where(dueCall(organizationId, cutoff))
        .orderBy(calls.createdAt)
        .limit(limit);
      const ids = rows.map((row) => row.id);
      return { ids, storageKeys: await storageKeysOfCalls(db, ids) };
    }
    case "recordings": {
      const rows = await db
        .select({ id: recordings.id, storageKey: recordings.storageKey })
        .from(recordings)
        .innerJoin(calls, eq(calls.id, recordings.callId))
        .where(dueCall(organizationId, cutoff))
        .orderBy(calls.createdAt)
        .limit(limit);
      return { ids: rows.map((row) => row.id), storageKeys: rows.map((row) => row.storageKey) };
    }
    case "transcripts": {
      const rows = await db
        .select({ id: calls.id })
        .from(calls)
        .where(
          and(
            dueCall(organizationId, cutoff),
            or(
              sql`EXISTS (SELECT 1 FROM ${transcriptSegments} WHERE ${transcriptSegments.callId} = ${calls.id})`,
              sql`EXISTS (SELECT 1 FROM ${callSummaries} WHERE ${callSummaries.callId} = ${calls.id})`,
            ),
          ),
        )
        .orderBy(calls.createdAt)
        .limit(limit);
      return { ids: rows.map((row) => row.id), storageKeys: [] };
    }
    case "paymentMetadata": {
      const rows = await db
        .select({ id: payments.id })
        .from(payments)
        .where(and(eq(payments.organizationId, organizationId), lt(payments.paidAt, cutoff), hasPaymentMetadata(), sql`NOT ${paymentHeld()}`))
        .orderBy(payments.paidAt)
        .limit(limit);
      return { ids: rows.map((row) => row.id), storageKeys: [] };
    }
  }
}

async function storageKeysOfCalls(db: Queryable, callIds: string[]): Promise<string[]> {
  if (callIds.length === 0) return [];
  const rows = await db.select({ storageKey: recordings.storageKey }).from(recordings).where(inArray(recordings.callId, callIds));
  return rows.map((row) => row.storageKey);
}

export interface PurgeContext {
  organizationId: string;
  kind: RetentionKind;
  cutoff: Date;
  keepDays: number;
}

/**
 * Deletes the batch's rows that are still due and not held, and appends one audit row
 * saying what went, in one transaction. Returns how many were deleted.
 */
export async function purgeBatch(db: Queryable, context: PurgeContext, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return db.transaction(async (tx) => {
    const { organizationId, kind } = context;
    let deleted: string[];
    let detail: Record<string, number> = {};
    switch (kind) {
      case "callRecords": {
        const rows = await tx
          .delete(calls)
          .where(and(eq(calls.organizationId, organizationId), inArray(calls.id, ids), sql`NOT ${callHeld()}`))
          .returning({ id: calls.id });
        deleted = rows.map((row) => row.id);
        break;
      }
      case "recordings": {
        const rows = await tx
          .delete(recordings)
          .where(and(eq(recordings.organizationId, organizationId), inArray(recordings.id, ids), sql`NOT ${recordingHeld()}`))
          .returning({ id: recordings.id });
        deleted = rows.map((row) => row.id);
        break;
      }
      case "transcripts": {
        const kept = await tx
          .select({ id: calls.id })
          .from(calls)
          .where(and(eq(calls.organizationId, organizationId), inArray(calls.id, ids), sql`NOT ${callHeld()}`));
        deleted = kept.map((row) => row.id);
        if (deleted.length === 0) break;
        const lines = await tx.delete(transcriptSegments).where(inArray(transcriptSegments.callId, deleted)).returning({ id: transcriptSegments.id });
        await tx.delete(segmentTranslations).where(inArray(segmentTranslations.callId, deleted));
        const summaries = await tx.delete(callSummaries).where(inArray(callSummaries.callId, deleted)).returning({ id: callSummaries.callId });
        detail = { lines: lines.length, summaries: summaries.length };
        break;
      }
      case "paymentMetadata": {
        const rows = await tx
          .update(payments)
          .set({ stripeCheckoutSessionId: null, receiptUrl: null, requestId: null, updatedAt: new Date() })
          .where(and(eq(payments.organizationId, organizationId), inArray(payments.id, ids), sql`NOT ${paymentHeld()}`))
          .returning({ id: payments.id });
        deleted = rows.map((row) => row.id);
        if (deleted.length > 0) {
          const receipts = await tx.delete(paymentReceipts).where(inArray(paymentReceipts.paymentId, deleted)).returning({ id: paymentReceipts.paymentId });
          detail = { receiptTexts: receipts.length };
        }
        break;
      }
    }
    if (deleted.length === 0) return 0;
    await recordAudit(tx, organizationId, SYSTEM, {
      action: "retention.purged",
      resourceType: RETENTION_RESOURCE[kind],
      resourceId: null,
      after: { kind, count: deleted.length, ...detail, keepDays: context.keepDays, olderThan: context.cutoff.toISOString(), ids: deleted },
    });
    return deleted.length;
  });
}

