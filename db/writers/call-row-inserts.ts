// The inserts a call actor's flush makes on every webhook (its call row, events, transcript
// lines, recordings), each one fixed statement whatever the row count: every column goes
// as one array parameter and `unnest` turns the arrays back into rows. A multi-row insert
// built per flush by the query builder cost a parameter (and the builder's work) per value,
// and Postgres parsed and planned a different statement on every flush; these texts are
// made once, so a flush only fills in arrays. The semantics are call-rows.ts's: the same
// conflict rules, and the caller hands each at most one row per key.
import { param, sql, type SQL, type SQLChunk } from "drizzle-orm";
import type { callEvents, calls, recordings, transcriptSegments } from "../schema";

type CallRow = typeof calls.$inferInsert & { version: number };
type EventRow = typeof callEvents.$inferInsert;
type SegmentRow = typeof transcriptSegments.$inferInsert;
type RecordingRow = typeof recordings.$inferInsert;

/** A column: its name, the array type its parameter is sent as, and how a row gives its value. */
type Column<Row> = readonly [name: string, arrayType: string, value: (row: Row) => unknown];

/** One fixed statement: the text around the parameters, made once, and each column's value. */
interface UnnestInsert<Row> {
  pieces: SQL[];
  values: ((row: Row) => unknown)[];
}

/**
 * `insert into <table> (<columns>) select <select list> from unnest($1::<type>[], …) as r(<columns>) <conflict>`.
 * `selectList` is the columns' names unless a column needs a cast from what an array can carry.
 */
function unnestInsert<Row>(table: string, columns: readonly Column<Row>[], conflict: string, selectList?: string): UnnestInsert<Row> {
  const names = columns.map(([name]) => name).join(", ");
  const pieces = [`insert into "${table}" (${names}) select ${selectList ?? names} from unnest(`];
  columns.forEach(([, arrayType], index) => pieces.push(`::${arrayType}${index === columns.length - 1 ? `) as r(${names}) ${conflict}` : ", "}`));
  return { pieces: pieces.map((piece) => sql.raw(piece)), values: columns.map(([, , value]) => value) };
}

/** The statement for `rows`: each column's values as one array, in the rows' order. */
function withRows<Row>(insert: UnnestInsert<Row>, rows: readonly Row[]): SQL {
  const chunks: SQLChunk[] = [insert.pieces[0]!];
  insert.values.forEach((value, index) => chunks.push(param(rows.map(value)), insert.pieces[index + 1]!));
  return sql.join(chunks);
}

const timestamp = (value: Date | string | null | undefined): string | null => (value instanceof Date ? value.toISOString() : (value ?? null));
const json = (value: unknown): string => JSON.stringify(value);
/** A uuid[] as Postgres writes it: arrays of arrays must be rectangular, so each row's list goes as text and is cast back. */
const uuidArrayLiteral = (ids: readonly string[]): string => `{${ids.map((id) => `"${id.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;

/** Columns the actor owns; notes and disposition belong to people (the API). */
const ACTOR_COLUMNS = [
  "status",
  "amd_result",
  "hangup_cause",
  "hangup_source",
  "answered_at",
  "bridged_at",
  "ended_at",
  "duration_seconds",
  "timeline",
  "version",
  "agent_user_id",
  "live_answered",
  "abandoned",
  "origin",
  "outcome",
] as const;

