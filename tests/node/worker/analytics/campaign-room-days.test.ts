// The live campaign room and the KPI report count the same "today": a day of the
// organisation's calendar (domain/calendar-days.ts), not UTC's. A Chicago organisation's
// campaign dials at 17:00 and at 23:30 on 24 November (Chicago time; the second is already
// the 25th in UTC) and refuses a do-not-call lead at 23:30. At 23:45 the room (the campaign's
// own storage, on SQLite as the CampaignActor keeps it) and the KPI report (over Postgres,
// holding the same calls, and the skip as the campaign's outbox writes it) give the same
// numbers for the day; after Chicago's midnight both start a new day.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, calls } from "../../../../db/schema";
import { writeCampaignRows } from "../../../../db/writers/campaign-records";
import { resolveCall } from "../../../../objects/campaign/call-outcomes";
import { campaignSnapshot } from "../../../../objects/campaign/campaign-snapshot";
import type { CampaignStorage } from "../../../../objects/campaign/campaign-storage";
import { takeLeads } from "../../../../objects/campaign/lead-dialing";
import type { CampaignConfig, CampaignSnapshot } from "../../../../objects/campaign/protocol";
import { loadKpis } from "../../../../worker/analytics/kpi-queries";
import { config, lead, openCampaignStore, outcome, queuedRows } from "../../objects/campaign/campaign-fixtures";
import { connectedDialerCall, KPI_TIME_ZONE, startKpiFixture, type KpiFixture } from "../../support/kpi-fixture";

/** A Chicago wall-clock time in November 2026 (CST, UTC−6). */
const chicago = (day: number, time: string) => new Date(`2026-11-${day}T${time}:00-06:00`).getTime();
const FIRST_DIAL = chicago(24, "17:00");
const LATE_DIAL = chicago(24, "23:30");
// Ten in the morning and half past three in the afternoon for the callees (UTC+10, no DST): inside the calling window.
const CALLEE_ZONE = "Australia/Brisbane";

let fixture: KpiFixture;
let store: CampaignStorage;
let roomConfig: CampaignConfig;

beforeAll(async () => {
  fixture = await startKpiFixture("Room days", ["Ada"]);
  const db = fixture.handle.db;
  const organizationId = fixture.organizationId;
  const [agentId] = fixture.agentIds as [string];
  const [first, late, listed] = await db
    .insert(accounts)
    .values(["First", "Late", "Listed"].map((name, n) => ({ organizationId, name, phones: [`+1555010010${n}`] })))
    .returning({ id: accounts.id });
  roomConfig = { ...config, id: fixture.campaignId, organizationId, timeZone: KPI_TIME_ZONE };
  store = await openCampaignStore();
  store.meta.set("config", roomConfig);
  const leadOf = (accountId: string, n: number, extra: Parameters<typeof lead>[1] = {}) => lead(accountId, { phones: [`+1555010010${n}`], timeZone: CALLEE_ZONE, ...extra });

  // 17:00: the first lead is dialled, a person answers, Ada talks 50 s.
  store.leads.add([leadOf(first!.id, 0, { balanceDueCents: 30_000 }), leadOf(late!.id, 1, { balanceDueCents: 20_000 })]);
  const [firstSpec] = takeLeads(store, roomConfig, 1, FIRST_DIAL);
  resolveCall(store, outcome(firstSpec!.id, first!.id, firstSpec!.to, "human", { dialedAtMs: FIRST_DIAL, answeredAtMs: FIRST_DIAL + 5_000, humanAtMs: FIRST_DIAL + 6_000, agentUserId: agentId, connectedAtMs: FIRST_DIAL + 10_000, endedAtMs: FIRST_DIAL + 60_000 }), FIRST_DIAL + 60_000);
  // 23:30: a lead on the do-not-call list arrives first in line and is refused; the next is dialled, answered, and abandoned.
  store.leads.add([leadOf(listed!.id, 2, { balanceDueCents: 90_000, doNotCall: true })]);
  const [lateSpec] = takeLeads(store, roomConfig, 1, LATE_DIAL);
  expect(lateSpec!.accountId).toBe(late!.id);
  resolveCall(store, outcome(lateSpec!.id, late!.id, lateSpec!.to, "human", { dialedAtMs: LATE_DIAL, answeredAtMs: LATE_DIAL + 5_000, humanAtMs: LATE_DIAL + 6_000, abandoned: true, endedAtMs: LATE_DIAL + 30_000 }), LATE_DIAL + 30_000);

  // The record: the same two calls as the calls write them, and the skip through the campaign's outbox writer.
  await db.insert(calls).values([
    connectedDialerCall(organizationId, agentId, new Date(FIRST_DIAL), "refused", { id: firstSpec!.id, campaignId: fixture.campaignId, accountId: first!.id }),
    connectedDialerCall(organizationId, null, new Date(LATE_DIAL), "refused", {
      id: lateSpec!.id,
      campaignId: fixture.campaignId,
      accountId: late!.id,
      bridgedAt: null,
      endedAt: new Date(LATE_DIAL + 30_000),
      abandoned: true,
      disposition: null,
      outcome: "abandoned",
    }),
  ]);
  await writeCampaignRows(db, queuedRows(store).map((queued) => queued.row));
});

