// The KPIs API against real Postgres: calls seeded around New York's fall-back (1 November
// 2026, a 25-hour day) in an organisation on New York's calendar, and the same instants in
// one on Tokyo's; every number below is counted by hand from the seeded calls.
import { beforeAll, describe, expect, it } from "vitest";
import { campaigns, calls, complianceSkips } from "../../db/schema";
import { call } from "./support/client";
import { withDatabase } from "./support/database";
import { createOrgWithEveryRole, type TestOrg } from "./support/orgs";

interface SeededCall {
  at: string;
  campaignId?: string | null;
  agentUserId?: string | null;
  direction?: "outbound" | "inbound";
  live?: boolean;
  abandoned?: boolean;
  /** Seconds of talk after the bridge; "open": bridged, not ended yet. */
  talkSeconds?: number | "open";
  disposition?: string;
  dispositionDetails?: Record<string, unknown>;
}

async function seedCalls(organizationId: string, seeded: SeededCall[]): Promise<void> {
  await withDatabase((db) =>
    db.insert(calls).values(
      seeded.map((s) => {
        const createdAt = new Date(s.at);
        const bridgedAt = s.talkSeconds === undefined ? null : new Date(createdAt.getTime() + 10_000);
        const endedAt = s.talkSeconds === "open" ? null : new Date((bridgedAt ?? createdAt).getTime() + (typeof s.talkSeconds === "number" ? s.talkSeconds * 1000 : 20_000));
        const direction = s.direction ?? "outbound";
        return {
          id: crypto.randomUUID(),
          organizationId,
          direction,
          kind: direction === "inbound" ? ("inbound" as const) : ("dialer" as const),
          toNumber: "+15550100001",
          fromNumber: "+15550001000",
          agentUserId: s.agentUserId ?? null,
          campaignId: s.campaignId ?? null,
          status: endedAt ? ("completed" as const) : ("bridged" as const),
          createdAt,
          answeredAt: s.live || bridgedAt ? createdAt : null,
          bridgedAt,
          endedAt,
          liveAnswered: s.live ?? false,
          abandoned: s.abandoned ?? false,
          disposition: s.disposition ?? null,
          dispositionDetails: (s.dispositionDetails ?? null) as never,
          version: 1,
        };
      }),
    ),
  );
}

async function seedCampaign(organizationId: string, wrapUpSeconds: number): Promise<string> {
  const [row] = await withDatabase((db) =>
    db.insert(campaigns).values({ organizationId, name: "Autumn arrears", safeHarborMessage: "Sorry we missed you.", wrapUpSeconds }).returning({ id: campaigns.id }),
  );
  return row!.id;
}

let ny: TestOrg;
let tokyo: TestOrg;
let c1: string;
const kpis = (who: Parameters<typeof call>[0], query: string) => call(who, "GET", `/api/analytics/kpis?${query}`);
const PERIOD = "from=2026-10-31&to=2026-11-02";

beforeAll(async () => {
  [ny, tokyo] = await Promise.all([createOrgWithEveryRole("KPI NY"), createOrgWithEveryRole("KPI Tokyo")]);
  for (const [org, timeZone] of [[ny, "America/New_York"], [tokyo, "Asia/Tokyo"]] as const) {
    const set = await call(org.owner, "PATCH", "/api/organization", { timeZone, wrapUpSeconds: 20 });
    expect(set.status).toBe(200);
    expect(set.body.organization.timeZone).toBe(timeZone);
  }
  c1 = await seedCampaign(ny.organizationId, 30);
  const x = ny.members.agent.userId;
  const y = ny.members.admin.userId;
  await seedCalls(ny.organizationId, [
    // Before the period: only the rolling 30 days see them (Oct 3 is in Nov 1's window, not Nov 2's).
    { at: "2026-10-03T12:00:00Z", campaignId: c1, live: true, abandoned: true },
    { at: "2026-10-05T12:00:00Z", campaignId: c1, live: true, abandoned: true },
    // a: Oct 31, a promise to pay of $50.00.
    { at: "2026-10-31T15:00:00Z", campaignId: c1, agentUserId: x, live: true, talkSeconds: 120, disposition: "promise_to_pay", dispositionDetails: { promiseDate: "2026-11-15", promiseAmountCents: 5000 } },
    // b: 23:30 on Oct 31 in New York (Nov 1 in UTC), abandoned.
    { at: "2026-11-01T03:30:00Z", campaignId: c1, live: true, abandoned: true },
    // c: 00:30 EDT on Nov 1, wrong number.
    { at: "2026-11-01T04:30:00Z", campaignId: c1, agentUserId: x, live: true, talkSeconds: 60, disposition: "wrong_number" },
    // e: a machine on Nov 1.
    { at: "2026-11-01T16:00:00Z", campaignId: c1 },
    // d: 23:30 EST on Nov 1 (an offset fixed at EDT would say Nov 2), a manual call: the organisation's wrap-up.
    { at: "2026-11-02T04:30:00Z", agentUserId: y, live: true, talkSeconds: 300, disposition: "callback", dispositionDetails: { callbackAt: "2026-11-03T15:00:00Z" } },
    // f: 00:30 EST on Nov 2, inbound, first promised then paid: the current disposition counts.
    { at: "2026-11-02T05:30:00Z", direction: "inbound", agentUserId: x, talkSeconds: 90, disposition: "paid" },
    // g: Nov 2, bridged and still talking: a connect, no talk time yet.
    { at: "2026-11-02T12:00:00Z", campaignId: c1, agentUserId: x, live: true, talkSeconds: "open" },
  ]);
  await withDatabase((db) =>
    db.insert(complianceSkips).values([
      { id: `kpi-${crypto.randomUUID()}`, organizationId: ny.organizationId, campaignId: c1, phone: "+15550100002", reason: "dnc_org", explanation: "on the list", occurredAt: new Date("2026-11-01T12:00:00Z") },
      // 23:45 EST on Nov 1.
      { id: `kpi-${crypto.randomUUID()}`, organizationId: ny.organizationId, campaignId: c1, phone: "+15550100003", reason: "calling_window", explanation: "too late", occurredAt: new Date("2026-11-02T04:45:00Z") },
    ]),
  );
  await seedCalls(tokyo.organizationId, [
    { at: "2026-11-01T03:30:00Z", live: true, abandoned: true },
    { at: "2026-11-01T04:30:00Z", agentUserId: tokyo.members.agent.userId, live: true, talkSeconds: 60 },
    { at: "2026-11-02T04:30:00Z", live: true, talkSeconds: 300 },
    { at: "2026-11-02T05:30:00Z", direction: "inbound", talkSeconds: 90 },
  ]);
});

