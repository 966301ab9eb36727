// GET /api/analytics/kpis: the KPIs of domain/kpis.ts over a period of the organisation's
// calendar, grouped by day, week, campaign or agent, computed in Postgres
// (worker/analytics/kpi-queries.ts). Supervisors and above see everyone's calls; an agent
// sees only their own, whatever they ask for.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { organizations } from "../../db/schema";
import { KPI_DEFINITIONS, UNAVAILABLE_KPIS, type KpiDefinition } from "../../domain/kpis";
import { hasRole } from "../../domain/roles";
import { loadKpis } from "../analytics/kpi-queries";
import { getKpis } from "../http/contracts/analytics";
import { defineRoute, member } from "../http/route-table";

/** A year and a day: a leap year's whole calendar, and no more in one answer. */
export const MAX_KPI_DAYS = 366;
const DAY_MS = 86_400_000;

const localDate = z.iso.date("a date of the organisation's calendar, like 2026-11-30");

/** Without dates: the last 7 days of the organisation's calendar, today included. */
export const DEFAULT_KPI_DAYS = 7;

export const kpiQuery = z
  .strictObject({
    from: localDate.optional(),
    to: localDate.optional(),
    groupBy: z
      .enum(["day", "week", "campaign", "agent"], {
        message: "one of day, week, campaign, agent (team needs teams, which are not recorded yet)",
      })
      .default("day"),
    campaignId: z.uuid("a campaign id").optional(),
    agentId: z.uuid("an agent's user id").optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "must not be before from", path: ["to"] })
  .refine((q) => !q.from || !q.to || daysBetween(q.from, q.to) < MAX_KPI_DAYS, { message: `at most ${MAX_KPI_DAYS} days after from`, path: ["to"] });

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS;
const addDays = (date: string, days: number) => new Date(Date.parse(date) + days * DAY_MS).toISOString().slice(0, 10);
/** Today's date on the zone's calendar (en-CA writes YYYY-MM-DD). */
const todayIn = (timeZone: string) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());

/** The period asked for, completed from today in the organisation's zone; a given date may not pull the other past the limit. */
function periodOf(query: z.infer<typeof kpiQuery>, timeZone: string): { from: string; to: string } {
  const to = query.to ?? (query.from ? laterOf(todayIn(timeZone), query.from) : todayIn(timeZone));
  const from = query.from ?? addDays(to, -(DEFAULT_KPI_DAYS - 1));
  const clippedTo = daysBetween(from, to) >= MAX_KPI_DAYS ? addDays(from, MAX_KPI_DAYS - 1) : to;
  return { from, to: clippedTo };
}
const laterOf = (a: string, b: string) => (a > b ? a : b);

const definitions = (Object.entries(KPI_DEFINITIONS) as [string, KpiDefinition][]).map(([key, d]) => ({
  key,
  name: d.name,
  unit: d.unit,
  formula: d.formula,
  counts: d.counts,
  needs: d.needs ?? null,
}));

defineRoute(getKpis, {
  summary: "KPIs by day, week, campaign or agent over dates of the organisation's calendar (default: the last 7 days by day; agents: their own calls)",
  access: member("agent"),
  query: kpiQuery,
  handler: async (c, { query }) => {
    const identity = c.var.identity;
    const [organization] = await c.var.db
      .select({ timeZone: organizations.timeZone })
      .from(organizations)
      .where(eq(organizations.id, identity.organizationId));
    // An agent's view is their own calls, whatever agentId says; a key without a person has no calls of its own.
    const ownCallsOnly = !hasRole(identity.role, "supervisor");
    const agentId = ownCallsOnly ? (identity.userId ?? "00000000-0000-0000-0000-000000000000") : (query.agentId ?? null);
    const campaignId = query.campaignId ?? null;
    const timeZone = organization?.timeZone ?? "UTC";
    const { from, to } = periodOf(query, timeZone);
    const { rows, totals } = await loadKpis(
      c.var.db,
      // Skips belong to campaigns: not shown when the answer is about one agent's calls.
      { organizationId: identity.organizationId, timeZone, from, to, campaignId, agentId, showSkips: agentId === null },
      query.groupBy,
    );
    return c.json({
      timeZone,
      from,
      to,
      groupBy: query.groupBy,
      ownCallsOnly,
      campaignId,
      agentId,
      rows,
      totals,
      unavailable: UNAVAILABLE_KPIS,
      definitions,
      generatedAt: new Date().toISOString(),
    });
  },
});
