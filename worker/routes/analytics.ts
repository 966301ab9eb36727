// GET /api/analytics/kpis: the KPIs of domain/kpis.ts over a period of the organisation's
// calendar, grouped by day, week, campaign, agent or team (the agent's team now), computed in Postgres
// (worker/analytics/kpi-queries.ts). Supervisors and above see everyone's calls; an agent
// sees only their own, whatever they ask for.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { organizations } from "../../db/schema";
import { KPI_DEFINITIONS, UNAVAILABLE_KPIS, type KpiDefinition } from "../../domain/kpis";
import { hasRole } from "../../domain/roles";
import { loadKpis } from "../analytics/kpi-queries";
import { periodFields, periodOf, refinePeriod, todayIn } from "../analytics/period";
import { getKpis } from "../http/contracts/analytics";
import { defineRoute, member } from "../http/route-table";

export const kpiQuery = refinePeriod(
  z.strictObject({
    ...periodFields,
    groupBy: z.enum(["day", "week", "campaign", "agent", "team"], { message: "one of day, week, campaign, agent, team" }).default("day"),
    campaignId: z.uuid("a campaign id").optional(),
    agentId: z.uuid("an agent's user id").optional(),
    teamId: z.uuid("a team id").optional(),
  }),
);

const definitions = (Object.entries(KPI_DEFINITIONS) as [string, KpiDefinition][]).map(([key, d]) => ({
  key,
  name: d.name,
  unit: d.unit,
  formula: d.formula,
  counts: d.counts,
  needs: d.needs ?? null,
}));

defineRoute(getKpis, {
  summary: "KPIs by day, week, campaign, agent or team over dates of the organisation's calendar (default: the last 7 days by day; agents: their own calls)",
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
    const teamId = query.teamId ?? null;
    const timeZone = organization?.timeZone ?? "UTC";
    const { from, to } = periodOf(query, timeZone);
    const { rows, totals } = await loadKpis(
      c.var.db,
      // Skips belong to campaigns: not shown when the answer is about one agent's calls.
      { organizationId: identity.organizationId, timeZone, from, to, campaignId, agentId, teamId, showSkips: agentId === null && teamId === null, today: todayIn(timeZone) },
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
      teamId,
      rows,
      totals,
      unavailable: UNAVAILABLE_KPIS,
      definitions,
      generatedAt: new Date().toISOString(),
    });
  },
});
