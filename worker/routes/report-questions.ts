// POST /api/reports/ask: a question in plain words → a report definition proposed by the
// model (worker/reports/ask.ts), checked with the report builder's own schema and shown to
// the user to edit before anything runs. Whoever may preview an unsaved report may ask
// (supervisors and above); the model never writes SQL and never sees a row.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { organizations } from "../../db/schema";
import { reportQuestion } from "../../domain/report-question";
import { createModelClient, modelConfigFrom, type ModelEnv } from "../../objects/shared/model";
import { periodOf } from "../analytics/period";
import { askReport } from "../http/contracts/reports";
import { ApiError } from "../http/errors";
import { defineRoute, member } from "../http/route-table";
import { proposeReportFor } from "../reports/ask";

defineRoute(askReport, {
  summary: "Turn a question in plain words into a report definition (proposed by the model, checked against the builder's allow-list; not run)",
  access: member("supervisor"),
  body: z.strictObject({ question: reportQuestion }),
  handler: async (c, { body }) => {
    const config = modelConfigFrom(c.env as unknown as ModelEnv);
    const [organization] = await c.var.db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, c.var.identity.organizationId));
    const timeZone = organization?.timeZone ?? "UTC";
    const outcome = await proposeReportFor(createModelClient(config), body.question, { today: periodOf({}, timeZone).to, timeZone });
    if (!outcome.ok && "unavailable" in outcome) throw new ApiError(503, "service_unavailable", outcome.unavailable);
    if (!outcome.ok) {
      // The question was fine; the model's answer was not a report the builder runs. Named on
      // the question (and, where there is one, the place in the proposed definition).
      throw new ApiError(400, "validation_failed", `${outcome.reason}. Ask in other words, or build the report below.`, [{ path: "question", message: outcome.reason }, ...outcome.issues]);
    }
    return c.json({ question: body.question, definition: outcome.definition, model: { name: config!.model, simulated: config!.simulated } });
  },
});
