// A call actor's durable state in its SQLite storage: the spec, the inbox of events
// (deduplicated by event id), the record's version, and the shared durable parts: the
// task queue (carrier commands, pool and campaign updates, recording copies, each with a
// stable command id) and the outbox of rows for Postgres. Everything the actor knows
// lives here; memory only caches. Every JSON row is read through a zod schema, since an
// evicted actor's rows may have been written by an older build.
import { z } from "zod";
import { Outbox, OUTBOX_BACKOFF_TABLE_SQL, parseJson, readJson, TaskQueue } from "../shared/durable";
import { runSqliteMigrations } from "../shared/sqlite-migrations";
import { callSpecSchema, type CallSpec } from "./call-spec";
import { carrierEventSchema, type CarrierEvent } from "./carrier-event";
import type { TaskLookup } from "./features/feature";
import { callTaskSchema, type CallTask } from "./features/registry";
import { recordRowSchema } from "./record-row-schema";
import type { RecordRow } from "../../db/writers/call-rows";
import { logEvent } from "../../domain/log";

export const CALL_MIGRATIONS = [
  {
    id: "0001-call",
    sql: `CREATE TABLE spec (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
   CREATE TABLE events (id TEXT PRIMARY KEY, occurred_at_ms INTEGER NOT NULL, json TEXT NOT NULL, received_at_ms INTEGER NOT NULL);
   CREATE TABLE tasks (name TEXT PRIMARY KEY, command_id TEXT NOT NULL, json TEXT NOT NULL, state TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at_ms INTEGER NOT NULL, last_error TEXT, done_at_ms INTEGER);
   CREATE TABLE outbox (key TEXT PRIMARY KEY, json TEXT NOT NULL, revision INTEGER NOT NULL);
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  },
  // The shared outbox keeps its backoff in its own table; a backoff under way moves there.
  {
    id: "0002-outbox-backoff",
    sql: `${OUTBOX_BACKOFF_TABLE_SQL}
   INSERT INTO outbox_backoff (id, retry_at_ms, failures)
     SELECT 1, CAST(retry.value AS INTEGER), CAST(COALESCE(failures.value, '1') AS INTEGER)
     FROM meta AS retry LEFT JOIN meta AS failures ON failures.key = 'outbox_failures'
     WHERE retry.key = 'outbox_retry_at_ms';
   DELETE FROM meta WHERE key IN ('outbox_retry_at_ms', 'outbox_failures');`,
  },
];

/** A version an older build stored as text; anything unreadable counts as none yet. */
const STORED_VERSION = z.coerce.number().catch(0);

export class CallStorage {
  readonly tasks: TaskQueue<CallTask>;
  readonly outbox: Outbox<RecordRow>;
  /** The queue as features may read it (they plan from it; only the actor changes it). */
  readonly taskLookup: TaskLookup;
  #spec: CallSpec | null = null;
  #events: readonly CarrierEvent[] | null = null;
  /** The id of every stored event row (an unreadable one's too), read with the inbox and kept in step by addEvent; null until then. */
  #storedIds: Set<string> | null = null;
  #recordVersion: { version: number; viewJson: string | null } | null = null;

  constructor(private readonly storage: DurableObjectStorage) {
    runSqliteMigrations(storage.sql, CALL_MIGRATIONS);
    this.tasks = new TaskQueue(storage.sql, callTaskSchema);
    this.outbox = new Outbox(storage.sql, recordRowSchema);
    this.taskLookup = { state: (name) => this.tasks.state(name), lastDoneAtMs: (prefix) => this.tasks.lastDoneAtMs(prefix) };
  }

  private get sql(): SqlStorage {
    return this.storage.sql;
  }

  /** Stored once and never changed, so kept once read (the same object every time). */
  spec(): CallSpec | null {
    if (this.#spec) return this.#spec;
    const row = this.sql.exec<{ json: string }>("SELECT json FROM spec WHERE id = 1").toArray()[0];
    this.#spec = row ? readJson(row.json, callSpecSchema, "call spec") : null;
    return this.#spec;
  }

  saveSpec(spec: CallSpec): void {
    this.sql.exec("INSERT INTO spec (id, json) VALUES (1, ?) ON CONFLICT (id) DO NOTHING", JSON.stringify(spec));
  }

  /**
   * Whether an event with this id is stored already, so a turn can act before it writes.
   * Every webhook asks: once the inbox is read (by then it always is) the kept ids answer,
   * where a SELECT was one more statement per webhook.
   */
  hasEvent(id: string): boolean {
    if (this.#storedIds) return this.#storedIds.has(id);
    return this.sql.exec("SELECT 1 FROM events WHERE id = ? LIMIT 1", id).toArray().length > 0;
  }

  /**
   * Stores an event unless its id was seen before; true when it was new. `schemaParsed`:
   * the event is carrierEventSchema's own output (a webhook's, parsed on arrival), so the
   * kept inbox takes its JSON back as it is; the schema gives that unchanged, and parsing
   * it twice per webhook was ~3 % of the isolate (bench:calls --profile-cpu).
   */
  addEvent(event: CarrierEvent, nowMs: number, { schemaParsed = false }: { schemaParsed?: boolean } = {}): boolean {
    const json = JSON.stringify(event);
    const cursor = this.sql.exec(
      "INSERT INTO events (id, occurred_at_ms, json, received_at_ms) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
      event.id,
      event.occurredAtMs,
      json,
      nowMs,
    );
    if (cursor.rowsWritten === 0) return false;
    this.#storedIds?.add(event.id);
    // The kept inbox takes the new event in its place (a new array, so memos see the
    // change), read back as a stored row is: parsing the whole inbox again on every event
    // made each event cost O(events) schema checks, the bulk of a long call's latency.
    if (this.#events && schemaParsed) {
      this.#events = withEventInOrder(this.#events, JSON.parse(json) as CarrierEvent);
    } else if (this.#events) {
      const parsed = parseJson(json, carrierEventSchema);
      this.#events = parsed.success ? withEventInOrder(this.#events, parsed.data) : null;
    }
    return true;
  }

  /**
   * The inbox in order. Read once per change and kept (a pass derives the record several
   * times); the same array until an event is added, so callers may memoise on it.
   * Read-only: callers never change it.
   */
  events(): readonly CarrierEvent[] {
    if (this.#events) return this.#events;
    const rows = this.sql.exec<{ id: string; json: string }>("SELECT id, json FROM events ORDER BY occurred_at_ms, id").toArray();
    this.#storedIds = new Set(rows.map((row) => row.id));
    this.#events = rows.flatMap((row) => {
      // One unreadable event must not stop the call: it is left out of the fold, and said so.
      const parsed = parseJson(row.json, carrierEventSchema);
      if (parsed.success) return [parsed.data];
      logEvent({ event: "call_event_unreadable", error: parsed.error });
      return [];
    });
    return this.#events;
  }

  /**
   * The version of the call row last queued, and the view it showed. Read once and kept:
   * every refresh compares against it (two reads and a schema per event before), and only
   * saveRecordVersion changes it, writing storage and the kept copy together.
   */
  recordVersion(): { version: number; viewJson: string | null } {
    this.#recordVersion ??= { version: STORED_VERSION.parse(this.#meta("version") ?? "0"), viewJson: this.#meta("view") };
    return this.#recordVersion;
  }

  saveRecordVersion(version: number, viewJson: string): void {
    // One statement for both: every change of the call writes them (a SQLite statement each was ~1.5 % of the isolate).
    this.sql.exec(
      "INSERT INTO meta (key, value) VALUES ('version', ?), ('view', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      String(version),
      viewJson,
    );
    this.#recordVersion = { version, viewJson };
  }

  /**
   * The call row's next version when the view differs from the one last queued (and that
   * view kept), else null: an unchanged call queues no row and tells the room nothing.
   */
  nextVersionIfChanged(viewJson: string): number | null {
    const last = this.recordVersion();
    if (viewJson === last.viewJson) return null;
    this.saveRecordVersion(last.version + 1, viewJson);
    return last.version + 1;
  }

  #meta(key: string): string | null {
    return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ?? null;
  }
}

/** The inbox's order, as its SELECT sorts it: occurrence time, then id. */
function withEventInOrder(events: readonly CarrierEvent[], event: CarrierEvent): readonly CarrierEvent[] {
  const after = (other: CarrierEvent) => other.occurredAtMs > event.occurredAtMs || (other.occurredAtMs === event.occurredAtMs && other.id > event.id);
  const index = events.findIndex(after);
  return index === -1 ? [...events, event] : [...events.slice(0, index), event, ...events.slice(index)];
}
