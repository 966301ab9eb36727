// The compliance report's period: local dates in the page URL (?from=2026-11-01&to=2026-11-30,
// both days included) ⇄ the API's instants (from at the first day's midnight, to at the midnight
// after the last day, on the viewer's clock).
export interface ReportPeriod {
  /** "YYYY-MM-DD" or "" for open. */
  from: string;
  to: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readReportPeriod(params: URLSearchParams): ReportPeriod {
  const read = (name: string) => {
    const value = params.get(name) ?? "";
    return DATE.test(value) ? value : "";
  };
  return { from: read("from"), to: read("to") };
}

/** The page URL's search for a period ("" when open). */
export function periodSearch(period: ReportPeriod): string {
  const params = new URLSearchParams();
  if (period.from) params.set("from", period.from);
  if (period.to) params.set("to", period.to);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The API query for a period: instants at local midnights, and whose calendar "today" is. */
export function reportQuery(period: ReportPeriod, timeZone: string): string {
  const params = new URLSearchParams({ timeZone });
  if (period.from) params.set("from", localMidnight(period.from, 0).toISOString());
  if (period.to) params.set("to", localMidnight(period.to, 1).toISOString());
  return params.toString();
}

function localMidnight(date: string, plusDays: number): Date {
  const [year, month, day] = date.split("-").map(Number);
  return new Date(year!, month! - 1, day! + plusDays);
}
