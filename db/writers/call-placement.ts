// A placed call's record: its calls row and its audit row, written as ONE statement.
// Why one: as a transaction (BEGIN, the row, lock_timeout, the audit row, COMMIT) it was
// five round trips through the relay and a busy Worker, and the connection sat idle in
// transaction between them. Under load the placements' open transactions were most of
// the server's connections (bench:calls --profile-sql: up to 142 of 200 idle in
// transaction, all placements), and the record writers could not connect. As one
// statement the implicit transaction lasts one round trip; the audit row is still
// chained at its commit (the deferred trigger takes the organisation's lock there), and
// lock_timeout, set for this transaction only, still bounds that wait.
import { sql } from "drizzle-orm";
import type { Queryable } from "../client";
import { auditInsert, type AuditActor, type AuditChange } from "../audit/record";
import { constraintOf, sqlStateOf } from "../postgres-errors";
import { calls } from "../schema";

export type PlacedCallRow = typeof calls.$inferInsert & { organizationId: string };

/** The constraints by which a second attempt finds the call already recorded (same id, or same key). */
const ALREADY_RECORDED_CONSTRAINTS = new Set(["calls_pkey", "calls_org_idempotency_key_idx"]);

/**
 * Writes the call and its audit row, or neither: "already_recorded" when a call with this
 * id (or idempotency key) exists, in which case no audit row is written. A concurrent
 * attempt with the same id waits on the row until the first commits, then finds it.
 * Throws a 55P03 (lock_not_available) when the audit chain's lock is not had within
 * lockTimeout (a Postgres interval, e.g. "5s"): nothing is written then either.
 */
export async function recordCallPlacement(
  db: Queryable,
  row: PlacedCallRow,
  actor: AuditActor,
  change: AuditChange,
  options: { lockTimeout: string },
): Promise<"recorded" | "already_recorded"> {
  const statement = sql`with lock_limit as (select set_config('lock_timeout', ${options.lockTimeout}, true)),
    placed as (${db.insert(calls).values(row).getSQL()}),
    audited as (${auditInsert(db, row.organizationId, actor, change).getSQL()})
    select count(*) from lock_limit`;
  try {
    await db.execute(statement);
    return "recorded";
  } catch (error) {
    if (sqlStateOf(error) === "23505" && ALREADY_RECORDED_CONSTRAINTS.has(constraintOf(error) ?? "")) return "already_recorded";
    throw error;
  }
}
