// The compliance report of one campaign (GET /api/campaigns/:id/report) for the period in the
// URL (?from&to, local dates), counted on the viewer's calendar for "today".
import { error } from "@sveltejs/kit";
import { api, ApiError } from "$lib/api";
import { readReportPeriod, reportQuery } from "$lib/campaign-report";
import type { PageLoad } from "./$types";

export const load: PageLoad = async ({ fetch, params, url }) => {
  const period = readReportPeriod(url.searchParams);
  const query = reportQuery(period, Intl.DateTimeFormat().resolvedOptions().timeZone);
  try {
    const { report } = await api.get("/api/campaigns/:id/report", { params: { id: params.id }, query, fetch });
    return { period, query, report, loadError: null };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400 || e.status === 403)) {
      return { period, query, report: null, loadError: e.status === 404 ? null : e.message };
    }
    if (e instanceof ApiError) error(e.status >= 400 && e.status <= 599 ? e.status : 503, { message: e.message, code: e.code });
    throw e;
  }
};
