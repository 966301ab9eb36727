// The organisation's IVR settings (domain/ivr-settings.ts): read by its members, set by
// its admins as a whole, audited. Copied into each IVR call's spec when it starts. An option
// sending callers to a queue must name a queue of the organisation.
import { and, eq, inArray } from "drizzle-orm";
import { recordAudit } from "../../db/audit/record";
import { inboundQueues, organizationIvrSettings } from "../../db/schema";
import type { Queryable } from "../../db/client";
import { ApiError } from "../http/errors";
import { ivrSettings, readIvrSettings, type IvrSettings } from "../../domain/ivr-settings";
import { getIvrSettings, setIvrSettings } from "../http/contracts/ivr-settings";
import { defineRoute, member } from "../http/route-table";

/** Each option of the organisation's own sends callers to one of its queues (400 naming the option's field otherwise). */
async function checkQueueOptions(db: Queryable, organizationId: string, settings: IvrSettings): Promise<void> {
  const ids = settings.queueOptions.map((option) => option.action.queueId);
  if (!ids.length) return;
  const found = await db
    .select({ id: inboundQueues.id })
    .from(inboundQueues)
    .where(and(eq(inboundQueues.organizationId, organizationId), inArray(inboundQueues.id, ids)));
  const ours = new Set(found.map((row) => row.id));
  settings.queueOptions.forEach((option, index) => {
    if (ours.has(option.action.queueId)) return;
    const path = `queueOptions.${index}.action.queueId`;
    throw new ApiError(400, "validation_failed", `${path}: no such queue in this organisation`, [{ path, message: "no such queue in this organisation" }]);
  });
}

defineRoute(getIvrSettings, {
  summary: "The organisation's IVR settings (its defaults until set)",
  access: member("viewer"),
  handler: async (c) => {
    const [row] = await c.var.db
      .select({ settings: organizationIvrSettings.settings })
      .from(organizationIvrSettings)
      .where(eq(organizationIvrSettings.organizationId, c.var.identity.organizationId));
    return c.json({ ivrSettings: readIvrSettings(row?.settings) });
  },
});

defineRoute(setIvrSettings, {
  summary: "Set the IVR's greeting, disclosure and hold message per language, its default language, its menu options (and its own options sending callers to a queue) and the payment hold time",
  access: member("admin"),
  body: ivrSettings,
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    await c.var.db.transaction(async (tx) => {
      await checkQueueOptions(tx, identity.organizationId, body);
      const [before] = await tx
        .select({ settings: organizationIvrSettings.settings })
        .from(organizationIvrSettings)
        .where(eq(organizationIvrSettings.organizationId, identity.organizationId))
        .for("update");
      await tx
        .insert(organizationIvrSettings)
        .values({ organizationId: identity.organizationId, settings: body })
        .onConflictDoUpdate({ target: organizationIvrSettings.organizationId, set: { settings: body, updatedAt: new Date() } });
      await recordAudit(tx, identity.organizationId, identity, {
        action: "organization.ivr_settings_changed",
        resourceType: "organization",
        resourceId: identity.organizationId,
        before: readIvrSettings(before?.settings),
        after: body,
      });
    });
    return c.json({ ivrSettings: body });
  },
});
