// The campaign list (GET /api/campaigns). A refused or failed list is shown on the page.
import { api, errorMessage } from "$lib/api";
import type { PageLoad } from "./$types";

export const load: PageLoad = async ({ fetch, depends }) => {
  depends("app:campaigns");
  try {
    return { page: await api.get("/api/campaigns", { query: { limit: 200 }, fetch }), loadError: null };
  } catch (e) {
    return { page: null, loadError: errorMessage(e) };
  }
};
