// QA evaluation forms (supervisors write them): make one, change it, retire it. A change is
// a new version of the form (a new row sharing the first version's lineage id), never an
// edit: an evaluation keeps the version it was scored with, so its sections and total
// never move. Only a form's latest version scores new calls, and a retired form none
// (domain/qa-form.ts whyFormCannotScore); retired forms and their evaluations stay readable.
import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import type { Queryable } from "../../db/client";
import { isUniqueViolation } from "../../db/postgres-errors";
import { qaForms } from "../../db/schema";
import { evaluationSections } from "../../domain/qa-form";
import { createQaForm, getQaForm, listQaForms, retireQaForm, reviseQaForm, type QaForm } from "../http/contracts/qa";
import { conflict, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { defineRoute, member } from "../http/route-table";

type FormRow = typeof qaForms.$inferSelect;

const formView = (row: FormRow): QaForm => ({
  id: row.id,
  lineageId: row.lineageId,
  version: row.version,
  name: row.name,
  sections: row.sections,
  supersededById: row.supersededById,
  retiredAt: row.retiredAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

/** One version of one of the organisation's forms, whatever its standing. */
export async function findForm(db: Queryable, organizationId: string, id: string): Promise<FormRow | undefined> {
  const [row] = await db.select().from(qaForms).where(and(eq(qaForms.id, id), eq(qaForms.organizationId, organizationId)));
  return row;
}

const formBody = z.strictObject({ name: z.string().trim().min(1, "required").max(120, "at most 120 characters"), sections: evaluationSections });

defineRoute(listQaForms, {
  summary: "The organisation's evaluation forms by name, each at its latest version (retired ones say so)",
  access: member("supervisor"),
  handler: async (c) => {
    const rows = await c.var.db
      .select()
      .from(qaForms)
      .where(and(eq(qaForms.organizationId, c.var.identity.organizationId), isNull(qaForms.supersededById)))
      .orderBy(asc(qaForms.name), asc(qaForms.id));
    return c.json({ forms: rows.map(formView) });
  },
});

defineRoute(getQaForm, {
  summary: "One version of an evaluation form (an earlier one names the version that replaced it)",
  access: member("supervisor"),
  resource: "qaForm",
  handler: async (c) => {
    const row = await findForm(c.var.db, c.var.identity.organizationId, idParam(c, "Form"));
    if (!row) throw notFound("Form");
    return c.json({ form: formView(row) });
  },
});

defineRoute(createQaForm, {
  summary: "Write an evaluation form: sections of yes/no and scale questions, each with a weight",
  access: member("supervisor"),
  body: formBody,
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    // The first version is its own lineage.
    const id = crypto.randomUUID();
    const row = await c.var.db.transaction(async (tx) => {
      const [created] = await tx.insert(qaForms).values({ id, lineageId: id, organizationId: identity.organizationId, name: body.name, sections: body.sections, createdByUserId: identity.userId }).returning();
      await recordAudit(tx, identity.organizationId, identity, { action: "qa.form_created", resourceType: "qa_form", resourceId: id, after: body });
      return created!;
    });
    return c.json({ form: formView(row) }, 201);
  },
});

defineRoute(reviseQaForm, {
  summary: "Change an evaluation form: its next version (evaluations already scored keep the version they were scored with)",
  access: member("supervisor"),
  resource: "qaForm",
  body: formBody,
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const organizationId = identity.organizationId;
    const previous = await findForm(c.var.db, organizationId, idParam(c, "Form"));
    if (!previous) throw notFound("Form");
    const row = await c.var.db.transaction(async (tx) => {
      const id = crypto.randomUUID();
      const [created] = await tx
        .insert(qaForms)
        .values({ id, lineageId: previous.lineageId, version: previous.version + 1, organizationId, name: body.name, sections: body.sections, createdByUserId: identity.userId })
        .returning();
      // Claimed only while this version is still the latest and the form is in use: of two
      // changes made to one version at once, the second finds it replaced (and rolls back).
      const claimed = await tx
        .update(qaForms)
        .set({ supersededById: id })
        .where(and(eq(qaForms.id, previous.id), isNull(qaForms.supersededById), isNull(qaForms.retiredAt)))
        .returning({ id: qaForms.id });
      if (claimed.length === 0) {
        const now = await findForm(tx, organizationId, previous.id);
        throw conflict(now?.retiredAt ? `The form "${previous.name}" is retired: it cannot be changed` : `Version ${previous.version} of "${previous.name}" has been changed since: change its latest version`);
      }
      await recordAudit(tx, organizationId, identity, {
        action: "qa.form_revised",
        resourceType: "qa_form",
        resourceId: id,
        before: { id: previous.id, version: previous.version, name: previous.name, sections: previous.sections },
        after: { version: created!.version, ...body },
      });
      return created!;
    }).catch((error: unknown) => {
      // Two changes racing past the claim still cannot both be version n + 1 (qa_forms_lineage_version_idx).
      if (isUniqueViolation(error)) throw conflict(`Version ${previous.version} of "${previous.name}" has been changed since: change its latest version`);
      throw error;
    });
    return c.json({ form: formView(row) }, 201);
  },
});

defineRoute(retireQaForm, {
  summary: "Retire an evaluation form (every version): it scores no new calls; its evaluations stay on the scorecards",
  access: member("supervisor"),
  resource: "qaForm",
  handler: async (c) => {
    const identity = c.var.identity;
    const organizationId = identity.organizationId;
    const named = await findForm(c.var.db, organizationId, idParam(c, "Form"));
    if (!named) throw notFound("Form");
    const latest = await c.var.db.transaction(async (tx) => {
      // Retiring twice is retiring once: the first time stands.
      const retired = await tx
        .update(qaForms)
        .set({ retiredAt: new Date() })
        .where(and(eq(qaForms.organizationId, organizationId), eq(qaForms.lineageId, named.lineageId), isNull(qaForms.retiredAt)))
        .returning({ id: qaForms.id });
      if (retired.length > 0) await recordAudit(tx, organizationId, identity, { action: "qa.form_retired", resourceType: "qa_form", resourceId: named.lineageId, after: { name: named.name } });
      const [row] = await tx
        .select()
        .from(qaForms)
        .where(and(eq(qaForms.organizationId, organizationId), eq(qaForms.lineageId, named.lineageId), isNull(qaForms.supersededById)));
      return row!;
    });
    return c.json({ form: formView(latest) });
  },
});
