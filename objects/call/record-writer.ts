// Writes a call actor's outbox to Postgres, the system of record. Every write is an
// idempotent upsert keyed by a stable id (call id, carrier event id, segment id,
// recording id), all in one transaction, so a retry after a failure or a crash
// writes each row exactly once. The call row only moves forward in `version`.
// The caller opens a connection per flush and closes it after: an actor cannot share
// connections with other actors (workerd ties I/O to the object that opened it), so a
// connection kept between flushes would be held for the whole call, and a few hundred
// live calls would use up Postgres's max_connections.
import { sql } from "drizzle-orm";
import type { Database } from "../../worker/db/client";
import { callEvents, calls, recordings, transcriptSegments } from "../../worker/db/schema";

export type RecordRow =
  | { table: "call"; row: typeof calls.$inferInsert & { version: number } }
  | { table: "event"; row: typeof callEvents.$inferInsert }
  | { table: "segment"; row: typeof transcriptSegments.$inferInsert }
  | { table: "recording"; row: typeof recordings.$inferInsert };

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
] as const;

export async function writeRecordRows(db: Database, rows: readonly RecordRow[]): Promise<void> {
  // Parents first: events, segments and recordings reference the call row.
  const order: RecordRow["table"][] = ["call", "event", "segment", "recording"];
  const sorted = [...rows].sort((a, b) => order.indexOf(a.table) - order.indexOf(b.table)).map(reviveDates);
  await db.transaction(async (tx) => {
    for (const item of sorted) {
      switch (item.table) {
        case "call":
          await tx
            .insert(calls)
            .values(item.row)
            .onConflictDoUpdate({
              target: calls.id,
              set: Object.fromEntries(ACTOR_COLUMNS.map((column) => [toCamel(column), sql.raw(`excluded.${column}`)])),
              setWhere: sql`${calls.version} < excluded.version`,
            });
          break;
        case "event":
          await tx.insert(callEvents).values(item.row).onConflictDoNothing();
          break;
        case "segment":
          await tx.insert(transcriptSegments).values(item.row).onConflictDoNothing();
          break;
        case "recording":
          await tx.insert(recordings).values(item.row).onConflictDoNothing();
          break;
        default:
          assertNever(item);
      }
    }
  });
}

/** Outbox rows travel as JSON: timestamps (fields ending in "At") come back as ISO strings. */
function reviveDates(item: RecordRow): RecordRow {
  const row: Record<string, unknown> = { ...item.row };
  for (const [key, value] of Object.entries(row)) if (key.endsWith("At") && typeof value === "string") row[key] = new Date(value);
  return { ...item, row } as RecordRow;
}

const toCamel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function assertNever(value: never): never {
  throw new Error(`Unhandled record row ${JSON.stringify(value)}`);
}
