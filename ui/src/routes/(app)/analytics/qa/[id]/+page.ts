// One call to score: its record (recording, transcript), the organisation's forms in use
// (a retired form scores no new calls) and the evaluations it has had.
import { error } from "@sveltejs/kit";
import { api, ApiError } from "$lib/api";
import type { PageLoad } from "./$types";

export const load: PageLoad = async ({ fetch, params, depends }) => {
  depends("app:qa-call");
  try {
    const [{ call }, { forms }, { evaluations }] = await Promise.all([
      api.get("/api/calls/:id", { params: { id: params.id }, fetch }),
      api.get("/api/qa/forms", { fetch }),
      api.get("/api/calls/:id/evaluations", { params: { id: params.id }, fetch }),
    ]);
    return { call, forms: forms.filter((form) => form.retiredAt === null), evaluations };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return { call: null, forms: [], evaluations: [] };
    if (e instanceof ApiError) error(e.status >= 400 && e.status <= 599 ? e.status : 503, { message: e.message, code: e.code });
    throw e;
  }
};
