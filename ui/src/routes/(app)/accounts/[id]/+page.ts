// One account's page (GET /api/accounts/:id): the account, its debts and its last calls.
// "Not found" is shown inside the console, not as the bare error page.
import { error } from "@sveltejs/kit";
import { api, ApiError } from "$lib/api";
import type { PageLoad } from "./$types";

export const load: PageLoad = async ({ fetch, params }) => {
  try {
    return { detail: await api.get("/api/accounts/:id", { params: { id: params.id }, fetch }) };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return { detail: null };
    if (e instanceof ApiError) error(e.status >= 400 && e.status <= 599 ? e.status : 503, { message: e.message, code: e.code });
    throw e;
  }
};
