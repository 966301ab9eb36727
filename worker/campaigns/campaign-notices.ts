// Telling the organisation's running and paused campaigns about a change they must act
// on (a number put on or taken off a do-not-call list, an account edited or imported,
// a call's disposition), durably. The notice rows are written in the transaction of the
// change (queueCampaignNotices), so a committed change always has its notices; after
// the commit the Worker delivers them at once (deliverCampaignNotices) and deletes them
// once delivered. One that could not be delivered stays in Postgres and the campaign pulls
// it on its next tick (db/writers/notice-records.ts), so nothing depends on this
// call succeeding; and the campaign confirms every batch of dials against Postgres
// anyway, so a late notice never lets a listed number be dialled. A campaign that stops
// never dials again: its notices still waiting go with the stop (dropNoticesOfStoppedCampaign),
// so the table holds only notices a running or paused campaign has still to apply.
import { and, eq, inArray } from "drizzle-orm";
import type { AppContext } from "../http/route-table";
import type { Queryable } from "../../db/client";
import { campaignNotices, campaigns } from "../../db/schema";
import { deleteDeliveredNotices } from "../../db/writers/notice-records";
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
  // "key share", the lock the notices' foreign key takes anyway, taken at the read: a stop
  // under way (FOR UPDATE, dropNoticesOfStoppedCampaign) makes this wait and then read the
  // campaign as stopped, and a stop that comes later waits for these notices to commit and
  // deletes them. Settings edits (no key update) are not held up.
  const live = await tx
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.organizationId, organizationId), inArray(campaigns.status, ["running", "paused"]), onlyCampaignId ? eq(campaigns.id, onlyCampaignId) : undefined))
    .for("key share");
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
 * In the stop's transaction: the campaign's notices still waiting are deleted with the
 * status change. A stopped campaign never dials again, so nobody would ever pull them.
 * The row is locked FOR UPDATE first, which waits for any change that read the campaign
 * as live (queueCampaignNotices, FOR KEY SHARE) to commit its notices, so none is left
 * behind; a change that reads after waits for this commit and sees the campaign stopped.
 */
export async function dropNoticesOfStoppedCampaign(tx: Queryable, organizationId: string, campaignId: string): Promise<void> {
  await tx
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.organizationId, organizationId)))
    .for("update");
  await tx.delete(campaignNotices).where(and(eq(campaignNotices.organizationId, organizationId), eq(campaignNotices.campaignId, campaignId)));
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

/** After the commit: each campaign gets its notices now (then they are deleted); those not delivered wait for the campaign's pull. */
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
      // Not deleted (the database blinked), the campaign pulls them again and skips them as applied.
      await deleteDeliveredNotices(c.var.db, organizationId, campaignId, mine.map((n) => n.id)).catch((error: unknown) => {
        logEvent({ event: "campaign_notice_unmarked", campaignId, error: String(error) });
      });
    }),
  );
}
