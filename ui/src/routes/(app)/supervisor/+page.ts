// The campaigns on the floor (running or paused) for the board's links to their live rooms.
// A failed list leaves the board itself working; the page says the list did not load.
import { api, errorMessage } from "$lib/api";
import type { PageLoad } from "./$types";

export const load: PageLoad = async ({ fetch }) => {
  try {
    const page = await api.get("/api/campaigns", { query: { limit: 200 }, fetch });
    const live = page.campaigns.filter((campaign) => campaign.status === "running" || campaign.status === "paused");
    return { liveCampaigns: live, campaignsError: null };
  } catch (e) {
    return { liveCampaigns: [], campaignsError: errorMessage(e) };
  }
};
