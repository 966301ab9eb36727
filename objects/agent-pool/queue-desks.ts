// The inbound queues the organisation's pool holds (objects/queue/queue-desk.ts), one row
// per queue in the pool's SQLite, read through zod. Synchronous like the members table, so
// the shell's read-route-reserve-write runs without an await: atomic.
import { parseJson, type SqlDatabase } from "../shared/durable";
import { queueDeskSchema, type QueueDesk } from "../queue/queue-desk";

export const QUEUE_DESKS_TABLE_SQL = `CREATE TABLE queue_desks (
  queue_id TEXT PRIMARY KEY,
  json TEXT NOT NULL
)`;

export class QueueDesks {
  constructor(
    private readonly sql: SqlDatabase,
    private readonly onUnreadable: (problem: { queueId: string; reason: string }) => void,
  ) {}

  /** The queue's desk; null when it holds nobody yet (or its row no build can read: logged, started afresh). */
  get(queueId: string): QueueDesk | null {
    const row = this.sql.exec<{ json: string }>("SELECT json FROM queue_desks WHERE queue_id = ?", queueId).toArray()[0];
    if (!row) return null;
    const parsed = parseJson(row.json, queueDeskSchema);
    if (parsed.success) return parsed.data;
    this.onUnreadable({ queueId, reason: parsed.error });
    return null;
  }

  save(queueId: string, desk: QueueDesk): void {
    this.sql.exec("INSERT INTO queue_desks (queue_id, json) VALUES (?, ?) ON CONFLICT (queue_id) DO UPDATE SET json = excluded.json", queueId, JSON.stringify(desk));
  }

  /** The queue was deleted: its line and numbers go. */
  delete(queueId: string): void {
    this.sql.exec("DELETE FROM queue_desks WHERE queue_id = ?", queueId);
  }

  /** Every queue's id (an answered call's end is looked up in each). */
  ids(): string[] {
    return this.sql.exec<{ queue_id: string }>("SELECT queue_id FROM queue_desks").toArray().map((row) => row.queue_id);
  }
}
