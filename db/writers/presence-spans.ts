// Agents' presence spans (`agent_presence_spans`), written from the AgentPoolActor's
// outbox through a RecordWriter. Idempotent: a span is keyed by its organisation, agent and
// start, and every write sets its state and end as the pool last knew them, so a span
// written open and later closed (or written twice after a retry) is one row. The pool
// writes a span's rows in the order it changed them, one flush at a time, so a later
// write is the newer one.
import { sql } from "drizzle-orm";
import type { AgentPresence } from "../../domain/agent-presence";
import type { Queryable } from "../client";
import { agentPresenceSpans } from "../schema";

export interface PresenceSpanRow {
  organizationId: string;
  userId: string;
  status: AgentPresence;
  /** Epoch milliseconds. */
  startedAtMs: number;
  /** Null while the agent is still in this state. */
  endedAtMs: number | null;
}

export async function writePresenceSpans(db: Queryable, rows: readonly PresenceSpanRow[]): Promise<void> {
  // One statement may not update a row twice: of two rows for one span, the later wins.
  const latest = new Map<string, PresenceSpanRow>();
  for (const row of rows) latest.set(`${row.organizationId}:${row.userId}:${row.startedAtMs}`, row);
  if (latest.size === 0) return;
  await db
    .insert(agentPresenceSpans)
    .values(
      [...latest.values()].map((row) => ({
        organizationId: row.organizationId,
        userId: row.userId,
        status: row.status,
        startedAt: new Date(row.startedAtMs),
        endedAt: row.endedAtMs === null ? null : new Date(row.endedAtMs),
      })),
    )
    .onConflictDoUpdate({
      target: [agentPresenceSpans.organizationId, agentPresenceSpans.userId, agentPresenceSpans.startedAt],
      set: { status: sql`excluded.status`, endedAt: sql`excluded.ended_at` },
    });
}
