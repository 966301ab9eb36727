// The payments ledger: the filters come from the URL, the first page from GET /api/payments,
// and whether the Stripe simulator serves payments from GET /api/health. A refused or failed
// list is shown on the page (filters still usable), not as an error page.
import { api, errorMessage } from "$lib/api";
import { paymentQuery, readPaymentFilters } from "$lib/payments-view";
import type { PageLoad } from "./$types";

export const load: PageLoad = async ({ fetch, url, depends }) => {
  depends("app:payments");
  const filters = readPaymentFilters(url.searchParams);
  const health = api.get("/api/health", { fetch }).catch(() => null);
  try {
    const page = await api.get("/api/payments", { query: paymentQuery(filters), fetch });
    return { filters, page, loadError: null, paymentsMode: (await health)?.payments.mode ?? null };
  } catch (e) {
    return { filters, page: null, loadError: errorMessage(e), paymentsMode: (await health)?.payments.mode ?? null };
  }
};
