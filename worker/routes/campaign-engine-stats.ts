// The engine's own timings for one campaign, for the scale rehearsal (bench/rehearse/,
// issue 18): its CampaignActor's pacing tick (duration, lateness against its alarm) and
// its organisation's AgentPoolActor's reservation latency, each kept in the actor's memory
// (objects/shared/timing-samples.ts). Read only; supervisors of the campaign's organisation.
import { agentPoolStub } from "../../objects/shared/actor-stubs";
import { campaignEngineStats } from "../http/contracts/campaigns";
import { idParam } from "../http/params";
import { defineRoute, member } from "../http/route-table";
import { askActor, campaignActor, findCampaign } from "./campaigns";

defineRoute(campaignEngineStats, {
  summary: "The engine's timings for this campaign: its pacing tick's duration and lateness, its pool's reservation latency (the scale rehearsal)",
  access: member("supervisor"),
  resource: "campaign",
  handler: async (c) => {
    const row = await findCampaign(c.var.db, c.var.identity.organizationId, idParam(c, "Campaign"));
    // A draft never ran: its actor has nothing to say.
    const [campaign, pool] = await Promise.all([
      row.status === "draft" ? null : askActor(c, "engine stats", () => campaignActor(c.env, row).engineStats()),
      askActor(c, "engine stats", () => agentPoolStub(c.env, row.organizationId).engineStats()),
    ]);
    return c.json({ campaign, pool });
  },
});
