// An agent's scorecard facts and the "compliance skips caused" KPI against a real PostgreSQL
// (worker/analytics/scorecard-queries.ts, kpi-queries.ts), on the Chicago fixture, every
// number worked out by hand below. Skips go in through the campaign's outbox writer, naming
// the agent who caused them (domain/kpis.ts skipCausedBy); the customers' sentiment is each
// call's summary as live intelligence writes it (call_sentiment_summaries). Days are Chicago's:
// 23:45 on the 10th is the 10th, 00:30 on the 11th is not.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { callSentimentSummaries, calls, complianceSkips, teamMembers, teams } from "../../../../db/schema";
import { writeCampaignRows } from "../../../../db/writers/campaign-records";
import type { RefusalReason } from "../../../../domain/refusal-reasons";
import { scoreAgent } from "../../../../domain/scorecard";
import { loadKpis } from "../../../../worker/analytics/kpi-queries";
import { loadAgentFacts } from "../../../../worker/analytics/scorecard-queries";
import { connectedDialerCall, KPI_TIME_ZONE, startKpiFixture, type KpiFixture } from "../../support/kpi-fixture";

/** A Chicago wall-clock time in November 2026 (CST, UTC−6). */
const chicago = (day: number, time: string) => new Date(`2026-11-${day}T${time}:00-06:00`);
const DAY = "2026-11-10";

let fixture: KpiFixture;
let xena = "";
let yuri = "";
let teamId = "";

beforeAll(async () => {
  fixture = await startKpiFixture("Scorecard facts", ["Xena", "Yuri"]);
  const db = fixture.handle.db;
  const organizationId = fixture.organizationId;
  const campaignId = fixture.campaignId;
  [xena, yuri] = fixture.agentIds as [string, string];
  const [team] = await db.insert(teams).values({ organizationId, name: "Evenings" }).returning();
  teamId = team!.id;
  await db.insert(teamMembers).values({ teamId, organizationId, userId: xena, role: "member" });

  // [agent, when, the customer's mean sentiment, segments scored]
  const seeded: [string, Date, number, number][] = [
    [xena, chicago(10, "09:00"), -0.6, 4],
    [xena, chicago(10, "12:00"), 0, 3],
    // Live intelligence heard nothing it could score: a connect, but no sentiment.
    [xena, chicago(10, "14:00"), 0, 0],
    // 05:30 UTC on the 11th: the 10th in Chicago, the newest of the day.
    [xena, chicago(10, "23:30"), 0.4, 5],
    // The 11th in Chicago: outside the period.
    [xena, chicago(11, "00:30"), -1, 2],
    [yuri, chicago(10, "10:00"), 0.9, 6],
  ];
  const rows = seeded.map(([agent, at]) => connectedDialerCall(organizationId, agent, at, "refused", { campaignId }));
  await db.insert(calls).values(rows);
  await db.insert(callSentimentSummaries).values(
    seeded.map(([, at, averageScore, scoredSegments], n) => ({ callId: rows[n]!.id, organizationId, averageScore, minScore: averageScore, maxScore: averageScore, scoredSegments, objections: 0, alerts: 0, createdAt: at })),
  );

  const skip = (reason: RefusalReason, at: Date, agentUserId: string | null) => ({
    table: "skip" as const,
    row: { id: randomUUID(), organizationId, campaignId, phone: "+15550100100", reason, explanation: "refused", occurredAt: at, agentUserId },
  });
  await writeCampaignRows(db, [
    // Xena's Dial after the window closed, and on a time the consumer said is inconvenient (23:45: still the 10th).
    skip("outside_calling_window", chicago(10, "21:01"), xena),
    skip("inconvenient_time", chicago(10, "23:45"), xena),
    // Xena's, but on the 11th in Chicago.
    skip("outside_calling_window", chicago(11, "00:30"), xena),
    // Yuri's one; the dialer's own refusal, nobody's.
    skip("outside_calling_window", chicago(10, "21:30"), yuri),
    skip("dnc_org", chicago(10, "12:00"), null),
    // An agent removed from the organisation since: the skip is kept, unattributed, and the outbox is not stuck on it.
    skip("inconvenient_time", chicago(10, "13:00"), randomUUID()),
  ]);
});