const figures = (liveAnswered: number, abandoned: number) => ({ liveAnswered, abandoned, rate: liveAnswered === 0 ? null : abandoned / liveAnswered });

describe("KPIs by day in the organisation's time zone", () => {
  it("draws New York's days across the fall-back and counts every KPI as by hand", async () => {
    const answer = await kpis(ny.members.supervisor, `${PERIOD}&groupBy=day`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ timeZone: "America/New_York", from: "2026-10-31", to: "2026-11-02", groupBy: "day", ownCallsOnly: false });
    const [oct31, nov1, nov2] = answer.body.rows;
    expect(answer.body.rows.map((r: { key: string }) => r.key)).toEqual(["2026-10-31", "2026-11-01", "2026-11-02"]);
    expect(oct31).toMatchObject({
      dials: 2, connects: 1, rightPartyContacts: 1, talkSeconds: 120, ahtSeconds: 150,
      abandon: { period: figures(2, 1), rolling30d: figures(4, 3) },
      promisesToPay: { count: 1, amountCents: 5000 },
      complianceSkips: { total: 0, byReason: {} },
    });
    expect(nov1).toMatchObject({
      dials: 3, connects: 2, rightPartyContacts: 1, talkSeconds: 360, ahtSeconds: (360 + 30 + 20) / 2,
      abandon: { period: figures(2, 0), rolling30d: figures(6, 3) },
      promisesToPay: { count: 0, amountCents: 0 },
      complianceSkips: { total: 2, byReason: { dnc_org: 1, calling_window: 1 } },
    });
    expect(nov2).toMatchObject({
      dials: 1, connects: 2, rightPartyContacts: 1, talkSeconds: 90, ahtSeconds: 110,
      abandon: { period: figures(1, 0), rolling30d: figures(6, 2) },
      promisesToPay: { count: 0, amountCents: 0 },
      complianceSkips: { total: 0, byReason: {} },
    });
    expect(answer.body.totals).toMatchObject({
      key: "total", firstDay: "2026-10-31", lastDay: "2026-11-02",
      dials: 6, connects: 5, rightPartyContacts: 3, talkSeconds: 570, ahtSeconds: (570 + 30 + 30 + 20 + 20) / 4,
      abandon: { period: figures(5, 1), rolling30d: figures(6, 2) },
      promisesToPay: { count: 1, amountCents: 5000 },
      complianceSkips: { total: 2 },
    });
  });

  it("draws Tokyo's days for the same instants, and sees none of New York's calls", async () => {
    const answer = await kpis(tokyo.members.supervisor, `${PERIOD}&groupBy=day`);
    expect(answer.body.timeZone).toBe("Asia/Tokyo");
    expect(answer.body.rows.map((r: { key: string; dials: number; connects: number }) => [r.key, r.dials, r.connects])).toEqual([
      ["2026-10-31", 0, 0],
      ["2026-11-01", 2, 1],
      ["2026-11-02", 1, 2],
    ]);
    expect(answer.body.rows[1].abandon.period).toEqual(figures(2, 1));
    expect(answer.body.totals).toMatchObject({ dials: 3, connects: 3, talkSeconds: 450, complianceSkips: { total: 0 } });
  });

  it("gives a week row per ISO week, clipped to the period", async () => {
    const answer = await kpis(ny.members.supervisor, `${PERIOD}&groupBy=week`);
    expect(answer.body.rows.map((r: { key: string; firstDay: string; lastDay: string; dials: number }) => [r.key, r.firstDay, r.lastDay, r.dials])).toEqual([
      ["2026-10-26", "2026-10-31", "2026-11-01", 5],
      ["2026-11-02", "2026-11-02", "2026-11-02", 1],
    ]);
  });
});

