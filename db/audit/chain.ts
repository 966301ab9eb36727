// The audit log's hash chain, as pure functions: how a row's hash is computed and how
// a sequence of rows is verified. Each hash covers the row's content and the previous
// row's hash, so changing, deleting or reordering any row breaks every hash after it.
import { sha256Hex } from "../../domain/sha256";

export const GENESIS_HASH = "0".repeat(64);

export interface AuditContent {
  organizationId: string;
  seq: number;
  actorType: string;
  actorId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  before: unknown;
  after: unknown;
  occurredAt: Date;
}

export interface AuditRowForVerify extends AuditContent {
  prevHash: string;
  hash: string;
}

export type ChainVerdict =
  | { ok: true; rowsChecked: number; firstBrokenSeq: null; reason: null }
  | { ok: false; rowsChecked: number; firstBrokenSeq: number; reason: string };

/** Hashes exactly the content fields (a row read back carries more, like its id). */
export function computeAuditHash(content: AuditContent, prevHash: string): Promise<string> {
  const hashed = {
    organizationId: content.organizationId,
    seq: content.seq,
    actorType: content.actorType,
    actorId: content.actorId,
    action: content.action,
    resourceType: content.resourceType,
    resourceId: content.resourceId,
    before: content.before,
    after: content.after,
    occurredAt: content.occurredAt.toISOString(),
    prevHash,
  } satisfies Record<keyof AuditContent | "prevHash", unknown>;
  return sha256Hex(canonicalJson(hashed));
}

/**
 * The text computeAuditHash hashes, split around the two values only known under the
 * chain's lock (the previous hash and the seq), so Postgres can finish it in one call
 * (migrations/0003_audit_append.sql): the hashed text is
 * `head + JSON.stringify(prevHash) + tail + seq + "}"` (canonical JSON sorts keys, and
 * prevHash, resourceId, resourceType, seq are the last four). A test holds the two equal.
 */
export function auditHashTemplate(content: Omit<AuditContent, "seq">): { head: string; tail: string } {
  const leading = {
    organizationId: content.organizationId,
    actorType: content.actorType,
    actorId: content.actorId,
    action: content.action,
    before: content.before,
    after: content.after,
    occurredAt: content.occurredAt.toISOString(),
  };
  const trailing = { resourceId: content.resourceId, resourceType: content.resourceType };
  return {
    head: `${canonicalJson(leading).slice(0, -1)},"prevHash":`,
    tail: `,${canonicalJson(trailing).slice(1, -1)},"seq":`,
  };
}

/** Verifies rows in seq order, continuing from the state a previous page ended in. */
export async function verifyAuditRows(
  rows: readonly AuditRowForVerify[],
  from: { expectedSeq: number; prevHash: string } = { expectedSeq: 1, prevHash: GENESIS_HASH },
): Promise<{ verdict: ChainVerdict; next: { expectedSeq: number; prevHash: string } }> {
  let { expectedSeq, prevHash } = from;
  let checked = 0;
  for (const row of rows) {
    const broken = (reason: string) => ({
      verdict: { ok: false as const, rowsChecked: checked, firstBrokenSeq: row.seq, reason },
      next: { expectedSeq, prevHash },
    });
    if (row.seq !== expectedSeq) return broken(`expected seq ${expectedSeq}, found ${row.seq} (a row is missing)`);
    if (row.prevHash !== prevHash) return broken("prev_hash does not match the previous row's hash");
    if ((await computeAuditHash(row, prevHash)) !== row.hash) return broken("row content does not match its hash");
    checked++;
    expectedSeq++;
    prevHash = row.hash;
  }
  return {
    verdict: { ok: true, rowsChecked: checked, firstBrokenSeq: null, reason: null },
    next: { expectedSeq, prevHash },
  };
}

/** JSON with object keys sorted, so Postgres jsonb (which reorders keys) hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