const callColumns: Column<CallRow>[] = [
  ["id", "uuid[]", (row) => row.id],
  ["organization_id", "uuid[]", (row) => row.organizationId],
  ["direction", "text[]", (row) => row.direction],
  ["kind", "text[]", (row) => row.kind],
  ["to_number", "text[]", (row) => row.toNumber],
  ["from_number", "text[]", (row) => row.fromNumber],
  ["agent_user_id", "uuid[]", (row) => row.agentUserId ?? null],
  ["account_id", "uuid[]", (row) => row.accountId ?? null],
  ["campaign_id", "uuid[]", (row) => row.campaignId ?? null],
  ["debt_ids", "text[]", (row) => uuidArrayLiteral(row.debtIds ?? [])],
  ["live_answered", "boolean[]", (row) => row.liveAnswered ?? false],
  ["abandoned", "boolean[]", (row) => row.abandoned ?? false],
  ["origin", "text[]", (row) => row.origin ?? null],
  ["outcome", "text[]", (row) => row.outcome ?? null],
  ["status", "call_status[]", (row) => row.status],
  ["amd_result", "text[]", (row) => row.amdResult ?? null],
  ["hangup_cause", "text[]", (row) => row.hangupCause ?? null],
  ["hangup_source", "text[]", (row) => row.hangupSource ?? null],
  ["created_at", "timestamptz[]", (row) => timestamp(row.createdAt)],
  ["answered_at", "timestamptz[]", (row) => timestamp(row.answeredAt)],
  ["bridged_at", "timestamptz[]", (row) => timestamp(row.bridgedAt)],
  ["ended_at", "timestamptz[]", (row) => timestamp(row.endedAt)],
  ["duration_seconds", "integer[]", (row) => row.durationSeconds ?? null],
  ["timeline", "jsonb[]", (row) => json(row.timeline ?? [])],
  ["version", "integer[]", (row) => row.version],
];

const callInsert = unnestInsert(
  "calls",
  callColumns,
  `on conflict (id) do update set ${ACTOR_COLUMNS.map((column) => `${column} = excluded.${column}`).join(", ")} where "calls"."version" < excluded.version`,
  callColumns.map(([name]) => (name === "debt_ids" ? "debt_ids::uuid[]" : name)).join(", "),
);

const eventInsert = unnestInsert<EventRow>(
  "call_events",
  [
    ["id", "text[]", (row) => row.id],
    ["organization_id", "uuid[]", (row) => row.organizationId],
    ["call_id", "uuid[]", (row) => row.callId],
    ["event_type", "text[]", (row) => row.eventType],
    ["leg", "text[]", (row) => row.leg],
    ["occurred_at", "timestamptz[]", (row) => timestamp(row.occurredAt)],
    ["payload", "jsonb[]", (row) => json(row.payload)],
  ],
  "on conflict do nothing",
);

// A line written again carries its speaker as decided later (an AI call's person span arrived after it); nothing else of it changes.
const segmentInsert = unnestInsert<SegmentRow>(
  "transcript_segments",
  [
    ["id", "text[]", (row) => row.id],
    ["organization_id", "uuid[]", (row) => row.organizationId],
    ["call_id", "uuid[]", (row) => row.callId],
    ["track", "text[]", (row) => row.track],
    ["text", "text[]", (row) => row.text],
    ["confidence_pct", "integer[]", (row) => row.confidence ?? null],
    ["language", "text[]", (row) => row.language ?? null],
    ["speaker", "text[]", (row) => row.speaker ?? null],
    ["occurred_at", "timestamptz[]", (row) => timestamp(row.occurredAt)],
  ],
  `on conflict (id) do update set speaker = excluded.speaker where excluded.speaker is not null and "transcript_segments"."speaker" is distinct from excluded.speaker`,
);

const recordingInsert = unnestInsert<RecordingRow>(
  "recordings",
  [
    ["id", "text[]", (row) => row.id],
    ["organization_id", "uuid[]", (row) => row.organizationId],
    ["call_id", "uuid[]", (row) => row.callId],
    ["storage_key", "text[]", (row) => row.storageKey],
    ["content_type", "text[]", (row) => row.contentType],
    ["size_bytes", "integer[]", (row) => row.sizeBytes],
    ["started_at", "timestamptz[]", (row) => timestamp(row.startedAt)],
    ["ended_at", "timestamptz[]", (row) => timestamp(row.endedAt)],
  ],
  "on conflict do nothing",
);

/** Call rows, one per call: a newer version replaces the actor's columns, an older one changes nothing. */
export const upsertCalls = (rows: readonly CallRow[]): SQL => withRows(callInsert, rows);
/** Events, one per (call, id): a delivered event is kept as first written. */
export const insertCallEvents = (rows: readonly EventRow[]): SQL => withRows(eventInsert, rows);
/** Transcript lines, one per id: only a speaker decided later changes a line. */
export const upsertTranscriptSegments = (rows: readonly SegmentRow[]): SQL => withRows(segmentInsert, rows);
/** Recordings, one per id, kept as first written. */
export const insertRecordings = (rows: readonly RecordingRow[]): SQL => withRows(recordingInsert, rows);
