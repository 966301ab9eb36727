// The caller's organisation: read it, rename it, set its defaults (the wrap-up time).
import { eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { organizations } from "../../db/schema";
import { getOrganization, renameOrganization } from "../http/contracts/organization";
import { defineRoute, member } from "../http/route-table";
import { wrapUpSecondsField } from "../../domain/wrap-up";
import { timeZoneField } from "./validation";

defineRoute(getOrganization, {
  summary: "The caller's organisation",
  access: member("viewer"),
  handler: async (c) => {
    const [organization] = await c.var.db
      .select()
      .from(organizations)
      .where(eq(organizations.id, c.var.identity.organizationId));
    return c.json({ organization });
  },
});

defineRoute(renameOrganization, {
  summary: "Rename the organisation, or set its default wrap-up time (seconds after each call; campaigns may set their own) or its time zone (analytics' days)",
  access: member("admin"),
  body: z
    .strictObject({ name: z.string().trim().min(2).max(100), wrapUpSeconds: wrapUpSecondsField, timeZone: timeZoneField })
    .partial()
    .refine((b) => b.name !== undefined || b.wrapUpSeconds !== undefined || b.timeZone !== undefined, "send name, wrapUpSeconds, timeZone or several"),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const organization = await c.var.db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(organizations)
        .where(eq(organizations.id, identity.organizationId))
        .for("update");
      const changes = {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.wrapUpSeconds !== undefined ? { wrapUpSeconds: body.wrapUpSeconds } : {}),
        ...(body.timeZone !== undefined ? { timeZone: body.timeZone } : {}),
      };
      const [after] = await tx.update(organizations).set(changes).where(eq(organizations.id, identity.organizationId)).returning();
      // Renaming keeps its audit action; a settings change is its own.
      await recordAudit(tx, identity.organizationId, identity, {
        action: body.name !== undefined ? "organization.renamed" : "organization.settings_changed",
        resourceType: "organization",
        resourceId: identity.organizationId,
        before: Object.fromEntries(Object.keys(changes).map((k) => [k, before![k as keyof typeof changes]])),
        after: changes,
      });
      return after!;
    });
    return c.json({ organization });
  },
});
