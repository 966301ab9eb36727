// Telling the organisation's running and paused campaigns about a change they must act
// on (a number put on or taken off a do-not-call list, an account edited or imported,
// a call's disposition), durably. The notice rows are written in the transaction of the
// change (queueCampaignNotices), so a committed change always has its notices; after
// the commit the Worker delivers them at once (deliverCampaignNotices) and marks them
// delivered. One that could not be delivered stays in Postgres and the campaign pulls
// it on its next tick (db/writers/notice-records.ts), so nothing depends on this
// call succeeding; and the campaign confirms every batch of dials against Postgres
// anyway, so a late notice never lets a listed number be dialled.
import { and, eq, inArray } from "drizzle-orm";
import type { AppContext } from "../http/route-table";
import type { Queryable } from "../../db/client";
import { campaignNotices, campaigns } from "../../db/schema";
import { markNoticesDelivered } from "../../db/writers/notice-records";
import { noticeSubject, type NoticeBody } from "../../objects/campaign/notices";
import { campaignActorStub } from "../../objects/shared/actor-stubs";
import { logEvent } from "../../domain/log";

/** A notice as written, ready to deliver. */
export interface QueuedNotice {
  id: number;
  campaignId: string;
  kind: NoticeBody["kind"];
  payload: unknown;
}

/** Notice rows per insert statement (6 parameters each). */
const INSERT_BATCH = 500;

/**
 * In the change's transaction: one notice per live campaign of the organisation (or of
 * `onlyCampaignId` alone, when the change concerns one campaign) for each body.
 */
export async function queueCampaignNotices(tx: Queryable, organizationId: string, bodies: readonly NoticeBody[], onlyCampaignId?: string | null): Promise<QueuedNotice[]> {
  if (bodies.length === 0) return [];
  const live = await tx
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.organizationId, organizationId), inArray(campaigns.status, ["running", "paused"]), onlyCampaignId ? eq(campaigns.id, onlyCampaignId) : undefined));
  const rows = live.flatMap(({ id: campaignId }) =>
    bodies.map((body) => ({ organizationId, campaignId, kind: body.kind, subject: noticeSubject(body), payload: body.payload })),
  );
  const queued: QueuedNotice[] = [];
  for (let start = 0; start < rows.length; start += INSERT_BATCH) {
    const written = await tx
      .insert(campaignNotices)
      .values(rows.slice(start, start + INSERT_BATCH))
      .returning({ id: campaignNotices.id, campaignId: campaignNotices.campaignId, kind: campaignNotices.kind, payload: campaignNotices.payload });
    queued.push(...written);
  }
  return queued;
}

/**
 * How a notice reaches its campaign's actor. One object, so a test can stand in for a
 * campaign that cannot be reached (vi.spyOn) and see that nothing depends on it.
 */
export const noticeCourier = {
  async deliver(env: Env, organizationId: string, campaignId: string, notices: QueuedNotice[]): Promise<void> {
    await campaignActorStub(env, organizationId, campaignId).applyNotices(notices);
  },
};

/** After the commit: each campaign gets its notices now; those not delivered wait for the campaign's pull. */
export async function deliverCampaignNotices(c: AppContext, notices: readonly QueuedNotice[]): Promise<void> {
  const organizationId = c.var.identity.organizationId;
  const byCampaign = new Map<string, QueuedNotice[]>();
  for (const notice of notices) byCampaign.set(notice.campaignId, [...(byCampaign.get(notice.campaignId) ?? []), notice]);
  await Promise.all(
    [...byCampaign].map(async ([campaignId, mine]) => {
      try {
        await noticeCourier.deliver(c.env, organizationId, campaignId, mine);
      } catch (error) {
        logEvent({ event: "campaign_notice_postponed", campaignId, notices: mine.length, error: String(error) });
        return;
      }
      // Unmarked (the database blinked), the campaign pulls them again and skips them as applied.
      await markNoticesDelivered(c.var.db, organizationId, campaignId, mine.map((n) => n.id)).catch((error: unknown) => {
        logEvent({ event: "campaign_notice_unmarked", campaignId, error: String(error) });
      });
    }),
  );
}
