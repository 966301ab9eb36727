// Loading one campaign for its pages (detail, edit, report). "Not found" (an unknown id, or
// another organisation's campaign, which the API hides) is shown inside the console, not as the
// bare error page.
import { error } from "@sveltejs/kit";
import { api, ApiError } from "./api";
import type { CampaignDetail } from "$contracts/campaigns";

export async function loadCampaign(fetchFn: typeof fetch, id: string): Promise<CampaignDetail | null> {
  try {
    return await api.get("/api/campaigns/:id", { params: { id }, fetch: fetchFn });
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return null;
    if (e instanceof ApiError) error(e.status >= 400 && e.status <= 599 ? e.status : 503, { message: e.message, code: e.code });
    throw e;
  }
}
