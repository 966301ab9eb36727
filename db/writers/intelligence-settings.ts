// What a call reads when it starts, for live intelligence: the organisation's settings
// (translation, objection phrases) and its campaign's own translation, if it set one.
// Read by a RecordWriter for the call's actor (objects/call/features/intelligence).
import { and, eq } from "drizzle-orm";
import type { Database } from "../client";
import { campaignTranslationSettings, organizationIntelligenceSettings } from "../schema";
import { readIntelligenceSettings, readTranslationOverride, type IntelligenceSettings, type TranslationSettings } from "../../domain/intelligence-settings";

export interface CallIntelligenceSettings {
  organization: IntelligenceSettings;
  campaignTranslation: TranslationSettings | null;
}

export async function loadCallIntelligenceSettings(db: Database, organizationId: string, campaignId: string | null): Promise<CallIntelligenceSettings> {
  const [organization] = await db
    .select({ settings: organizationIntelligenceSettings.settings })
    .from(organizationIntelligenceSettings)
    .where(eq(organizationIntelligenceSettings.organizationId, organizationId));
  const [campaign] = campaignId
    ? await db
        .select({ settings: campaignTranslationSettings.settings })
        .from(campaignTranslationSettings)
        .where(and(eq(campaignTranslationSettings.organizationId, organizationId), eq(campaignTranslationSettings.campaignId, campaignId)))
    : [];
  return { organization: readIntelligenceSettings(organization?.settings), campaignTranslation: readTranslationOverride(campaign?.settings) };
}
