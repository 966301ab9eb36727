// An outbox: rows for the system of record, committed in the same SQLite storage as the
// state change they describe and written out later by `flush`, oldest first. Rows sit
// under a key; a newer row under the same key replaces an unsent older one (revision + 1)
// and keeps its place in line, and a flush that finishes late never deletes a row queued
// after it began. A failed write backs off for the whole outbox (one timer, not one per
// row), from 1 s doubling to 30 s. An owner whose writer must stay small sets
// `maxRowsPerFlush`: a flush then writes the oldest rows up to it, and the rest are due
// at once (the next pass writes them), so a long outage drains in bounded writes.
import type { z } from "zod";
import { retryDelayMs } from "./backoff";
import type { SqlDatabase } from "./sql";
import { parseJson } from "./stored-json";
import { logEvent } from "../../../domain/log";

/** The tables an owner creates in a migration (the call actor's and the campaign's each come from two). */
export const OUTBOX_TABLE_SQL = "CREATE TABLE outbox (key TEXT PRIMARY KEY, json TEXT NOT NULL, revision INTEGER NOT NULL);";
export const OUTBOX_BACKOFF_TABLE_SQL =
  "CREATE TABLE outbox_backoff (id INTEGER PRIMARY KEY CHECK (id = 1), retry_at_ms INTEGER NOT NULL, failures INTEGER NOT NULL);";

/** A row as stored: `json` and `revision` say exactly which write a flush took. */
export type OutboxEntry = { key: string; json: string; revision: number };

export interface OutboxOptions {
  clock?: () => number;
  /** Rows one flush writes at most (the oldest first); unset: every queued row. */
  maxRowsPerFlush?: number;
}

export class Outbox<Row> {
  readonly #clock: () => number;
  readonly #maxRowsPerFlush: number | null;
  /**
   * The backoff as `outbox_backoff` holds it (null: none), read once and then written
   * through: only this class writes that table. Every flush asked it twice and cleared it
   * once, three statements per pass, while it is almost always empty.
   */
  #keptBackoff: { retryAtMs: number; failures: number } | null | undefined = undefined;
  /**
   * The queued rows as `outbox` holds them, in rowid order (a replaced row keeps its place,
   * a new key goes last, as in a Map): read once, then written through, since only this
   * class writes that table. Every pass asked SQLite twice how many rows there were and read
   * every row's JSON back, while the rows were the ones this instance had just queued.
   */
  #keptRows: Map<string, OutboxEntry> | null = null;

  constructor(
    private readonly sql: SqlDatabase,
    private readonly rowSchema: z.ZodType<Row>,
    options: OutboxOptions = {},
  ) {
    this.#clock = options.clock ?? (() => Date.now());
    const max = options.maxRowsPerFlush;
    if (max !== undefined && !(Number.isInteger(max) && max > 0)) throw new Error(`maxRowsPerFlush must be a positive integer, not ${max}`);
    this.#maxRowsPerFlush = max ?? null;
  }

  /** Queues a row; a newer row under the same key replaces an unsent older one. */
  enqueue(key: string, row: Row): void {
    const rows = this.#rows();
    const json = JSON.stringify(row);
    this.sql.exec(
      `INSERT INTO outbox (key, json, revision) VALUES (?, ?, 1)
       ON CONFLICT (key) DO UPDATE SET json = excluded.json, revision = outbox.revision + 1`,
      key,
      json,
    );
    rows.set(key, { key, json, revision: (rows.get(key)?.revision ?? 0) + 1 });
  }

