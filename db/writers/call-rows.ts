// Writes call actors' outbox rows to Postgres, the system of record. Every write is an
// idempotent upsert keyed by a stable id (call id, carrier event id, segment id,
// recording id), all in one transaction, so a retry after a failure or a crash
// writes each row exactly once. The call row only moves forward in `version`.
// The rows may come from many calls at once (the RecordWriter's group commit): each
// table takes one multi-row insert, and all of them go as one statement (one round trip).
import { and, eq, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { auditInsertMany, recordAudit } from "../audit/record";
import type { Database, Queryable, Transaction } from "../client";
import { accountCallbacks, accounts, callAlerts, callAuditedSteps, calls, callSentimentSummaries, callSummaries, segmentTranslations, type callEvents, type recordings, type transcriptSegments } from "../schema";
import { isContact } from "../../domain/call-outcome";
import type { Disposition } from "../../domain/dispositions";
import { isTerminalStatus } from "../../domain/call-status";
import { insertCallEvents, insertRecordings, upsertCalls, upsertTranscriptSegments } from "./call-row-inserts";
import { organizationsWithEndpoints, queueWebhookEvent, type WebhookEvent } from "./webhook-records";

export type RecordRow =
  | { table: "call"; row: typeof calls.$inferInsert & { version: number } }
  | { table: "event"; row: typeof callEvents.$inferInsert }
  | { table: "segment"; row: typeof transcriptSegments.$inferInsert }
  | { table: "recording"; row: typeof recordings.$inferInsert }
  | { table: "alert"; row: typeof callAlerts.$inferInsert }
  /** Live intelligence is sure of the customer's language: the account's preferred language follows. */
  | { table: "account_language"; row: AccountLanguageRow }
  /** A callback the caller asked for in the IVR (one per call). */
  | { table: "callback"; row: typeof accountCallbacks.$inferInsert }
  | { table: "ai_disposition"; row: AiDispositionRow }
  /** A transcript segment's translation (live intelligence), once per segment. */
  | { table: "translation"; row: typeof segmentTranslations.$inferInsert }
  /** The call's summary, written when it ends, once per call. */
  | { table: "summary"; row: typeof callSummaries.$inferInsert }
  /** The customer's sentiment over the whole call (avg, min, max, objections, alerts), once per call. */
  | { table: "sentiment_summary"; row: typeof callSentimentSummaries.$inferInsert }
  /** A step of the call worth auditing (the IVR's): in the audit log once, however often it is delivered. */
  | { table: "call_audit"; row: CallAuditRow };

/** One audited step of a call: the engine's own (actor "system"), about the call. */
export interface CallAuditRow {
  /** `<callId>:<step key>`: stable per step. */
  id: string;
  organizationId: string;
  callId: string;
  action: string;
  detail: Record<string, string | number | null>;
  occurredAt: Date;
}

export interface AccountLanguageRow {
  /** The call that heard it. */
  id: string;
  organizationId: string;
  accountId: string;
  language: string;
}

/** The AI agent set the call's disposition: kept unless a person already set one. */
export interface AiDispositionRow {
  id: string;
  organizationId: string;
  disposition: Disposition;
  note: string | null;
  setAt: Date;
}

/** Rows per statement: far below Postgres's 65,535 bind parameters at ~16 columns a row. */
const ROWS_PER_STATEMENT = 500;

/**
 * Writes the rows; resolves with the organisations that got webhook deliveries queued
 * (their dispatchers are woken).
 *
 * Round trips are what a flush costs: over the relay each statement is one, and inside a
 * transaction the connection sits idle in transaction between them (the writer's whole
 * group waits). So the inserts every flush makes (the call rows, events, segments,
 * recordings, callbacks, translations, summaries, sentiment summaries, last contacts) go as ONE statement of
 * data-modifying CTEs, atomic by itself; only a flush with rows that must read before
 * they write (alerts with their audit rows, the AI's disposition, a detected language,
 * an ended call's webhook) opens a transaction around it.
 */
export async function writeRecordRows(db: Database, rows: readonly RecordRow[]): Promise<Set<string>> {
  const byTable = groupByTable(rows.map(reviveDates));
  // Call rows in id order, so two writers that ever share calls lock them in the same order.
  const callRows = latestCallVersions(byTable.call).sort((a, b) => (a.id! < b.id! ? -1 : 1));
  const inserts = plainInserts(db, byTable, callRows);
  const endedCalls = callRows.filter(isEndedCall);
  const needsTransaction =
    byTable.alert.length > 0 || byTable.ai_disposition.length > 0 || byTable.account_language.length > 0 || byTable.call_audit.length > 0 || endedCalls.length > 0;
  if (!needsTransaction) {
    if (inserts) await db.execute(inserts);
    return new Set();
  }
  return db.transaction(async (tx) => {
    if (inserts) await tx.execute(inserts);
    const alerted = await insertAlerts(tx, uniqueById(byTable.alert));
    for (const row of uniqueById(byTable.ai_disposition)) await setAiDisposition(tx, row);
    for (const row of uniqueById(byTable.account_language)) await followDetectedLanguage(tx, row);
    await auditCallSteps(tx, uniqueById(byTable.call_audit));
    return new Set([...alerted, ...(await queueCallCompleted(tx, endedCalls))]);
  });
}

/**
 * One statement for every insert of the flush: `with w0 as (insert …), w1 as (…) select 1`.
 * Postgres runs each sub-statement exactly once; their foreign keys are checked at the
 * statement's end, so an event may reference a call row written in the same statement.
 */
function plainInserts(db: Queryable, byTable: RowsByTable, callRows: RowsByTable["call"]): SQL | null {
  const statements: SQLWrapper[] = [];
  // The tables every live call writes: one fixed statement each (call-row-inserts.ts).
  if (callRows.length > 0) statements.push(upsertCalls(callRows));
  statements.push(...lastContactedUpdates(callRows));
  // Keyed per call: the events the engine raises itself have the same id in every call.
  const events = uniqueBy(byTable.event, (row) => `${row.callId}/${row.id}`);
  if (events.length > 0) statements.push(insertCallEvents(events));
  const segments = uniqueById(byTable.segment);
  if (segments.length > 0) statements.push(upsertTranscriptSegments(segments));
  const callRecordings = uniqueById(byTable.recording);
  if (callRecordings.length > 0) statements.push(insertRecordings(callRecordings));
  for (const chunk of chunked(uniqueById(byTable.callback))) statements.push(db.insert(accountCallbacks).values(chunk).onConflictDoNothing());
  for (const chunk of chunked(uniqueBy(byTable.translation, (row) => row.segmentId))) statements.push(db.insert(segmentTranslations).values(chunk).onConflictDoNothing());
  for (const chunk of chunked(uniqueBy(byTable.summary, (row) => row.callId))) statements.push(db.insert(callSummaries).values(chunk).onConflictDoNothing());
  for (const chunk of chunked(uniqueBy(byTable.sentiment_summary, (row) => row.callId))) statements.push(db.insert(callSentimentSummaries).values(chunk).onConflictDoNothing());
  if (statements.length === 0) return null;
  const ctes = statements.map((statement, index) => sql`${sql.raw(`w${index}`)} as (${statement.getSQL()})`);
  return sql`with ${sql.join(ctes, sql`, `)} select 1`;
}

const isEndedCall = (row: RowsByTable["call"][number]) => isTerminalStatus(row.status) && row.endedAt instanceof Date;

/** A person's disposition is never overwritten by the AI's. */
async function setAiDisposition(tx: Transaction, row: AiDispositionRow): Promise<void> {
  await tx
    .update(calls)
    .set({ disposition: row.disposition, dispositionAt: row.setAt, ...(row.note ? { notes: sql`case when ${calls.notes} = '' then ${`AI: ${row.note}`} else ${calls.notes} end` } : {}) })
    .where(and(eq(calls.id, row.id), eq(calls.organizationId, row.organizationId), sql`${calls.disposition} is null`));
}

/**
 * Each alert once; the audit row and the `alert.raised` webhook only when it is first
 * written (a retried flush adds none), in this transaction: the call's outbox is what
 * makes the webhook durable, as for `call.completed`. Returns the organisations that got
 * deliveries queued.
 */
async function insertAlerts(tx: Transaction, rows: RowsByTable["alert"]): Promise<Set<string>> {
  const queued = new Set<string>();
  for (const chunk of chunked(rows)) {
    const written = await tx.insert(callAlerts).values(chunk).onConflictDoNothing().returning();
    const subscribed = await organizationsWithEndpoints(tx, written.map((alert) => alert.organizationId));
    for (const alert of written) {
      await recordAudit(tx, alert.organizationId, { kind: "system" }, {
        action: "call.alert_raised",
        resourceType: "call",
        resourceId: alert.callId,
        after: { rule: alert.rule, key: alert.key, message: alert.message, segmentId: alert.segmentId },
      });
      if (subscribed.has(alert.organizationId) && (await queueWebhookEvent(tx, alertRaisedEvent(alert)))) queued.add(alert.organizationId);
    }
  }
  return queued;
}

/** The `alert.raised` webhook of a supervisor alert (domain/webhook-events.ts), deduplicated per alert. */
function alertRaisedEvent(alert: typeof callAlerts.$inferSelect): WebhookEvent {
  return {
    organizationId: alert.organizationId,
    type: "alert.raised",
    dedupeKey: `alert.raised:${alert.id}`,
    occurredAt: alert.occurredAt,
    data: { alertId: alert.id, callId: alert.callId, rule: alert.rule, key: alert.key, message: alert.message, segmentId: alert.segmentId, raisedAt: alert.occurredAt.toISOString() },
  };
}

/**
 * Each step into the audit chain once: its key is claimed in call_audited_steps, and only a
 * step claimed now (not by an earlier delivery of the same flush) gets its audit row, in
 * this transaction. In the order the steps happened, so the chain reads as the call went.
 */
async function auditCallSteps(tx: Transaction, rows: RowsByTable["call_audit"]): Promise<void> {
  const ordered = [...rows].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : 1));
  for (const chunk of chunked(ordered)) {
    const claimed = new Set(
      (
        await tx
          .insert(callAuditedSteps)
          .values(chunk.map((row) => ({ id: row.id, organizationId: row.organizationId, callId: row.callId })))
          .onConflictDoNothing()
          .returning({ id: callAuditedSteps.id })
      ).map((row) => row.id),
    );
    const entries = chunk
      .filter((row) => claimed.has(row.id))
      .map((row) => ({
        organizationId: row.organizationId,
        actor: { kind: "system" } as const,
        change: { action: row.action, resourceType: "call", resourceId: row.callId, after: { ...row.detail, at: row.occurredAt.toISOString() } },
      }));
    // One insert for the group's steps: a flush's round trips are its cost.
    if (entries.length > 0) await auditInsertMany(tx, entries);
  }
}