afterAll(async () => {
  await fixture?.stop();
});

const reportFor = async (day: string) =>
  (await loadKpis(fixture.handle.db, { ...fixture.scope(day, day), campaignId: fixture.campaignId, today: day }, "campaign")).totals;

/** Every number the room and the report both show, side by side. */
function expectSameNumbers(room: CampaignSnapshot["stats"], report: Awaited<ReturnType<typeof reportFor>>): void {
  expect({ dials: report.dials, connects: report.connects }).toEqual({ dials: room.dialsToday, connects: room.conversationsToday });
  expect(report.abandon.period).toEqual(room.abandonToday);
  expect(report.abandon.rolling30d).toEqual(room.abandon30d);
  expect(report.ahtSeconds ?? 0).toBeCloseTo(room.ahtSeconds, 6);
  expect(report.complianceSkips?.byReason).toEqual(room.skipsToday);
}

describe("the room's today and the report's today", () => {
  it("at 23:45 in Chicago (05:45 the next day in UTC) both count the whole Chicago day", async () => {
    const now = chicago(24, "23:45");
    expect(new Date(now).toISOString().slice(0, 10)).toBe("2026-11-25");
    const room = campaignSnapshot(store, now)!.stats;
    // Both calls and the 23:30 skip are today's: a UTC day would have shown 1 dial and the 17:00 call's talk alone.
    expect(room).toMatchObject({ timeZone: KPI_TIME_ZONE, dialsToday: 2, conversationsToday: 1, abandonToday: { liveAnswered: 2, abandoned: 1, rate: 0.5 }, skipsToday: { dnc_account: 1 } });
    const report = await reportFor("2026-11-24");
    expect(report).toMatchObject({ dials: 2, connects: 1, abandon: { period: { liveAnswered: 2, abandoned: 1, rate: 0.5 } }, complianceSkips: { total: 1, byReason: { dnc_account: 1 } } });
    // Talk 50 s and the default 30 s wrap-up over one connect.
    expect(report.ahtSeconds).toBe(80);
    expectSameNumbers(room, report);
  });

  it("after Chicago's midnight both start a new day, the rolling 30 days still holding the last", async () => {
    const now = chicago(25, "00:15");
    const room = campaignSnapshot(store, now)!.stats;
    expect(room).toMatchObject({ dialsToday: 0, conversationsToday: 0, abandonToday: { liveAnswered: 0, abandoned: 0, rate: null }, abandon30d: { liveAnswered: 2, abandoned: 1 }, skipsToday: {} });
    expectSameNumbers(room, await reportFor("2026-11-25"));
  });
});
