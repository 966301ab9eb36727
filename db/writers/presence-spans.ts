// Agents' presence spans (`agent_presence_spans`), written from the AgentPoolActor's
// outbox through a RecordWriter. Idempotent: a span is keyed by its organisation, agent and
// start, and every write sets its state and end as the pool last knew them, so a span
// written open and later closed (or written twice after a retry) is one row. The pool
// writes a span's rows in the order it changed them, one flush at a time, so a later
// write is the newer one.
import { and, eq, sql } from "drizzle-orm";
import { auditInsertMany } from "../audit/record";
import type { AgentPresence } from "../../domain/agent-presence";
import type { Queryable } from "../client";
import { agentPresenceSpans, auditLog } from "../schema";

/** The audit action of a break the pool put an agent on after queue rings they left unanswered. */
export const RING_MISSES_BREAK_ACTION = "agent.break_after_missed_rings";

export interface PresenceSpanRow {
  organizationId: string;
  userId: string;
  status: AgentPresence;
  /** Epoch milliseconds. */
  startedAtMs: number;
  /** Null while the agent is still in this state. */
  endedAtMs: number | null;
  /** The pool put them here itself (a break after missed queue rings): audited once. */
  cause?: { missedRings: number; queueId: string; callId: string };
}

export async function writePresenceSpans(db: Queryable, rows: readonly PresenceSpanRow[]): Promise<void> {
  // One statement may not update a row twice: of two rows for one span, the later wins.
  const latest = new Map<string, PresenceSpanRow>();
  for (const row of rows) latest.set(`${row.organizationId}:${row.userId}:${row.startedAtMs}`, row);
  if (latest.size === 0) return;
  await auditCauses(db, rows);
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

/**
 * Each break the pool caused goes into the audit chain once (actor "system", about the
 * agent): a retried flush finds its row there already (keyed by the agent and the span's start).
 */
async function auditCauses(db: Queryable, rows: readonly PresenceSpanRow[]): Promise<void> {
  const entries = [];
  for (const row of rows) {
    if (!row.cause) continue;
    const since = new Date(row.startedAtMs).toISOString();
    const [already] = await db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, row.organizationId), eq(auditLog.action, RING_MISSES_BREAK_ACTION), eq(auditLog.resourceId, row.userId), sql`${auditLog.after}->>'since' = ${since}`))
      .limit(1);
    if (already) continue;
    entries.push({
      organizationId: row.organizationId,
      actor: { kind: "system" } as const,
      change: { action: RING_MISSES_BREAK_ACTION, resourceType: "user", resourceId: row.userId, after: { status: row.status, since, missedRings: row.cause.missedRings, queueId: row.cause.queueId, lastCallId: row.cause.callId } },
    });
  }
  if (entries.length > 0) await auditInsertMany(db, entries);
}