/** The account's preferred language becomes the one a call heard, audited when it changes. */
async function followDetectedLanguage(tx: Transaction, row: AccountLanguageRow): Promise<void> {
  const where = and(eq(accounts.id, row.accountId), eq(accounts.organizationId, row.organizationId));
  const [account] = await tx.select({ preferredLanguage: accounts.preferredLanguage }).from(accounts).where(where).for("update");
  if (!account || account.preferredLanguage === row.language) return;
  await tx.update(accounts).set({ preferredLanguage: row.language, updatedAt: new Date() }).where(where);
  await recordAudit(tx, row.organizationId, { kind: "system" }, {
    action: "account.language_detected",
    resourceType: "account",
    resourceId: row.accountId,
    before: { preferredLanguage: account.preferredLanguage },
    after: { preferredLanguage: row.language, callId: row.id },
  });
}

/**
 * call.completed, once per call (its dedupe key), in the transaction that writes the
 * ended call's row: the call's outbox is what makes it durable, as for the row itself.
 * Organisations without an enabled endpoint cost one indexed query for the whole group.
 */
async function queueCallCompleted(tx: Transaction, ended: RowsByTable["call"]): Promise<Set<string>> {
  const subscribed = await organizationsWithEndpoints(tx, ended.map((row) => row.organizationId));
  const queued = new Set<string>();
  for (const row of ended) {
    if (!subscribed.has(row.organizationId)) continue;
    const endedAt = row.endedAt as Date;
    const event = {
      organizationId: row.organizationId,
      type: "call.completed" as const,
      dedupeKey: `call.completed:${row.id}`,
      occurredAt: endedAt,
      data: {
        callId: row.id,
        direction: row.direction,
        kind: row.kind,
        origin: row.origin ?? null,
        outcome: row.outcome ?? null,
        status: row.status,
        from: row.fromNumber,
        to: row.toNumber,
        accountId: row.accountId ?? null,
        campaignId: row.campaignId ?? null,
        agentUserId: row.agentUserId ?? null,
        answeredAt: row.answeredAt instanceof Date ? row.answeredAt.toISOString() : null,
        endedAt: endedAt.toISOString(),
        durationSeconds: row.durationSeconds ?? null,
        hangupCause: row.hangupCause ?? null,
      },
    };
    if (await queueWebhookEvent(tx, event)) queued.add(row.organizationId);
  }
  return queued;
}

