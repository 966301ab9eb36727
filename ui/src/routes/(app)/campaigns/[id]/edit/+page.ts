// The campaign being edited (GET /api/campaigns/:id).
import { loadCampaign } from "$lib/campaign-load";
import type { PageLoad } from "./$types";

export const load: PageLoad = async ({ fetch, params }) => ({ detail: await loadCampaign(fetch, params.id) });
