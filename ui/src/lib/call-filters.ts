// The call history's filters and page, as they live in the page URL (shareable, back-button
// friendly) and as GET /api/calls takes them. Dates are the viewer's local calendar days.
import { CALL_STATUSES, type CallStatus } from "$domain/call-status";
import { CALL_ORIGINS, CALL_OUTCOMES, type CallOrigin, type CallOutcome } from "$domain/call-outcome";

export const CALLS_PAGE_SIZE = 25;

export interface CallFilters {
  status: CallStatus | "";
  direction: "outbound" | "inbound" | "";
  /** What the call was (dialer, preview, manual, inbound): GET /api/calls `kind`. */
  kind: CallOrigin | "";
  outcome: CallOutcome | "";
  /** E.164, matched against either end of the call. */
  number: string;
  agentId: string;
  /** yyyy-mm-dd, inclusive local days. */
  since: string;
  until: string;
  /** 1-based. */
  page: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Unknown or malformed values are dropped, so a hand-edited URL never makes the API refuse the page. */
export function readCallFilters(params: URLSearchParams): CallFilters {
  const status = params.get("status") ?? "";
  const direction = params.get("direction") ?? "";
  const day = (name: string) => {
    const value = params.get(name) ?? "";
    return DAY.test(value) && localDayStart(value) !== null ? value : "";
  };
  const page = Number(params.get("page") ?? "1");
  return {
    status: (CALL_STATUSES as readonly string[]).includes(status) ? (status as CallStatus) : "",
    direction: direction === "outbound" || direction === "inbound" ? direction : "",
    kind: oneOf(CALL_ORIGINS, params.get("kind")),
    outcome: oneOf(CALL_OUTCOMES, params.get("outcome")),
    number: (params.get("number") ?? "").trim().slice(0, 20),
    agentId: /^[0-9a-f-]{36}$/i.test(params.get("agentId") ?? "") ? (params.get("agentId") ?? "") : "",
    since: day("since"),
    until: day("until"),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** The page URL's query ("?status=busy&page=2"), without defaults; "" when nothing is set. */
export function callFiltersSearch(filters: CallFilters): string {
  const params = new URLSearchParams();
  for (const key of ["status", "direction", "kind", "outcome", "number", "agentId", "since", "until"] as const) {
    if (filters[key]) params.set(key, filters[key]);
  }
  if (filters.page > 1) params.set("page", String(filters.page));
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** The query string for GET /api/calls: local days become ISO instants, the page an offset. */
export function callListQuery(filters: CallFilters): string {
  const params = new URLSearchParams({
    limit: String(CALLS_PAGE_SIZE),
    offset: String((filters.page - 1) * CALLS_PAGE_SIZE),
  });
  if (filters.status) params.set("status", filters.status);
  if (filters.direction) params.set("direction", filters.direction);
  if (filters.kind) params.set("kind", filters.kind);
  if (filters.outcome) params.set("outcome", filters.outcome);
  if (filters.number) params.set("number", filters.number);
  if (filters.agentId) params.set("agentId", filters.agentId);
  const since = filters.since ? localDayStart(filters.since) : null;
  if (since) params.set("since", since.toISOString());
  const untilDayStart = filters.until ? localDayStart(filters.until) : null;
  if (untilDayStart) {
    // Inclusive: up to the last millisecond of that local day (days are not always 24 h long).
    const nextDay = new Date(untilDayStart.getFullYear(), untilDayStart.getMonth(), untilDayStart.getDate() + 1);
    params.set("until", new Date(nextDay.getTime() - 1).toISOString());
  }
  return params.toString();
}

function oneOf<Value extends string>(values: readonly Value[], given: string | null): Value | "" {
  return (values as readonly string[]).includes(given ?? "") ? (given as Value) : "";
}

function localDayStart(day: string): Date | null {
  const [year, month, date] = day.split("-").map(Number);
  if (!year || !month || !date) return null;
  const start = new Date(year, month - 1, date);
  return start.getMonth() === month - 1 ? start : null;
}
