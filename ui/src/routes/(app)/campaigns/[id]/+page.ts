// One campaign (GET /api/campaigns/:id).
import { loadCampaign } from "$lib/campaign-load";
import type { PageLoad } from "./$types";

export const load: PageLoad = async ({ fetch, params, depends }) => {
  depends("app:campaign");
  return { detail: await loadCampaign(fetch, params.id) };
};
