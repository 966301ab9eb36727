// Appends to an organisation's audit chain inside the caller's transaction, so the
// change and its audit row commit together. An advisory lock per organisation
// serialises writers: two concurrent changes can never fork the chain.
import { desc, eq, sql } from "drizzle-orm";
import type { Identity } from "../auth/identity";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { auditLog } from "../db/schema";
import { canonicalJson, computeAuditHash, GENESIS_HASH } from "./chain";

export interface AuditChange {
  action: string;
  resourceType: string;
  resourceId: string | null;
  before?: unknown;
  after?: unknown;
}

export type AuditActor = Pick<Identity, "kind" | "userId" | "apiKeyId"> | { kind: "system" };

/** Any drizzle Postgres transaction: the Worker's (Neon) or the seed's (node-postgres). */
export type AuditTransaction = Pick<PgDatabase<PgQueryResultHKT>, "execute" | "select" | "insert">;

export async function recordAudit(
  tx: AuditTransaction,
  organizationId: string,
  actor: AuditActor,
  change: AuditChange,
): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${organizationId}, 7))`);
  const [last] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.organizationId, organizationId))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const content = {
    organizationId,
    seq: (last?.seq ?? 0) + 1,
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
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = await computeAuditHash(content, prevHash);
  await tx.insert(auditLog).values({ ...content, prevHash, hash });
}

function toJsonValue(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(canonicalJson(value));
}
