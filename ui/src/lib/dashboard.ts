// The role home dashboards' pure parts: which dashboard a role gets, the date-range presets
// (days of the organisation's calendar, so "today" is the organisation's today), the bars a
// chart draws from KPI rows, and what an empty dashboard tells the user to do. Every number
// comes from GET /api/analytics/kpis (computed in Postgres); nothing here sums or divides.
import type { KpiRow } from "../../../worker/http/contracts/analytics";
import type { Role } from "../../../domain/roles";
import { addCalendarDays, dayIn } from "../../../domain/calendar-days";

export type DashboardKind = "my_day" | "teams_today" | "business_month" | "none";

/** Agents: their own day; supervisors: their teams and campaigns today; owners and admins: the business this month. Viewers read reports, not KPIs. */
export function dashboardKindFor(role: Role): DashboardKind {
  if (role === "owner" || role === "admin") return "business_month";
  if (role === "supervisor") return "teams_today";
  if (role === "agent") return "my_day";
  return "none";
}

export const DASHBOARD_TITLES: Record<DashboardKind, string> = {
  my_day: "My day",
  teams_today: "My teams and campaigns",
  business_month: "The business this month",
  none: "Dashboard",
};

export type RangePreset = "today" | "last_7_days" | "last_30_days" | "this_month";

export const RANGE_PRESETS: { preset: RangePreset; label: string }[] = [
  { preset: "today", label: "Today" },
  { preset: "last_7_days", label: "Last 7 days" },
  { preset: "last_30_days", label: "Last 30 days" },
  { preset: "this_month", label: "This month" },
];

export const DEFAULT_PRESET: Record<DashboardKind, RangePreset> = {
  my_day: "today",
  teams_today: "today",
  business_month: "this_month",
  none: "today",
};

export interface DateRange {
  /** Dates of the organisation's calendar, both included (YYYY-MM-DD). */
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

/** Today's date on the zone's calendar: the day the reports and the campaign room count (domain/calendar-days.ts). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return dayIn(timeZone, now.getTime());
}

export function rangeOf(preset: RangePreset, today: string): DateRange {
  switch (preset) {
    case "today":
      return { from: today, to: today };
    case "last_7_days":
      return { from: addCalendarDays(today, -6), to: today };
    case "last_30_days":
      return { from: addCalendarDays(today, -29), to: today };
    case "this_month":
      return { from: `${today.slice(0, 8)}01`, to: today };
  }
}

/**
 * The presets a range is (the picker shows each pressed): on the 7th of a month "Last 7 days"
 * and "This month" are the same days, and the one the page chose must show pressed either way.
 */
export function presetsOf(range: DateRange, today: string): RangePreset[] {
  return RANGE_PRESETS.filter(({ preset }) => {
    const r = rangeOf(preset, today);
    return r.from === range.from && r.to === range.to;
  }).map(({ preset }) => preset);
}

/** Why a typed range cannot be asked for, or null (the API answers the same, but the picker says it first). */
export function rangeProblem(range: DateRange): string | null {
  const date = /^\d{4}-\d{2}-\d{2}$/;
  if (!date.test(range.from) || !date.test(range.to)) return "Pick both dates.";
  if (range.to < range.from) return "The end is before the start.";
  if ((Date.parse(range.to) - Date.parse(range.from)) / DAY_MS >= 366) return "At most 366 days.";
  return null;
}

export type ChartMetric = "dials" | "connects" | "rightPartyContacts" | "promisedCents" | "abandonRate" | "ahtSeconds";

export const CHART_METRIC_LABELS: Record<ChartMetric, string> = {
  dials: "Dials",
  connects: "Connects",
  rightPartyContacts: "Right-party contacts",
  promisedCents: "Promised",
  abandonRate: "Abandon rate",
  ahtSeconds: "AHT",
};

export interface Bar {
  key: string;
  label: string;
  /** Null: the KPI has no value for this row (no answers yet: no rate), drawn as no bar, never as 0. */
  value: number | null;
}

function valueOf(row: KpiRow, metric: ChartMetric): number | null {
  switch (metric) {
    case "dials":
      return row.dials;
    case "connects":
      return row.connects;
    case "rightPartyContacts":
      return row.rightPartyContacts;
    case "promisedCents":
      return row.promisesToPay.amountCents;
    case "abandonRate":
      return row.abandon.period.rate;
    case "ahtSeconds":
      return row.ahtSeconds;
  }
}

const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;

/** One bar per KPI row, in the API's order; day rows are labelled MM-DD. */
export function barsOf(rows: readonly KpiRow[], metric: ChartMetric, options: { onlyKeys?: ReadonlySet<string> } = {}): Bar[] {
  return rows
    .filter((row) => !options.onlyKeys || (row.key !== null && options.onlyKeys.has(row.key)))
    .map((row) => ({ key: row.key ?? "none", label: DAY_KEY.test(row.label) ? row.label.slice(5) : row.label, value: valueOf(row, metric) }));
}

/** The chart's value as words: counts as they are, cents as dollars, a rate as a percentage, seconds as s. */
export function formatMetric(metric: ChartMetric, value: number | null): string {
  if (value === null) return "–";
  if (metric === "promisedCents") return (value / 100).toLocaleString("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
  if (metric === "abandonRate") return `${(value * 100).toFixed(1)} %`;
  if (metric === "ahtSeconds") return `${Math.round(value)} s`;
  return String(value);
}

/** Nothing happened in the range: no dial, no connect, no skip. */
export const isEmptyPeriod = (totals: KpiRow) => totals.dials === 0 && totals.connects === 0 && (totals.complianceSkips?.total ?? 0) === 0;

export interface EmptyState {
  message: string;
  action: { href: string; label: string } | null;
}

/** What an empty dashboard says to do, by who is looking and whether the range is only today. */
export function emptyStateFor(kind: DashboardKind, range: DateRange, today: string): EmptyState {
  const when = range.from === today && range.to === today ? "today" : "in these dates";
  switch (kind) {
    case "my_day":
      return { message: `You have no calls ${when}. Open your workspace and set yourself Available: the dialer sends calls to you there.`, action: { href: "/agent", label: "Open my workspace" } };
    case "teams_today":
      return { message: `No calls ${when}. Start a campaign, or pick a longer range to see earlier days.`, action: { href: "/campaigns", label: "Go to campaigns" } };
    case "business_month":
      return { message: `No calls ${when}. Import accounts and start a campaign; the numbers appear here as calls are made.`, action: { href: "/campaigns", label: "Go to campaigns" } };
    case "none":
      return { message: "Dashboards show the KPIs of agents and above. Saved reports are under Reports.", action: { href: "/analytics/reports", label: "Open reports" } };
  }
}

/** The teams a supervisor supervises; when none, the dashboard says so and shows every team. */
export function supervisedTeamIds(teams: readonly { id: string; supervisors: readonly { userId: string }[] }[], userId: string | null): Set<string> {
  return new Set(teams.filter((t) => userId !== null && t.supervisors.some((s) => s.userId === userId)).map((t) => t.id));
}