  /** Queued rows, oldest first (a replaced row keeps its place), up to `limit` when given. */
  pending(limit?: number): OutboxEntry[] {
    const entries = [...this.#rows().values()];
    return limit === undefined ? entries : entries.slice(0, limit);
  }

  /**
   * Removes rows that were written, unless a newer one arrived meanwhile; ends any backoff.
   * The content is compared too: a revision restarts at 1 once its row is gone, so a
   * slow flush could otherwise delete a newer row that another flush never wrote.
   */
  markWritten(entries: readonly OutboxEntry[]): void {
    this.#remove(entries);
    if (this.#backoff() === null) return;
    this.sql.exec("DELETE FROM outbox_backoff");
    this.#keptBackoff = null;
  }

  /** When the outbox should next be written: now, unless a failed write set a backoff; null when empty. */
  nextAttemptAtMs(nowMs: number): number | null {
    if (this.#rows().size === 0) return null;
    return Math.max(nowMs, this.#backoff()?.retryAtMs ?? 0);
  }

  /** A write failed: wait longer each time in a row. */
  postpone(nowMs: number): void {
    const failures = (this.#backoff()?.failures ?? 0) + 1;
    const retryAtMs = nowMs + retryDelayMs(failures - 1);
    this.sql.exec(
      `INSERT INTO outbox_backoff (id, retry_at_ms, failures) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET retry_at_ms = excluded.retry_at_ms, failures = excluded.failures`,
      retryAtMs,
      failures,
    );
    this.#keptBackoff = { retryAtMs, failures };
  }

  /**
   * Writes the queued rows with `write` (which must be idempotent: a row may be written
   * again after a crash): all of them, or the oldest `maxRowsPerFlush`. True when every
   * row queued when the flush began was written; false while backing off (unless
   * `ignoreBackoff`: the alarm is the scheduled retry), when the write failed, or when
   * the limit left rows for the next flush (they are due at once: no backoff is set).
   * The rows stay here until `write` resolves, so a failure anywhere only delays them.
   */
  async flush(write: (rows: Row[]) => Promise<void>, options: { ignoreBackoff?: boolean } = {}): Promise<boolean> {
    // The backoff first: every pass flushes, and reading (and parsing) a backlog only to
    // find the outbox is waiting out a failed write cost each pass O(backlog) for nothing.
    const dueAtMs = this.nextAttemptAtMs(this.#clock());
    if (dueAtMs === null) return true;
    if (!options.ignoreBackoff && dueAtMs > this.#clock()) return false;
    const max = this.#maxRowsPerFlush;
    // One row past the limit says whether the batch leaves any behind.
    const taken = this.pending(max === null ? undefined : max + 1);
    const leftBehind = max !== null && taken.length > max;
    const entries = this.#readable(leftBehind ? taken.slice(0, max) : taken);
    if (entries.length === 0) return !leftBehind;
    try {
      await write(entries.map((entry) => entry.row));
    } catch (error) {
      this.postpone(this.#clock());
      logEvent({ event: "outbox_postponed", rows: entries.length, error: String(error) });
      return false;
    }
    this.markWritten(entries);
    return !leftBehind;
  }

  /** Rows parsed for writing; one no build can read would block the outbox forever, so it is dropped (and logged). */
  #readable(entries: OutboxEntry[]): (OutboxEntry & { row: Row })[] {
    return entries.flatMap((entry) => {
      const parsed = parseJson(entry.json, this.rowSchema);
      if (parsed.success) return [{ ...entry, row: parsed.data }];
      logEvent({ event: "outbox_row_unreadable", key: entry.key, error: parsed.error });
      this.#remove([entry]);
      return [];
    });
  }

  /**
   * Deletes the rows still as `entries` took them, in one statement: a flush's rows were a
   * DELETE each (a call's pass writes its row, its event and often a transcript line). The
   * kept rows are what the table holds (only this class writes it, and nothing runs between
   * the check and the DELETE), so a key whose kept revision and text are the entry's is that
   * very row in SQLite, and the key alone picks it.
   */
  #remove(entries: readonly OutboxEntry[]): void {
    const rows = this.#rows();
    const unchanged = entries.filter((entry) => {
      const kept = rows.get(entry.key);
      return kept?.revision === entry.revision && kept.json === entry.json;
    });
    if (unchanged.length === 1) this.sql.exec("DELETE FROM outbox WHERE key = ?", unchanged[0]!.key);
    else if (unchanged.length > 1) this.sql.exec("DELETE FROM outbox WHERE key IN (SELECT value FROM json_each(?))", JSON.stringify(unchanged.map((entry) => entry.key)));
    for (const entry of unchanged) rows.delete(entry.key);
  }

  #rows(): Map<string, OutboxEntry> {
    this.#keptRows ??= new Map(
      this.sql
        .exec<OutboxEntry>("SELECT key, json, revision FROM outbox ORDER BY rowid")
        .toArray()
        .map((row) => [row.key, { key: row.key, json: row.json, revision: row.revision }]),
    );
    return this.#keptRows;
  }

  #backoff(): { retryAtMs: number; failures: number } | null {
    if (this.#keptBackoff === undefined) {
      const row = this.sql.exec<{ retry_at_ms: number; failures: number }>("SELECT retry_at_ms, failures FROM outbox_backoff").toArray()[0];
      this.#keptBackoff = row ? { retryAtMs: row.retry_at_ms, failures: row.failures } : null;
    }
    return this.#keptBackoff;
  }
}
