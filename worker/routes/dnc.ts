// Do-not-call entries: numbers the organisation must never dial, org-wide or for one
// campaign. The compliance module consults them before every dial. Everyone may read
// the list; supervisors and up add and remove entries. Adding a number that is already
// listed in the same scope answers the entry that is there (200), so clients may retry.
import { and, desc, eq, isNull, like, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import type { Queryable } from "../../db/client";
import { campaigns, dncEntries } from "../../db/schema";
import { ApiError, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { addDnc, listDnc, removeDnc } from "../http/contracts/accounts";
import { defineRoute, member } from "../http/route-table";
import { deliverCampaignNotices, queueCampaignNotices } from "../campaigns/campaign-notices";
import { e164Field } from "./validation";

const entryColumns = {
  id: dncEntries.id,
  phone: dncEntries.phone,
  campaignId: dncEntries.campaignId,
  reason: dncEntries.reason,
  createdAt: dncEntries.createdAt,
};

defineRoute(listDnc, {
  summary: "Do-not-call entries, newest first; campaignId narrows to one campaign's list, scope=org to the org-wide one",
  access: member("viewer"),
  query: z.strictObject({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    campaignId: z.uuid().optional(),
    scope: z.enum(["org"]).optional(),
    /** Digits of the number, anywhere in it. */
    q: z.string().trim().regex(/^\+?\d{0,15}$/, "digits of a phone number").optional(),
  }),
  handler: async (c, { query }) => {
    const where = and(
      eq(dncEntries.organizationId, c.var.identity.organizationId),
      query.campaignId ? eq(dncEntries.campaignId, query.campaignId) : undefined,
      query.scope === "org" ? isNull(dncEntries.campaignId) : undefined,
      query.q ? like(dncEntries.phone, `%${query.q.replace(/^\+/, "")}%`) : undefined,
    );
    const [rows, [count]] = await Promise.all([
      c.var.db
        .select(entryColumns)
        .from(dncEntries)
        .where(where)
        .orderBy(desc(dncEntries.createdAt), desc(dncEntries.id))
        .limit(query.limit)
        .offset(query.offset),
      c.var.db.select({ total: sql<number>`count(*)::int` }).from(dncEntries).where(where),
    ]);
    return c.json({ entries: rows, total: count?.total ?? 0 });
  },
});

defineRoute(addDnc, {
  summary: "List a number as do-not-call, org-wide or for one campaign (idempotent)",
  access: member("supervisor"),
  body: z.strictObject({
    phone: e164Field,
    campaignId: z.uuid().nullable().optional(),
    reason: z.string().trim().max(500).default(""),
  }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const campaignId = body.campaignId ?? null;
    const scope = and(
      eq(dncEntries.organizationId, identity.organizationId),
      campaignId ? eq(dncEntries.campaignId, campaignId) : isNull(dncEntries.campaignId),
      eq(dncEntries.phone, body.phone),
    );
    const result = await c.var.db.transaction(async (tx) => {
      if (campaignId) await assertCampaign(tx, identity.organizationId, campaignId);
      const [created] = await tx
        .insert(dncEntries)
        .values({ organizationId: identity.organizationId, campaignId, phone: body.phone, reason: body.reason })
        .onConflictDoNothing()
        .returning(entryColumns);
      if (!created) {
        const [existing] = await tx.select(entryColumns).from(dncEntries).where(scope);
        return { entry: existing!, created: false, notices: [] };
      }
      await recordAudit(tx, identity.organizationId, identity, {
        action: "dnc.added",
        resourceType: "dnc_entry",
        resourceId: created.id,
        after: { phone: body.phone, campaignId, reason: body.reason },
      });
      const notice = { kind: "dnc", payload: { scope: campaignId ? "campaign" : "org", phone: body.phone, listed: true } } as const;
      return { entry: created, created: true, notices: await queueCampaignNotices(tx, identity.organizationId, [notice], campaignId) };
    });
    await deliverCampaignNotices(c, result.notices);
    return c.json({ entry: result.entry }, result.created ? 201 : 200);
  },
});

defineRoute(removeDnc, {
  summary: "Take a number off a do-not-call list",
  access: member("supervisor"),
  resource: "dncEntry",
  handler: async (c) => {
    const identity = c.var.identity;
    const id = idParam(c, "Do-not-call entry");
    const { entry, notices } = await c.var.db.transaction(async (tx) => {
      const [removed] = await tx
        .delete(dncEntries)
        .where(and(eq(dncEntries.id, id), eq(dncEntries.organizationId, identity.organizationId)))
        .returning(entryColumns);
      if (!removed) throw notFound("Do-not-call entry");
      await recordAudit(tx, identity.organizationId, identity, {
        action: "dnc.removed",
        resourceType: "dnc_entry",
        resourceId: id,
        before: { phone: removed.phone, campaignId: removed.campaignId, reason: removed.reason },
      });
      const notice = { kind: "dnc", payload: { scope: removed.campaignId ? "campaign" : "org", phone: removed.phone, listed: false } } as const;
      return { entry: removed, notices: await queueCampaignNotices(tx, identity.organizationId, [notice], removed.campaignId) };
    });
    await deliverCampaignNotices(c, notices);
    return c.json({ entry });
  },
});

async function assertCampaign(db: Queryable, organizationId: string, campaignId: string): Promise<void> {
  const [found] = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.organizationId, organizationId)));
  if (!found) {
    throw new ApiError(400, "validation_failed", "No such campaign in this organisation", [{ path: "campaignId", message: "not a campaign of this organisation" }]);
  }
}
