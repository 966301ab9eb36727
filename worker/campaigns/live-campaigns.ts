// Telling the organisation's running and paused campaigns about a change they must act
// on at once: a number put on a do-not-call list, an account's consent or details
// edited. The change is already stored; the campaigns learn it here so their next
// dial honours it, and would reload it anyway on their next start or resume.
import { and, eq, inArray } from "drizzle-orm";
import type { AppContext } from "../http/route-table";
import { campaigns } from "../../db/schema";
import type { CampaignActor } from "../../objects/campaign/CampaignActor";
import { campaignActorStub } from "../../objects/shared/actor-stubs";

export async function tellLiveCampaigns(c: AppContext, change: string, act: (actor: DurableObjectStub<CampaignActor>) => Promise<unknown>, onlyCampaignId?: string | null): Promise<void> {
  const organizationId = c.var.identity.organizationId;
  const rows = await c.var.db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(
      and(
        eq(campaigns.organizationId, organizationId),
        inArray(campaigns.status, ["running", "paused"]),
        onlyCampaignId ? eq(campaigns.id, onlyCampaignId) : undefined,
      ),
    );
  await Promise.all(
    rows.map(async ({ id }) => {
      try {
        await act(campaignActorStub(c.env, organizationId, id));
      } catch (error) {
        console.log(JSON.stringify({ event: "campaign_not_told", change, campaignId: id, error: String(error) }));
      }
    }),
  );
}
