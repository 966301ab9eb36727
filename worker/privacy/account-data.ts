// Everything the organisation holds about one person (their account), table by table:
// what an export on request hands over (JSON, or one CSV per table). Each table is read
// when the stream reaches it, so a person with years of calls is never held in memory
// whole; transcripts are read a page of calls at a time.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { accountCallbacks, accounts, auditLog, callSummaries, calls, debts, dncEntries, legalHolds, paymentReceipts, payments, recordings, transcriptSegments } from "../../db/schema";

/** The tables an export has, in the order the JSON document lists them. */
export const ACCOUNT_DATA_TABLES = ["account", "consents", "debts", "calls", "transcripts", "recordings", "payments", "callbacks", "legalHolds", "audit"] as const;
export type AccountDataTable = (typeof ACCOUNT_DATA_TABLES)[number];

type Row = Record<string, unknown>;

const CALL_PAGE = 200;

/** The account's call ids, oldest first (the transcripts, recordings and audit sections need them). */
export async function callIdsOf(db: Queryable, organizationId: string, accountId: string): Promise<string[]> {
  const rows = await db
    .select({ id: calls.id })
    .from(calls)
    .where(and(eq(calls.organizationId, organizationId), eq(calls.accountId, accountId)))
    .orderBy(asc(calls.createdAt));
  return rows.map((row) => row.id);
}

/** One table's rows, in pages (one page for all but transcripts). */
export async function* accountDataRows(db: Queryable, organizationId: string, accountId: string, table: AccountDataTable): AsyncGenerator<Row[]> {
  switch (table) {
    case "account":
      yield await db.select().from(accounts).where(and(eq(accounts.organizationId, organizationId), eq(accounts.id, accountId)));
      return;
    case "consents": {
      // Consent to artificial-voice calls and the do-not-call flag, and every number of theirs on a do-not-call list.
      const [account] = await db.select({ consent: accounts.consent, doNotCall: accounts.doNotCall, phones: accounts.phones }).from(accounts).where(and(eq(accounts.organizationId, organizationId), eq(accounts.id, accountId)));
      if (!account) return;
      const listed = account.phones.length === 0 ? [] : await db.select().from(dncEntries).where(and(eq(dncEntries.organizationId, organizationId), inArray(dncEntries.phone, account.phones)));
      yield [
        { kind: "consent", value: account.consent === null ? "unknown" : account.consent ? "granted" : "refused", phone: null, campaignId: null, reason: null, at: null },
        { kind: "do_not_call_flag", value: String(account.doNotCall), phone: null, campaignId: null, reason: null, at: null },
        ...listed.map((entry) => ({ kind: "do_not_call_list", value: "listed", phone: entry.phone, campaignId: entry.campaignId, reason: entry.reason, at: entry.createdAt })),
      ];
      return;
    }
    case "debts":
      yield await db.select().from(debts).where(and(eq(debts.organizationId, organizationId), eq(debts.accountId, accountId))).orderBy(asc(debts.createdAt));
      return;
    case "calls":
      yield await db
        .select({
          id: calls.id,
          direction: calls.direction,
          kind: calls.kind,
          origin: calls.origin,
          toNumber: calls.toNumber,
          fromNumber: calls.fromNumber,
          status: calls.status,
          outcome: calls.outcome,
          createdAt: calls.createdAt,
          answeredAt: calls.answeredAt,
          endedAt: calls.endedAt,
          durationSeconds: calls.durationSeconds,
          disposition: calls.disposition,
          dispositionAt: calls.dispositionAt,
          dispositionDetails: calls.dispositionDetails,
          notes: calls.notes,
          campaignId: calls.campaignId,
          agentUserId: calls.agentUserId,
          summary: sql<string | null>`(SELECT ${callSummaries.text} FROM ${callSummaries} WHERE ${callSummaries.callId} = ${calls.id})`,
        })
        .from(calls)
        .where(and(eq(calls.organizationId, organizationId), eq(calls.accountId, accountId)))
        .orderBy(asc(calls.createdAt));
      return;
    case "transcripts": {
      const callIds = await callIdsOf(db, organizationId, accountId);
      for (let start = 0; start < callIds.length; start += CALL_PAGE) {
        yield await db
          .select({ callId: transcriptSegments.callId, track: transcriptSegments.track, text: transcriptSegments.text, language: transcriptSegments.language, occurredAt: transcriptSegments.occurredAt })
          .from(transcriptSegments)
          .where(inArray(transcriptSegments.callId, callIds.slice(start, start + CALL_PAGE)))
          .orderBy(asc(transcriptSegments.callId), asc(transcriptSegments.occurredAt));
      }
      return;
    }
    case "recordings": {
      const callIds = await callIdsOf(db, organizationId, accountId);
      if (callIds.length === 0) return;
      // The audio itself is downloaded per call (GET /api/calls/:id/recording); the export lists it.
      yield await db
        .select({ id: recordings.id, callId: recordings.callId, contentType: recordings.contentType, sizeBytes: recordings.sizeBytes, startedAt: recordings.startedAt, endedAt: recordings.endedAt })
        .from(recordings)
        .where(inArray(recordings.callId, callIds));
      return;
    }
    case "payments":
      yield await db
        .select({
          id: payments.id,
          debtId: payments.debtId,
          callId: payments.callId,
          amountCents: payments.amountCents,
          currency: payments.currency,
          method: payments.method,
          status: payments.status,
          refundedCents: payments.refundedCents,
          disputedCents: payments.disputedCents,
          receiptNumber: payments.receiptNumber,
          receiptUrl: payments.receiptUrl,
          receiptText: paymentReceipts.text,
          receiptSentTo: paymentReceipts.toNumber,
          paidAt: payments.paidAt,
        })
        .from(payments)
        .leftJoin(paymentReceipts, eq(paymentReceipts.paymentId, payments.id))
        .where(and(eq(payments.organizationId, organizationId), eq(payments.accountId, accountId)))
        .orderBy(asc(payments.paidAt));
      return;
    case "callbacks":
      yield await db.select().from(accountCallbacks).where(and(eq(accountCallbacks.organizationId, organizationId), eq(accountCallbacks.accountId, accountId)));
      return;
    case "legalHolds":
      yield await db.select().from(legalHolds).where(and(eq(legalHolds.organizationId, organizationId), eq(legalHolds.subjectType, "account"), eq(legalHolds.subjectId, accountId)));
      return;
    case "audit": {
      // Entries about the account, its debts, calls and payments.
      const related = [accountId, ...(await callIdsOf(db, organizationId, accountId))];
      const debtIds = await db.select({ id: debts.id }).from(debts).where(eq(debts.accountId, accountId));
      const paymentIds = await db.select({ id: payments.id }).from(payments).where(eq(payments.accountId, accountId));
      related.push(...debtIds.map((r) => r.id), ...paymentIds.map((r) => r.id));
      yield await db
        .select({
          seq: auditLog.seq,
          occurredAt: auditLog.occurredAt,
          actorType: auditLog.actorType,
          actorId: auditLog.actorId,
          action: auditLog.action,
          resourceType: auditLog.resourceType,
          resourceId: auditLog.resourceId,
          before: auditLog.before,
          after: auditLog.after,
        })
        .from(auditLog)
        .where(and(eq(auditLog.organizationId, organizationId), inArray(auditLog.resourceId, related)))
        .orderBy(asc(auditLog.seq));
      return;
    }
  }
}
