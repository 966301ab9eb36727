// Saved segments: a name and filters over the organisation's accounts. Membership is never
// stored; every answer counts the accounts matching now (db/segment-filters.ts), and a
// campaign that targets a segment lists its members when it lists leads. POST
// /api/segments/count counts unsaved filters, so the editor shows a live count.
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import type { Queryable } from "../../db/client";
import { campaigns, segments } from "../../db/schema";
import { countSegment as countMatching } from "../../db/segment-filters";
import { segmentFilters, type SegmentFilters } from "../../domain/segment-filters";
import { changeSegment, countSegment, createSegment, deleteSegment, getSegment, listSegments, type Segment } from "../http/contracts/segments";
import { conflict, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { defineRoute, member } from "../http/route-table";

/**
 * The filters as one body field: a problem inside is named at its own path
 * ("filters.balanceMaxCents"), and an unknown filter (or not an object at all) at
 * "filters" itself, so every rejection names a field the body has.
 */
export const filtersField = z.unknown().transform((value, ctx): SegmentFilters => {
  const parsed = segmentFilters.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    if (issue.code === "unrecognized_keys") ctx.addIssue({ code: "custom", message: `unknown filter ${issue.keys.join(", ")}` });
    else ctx.addIssue({ code: "custom", path: issue.path.slice(0, 1), message: issue.path.length > 1 ? `${issue.path.slice(1).join(".")}: ${issue.message}` : issue.message });
  }
  return z.NEVER;
});

const nameField = z.string().trim().min(1, "required").max(200, "at most 200 characters");

type SegmentRow = typeof segments.$inferSelect;

async function segmentView(db: Queryable, row: SegmentRow): Promise<Segment> {
  return {
    id: row.id,
    name: row.name,
    filters: row.filters,
    matchingAccounts: await countMatching(db, row.organizationId, row.filters, Date.now()),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function findSegment(db: Queryable, organizationId: string, id: string, lock = false): Promise<SegmentRow> {
  const query = db.select().from(segments).where(and(eq(segments.id, id), eq(segments.organizationId, organizationId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("Segment");
  return row;
}

defineRoute(listSegments, {
  summary: "The organisation's saved segments, by name, each with its matching accounts now",
  access: member("viewer"),
  handler: async (c) => {
    const rows = await c.var.db.select().from(segments).where(eq(segments.organizationId, c.var.identity.organizationId)).orderBy(asc(segments.name), asc(segments.id));
    return c.json({ segments: await Promise.all(rows.map((row) => segmentView(c.var.db, row))) });
  },
});

defineRoute(countSegment, {
  summary: "Count the accounts some filters match now (unsaved: the editor's live count)",
  // A POST (the filters are a body), and the editor's: whoever may save a segment.
  access: member("supervisor"),
  body: z.strictObject({ filters: filtersField }),
  handler: async (c, { body }) => c.json({ matchingAccounts: await countMatching(c.var.db, c.var.identity.organizationId, body.filters, Date.now()) }),
});

defineRoute(getSegment, {
  summary: "One segment with its matching accounts now",
  access: member("viewer"),
  resource: "segment",
  handler: async (c) => {
    const row = await findSegment(c.var.db, c.var.identity.organizationId, idParam(c, "Segment"));
    return c.json({ segment: await segmentView(c.var.db, row) });
  },
});

defineRoute(createSegment, {
  summary: "Save a segment: a name and filters",
  access: member("supervisor"),
  body: z.strictObject({ name: nameField, filters: filtersField }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const row = await c.var.db.transaction(async (tx) => {
      const [created] = await tx.insert(segments).values({ organizationId: identity.organizationId, name: body.name, filters: body.filters }).returning();
      await recordAudit(tx, identity.organizationId, identity, { action: "segment.created", resourceType: "segment", resourceId: created!.id, after: body });
      return created!;
    });
    return c.json({ segment: await segmentView(c.var.db, row) }, 201);
  },
});

defineRoute(changeSegment, {
  summary: "Rename a segment or change its filters (campaigns targeting it follow at their next listing)",
  access: member("supervisor"),
  resource: "segment",
  body: z
    .strictObject({ name: nameField, filters: filtersField })
    .partial()
    .refine((b) => Object.keys(b).length > 0, "send at least one field to change"),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const id = idParam(c, "Segment");
    const row = await c.var.db.transaction(async (tx) => {
      const before = await findSegment(tx, identity.organizationId, id, true);
      const [after] = await tx
        .update(segments)
        .set({ ...(body.name !== undefined ? { name: body.name } : {}), ...(body.filters !== undefined ? { filters: body.filters } : {}), updatedAt: new Date() })
        .where(and(eq(segments.id, id), eq(segments.organizationId, identity.organizationId)))
        .returning();
      await recordAudit(tx, identity.organizationId, identity, {
        action: "segment.updated",
        resourceType: "segment",
        resourceId: id,
        before: { name: before.name, filters: before.filters },
        after: body,
      });
      return after!;
    });
    return c.json({ segment: await segmentView(c.var.db, row) });
  },
});

defineRoute(deleteSegment, {
  summary: "Delete a segment no live or draft campaign targets",
  access: member("supervisor"),
  resource: "segment",
  handler: async (c) => {
    const identity = c.var.identity;
    const id = idParam(c, "Segment");
    await c.var.db.transaction(async (tx) => {
      const before = await findSegment(tx, identity.organizationId, id, true);
      const users = await tx
        .select({ id: campaigns.id, name: campaigns.name, status: campaigns.status })
        .from(campaigns)
        .where(and(eq(campaigns.organizationId, identity.organizationId), eq(campaigns.segmentId, id)));
      const live = users.filter((u) => u.status !== "stopped");
      if (live.length) throw conflict(`Campaigns target this segment: ${live.map((u) => `${u.name} (${u.status})`).join(", ")}; point them elsewhere or stop them first`);
      // Stopped campaigns keep their history; they no longer name the segment.
      if (users.length) await tx.update(campaigns).set({ segmentId: null }).where(and(eq(campaigns.organizationId, identity.organizationId), eq(campaigns.segmentId, id)));
      await tx.delete(segments).where(and(eq(segments.id, id), eq(segments.organizationId, identity.organizationId)));
      await recordAudit(tx, identity.organizationId, identity, { action: "segment.deleted", resourceType: "segment", resourceId: id, before: { name: before.name, filters: before.filters } });
    });
    return c.body(null, 204);
  },
});