afterAll(async () => {
  await fixture?.stop();
});

const period = { from: DAY, to: DAY };

describe("an agent's scorecard facts", () => {
  it("counts the skips the agent caused on the organisation's days, and each scored connect's sentiment, oldest first", async () => {
    const facts = await loadAgentFacts(fixture.handle.db, { organizationId: fixture.organizationId, timeZone: KPI_TIME_ZONE, ...period }, xena);
    // Four connects on the 10th; two skips caused (21:01 and 23:45); three calls scored (14:00's had no scored segment).
    expect(facts).toMatchObject({ connects: 4, complianceSkipsCaused: 2, callSentiments: [-0.6, 0, 0.4] });

    const card = scoreAgent(
      [
        { kind: "sentiment_trend", weight: 1 },
        { kind: "compliance_skips_caused", weight: 1, maxPerHundredConnects: 100 },
      ],
      { ...facts, evaluationPercents: [] },
    );
    expect(card.criteria.map((c) => [c.kind, c.score, c.detail])).toEqual([
      // Mean −0.0667: 100 × 0.9333 ÷ 2 = 46.7; the later call +0.4 against the earlier −0.6.
      ["sentiment_trend", 46.7, "mean −0.07 over 3 calls; rising (+1.00 from the earlier half of the calls to the later)"],
      // 2 per 4 connects is 50 per 100, half the allowed 100.
      ["compliance_skips_caused", 50, "2 skips caused over 4 connects"],
    ]);
  });

  it("keeps a skip whose agent is gone, naming nobody", async () => {
    const kept = await fixture.handle.db.select().from(complianceSkips).where(eq(complianceSkips.organizationId, fixture.organizationId));
    expect(kept).toHaveLength(6);
    expect(kept.filter((s) => s.agentUserId === null).map((s) => s.reason).sort()).toEqual(["dnc_org", "inconvenient_time"]);
  });
});

describe("the compliance skips caused KPI", () => {
  const kpis = (over: Partial<ReturnType<KpiFixture["scope"]>>, groupBy: Parameters<typeof loadKpis>[2]) =>
    loadKpis(fixture.handle.db, { ...fixture.scope(DAY, DAY), ...over }, groupBy);

  it("by agent and by team: each agent's own, and the team's members'", async () => {
    const byAgent = await kpis({}, "agent");
    expect(byAgent.rows.map((r) => [r.label, r.complianceSkipsCaused])).toEqual([
      ["Xena", 2],
      ["Yuri", 1],
    ]);
    // The dialer's skip and the removed agent's count in the skips, not in those caused.
    expect(byAgent.totals).toMatchObject({ complianceSkipsCaused: 3, complianceSkips: { total: 5 } });
    const byTeam = await kpis({}, "team");
    expect(byTeam.rows.map((r) => [r.label, r.complianceSkipsCaused])).toEqual([
      ["Evenings", 2],
      ["No team", 1],
    ]);
    expect((await kpis({ teamId, showSkips: false }, "day")).totals.complianceSkipsCaused).toBe(2);
  });

  it("for one agent's own view, by campaign and by day", async () => {
    expect((await kpis({ agentId: yuri, showSkips: false }, "day")).totals).toMatchObject({ complianceSkipsCaused: 1, complianceSkips: null });
    expect((await kpis({}, "campaign")).rows.map((r) => [r.label, r.complianceSkipsCaused])).toEqual([["November", 3]]);
    expect((await kpis({}, "day")).rows.map((r) => [r.key, r.complianceSkipsCaused])).toEqual([[DAY, 3]]);
  });
});
