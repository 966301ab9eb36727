// The organisation's retention policy (domain/retention.ts): supervisors and up read it,
// admins replace it as a whole, audited with before and after. The hourly job
// (worker/retention/retention-run.ts) deletes what it makes due.
import { eq } from "drizzle-orm";
import { recordAudit } from "../../db/audit/record";
import { organizationRetentionPolicies } from "../../db/schema";
import { readRetentionPolicy, retentionPolicy } from "../../domain/retention";
import { getRetentionPolicy, setRetentionPolicy } from "../http/contracts/retention";
import { defineRoute, member } from "../http/route-table";

defineRoute(getRetentionPolicy, {
  summary: "The organisation's retention policy: days kept for recordings, transcripts, call records and payment metadata (null: kept)",
  access: member("supervisor"),
  handler: async (c) => {
    const [row] = await c.var.db
      .select({ policy: organizationRetentionPolicies.policy })
      .from(organizationRetentionPolicies)
      .where(eq(organizationRetentionPolicies.organizationId, c.var.identity.organizationId));
    return c.json({ retentionPolicy: readRetentionPolicy(row?.policy) });
  },
});

defineRoute(setRetentionPolicy, {
  summary: "Set the days each kind of data is kept (recordings and transcripts at most as long as call records); the hourly job deletes what is due",
  access: member("admin"),
  body: retentionPolicy,
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    await c.var.db.transaction(async (tx) => {
      const [before] = await tx
        .select({ policy: organizationRetentionPolicies.policy })
        .from(organizationRetentionPolicies)
        .where(eq(organizationRetentionPolicies.organizationId, identity.organizationId))
        .for("update");
      await tx
        .insert(organizationRetentionPolicies)
        .values({ organizationId: identity.organizationId, policy: body })
        .onConflictDoUpdate({ target: organizationRetentionPolicies.organizationId, set: { policy: body, updatedAt: new Date() } });
      await recordAudit(tx, identity.organizationId, identity, {
        action: "organization.retention_policy_changed",
        resourceType: "organization",
        resourceId: identity.organizationId,
        before: readRetentionPolicy(before?.policy),
        after: body,
      });
    });
    return c.json({ retentionPolicy: body });
  },
});
