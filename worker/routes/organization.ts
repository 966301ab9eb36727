// The caller's organisation: read it, rename it, set its defaults (the wrap-up time).
import { eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { organizations } from "../../db/schema";
import { getOrganization, renameOrganization } from "../http/contracts/organization";
import { defineRoute, member } from "../http/route-table";
import { wrapUpSecondsField } from "../../domain/wrap-up";
import { timeZoneField } from "./validation";
import { supervisorsPerCallField } from "../../domain/supervision";
import { recordingDisclosureField } from "../../domain/recording-disclosure";
import { MAX_PAYMENT_LINK_SECONDS, MIN_PAYMENT_LINK_SECONDS } from "../../domain/payments";
import { missesBeforeBreakField } from "../../domain/inbound-queues";
import { queuesFollowOrganization } from "./inbound-queues";

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
  summary:
    "Rename the organisation, or set its settings: the default wrap-up time (seconds after each call; campaigns may set their own), supervisors per call, whether agents see who listens, the recording disclosure, its time zone (analytics' days), how long a payment link stays payable, the unanswered queue rings in a row that put an agent on a break (queues may set their own)",
  access: member("admin"),
  body: z
    .strictObject({
      name: z.string().trim().min(2).max(100),
      wrapUpSeconds: wrapUpSecondsField,
      timeZone: timeZoneField,
      supervisorsPerCall: supervisorsPerCallField,
      showSupervisorsToAgents: z.boolean(),
      recordingDisclosure: recordingDisclosureField,
      // How long a texted payment link stays payable: Stripe's own bounds (30 min – 24 h).
      paymentLinkValiditySeconds: z.number().int().min(MIN_PAYMENT_LINK_SECONDS, "at least 1800 (Stripe's 30 minutes)").max(MAX_PAYMENT_LINK_SECONDS, "at most 86400 (Stripe's 24 hours)"),
      // Queues that ring agents and set no number of their own put an agent on a break after this many unanswered rings in a row.
      ringMissesBeforeBreak: missesBeforeBreakField,
    })
    .partial()
    .refine(
      (b) => Object.values(b).some((value) => value !== undefined),
      "send name or a setting (wrapUpSeconds, timeZone, supervisorsPerCall, showSupervisorsToAgents, recordingDisclosure, paymentLinkValiditySeconds, ringMissesBeforeBreak)",
    ),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const organization = await c.var.db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(organizations)
        .where(eq(organizations.id, identity.organizationId))
        .for("update");
      const changes = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as Partial<typeof body>;
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
    // Queues that ring agents without a threshold of their own follow the new one at once.
    if (body.ringMissesBeforeBreak !== undefined) await queuesFollowOrganization(c);
    return c.json({ organization });
  },
});