/**
 * "Last contacted" for every kind of call (dialer, preview, manual, inbound) is decided
 * here and nowhere else: when a call row says a person answered (domain/call-outcome.ts
 * `isContact`), its account's last contact moves forward to that answer. `greatest`
 * keeps it idempotent and never moves it back, whatever order the rows arrive in.
 */
function lastContactedUpdates(callRows: RowsByTable["call"]): SQL[] {
  // One per account (the latest answer): an update meets each account row once.
  const latest = new Map<string, { accountId: string; organizationId: string; atMs: number }>();
  for (const row of callRows) {
    if (!row.accountId || !(row.answeredAt instanceof Date) || !isContact(row.outcome ?? null)) continue;
    const seen = latest.get(row.accountId);
    if (!seen || seen.atMs < row.answeredAt.getTime()) latest.set(row.accountId, { accountId: row.accountId, organizationId: row.organizationId, atMs: row.answeredAt.getTime() });
  }
  return [...chunked([...latest.values()])].map((chunk) => {
    const values = sql.join(
      chunk.map((contact) => sql`(${contact.accountId}::uuid, ${contact.organizationId}::uuid, ${new Date(contact.atMs).toISOString()}::timestamptz)`),
      sql`, `,
    );
    return sql`
      update ${accounts} set last_contacted_at = greatest(${accounts.lastContactedAt}, contact.at)
      from (values ${values}) as contact(account_id, organization_id, at)
      where ${accounts.id} = contact.account_id and ${accounts.organizationId} = contact.organization_id`;
  });
}