describe("KPIs by campaign and by agent", () => {
  it("gives each campaign its own numbers and rolling 30 days, and calls of no campaign their own row", async () => {
    const answer = await kpis(ny.members.supervisor, `${PERIOD}&groupBy=campaign`);
    const byKey = new Map(answer.body.rows.map((r: { key: string | null }) => [r.key, r]));
    expect(byKey.get(c1)).toMatchObject({
      label: "Autumn arrears", dials: 5, connects: 3, rightPartyContacts: 1, talkSeconds: 180, ahtSeconds: 120,
      abandon: { period: figures(4, 1), rolling30d: figures(5, 2) },
      complianceSkips: { total: 2 },
    });
    expect(byKey.get(null)).toMatchObject({ label: "No campaign", dials: 1, connects: 2, rightPartyContacts: 2, talkSeconds: 390, ahtSeconds: 215, complianceSkips: { total: 0 } });
  });

  it("gives each agent their calls, and no compliance skips (they belong to campaigns)", async () => {
    const answer = await kpis(ny.members.supervisor, `${PERIOD}&groupBy=agent`);
    const byKey = new Map(answer.body.rows.map((r: { key: string | null }) => [r.key, r]));
    expect(byKey.get(ny.members.agent.userId)).toMatchObject({ label: "agent person", dials: 3, connects: 4, rightPartyContacts: 2, talkSeconds: 270, complianceSkips: null });
    expect(byKey.get(ny.members.admin.userId)).toMatchObject({ dials: 1, connects: 1, talkSeconds: 300 });
    expect(byKey.get(null)).toMatchObject({ label: "No agent", dials: 2, connects: 0 });
  });

  it("filters by campaign", async () => {
    const answer = await kpis(ny.members.supervisor, `${PERIOD}&groupBy=day&campaignId=${c1}`);
    expect(answer.body.totals).toMatchObject({ dials: 5, connects: 3, complianceSkips: { total: 2 } });
    expect(answer.body.campaignId).toBe(c1);
  });

  it("shows an agent only their own calls, whatever agent they ask for", async () => {
    const answer = await kpis(ny.members.agent, `${PERIOD}&groupBy=day&agentId=${ny.members.admin.userId}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ownCallsOnly: true, agentId: ny.members.agent.userId });
    expect(answer.body.totals).toMatchObject({ dials: 3, connects: 4, talkSeconds: 270, complianceSkips: null });
  });
});

describe("what the KPIs cannot say yet, and bad parameters", () => {
  it("declares the KPIs whose data is not recorded, with what they need, and every definition", async () => {
    const answer = await kpis(ny.members.supervisor, `${PERIOD}&groupBy=day`);
    const unavailable = answer.body.unavailable.map((u: { kpi: string; needs: string }) => [u.kpi, u.needs]);
    expect(unavailable).toEqual(
      expect.arrayContaining([["occupancy", "agent_presence_history"], ["paymentsCollected", "payments"], ["aiHandledCalls", "ai_agent"]]),
    );
    expect(answer.body.totals).not.toHaveProperty("occupancy");
    expect(answer.body.definitions.find((d: { key: string }) => d.key === "ahtSeconds")).toMatchObject({ unit: "seconds", needs: null });
  });

  it("without parameters answers the last 7 days by day, ending today on the organisation's calendar", async () => {
    const answer = await kpis(tokyo.members.supervisor, "");
    expect(answer.status).toBe(200);
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo" }).format(new Date());
    expect(answer.body).toMatchObject({ groupBy: "day", to: today, timeZone: "Asia/Tokyo" });
    expect(answer.body.rows).toHaveLength(7);
    expect(answer.body.rows.at(-1).key).toBe(today);
  });

  it.each([
    ["groupBy=hour&from=2026-11-01&to=2026-11-02", "groupBy", /day, week, campaign, agent, team/],
    ["groupBy=team&from=2026-11-01&to=2026-11-02&teamId=nope", "teamId", /team id/],
    ["groupBy=day&from=2026-13-01&to=2026-11-02", "from", /date/],
    ["groupBy=day&from=2026-11-03&to=2026-11-02", "to", /before from/],
    ["groupBy=day&from=2025-01-01&to=2026-11-02", "to", /366 days/],
    ["groupBy=day&from=2026-11-01&to=2026-11-02&campaignId=nope", "campaignId", /./],
    ["groupBy=day&from=2026-11-01&to=2026-11-02&sort=dials", "sort", /unknown field/],
  ])("answers 400 naming the field for %s", async (query, field, reason) => {
    const answer = await kpis(ny.members.supervisor, query);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("validation_failed");
    const named = answer.body.error.fields.find((f: { path: string; message: string }) => f.path === field);
    expect(named, JSON.stringify(answer.body.error)).toBeDefined();
    expect(`${named.message} ${answer.body.error.message}`).toMatch(reason);
  });
});
