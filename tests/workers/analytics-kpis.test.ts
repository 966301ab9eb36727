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
  /** Dialled and still ringing: nobody has answered yet, and it has not ended. */
  ringing?: boolean;
  disposition?: string;
  dispositionDetails?: Record<string, unknown>;
}

/** Inserts the calls; their ids, in order. */
async function seedCalls(organizationId: string, seeded: SeededCall[]): Promise<string[]> {
  const ids = seeded.map(() => crypto.randomUUID());
  await withDatabase((db) =>
    db.insert(calls).values(
      seeded.map((s, index) => {
        const createdAt = new Date(s.at);
        const bridgedAt = s.talkSeconds === undefined ? null : new Date(createdAt.getTime() + 10_000);
        const endedAt = s.talkSeconds === "open" || s.ringing ? null : new Date((bridgedAt ?? createdAt).getTime() + (typeof s.talkSeconds === "number" ? s.talkSeconds * 1000 : 20_000));
        const direction = s.direction ?? "outbound";
        return {
          id: ids[index]!,
          organizationId,
          direction,
          kind: direction === "inbound" ? ("inbound" as const) : ("dialer" as const),
          toNumber: "+15550100001",
          fromNumber: "+15550001000",
          agentUserId: s.agentUserId ?? null,
          campaignId: s.campaignId ?? null,
          status: s.ringing ? ("ringing" as const) : endedAt ? ("completed" as const) : ("bridged" as const),
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
  return ids;
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
  it("declares no KPI unavailable now, and sends every definition", async () => {
    const answer = await kpis(ny.members.supervisor, `${PERIOD}&groupBy=day`);
    // The ledger gives the payment KPIs (tests/node/worker/analytics/payment-kpis.test.ts works them out by hand),
    // agents' presence history and the AI's events the rest (tests/node/worker/analytics/agent-kpis.test.ts).
    expect(answer.body.unavailable).toEqual([]);
    expect(answer.body.totals).toMatchObject({ paymentsCollected: { count: 0, amountCents: 0 }, conversion: { converted: 0, rate: 0 }, promiseKept: { kept: 0 } });
    // Nobody in these organisations logged in through the pool, and no call was the AI's: zeros and no rates, not 0 %.
    expect(answer.body.totals).toMatchObject({
      presence: { loggedInSeconds: 0, idleSeconds: 0, occupancy: null, contactsPerAgentHour: null },
      ai: { handled: 0, takenOver: 0, takeoverRate: null },
    });
    expect(answer.body.totals).not.toHaveProperty("occupancy");
    for (const key of ["ahtSeconds", "occupancy", "idleSeconds", "contactsPerAgentHour", "aiHandledCalls", "aiTakeoverRate"]) {
      expect(answer.body.definitions.find((d: { key: string }) => d.key === key), key).toMatchObject({ needs: null });
    }
    expect(answer.body.definitions.find((d: { key: string }) => d.key === "occupancy")).toMatchObject({ unit: "fraction" });
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

// One day of calls in Chicago (UTC−6 in November; midnight is 06:00 UTC), every KPI worked
// out by hand below: a call that spans midnight counts on the day it was dialled, talk and
// all; two dispositions are changed after their calls through the API, and the KPIs follow
// the change; the next day has dials that nobody has answered yet, so it has no abandon
// rate and no AHT (not 0).
describe("a seeded day, every number by hand", () => {
  let chicago: TestOrg;
  let campaign: string;
  let changedToRefused: string;
  let changedToPromise: string;
  const DAY = "from=2026-11-19&to=2026-11-21&groupBy=day";

  beforeAll(async () => {
    chicago = await createOrgWithEveryRole("KPI Chicago");
    expect((await call(chicago.owner, "PATCH", "/api/organization", { timeZone: "America/Chicago", wrapUpSeconds: 20 })).status).toBe(200);
    campaign = await seedCampaign(chicago.organizationId, 30);
    const a = chicago.members.agent.userId;
    const b = chicago.members.supervisor.userId;
    const ids = await seedCalls(chicago.organizationId, [
      // p1: 23:50 on the 19th, bridged 23:50:10, talks 600 s past midnight into the 20th: all of it counts on the 19th.
      { at: "2026-11-20T05:50:00Z", campaignId: campaign, agentUserId: a, live: true, talkSeconds: 600, disposition: "callback", dispositionDetails: { callbackAt: "2026-11-23T15:00:00Z" } },
      // d1: 08:00, 180 s, promised $75, changed to refused after the call (below).
      { at: "2026-11-20T14:00:00Z", campaignId: campaign, agentUserId: a, live: true, talkSeconds: 180, disposition: "promise_to_pay", dispositionDetails: { promiseDate: "2026-11-30", promiseAmountCents: 7500 } },
      // d2: 09:00, 120 s, wrong number, changed to a $40 promise after the call (below).
      { at: "2026-11-20T15:00:00Z", campaignId: campaign, agentUserId: a, live: true, talkSeconds: 120, disposition: "wrong_number" },
      // d3: 10:00, answered by a person, no agent within 2 s: abandoned.
      { at: "2026-11-20T16:00:00Z", campaignId: campaign, live: true, abandoned: true },
      // d4: 11:00, a machine.
      { at: "2026-11-20T17:00:00Z", campaignId: campaign },
      // d5: 12:00, inbound (not a dial), no campaign: the organisation's 20 s wrap-up; paid.
      { at: "2026-11-20T18:00:00Z", direction: "inbound", agentUserId: b, talkSeconds: 300, disposition: "paid" },
      // d6: 23:59 on the 20th, bridged 23:59:10, talks 240 s into the 21st: all of it counts on the 20th.
      { at: "2026-11-21T05:59:00Z", campaignId: campaign, agentUserId: b, live: true, talkSeconds: 240, disposition: "dispute" },
      // d7: 23:30 on the 20th, still talking: a connect, no talk time, not in AHT.
      { at: "2026-11-21T05:30:00Z", campaignId: campaign, agentUserId: a, live: true, talkSeconds: "open" },
      // n1: 09:00 on the 21st, still ringing: nobody has answered yet.
      { at: "2026-11-21T15:00:00Z", campaignId: campaign, ringing: true },
      // n2: 10:00 on the 21st, a machine.
      { at: "2026-11-21T16:00:00Z", campaignId: campaign },
    ]);
    [changedToRefused, changedToPromise] = [ids[1]!, ids[2]!];
  });

  it("counts the day as dispositioned at first, then follows dispositions changed after the call", async () => {
    const before = await kpis(chicago.members.supervisor, DAY);
    expect(before.status).toBe(200);
    // d1 (promise), d5 (paid), d6 (dispute) are right-party; d2 (wrong number) is not.
    expect(before.body.rows[1]).toMatchObject({ key: "2026-11-20", rightPartyContacts: 3, promisesToPay: { count: 1, amountCents: 7500 } });

    const refused = await call(chicago.owner, "PATCH", `/api/calls/${changedToRefused}`, { disposition: "refused" });
    expect(refused.status, JSON.stringify(refused.body)).toBe(200);
    const promised = await call(chicago.owner, "PATCH", `/api/calls/${changedToPromise}`, { disposition: "promise_to_pay", dispositionDetails: { promiseDate: "2026-12-01", promiseAmountCents: 4000 } });
    expect(promised.status, JSON.stringify(promised.body)).toBe(200);

    const answer = await kpis(chicago.members.supervisor, DAY);
    expect(answer.body.timeZone).toBe("America/Chicago");
    const [nov19, nov20, nov21] = answer.body.rows;
    // The 19th: p1 alone. 600 s talk + the campaign's 30 s wrap-up.
    expect(nov19).toMatchObject({
      key: "2026-11-19", dials: 1, connects: 1, rightPartyContacts: 1, talkSeconds: 600, ahtSeconds: 630,
      abandon: { period: figures(1, 0), rolling30d: figures(1, 0) },
      promisesToPay: { count: 0, amountCents: 0 },
    });
    // The 20th. Dials: d1 d2 d3 d4 d6 d7 (d5 is inbound) = 6. Connects: d1 d2 d5 d6 d7 = 5.
    // Right-party: d1 refused, d2 promise, d5 paid, d6 dispute = 4 (d7 has none yet).
    // Talk: 180 + 120 + 300 + 240 = 840. AHT over the 4 ended connects:
    // (180+30 + 120+30 + 300+20 + 240+30) / 4 = 950 / 4 = 237.5.
    // Live answered: d1 d2 d3 d6 d7 = 5, abandoned d3 = 1. Rolling 30 days adds p1: 6 and 1.
    // Promises: only d2's $40 (d1's $75 promise was changed to refused).
    expect(nov20).toMatchObject({
      key: "2026-11-20", dials: 6, connects: 5, rightPartyContacts: 4, talkSeconds: 840, ahtSeconds: 237.5,
      abandon: { period: figures(5, 1), rolling30d: figures(6, 1) },
      promisesToPay: { count: 1, amountCents: 4000 },
      complianceSkips: { total: 0, byReason: {} },
    });
    // The 21st: n1 ringing, n2 a machine. Nobody answered yet: no abandon rate and no AHT, not 0.
    expect(nov21).toMatchObject({
      key: "2026-11-21", dials: 2, connects: 0, rightPartyContacts: 0, talkSeconds: 0, ahtSeconds: null,
      abandon: { period: { liveAnswered: 0, abandoned: 0, rate: null }, rolling30d: figures(6, 1) },
    });
    // The three days: AHT (630 + 950) / 5 = 316.
    expect(answer.body.totals).toMatchObject({
      dials: 9, connects: 6, rightPartyContacts: 5, talkSeconds: 1440, ahtSeconds: 316,
      abandon: { period: figures(6, 1), rolling30d: figures(6, 1) },
      promisesToPay: { count: 1, amountCents: 4000 },
    });
  });
});
