// Usage in a billing period, read from the system of record rather than kept as counters
// (nothing to drift, nothing lost to a failed increment): call minutes (each call rounded
// up to the minute, as carriers bill), caller turns the AI agent answered (one
// turn-latency entry each on the call's timeline), and payments taken (ledger entries,
// refunded or not). Calls and payments count in the period they started or were paid.
import { and, count, eq, gte, lt, sql, sum } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { calls, payments } from "../../db/schema";
import { AI_TURN_TIMELINE_PREFIX } from "../../objects/call/features/ai-agent/ai-timeline";

export interface Usage {
  callMinutes: number;
  aiTurns: number;
  paymentsTaken: number;
  paymentsCents: number;
}

export async function usageInPeriod(db: Queryable, organizationId: string, from: Date, to: Date): Promise<Usage> {
  const inPeriod = and(eq(calls.organizationId, organizationId), gte(calls.createdAt, from), lt(calls.createdAt, to));
  const [minutes] = await db.select({ n: sum(sql`ceil(coalesce(${calls.durationSeconds}, 0) / 60.0)`) }).from(calls).where(inPeriod);
  const turnPattern = `${AI_TURN_TIMELINE_PREFIX}%`;
  const [turns] = await db
    .select({ n: count() })
    .from(calls)
    .innerJoin(sql`jsonb_array_elements(${calls.timeline}) AS entry`, sql`true`)
    .where(and(inPeriod, sql`entry->>'text' LIKE ${turnPattern}`));
  const [paid] = await db
    .select({ n: count(), cents: sum(payments.amountCents) })
    .from(payments)
    .where(and(eq(payments.organizationId, organizationId), gte(payments.paidAt, from), lt(payments.paidAt, to)));
  return { callMinutes: Number(minutes?.n ?? 0), aiTurns: turns?.n ?? 0, paymentsTaken: paid?.n ?? 0, paymentsCents: Number(paid?.cents ?? 0) };
}

/** The calendar month (UTC) holding `now`: the period of an organisation without a subscription period. */
export function calendarMonthOf(now: Date): { from: Date; to: Date } {
  return { from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)) };
}
