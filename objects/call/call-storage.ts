// A call actor's durable state in its SQLite storage: the spec, the inbox of events
// (deduplicated by event id), the tasks it sends (carrier commands, recording copies)
// with their stable command ids, and the outbox of rows for Postgres. Everything the
// actor knows lives here; memory only caches.
import type { CarrierEvent } from "./carrier-event";
import type { CallSpec } from "./call-spec";
import type { CarrierCommand } from "./commands";
import type { DialerTask } from "./dialer-updates";
import type { PoolUpdateTask } from "./pool-updates";
import { runSqliteMigrations } from "../shared/sqlite-migrations";

const MIGRATIONS = [
  `CREATE TABLE spec (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
   CREATE TABLE events (id TEXT PRIMARY KEY, occurred_at_ms INTEGER NOT NULL, json TEXT NOT NULL, received_at_ms INTEGER NOT NULL);
   CREATE TABLE tasks (name TEXT PRIMARY KEY, command_id TEXT NOT NULL, json TEXT NOT NULL, state TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at_ms INTEGER NOT NULL, last_error TEXT, done_at_ms INTEGER);
   CREATE TABLE outbox (key TEXT PRIMARY KEY, json TEXT NOT NULL, revision INTEGER NOT NULL);
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
] as const;

export type CopyRecordingTask = { name: string; action: "copy_recording"; recordingId: string; url: string; startedAtMs: number | null; endedAtMs: number | null };
export type CallTask = CarrierCommand | CopyRecordingTask | PoolUpdateTask | DialerTask;
export type TaskState = "pending" | "done" | "failed";

export interface StoredTask {
  name: string;
  commandId: string;
  task: CallTask;
  state: TaskState;
  attempts: number;
  nextAttemptAtMs: number;
  lastError: string | null;
  doneAtMs: number | null;
}

export type OutboxRow = {
  key: string;
  json: string;
  revision: number;
};

type TaskRow = {
  name: string;
  command_id: string;
  json: string;
  state: TaskState;
  attempts: number;
  next_attempt_at_ms: number;
  last_error: string | null;
  done_at_ms: number | null;
};

export class CallStorage {
  #spec: CallSpec | null = null;
  #events: readonly CarrierEvent[] | null = null;

  constructor(private readonly storage: DurableObjectStorage) {
    runSqliteMigrations(storage.sql, MIGRATIONS);
  }

  private get sql(): SqlStorage {
    return this.storage.sql;
  }

  /** Stored once and never changed, so kept once read (the same object every time). */
  spec(): CallSpec | null {
    if (this.#spec) return this.#spec;
    const row = this.sql.exec<{ json: string }>("SELECT json FROM spec WHERE id = 1").toArray()[0];
    this.#spec = row ? (JSON.parse(row.json) as CallSpec) : null;
    return this.#spec;
  }

  saveSpec(spec: CallSpec): void {
    this.sql.exec("INSERT INTO spec (id, json) VALUES (1, ?) ON CONFLICT (id) DO NOTHING", JSON.stringify(spec));
  }

  /** Stores an event unless its id was seen before; true when it was new. */
  addEvent(event: CarrierEvent, nowMs: number): boolean {
    this.#events = null;
    const cursor = this.sql.exec(
      "INSERT INTO events (id, occurred_at_ms, json, received_at_ms) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
      event.id,
      event.occurredAtMs,
      JSON.stringify(event),
      nowMs,
    );
    return cursor.rowsWritten > 0;
  }

  /**
   * The inbox in order. Read once per change and kept (a webhook's pass derives the
   * record several times); the same array until an event is added, so callers may
   * memoise on it. Read-only: callers never change it.
   */
  events(): readonly CarrierEvent[] {
    this.#events ??= this.sql
      .exec<{ json: string }>("SELECT json FROM events ORDER BY occurred_at_ms, id")
      .toArray()
      .map((row) => JSON.parse(row.json) as CarrierEvent);
    return this.#events;
  }

  task(name: string): StoredTask | null {
    const row = this.sql.exec<TaskRow>("SELECT * FROM tasks WHERE name = ?", name).toArray()[0];
    return row ? toStoredTask(row) : null;
  }

  /** Adds a task once; its command id is fixed at creation and reused on every retry. */
  addTask(task: CallTask, commandId: string, nowMs: number): void {
    this.sql.exec(
      "INSERT INTO tasks (name, command_id, json, state, next_attempt_at_ms) VALUES (?, ?, ?, 'pending', ?) ON CONFLICT (name) DO NOTHING",
      task.name,
      commandId,
      JSON.stringify(task),
      nowMs,
    );
  }

  dueTasks(nowMs: number): StoredTask[] {
    return this.sql
      .exec<TaskRow>("SELECT * FROM tasks WHERE state = 'pending' AND next_attempt_at_ms <= ? ORDER BY next_attempt_at_ms, rowid", nowMs)
      .toArray()
      .map(toStoredTask);
  }

  nextTaskAttemptAtMs(): number | null {
    const row = this.sql.exec<{ at: number | null }>("SELECT MIN(next_attempt_at_ms) AS at FROM tasks WHERE state = 'pending'").toArray()[0];
    return row?.at ?? null;
  }

  finishTask(name: string, state: "done" | "failed", nowMs: number, error: string | null = null): void {
    this.sql.exec(
      "UPDATE tasks SET state = ?, done_at_ms = ?, last_error = ?, attempts = attempts + 1 WHERE name = ?",
      state,
      nowMs,
      error,
      name,
    );
  }

  retryTask(name: string, atMs: number, error: string): void {
    this.sql.exec("UPDATE tasks SET attempts = attempts + 1, next_attempt_at_ms = ?, last_error = ? WHERE name = ?", atMs, error, name);
  }

  /** When we last sent a hang-up the carrier accepted (for the hang-up watchdog). */
  lastHangupSentAtMs(): number | null {
    const row = this.sql
      .exec<{ at: number | null }>("SELECT MAX(done_at_ms) AS at FROM tasks WHERE name LIKE 'hangup-%' AND state = 'done'")
      .toArray()[0];
    return row?.at ?? null;
  }

  /** Queues a row for Postgres; a newer write under the same key replaces an unsent older one. */
  enqueue(key: string, value: unknown): void {
    this.sql.exec(
      `INSERT INTO outbox (key, json, revision) VALUES (?, ?, 1)
       ON CONFLICT (key) DO UPDATE SET json = excluded.json, revision = outbox.revision + 1`,
      key,
      JSON.stringify(value),
    );
  }

  outbox(): OutboxRow[] {
    return this.sql.exec<OutboxRow>("SELECT key, json, revision FROM outbox ORDER BY key").toArray();
  }

  /**
   * When the outbox should next be written: now, unless a failed write set a backoff. The
   * backoff is one for the whole outbox, so new rows during an outage do not each retry.
   */
  nextOutboxAttemptAtMs(nowMs: number): number | null {
    const pending = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM outbox").toArray()[0]?.n ?? 0;
    if (pending === 0) return null;
    return Math.max(nowMs, Number(this.meta("outbox_retry_at_ms") ?? "0"));
  }

  outboxFailures(): number {
    return Number(this.meta("outbox_failures") ?? "0");
  }

  /**
   * Removes rows that were written, unless a newer one arrived meanwhile; ends any backoff.
   * The content is compared too: a revision restarts at 1 once its row is gone, so a
   * slow flush could otherwise delete a newer row that another flush never wrote.
   */
  markWritten(rows: readonly OutboxRow[]): void {
    for (const row of rows) this.sql.exec("DELETE FROM outbox WHERE key = ? AND revision = ? AND json = ?", row.key, row.revision, row.json);
    this.sql.exec("DELETE FROM meta WHERE key IN ('outbox_retry_at_ms', 'outbox_failures')");
  }

  postponeOutbox(atMs: number): void {
    this.setMeta("outbox_retry_at_ms", String(atMs));
    this.setMeta("outbox_failures", String(this.outboxFailures() + 1));
  }

  meta(key: string): string | null {
    return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value);
  }
}

function toStoredTask(row: TaskRow): StoredTask {
  return {
    name: row.name,
    commandId: row.command_id,
    task: JSON.parse(row.json) as CallTask,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAtMs: row.next_attempt_at_ms,
    lastError: row.last_error,
    doneAtMs: row.done_at_ms,
  };
}
