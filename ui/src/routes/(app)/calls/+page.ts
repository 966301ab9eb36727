// Call history: the filters and page come from the URL; the list from GET /api/calls. A refused
// or failed list is shown on the page (with the filters still usable), not as an error page.
import { api, errorMessage } from "$lib/api";
import { callListQuery, readCallFilters } from "$lib/call-filters";
import type { PageLoad } from "./$types";

export const load: PageLoad = async ({ fetch, url, depends }) => {
  depends("app:calls");
  const filters = readCallFilters(url.searchParams);
  try {
    const page = await api.get("/api/calls", { query: callListQuery(filters), fetch });
    return { filters, page, loadError: null };
  } catch (e) {
    return { filters, page: null, loadError: errorMessage(e) };
  }
};
