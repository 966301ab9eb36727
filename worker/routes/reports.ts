// The report builder's routes: saved reports shared within the organisation (viewers run
// and export them; supervisors and above save, change and delete them), previews of the
// first rows and CSV exports streamed from a cursor. A definition is checked against its
// dataset's allow-list (domain/report-definition.ts) before it is compiled to SQL
// (worker/reports/compile.ts), so an unknown field or operator is a 400 naming it.
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import type { Queryable } from "../../db/client";
import { organizationTimeZone } from "../../db/organization-time-zone";
import { organizations, savedReports } from "../../db/schema";
import { DATASET_LEAST_ROLE, MAX_PREVIEW_ROWS, REPORT_DATASETS, reportDefinition, type ReportDefinition } from "../../domain/report-definition";
import { hasRole, type Role } from "../../domain/roles";
import { compileReport } from "../reports/compile";
import { streamCsv } from "../reports/csv-export";
import {
  createReport,
  deleteReport,
  exportDefinition,
  exportReport,
  getReport,
  listReports,
  previewDefinition,
  previewReport,
  updateReport,
  type SavedReport,
} from "../http/contracts/reports";
import { conflict, forbidden, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { defineRoute, member, type AppContext } from "../http/route-table";

export const DEFAULT_PREVIEW_ROWS = 50;
const nameField = z.string().trim().min(1, "required").max(200, "at most 200 characters");
const limitField = z.coerce.number().int().min(1).max(MAX_PREVIEW_ROWS, `at most ${MAX_PREVIEW_ROWS} rows`).default(DEFAULT_PREVIEW_ROWS);

/**
 * The definition as one body field: a problem inside is named at its own path
 * ("definition.filters.0.field"), an unknown key of the definition itself (or no object
 * at all) at "definition", so every rejection names a field the body has.
 */
const definitionField = z.unknown().transform((value, ctx): ReportDefinition => {
  const parsed = reportDefinition.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) ctx.addIssue({ code: "custom", path: issue.path.length ? [...issue.path, key] : [], message: issue.path.length ? "unknown field" : `unknown field "${key}" of a report definition` });
    } else ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  }
  return z.NEVER;
});

type ReportRow = typeof savedReports.$inferSelect;

