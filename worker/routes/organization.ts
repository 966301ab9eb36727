// The caller's organisation: read it, rename it.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { organizations } from "../../db/schema";
import { getOrganization, renameOrganization } from "../http/contracts/organization";
import { defineRoute, member } from "../http/route-table";

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
  summary: "Rename the organisation",
  access: member("admin"),
  body: z.strictObject({ name: z.string().trim().min(2).max(100) }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const organization = await c.var.db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(organizations)
        .where(eq(organizations.id, identity.organizationId))
        .for("update");
      const [after] = await tx
        .update(organizations)
        .set({ name: body.name })
        .where(eq(organizations.id, identity.organizationId))
        .returning();
      await recordAudit(tx, identity.organizationId, identity, {
        action: "organization.renamed",
        resourceType: "organization",
        resourceId: identity.organizationId,
        before: { name: before!.name },
        after: { name: body.name },
      });
      return after!;
    });
    return c.json({ organization });
  },
});
