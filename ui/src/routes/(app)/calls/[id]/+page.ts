// One call's record (GET /api/calls/:id). "Not found" (including another agent's call, which
// the API hides) is shown inside the console, not as the bare error page.
import { error } from "@sveltejs/kit";
import { api, ApiError } from "$lib/api";
import type { PageLoad } from "./$types";

export const load: PageLoad = async ({ fetch, params, depends }) => {
  depends("app:call");
  try {
    const { call } = await api.get("/api/calls/:id", { params: { id: params.id }, fetch });
    return { call };
  } catch (e) {
    // 400: not a call id at all; 404: no such call in this organisation (for you).
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return { call: null };
    if (e instanceof ApiError) error(e.status >= 400 && e.status <= 599 ? e.status : 503, { message: e.message, code: e.code });
    throw e;
  }
};
