// A campaign that targets a saved segment lists the segment's members itself: at start and
// resume (campaign-load.ts), and while running every SEGMENT_RELIST_MS through its
// RecordWriter's read connection, so an account that comes to match the filters (a new
// import, a balance that grew, a tag added, a segment's filters edited) joins the queue
// without a restart. Membership is live, not frozen at start. A listing only adds:
// a lead already queued keeps its place, attempts and state (an account that stops
// matching is not withdrawn mid-campaign; compliance still checks it before every dial).
import { logEvent } from "../../domain/log";
import type { CampaignStorage } from "./campaign-storage";
import { leadInputSchema } from "./notices";
import type { CampaignConfig } from "./protocol";

/** How often a running campaign lists its segment again: a new matching account waits at most this long. */
export const SEGMENT_RELIST_MS = 60_000;

/** Where a segment's members are listed: a RecordWriter (its kept read connection), or a fake in tests. */
export interface SegmentLister {
  segmentLeads(organizationId: string, segmentId: string, nowMs: number): Promise<unknown[]>;
}

/** Lists the segment again when due and queues its new members; above 0 when the queue grew (LeadQueue.add). */
export async function relistSegment(store: CampaignStorage, config: CampaignConfig, lister: SegmentLister, now: number): Promise<number> {
  if (!config.segmentId) return 0;
  const last = store.meta.get("segmentListedAt") ?? 0;
  if (now - last < SEGMENT_RELIST_MS) return 0;
  // Set before asking: a failed listing waits the same period, rather than asking every tick.
  store.meta.set("segmentListedAt", now);
  let listed: unknown[];
  try {
    listed = await lister.segmentLeads(config.organizationId, config.segmentId, now);
  } catch (error) {
    logEvent({ event: "campaign_segment_not_listed", campaignId: config.id, error: String(error) });
    return 0;
  }
  const leads = listed.flatMap((item) => {
    const parsed = leadInputSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  if (leads.length < listed.length) logEvent({ event: "campaign_segment_lead_unreadable", campaignId: config.id, count: listed.length - leads.length });
  return store.leads.add(leads);
}
