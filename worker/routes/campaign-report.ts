// The compliance report of one campaign, from the records themselves: what it dialled,
// how many conversations it had, how many live answers it abandoned (today, over the
// rolling 30 days the law measures, and in the chosen period), and every dial the engine
// refused with its reason and next eligible time, also as a CSV download.
//
// Counted in Postgres, not by loading rows: a busy campaign has far more calls in 30
// days than a Worker should hold (objects/campaign/compliance/report.ts does the same
// sums over rows it is handed; the shape here follows it).
import { and, count, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { reasonLabel } from "../../domain/refusal-reasons";
import { DAY_MS, localDayOf, startOfLocalDay } from "../../objects/campaign/compliance/local-time";
import type { RefusalReason } from "../../domain/refusal-reasons";
import { REFUSAL_REASONS } from "../../domain/refusal-reasons";
import { LEGAL_ABANDON_CAP_PERCENT } from "../../domain/legal";
import { skipsCsv } from "../campaigns/skips-csv";
import type { Queryable } from "../../db/client";
import { accounts, calls, complianceSkips } from "../../db/schema";
import { idParam } from "../http/params";
import { campaignReportRoute } from "../http/contracts/campaigns";
import { defineRoute, member } from "../http/route-table";
import { findCampaign } from "./campaigns";
import { timeZoneField } from "./validation";
import { abandonRate } from "../../domain/metrics";
import { withNamedExplanations } from "../calls/record-names";

export const RECENT_SKIPS_SHOWN = 50;
export const MAX_CSV_ROWS = 50_000;
const ABANDON_WINDOW_MS = 30 * DAY_MS;

const instant = z.iso.datetime({ offset: true, message: "an ISO 8601 instant, like 2026-11-30T00:00:00Z" });

defineRoute(campaignReportRoute, {
  summary: "The campaign's compliance report (JSON, or its skips as CSV with ?format=csv)",
  access: member("supervisor"),
  resource: "campaign",
  query: z
    .strictObject({
      from: instant.optional(),
      to: instant.optional(),
      /** Whose calendar "today" is. */
      timeZone: timeZoneField.default("UTC"),
      format: z.enum(["json", "csv"]).default("json"),
    })
    .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: "must be after from", path: ["to"] }),
  handler: async (c, { query }) => {
    const organizationId = c.var.identity.organizationId;
    const campaign = await findCampaign(c.var.db, organizationId, idParam(c, "Campaign"));
    const scope = { organizationId, campaignId: campaign.id, from: query.from ? new Date(query.from) : null, to: query.to ? new Date(query.to) : null };

    if (query.format === "csv") {
      const rows = await skipRows(c.var.db, scope, MAX_CSV_ROWS);
      const filename = `campaign-${campaign.id}-skips.csv`;
      return new Response(skipsCsv(rows), {
        headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` },
      });
    }

    const now = Date.now();
    const todayStart = new Date(startOfLocalDay(localDayOf(now, query.timeZone), query.timeZone));
    const [totals, windows, skipCounts, recentSkips] = await Promise.all([
      callTotals(c.var.db, scope),
      abandonWindows(c.var.db, scope, todayStart, new Date(now - ABANDON_WINDOW_MS)),
      skipsByReason(c.var.db, scope),
      skipRows(c.var.db, scope, RECENT_SKIPS_SHOWN),
    ]);
    const capPercent = campaign.abandonCapPercent;
    const last30Days = abandonFigures(windows.live30d, windows.abandoned30d);
    return c.json({
      report: {
        campaign: { id: campaign.id, name: campaign.name, status: campaign.status, abandonCapPercent: capPercent },
        period: { from: scope.from, to: scope.to },
        timeZone: query.timeZone,
        generatedAt: new Date(now),
        attempts: totals.attempts,
        accountsDialed: totals.accountsDialed,
        conversations: totals.conversations,
        liveAnswered: totals.liveAnswered,
        abandoned: totals.abandoned,
        abandon: {
          inPeriod: abandonFigures(totals.liveAnswered, totals.abandoned),
          today: abandonFigures(windows.liveToday, windows.abandonedToday),
          last30Days,
          capPercent,
          legalCapPercent: LEGAL_ABANDON_CAP_PERCENT,
          // Judged over the rolling 30 days, as the law measures; no live answers yet is within.
          withinCap: last30Days.rate === null ? last30Days.abandoned === 0 : last30Days.rate * 100 <= capPercent,
        },
        skips: skipCounts,
        recentSkips,
      },
    });
  },
});

interface ReportScope {
  organizationId: string;
  campaignId: string;
  from: Date | null;
  to: Date | null;
}

/** The counts with their rate (domain/metrics.ts: null before the first live answer). */
function abandonFigures(liveAnswered: number, abandoned: number) {
  return { liveAnswered, abandoned, rate: abandonRate({ liveAnswered, abandoned }) };
}

function callsInScope(scope: ReportScope): SQL | undefined {
  return and(
    eq(calls.organizationId, scope.organizationId),
    eq(calls.campaignId, scope.campaignId),
    scope.from ? gte(calls.createdAt, scope.from) : undefined,
    scope.to ? lt(calls.createdAt, scope.to) : undefined,
  );
}

async function callTotals(db: Queryable, scope: ReportScope) {
  const [row] = await db
    .select({
      attempts: sql<number>`count(*)::int`,
      accountsDialed: sql<number>`count(distinct ${calls.accountId})::int`,
      conversations: sql<number>`(count(*) filter (where ${calls.bridgedAt} is not null))::int`,
      liveAnswered: sql<number>`(count(*) filter (where ${calls.liveAnswered}))::int`,
      abandoned: sql<number>`(count(*) filter (where ${calls.abandoned}))::int`,
    })
    .from(calls)
    .where(callsInScope(scope));
  return row ?? { attempts: 0, accountsDialed: 0, conversations: 0, liveAnswered: 0, abandoned: 0 };
}

/** Today and the rolling 30 days, whatever period the report covers. */
async function abandonWindows(db: Queryable, scope: ReportScope, todayStart: Date, windowStart: Date) {
  const today = sql`${calls.createdAt} >= ${todayStart.toISOString()}::timestamptz`;
  const [row] = await db
    .select({
      liveToday: sql<number>`(count(*) filter (where ${calls.liveAnswered} and ${today}))::int`,
      abandonedToday: sql<number>`(count(*) filter (where ${calls.abandoned} and ${today}))::int`,
      live30d: sql<number>`(count(*) filter (where ${calls.liveAnswered}))::int`,
      abandoned30d: sql<number>`(count(*) filter (where ${calls.abandoned}))::int`,
    })
    .from(calls)
    .where(and(eq(calls.organizationId, scope.organizationId), eq(calls.campaignId, scope.campaignId), gte(calls.createdAt, windowStart)));
  return row ?? { liveToday: 0, abandonedToday: 0, live30d: 0, abandoned30d: 0 };
}

function skipsInScope(scope: ReportScope): SQL | undefined {
  return and(
    eq(complianceSkips.organizationId, scope.organizationId),
    eq(complianceSkips.campaignId, scope.campaignId),
    scope.from ? gte(complianceSkips.occurredAt, scope.from) : undefined,
    scope.to ? lt(complianceSkips.occurredAt, scope.to) : undefined,
  );
}

/** Every rule in priority order (zeros included, so the report shows what never fired), then any other reason recorded. */
async function skipsByReason(db: Queryable, scope: ReportScope) {
  const rows = await db
    .select({ reason: complianceSkips.reason, count: count() })
    .from(complianceSkips)
    .where(skipsInScope(scope))
    .groupBy(complianceSkips.reason);
  const counted = new Map(rows.map((r) => [r.reason, r.count]));
  const known: readonly string[] = REFUSAL_REASONS;
  const byReason = [
    ...REFUSAL_REASONS.map((reason) => ({ reason, label: reasonLabel(reason), count: counted.get(reason) ?? 0 })),
    ...rows.filter((r) => !known.includes(r.reason)).map((r) => ({ reason: r.reason, label: r.reason, count: r.count })),
  ];
  return { total: rows.reduce((sum, r) => sum + r.count, 0), byReason };
}

async function skipRows(db: Queryable, scope: ReportScope, limit: number) {
  const rows = await db
    .select({
      id: complianceSkips.id,
      occurredAt: complianceSkips.occurredAt,
      accountId: complianceSkips.accountId,
      accountName: accounts.name,
      phone: complianceSkips.phone,
      reason: complianceSkips.reason,
      explanation: complianceSkips.explanation,
      nextEligibleAt: complianceSkips.nextEligibleAt,
    })
    .from(complianceSkips)
    .leftJoin(accounts, and(eq(accounts.id, complianceSkips.accountId), eq(accounts.organizationId, scope.organizationId)))
    .where(skipsInScope(scope))
    .orderBy(desc(complianceSkips.occurredAt), desc(complianceSkips.id))
    .limit(limit);
  return withNamedExplanations(
    db,
    scope.organizationId,
    rows.map((r) => ({ ...r, reasonLabel: labelOf(r.reason) })),
  );
}

function labelOf(reason: string): string {
  return (REFUSAL_REASONS as readonly string[]).includes(reason) ? reasonLabel(reason as RefusalReason) : reason;
}