type RowsByTable = { [Table in RecordRow["table"]]: Extract<RecordRow, { table: Table }>["row"][] };

function groupByTable(rows: readonly RecordRow[]): RowsByTable {
  const byTable: RowsByTable = { call: [], event: [], segment: [], recording: [], alert: [], account_language: [], callback: [], ai_disposition: [], translation: [], summary: [], sentiment_summary: [], call_audit: [] };
  for (const item of rows) {
    switch (item.table) {
      case "call":
        byTable.call.push(item.row);
        break;
      case "event":
        byTable.event.push(item.row);
        break;
      case "segment":
        byTable.segment.push(item.row);
        break;
      case "recording":
        byTable.recording.push(item.row);
        break;
      case "alert":
        byTable.alert.push(item.row);
        break;
      case "account_language":
        byTable.account_language.push(item.row);
        break;
      case "callback":
        byTable.callback.push(item.row);
        break;
      case "ai_disposition":
        byTable.ai_disposition.push(item.row);
        break;
      case "translation":
        byTable.translation.push(item.row);
        break;
      case "summary":
        byTable.summary.push(item.row);
        break;
      case "sentiment_summary":
        byTable.sentiment_summary.push(item.row);
        break;
      case "call_audit":
        byTable.call_audit.push(item.row);
        break;
      default:
        assertNever(item);
    }
  }
  return byTable;
}

/**
 * One row per call, the newest version: a statement may not upsert a row twice, and
 * two flushes of one call can meet in a group (a webhook's pass and the alarm's).
 */
function latestCallVersions(rows: RowsByTable["call"]): RowsByTable["call"] {
  const latest = new Map<string, RowsByTable["call"][number]>();
  for (const row of rows) {
    const seen = latest.get(row.id!);
    if (!seen || seen.version < row.version) latest.set(row.id!, row);
  }
  return [...latest.values()];
}

function uniqueById<Row extends { id?: string }>(rows: Row[]): Row[] {
  return [...new Map(rows.map((row) => [row.id, row])).values()];
}

function uniqueBy<Row>(rows: Row[], key: (row: Row) => string): Row[] {
  return [...new Map(rows.map((row) => [key(row), row])).values()];
}

function* chunked<Row>(rows: Row[]): Generator<Row[]> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) yield rows.slice(start, start + ROWS_PER_STATEMENT);
}

/** Outbox rows travel as JSON: timestamps (fields ending in "At") come back as ISO strings. */
function reviveDates(item: RecordRow): RecordRow {
  const row: Record<string, unknown> = { ...item.row };
  for (const [key, value] of Object.entries(row)) if (key.endsWith("At") && typeof value === "string") row[key] = new Date(value);
  return { ...item, row } as RecordRow;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled record row ${JSON.stringify(value)}`);
}
