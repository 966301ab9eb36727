// Appends to an organisation's audit chain inside the caller's transaction, so the
// change and its audit row commit together. An advisory lock per organisation
// serialises writers: two concurrent changes can never fork the chain. The row is
// chained (seq, hashes) by a trigger at commit, which is where the lock is taken.
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { auditLog } from "../schema";
import { auditHashTemplate, canonicalJson } from "./chain";

export interface AuditChange {
  action: string;
  resourceType: string;
  resourceId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Who made a change: a person's session, an integrator's API key, or the engine itself. */
export type AuditActor = { kind: "session" | "api_key"; userId: string | null; apiKeyId: string | null } | { kind: "system" };

/** Any drizzle Postgres transaction: the Worker's (Neon) or the seed's (node-postgres). */
export type AuditTransaction = Pick<PgDatabase<PgQueryResultHKT>, "execute" | "select" | "insert">;

export async function recordAudit(
  tx: AuditTransaction,
  organizationId: string,
  actor: AuditActor,
  change: AuditChange,
): Promise<void> {
  await auditInsert(tx, organizationId, actor, change);
}

/**
 * The audit row's insert, not yet run: recordAudit awaits it; a caller that writes its
 * change and the audit row as one statement (db/writers/call-placement.ts) embeds it.
 */
export function auditInsert(db: Pick<AuditTransaction, "insert">, organizationId: string, actor: AuditActor, change: AuditChange) {
  return db.insert(auditLog).values(auditRow(organizationId, actor, change));
}

/** Several audit rows as one insert (one round trip), chained at commit in the order given. */
export function auditInsertMany(db: Pick<AuditTransaction, "insert">, entries: readonly { organizationId: string; actor: AuditActor; change: AuditChange }[]) {
  return db.insert(auditLog).values(entries.map((entry) => auditRow(entry.organizationId, entry.actor, entry.change)));
}

function auditRow(organizationId: string, actor: AuditActor, change: AuditChange) {
  const content = {
    organizationId,
    actorType: actor.kind === "session" ? "user" : actor.kind,
    actorId: actor.kind === "session" ? actor.userId : actor.kind === "api_key" ? actor.apiKeyId : null,
    action: change.action,
    resourceType: change.resourceType,
    resourceId: change.resourceId,
    // Round-tripped through canonical JSON so what is hashed is exactly what jsonb stores.
    before: toJsonValue(change.before),
    after: toJsonValue(change.after),
    // Millisecond precision: what a JS Date read back from timestamptz can express.
    occurredAt: new Date(Date.now()),
  };
  const { head, tail } = auditHashTemplate(content);
  // seq and the hashes are filled at commit by a trigger that takes the organisation's
  // lock there, so the lock is never held across a round trip to this Worker
  // (migrations/0004_audit_chain_trigger.sql). Until then seq is a unique negative.
  return {
    ...content,
    seq: sql`-nextval('audit_log_pending_seq')`,
    prevHash: "",
    hash: "",
    chainHead: head,
    chainTail: tail,
  };
}

function toJsonValue(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(canonicalJson(value));
}
