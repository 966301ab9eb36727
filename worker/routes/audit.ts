// Reading the audit log and verifying its hash chain end to end.
import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import { GENESIS_HASH, verifyAuditRows, type ChainVerdict } from "../../db/audit/chain";
import { organizationTimeZone } from "../../db/organization-time-zone";
import { apiKeys, auditLog, users } from "../../db/schema";
import { logEvent } from "../../domain/log";
import { onLocalDays } from "../analytics/period";
import { actionFamilyPrefix, auditListQuery } from "../audit/audit-list-query";
import { listAudit, verifyAudit } from "../http/contracts/audit";
import { defineRoute, member } from "../http/route-table";

const VERIFY_PAGE_ROWS = 500;

defineRoute(listAudit, {
  summary: "Audit log entries, newest first, filtered by actor, action (or a family like call.*), resource and days of the organisation's calendar",
  access: member("admin"),
  query: auditListQuery,
  handler: async (c, { query }) => {
    const organizationId = c.var.identity.organizationId;
    const timeZone = await organizationTimeZone(c.var.db, organizationId);
    const family = query.action ? actionFamilyPrefix(query.action) : null;
    const rows = await c.var.db
      .select({
        id: auditLog.id,
        seq: auditLog.seq,
        occurredAt: auditLog.occurredAt,
        actorType: auditLog.actorType,
        actorId: auditLog.actorId,
        userName: users.name,
        apiKeyName: apiKeys.name,
        action: auditLog.action,
        resourceType: auditLog.resourceType,
        resourceId: auditLog.resourceId,
        before: auditLog.before,
        after: auditLog.after,
      })
      .from(auditLog)
      .leftJoin(users, and(eq(auditLog.actorType, "user"), sql`${users.id}::text = ${auditLog.actorId}`))
      .leftJoin(apiKeys, and(eq(auditLog.actorType, "api_key"), sql`${apiKeys.id}::text = ${auditLog.actorId}`))
      .where(
        and(
          eq(auditLog.organizationId, organizationId),
          query.beforeSeq ? lt(auditLog.seq, query.beforeSeq) : undefined,
          query.actorId ? eq(auditLog.actorId, query.actorId) : undefined,
          query.action && family === null ? eq(auditLog.action, query.action) : undefined,
          family === null ? undefined : sql`starts_with(${auditLog.action}, ${family})`,
          query.resourceType ? eq(auditLog.resourceType, query.resourceType) : undefined,
          query.resourceId ? eq(auditLog.resourceId, query.resourceId) : undefined,
          ...onLocalDays(auditLog.occurredAt, timeZone, query),
        ),
      )
      .orderBy(desc(auditLog.seq))
      .limit(query.limit);
    const entries = rows.map(({ userName, apiKeyName, ...row }) => ({
      ...row,
      actorName: userName ?? (apiKeyName ? `API key ${apiKeyName}` : row.actorType),
    }));
    const last = entries.at(-1);
    return c.json({ entries, nextBeforeSeq: entries.length === query.limit && last ? last.seq : null, timeZone });
  },
});

defineRoute(verifyAudit, {
  summary: "Recompute the organisation's audit hash chain and report the first broken row",
  access: member("admin"),
  handler: async (c) => {
    const organizationId = c.var.identity.organizationId;
    let cursor = { expectedSeq: 1, prevHash: GENESIS_HASH };
    let rowsChecked = 0;
    for (;;) {
      const page = await c.var.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.organizationId, organizationId), gt(auditLog.seq, cursor.expectedSeq - 1)))
        .orderBy(asc(auditLog.seq))
        .limit(VERIFY_PAGE_ROWS);
      const { verdict, next } = await verifyAuditRows(page, cursor);
      rowsChecked += verdict.rowsChecked;
      if (!verdict.ok) {
        logEvent({ event: "audit_chain_broken", organizationId, seq: verdict.firstBrokenSeq, reason: verdict.reason });
        return c.json({ ...verdict, rowsChecked } satisfies ChainVerdict);
      }
      cursor = next;
      if (page.length < VERIFY_PAGE_ROWS) {
        return c.json({ ok: true, rowsChecked, firstBrokenSeq: null, reason: null } satisfies ChainVerdict);
      }
    }
  },
});