const reportView = (row: ReportRow): SavedReport => ({
  id: row.id,
  name: row.name,
  definition: row.definition,
  createdByUserId: row.createdByUserId,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

async function findReport(db: Queryable, organizationId: string, id: string, lock = false): Promise<ReportRow> {
  const query = db.select().from(savedReports).where(and(eq(savedReports.id, id), eq(savedReports.organizationId, organizationId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("Report");
  return row;
}

/** A saved definition as this version reads it: one naming a field since dropped is a 409 saying which, not a 500. */
function runnable(row: ReportRow, role: Role): ReportDefinition {
  const parsed = reportDefinition.safeParse(row.definition);
  if (parsed.success) {
    const leastRole = DATASET_LEAST_ROLE[parsed.data.dataset];
    if (leastRole && !hasRole(role, leastRole)) throw forbidden(`The report "${row.name}" reads ${REPORT_DATASETS[parsed.data.dataset].label.toLowerCase()}, which is for a ${leastRole} or above`);
    return parsed.data;
  }
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "definition"}: ${issue.message}`).join("; ");
  throw conflict(`The report "${row.name}" no longer runs (${problems}); edit it and save it again`);
}

/** JSON carries instants as ISO text; everything else as the driver read it. */
const jsonValue = (value: unknown): string | number | boolean | null =>
  value instanceof Date ? value.toISOString() : value === undefined ? null : (value as string | number | boolean | null);

async function preview(c: AppContext, definition: ReportDefinition, limit: number): Promise<Response> {
  const organizationId = c.var.identity.organizationId;
  const timeZone = await organizationTimeZone(c.var.db, organizationId);
  const { query, columns } = compileReport(definition, { organizationId, timeZone }, limit);
  const result = await c.var.db.execute<Record<string, unknown>>(query);
  const rows = result.rows.map((row) => Object.fromEntries(columns.map((column) => [column, jsonValue(row[column])])));
  return c.json({ columns, rows, timeZone, limit });
}

async function exportCsv(c: AppContext, definition: ReportDefinition, filename: string): Promise<Response> {
  const organizationId = c.var.identity.organizationId;
  const timeZone = await organizationTimeZone(c.var.db, organizationId);
  const { query, columns } = compileReport(definition, { organizationId, timeZone }, null);
  const csv = streamCsv(c.env, query, columns, { organizationId, what: filename });
  c.executionCtx.waitUntil(csv.done);
  return new Response(csv.body, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "x-time-zone": timeZone },
  });
}

/** A file name from the report's name: letters, digits and dashes only. */
const fileNameOf = (name: string) => `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "report"}.csv`;

defineRoute(listReports, {
  summary: "The organisation's saved reports, by name",
  access: member("viewer"),
  handler: async (c) => {
    const rows = await c.var.db
      .select()
      .from(savedReports)
      .where(eq(savedReports.organizationId, c.var.identity.organizationId))
      .orderBy(asc(savedReports.name), asc(savedReports.id));
    return c.json({ reports: rows.map(reportView) });
  },
});

defineRoute(createReport, {
  summary: "Save a report (a name and a definition) for the whole organisation",
  access: member("supervisor"),
  body: z.strictObject({ name: nameField, definition: definitionField }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const row = await c.var.db.transaction(async (tx) => {
      const [created] = await tx
        .insert(savedReports)
        .values({ organizationId: identity.organizationId, name: body.name, definition: body.definition, createdByUserId: identity.userId })
        .returning();
      await recordAudit(tx, identity.organizationId, identity, { action: "report.created", resourceType: "report", resourceId: created!.id, after: body });
      return created!;
    });
    return c.json({ report: reportView(row) }, 201);
  },
});

defineRoute(getReport, {
  summary: "One saved report",
  access: member("viewer"),
  resource: "report",
  handler: async (c) => c.json({ report: reportView(await findReport(c.var.db, c.var.identity.organizationId, idParam(c, "Report"))) }),
});

defineRoute(updateReport, {
  summary: "Rename a saved report or change its definition",
  access: member("supervisor"),
  resource: "report",
  body: z
    .strictObject({ name: nameField, definition: definitionField })
    .partial()
    .refine((b) => Object.keys(b).length > 0, "send name, definition or both"),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const id = idParam(c, "Report");
    const row = await c.var.db.transaction(async (tx) => {
      const before = await findReport(tx, identity.organizationId, id, true);
      const [after] = await tx
        .update(savedReports)
        .set({ ...(body.name !== undefined ? { name: body.name } : {}), ...(body.definition !== undefined ? { definition: body.definition } : {}), updatedAt: new Date() })
        .where(and(eq(savedReports.id, id), eq(savedReports.organizationId, identity.organizationId)))
        .returning();
      await recordAudit(tx, identity.organizationId, identity, { action: "report.updated", resourceType: "report", resourceId: id, before: { name: before.name, definition: before.definition }, after: body });
      return after!;
    });
    return c.json({ report: reportView(row) });
  },
});

defineRoute(deleteReport, {
  summary: "Delete a saved report",
  access: member("supervisor"),
  resource: "report",
  handler: async (c) => {
    const identity = c.var.identity;
    const id = idParam(c, "Report");
    await c.var.db.transaction(async (tx) => {
      const before = await findReport(tx, identity.organizationId, id, true);
      await tx.delete(savedReports).where(and(eq(savedReports.id, id), eq(savedReports.organizationId, identity.organizationId)));
      await recordAudit(tx, identity.organizationId, identity, { action: "report.deleted", resourceType: "report", resourceId: id, before: { name: before.name, definition: before.definition } });
    });
    return c.body(null, 204);
  },
});

defineRoute(previewDefinition, {
  summary: "The first rows of a report not saved yet (the builder's preview)",
  // A POST (the definition is a body), and the builder's: whoever may save a report.
  access: member("supervisor"),
  body: z.strictObject({ definition: definitionField, limit: limitField }),
  handler: (c, { body }) => preview(c, body.definition, body.limit),
});

defineRoute(exportDefinition, {
  summary: "Every row of a report not saved yet, as CSV streamed from the database",
  access: member("supervisor"),
  body: z.strictObject({ definition: definitionField }),
  handler: (c, { body }) => exportCsv(c, body.definition, `${body.definition.dataset}.csv`),
});

defineRoute(previewReport, {
  summary: "The first rows of a saved report",
  access: member("viewer"),
  resource: "report",
  query: z.strictObject({ limit: limitField }),
  handler: async (c, { query }) => {
    const row = await findReport(c.var.db, c.var.identity.organizationId, idParam(c, "Report"));
    return preview(c, runnable(row, c.var.identity.role), query.limit);
  },
});

defineRoute(exportReport, {
  summary: "Every row of a saved report as CSV, streamed from the database",
  access: member("viewer"),
  resource: "report",
  handler: async (c) => {
    const row = await findReport(c.var.db, c.var.identity.organizationId, idParam(c, "Report"));
    return exportCsv(c, runnable(row, c.var.identity.role), fileNameOf(row.name));
  },
});
