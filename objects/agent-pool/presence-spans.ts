// Agents' presence history for Postgres: each change of an agent's state closes the span
// they were in and opens the next, as rows in the pool's outbox, in the same synchronous
// step that stores the change (so both are kept or neither). The pool flushes the outbox
// through a RecordWriter (db/writers/presence-spans.ts); rows stay here until written, so
// nothing is lost while Postgres is down, and the outbox's backoff and the pool's alarm
// retry. Which state counts as what is domain/kpis.ts's business, not the pool's.
//
// The open span per agent is kept here rather than read from the members table: a span's
// key is its start as first written, and a later state whose clock reads earlier (a
// wrap-up ended at its timer's time) must still close that row, never leave it open.
import { z } from "zod";
import { AGENT_PRESENCE_STATUSES, type AgentPresence } from "../../domain/agent-presence";
import { Outbox, OUTBOX_BACKOFF_TABLE_SQL, OUTBOX_TABLE_SQL, type SqlDatabase } from "../shared/durable";

export const PRESENCE_SPANS_TABLES_SQL = `${OUTBOX_TABLE_SQL}
${OUTBOX_BACKOFF_TABLE_SQL}
CREATE TABLE presence_open_spans (
  user_id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  started_at_ms INTEGER NOT NULL
);`;

/** Why the pool itself put an agent in a state: a break after queue rings they left unanswered (audited when the span is written). */
export const presenceCause = z.object({ missedRings: z.number().int().positive(), queueId: z.string(), callId: z.string() });
export type PresenceCause = z.infer<typeof presenceCause>;

/** A span as the pool queues it; the organisation is the pool's, added when written. */
export const presenceSpanRow = z.object({
  userId: z.string(),
  status: z.enum(AGENT_PRESENCE_STATUSES),
  startedAtMs: z.number().int(),
  endedAtMs: z.number().int().nullable(),
  /** On the span's opening row only: the pool's reason (the writer audits it once). */
  cause: presenceCause.optional(),
});
export type PresenceSpan = z.infer<typeof presenceSpanRow>;

const openSpan = z.object({ status: z.enum(AGENT_PRESENCE_STATUSES), started_at_ms: z.number() });

/** Postgres keys agents by their user id (a uuid); an id that is no person's has no history to keep. */
const PERSON_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class PresenceSpans {
  readonly outbox: Outbox<PresenceSpan>;

  constructor(
    private readonly sql: SqlDatabase,
    clock?: () => number,
  ) {
    this.outbox = new Outbox(sql, presenceSpanRow, { clock, maxRowsPerFlush: 500 });
  }

  /**
   * The agent is in `status` from `atMs`: the open span ends there and the new one opens.
   * The same state again is the same span (a new call while on a call, a renewed offer).
   * A start at or before the open span's is taken as the open span's own start, so the
   * row is replaced rather than a span left open.
   */
  changed(userId: string, status: AgentPresence, atMs: number, cause?: PresenceCause): void {
    if (!PERSON_ID.test(userId)) return;
    const open = this.openSpanOf(userId);
    if (open?.status === status) return;
    const startedAtMs = open ? Math.max(atMs, open.startedAtMs) : atMs;
    if (open && startedAtMs > open.startedAtMs) {
      this.outbox.enqueue(spanKey(userId, open.startedAtMs), { userId, status: open.status, startedAtMs: open.startedAtMs, endedAtMs: startedAtMs });
    }
    // Its own key: the span's closing row (same span key) must not replace the cause before it is written.
    if (cause) this.outbox.enqueue(`${spanKey(userId, startedAtMs)}:cause`, { userId, status, startedAtMs, endedAtMs: null, cause });
    else this.outbox.enqueue(spanKey(userId, startedAtMs), { userId, status, startedAtMs, endedAtMs: null });
    this.sql.exec(
      `INSERT INTO presence_open_spans (user_id, status, started_at_ms) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, started_at_ms = excluded.started_at_ms`,
      userId,
      status,
      startedAtMs,
    );
  }

  private openSpanOf(userId: string): { status: AgentPresence; startedAtMs: number } | null {
    const raw = this.sql.exec("SELECT status, started_at_ms FROM presence_open_spans WHERE user_id = ?", userId).toArray()[0];
    const parsed = openSpan.safeParse(raw);
    // Unreadable (or none yet): the next span opens afresh; the old row stays as last written.
    return parsed.success ? { status: parsed.data.status, startedAtMs: parsed.data.started_at_ms } : null;
  }
}

const spanKey = (userId: string, startedAtMs: number) => `${userId}:${startedAtMs}`;
