// The organisation's IVR settings (domain/ivr-settings.ts): read by its members, set by
// its admins as a whole, audited. Copied into each IVR call's spec when it starts.
import { eq } from "drizzle-orm";
import { recordAudit } from "../../db/audit/record";
import { organizationIvrSettings } from "../../db/schema";
import { ivrSettings, readIvrSettings } from "../../domain/ivr-settings";
import { getIvrSettings, setIvrSettings } from "../http/contracts/ivr-settings";
import { defineRoute, member } from "../http/route-table";

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
  summary: "Set the IVR's greeting, disclosure and hold message per language, its default language, its menu options and the payment hold time",
  access: member("admin"),
  body: ivrSettings,
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    await c.var.db.transaction(async (tx) => {
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
