// The campaign_notices table from the campaign's side: the notices still undelivered to
// one campaign, oldest first, and deleting notices once applied. The Worker writes the
// rows (worker/campaigns/campaign-notices.ts) and deletes those it delivered itself; a
// campaign deletes those it pulled. Rows are handed on unparsed: the campaign
// reads them with zod (objects/campaign/notices.ts), as they may come from an older build.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Queryable } from "../client";
import { campaignNotices } from "../schema";

/** Notices a campaign pulls at once; the rest come with the next pull. */
export const NOTICE_PULL_LIMIT = 200;

/** Undelivered notices of one campaign, by id (campaign_notices_undelivered_idx). */
export async function loadPendingNotices(db: Queryable, organizationId: string, campaignId: string, limit = NOTICE_PULL_LIMIT): Promise<unknown[]> {
  return db
    .select({ id: campaignNotices.id, kind: campaignNotices.kind, payload: campaignNotices.payload })
    .from(campaignNotices)
    .where(and(eq(campaignNotices.campaignId, campaignId), eq(campaignNotices.organizationId, organizationId)))
    .orderBy(asc(campaignNotices.id))
    .limit(limit);
}

/** Delivered notices are deleted: the campaign has applied them, and its notice subjects skip a copy pulled again. */
export async function deleteDeliveredNotices(db: Queryable, organizationId: string, campaignId: string, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .delete(campaignNotices)
    .where(and(eq(campaignNotices.organizationId, organizationId), eq(campaignNotices.campaignId, campaignId), inArray(campaignNotices.id, [...ids])));
}
