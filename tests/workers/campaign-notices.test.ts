// Durable campaign notices and the confirmation before every dial: a change made through
// the API reaches a running campaign even when the Worker cannot tell it (the notice
// waits in Postgres and the campaign pulls it), a retried notice is applied once, and a
// number Postgres lists is never dialled, whether or not the campaign has heard of it.
// A notice's row is deleted once delivered, and a stopped campaign's with the stop, so
// the table holds only notices a live campaign has still to apply.
// The campaign's actor is made unreachable for notices by standing in for the Worker's
// notice courier; the simulator's record of every leg it rang is the proof of no dial.
// The campaign ticks when the test fires its alarm (support/campaign-clock.ts).
import { env, runDurableObjectAlarm } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { CampaignActor } from "../../objects/campaign/CampaignActor";
import { campaignRoomName, type CampaignSnapshot } from "../../objects/campaign/protocol";
import { noticeCourier } from "../../worker/campaigns/campaign-notices";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { TEST_ACCESS } from "./support/database";
import { calls, campaignNotices, complianceSkips, dncEntries } from "../../db/schema";
import { AgentConsole, waitFor, zoneAtLocalHour } from "./support/agent-console";
import { CallPump, carrierLegsTo, fastCalls } from "./support/carrier";
import { pumpAndTick, stopCampaignsStarted, stopWhenFileEnds, tickUntil } from "./support/campaign-clock";
import { call } from "./support/client";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";

let handle: DatabaseHandle;
beforeAll(() => {
  handle = openDatabase(env, TEST_ACCESS);
});
afterAll(async () => {
  await stopCampaignsStarted();
  await handle.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The Worker cannot reach any campaign's actor with a notice. */
const campaignsUnreachable = () => vi.spyOn(noticeCourier, "deliver").mockRejectedValue(new Error("campaign actor unreachable"));

interface Dialer {
  owner: Member & { organizationId: string };
  agent: AgentConsole;
  campaignId: string;
  accountIds: string[];
  actor: DurableObjectStub<CampaignActor>;
  pump: CallPump;
}

/**
 * A running progressive campaign with one agent over accounts with these phones, dialled
 * in this order (by balance). With `oneAttempt` a lead is closed after its first call
 * whatever became of it, so a test that only asks what was dialled can run the callees
 * fast (fastCalls): a call that ended before the agent was bridged is not tried again.
 */
async function startDialer(accounts: string[][], options: { oneAttempt?: boolean } = {}): Promise<Dialer> {
  const owner = await signUp("Notices");
  const member = await inviteAndJoin(owner, "agent");
  const accountIds: string[] = [];
  for (const [index, phones] of accounts.entries()) {
    const created = await call(owner, "POST", "/api/accounts", { name: `Debtor ${index + 1}`, phones, timeZone: zoneAtLocalHour(12), balanceDueCents: 100_000 - index * 1000, consent: true });
    expect(created.status).toBe(201);
    accountIds.push(created.body.account.id);
  }
  const created = await call(owner, "POST", "/api/campaigns", {
    name: "Notices",
    pacingMode: "progressive",
    agentUserIds: [member.userId],
    accountSelection: { accountIds },
    ...(options.oneAttempt ? { retryMaxAttempts: 1 } : {}),
    // The test console ends each wrap-up by choosing available, which an owed disposition would refuse.
    dispositionRequired: false,
  });
  expect(created.status).toBe(201);
  const campaignId: string = created.body.campaign.id;
  const agent = await AgentConsole.open(owner.organizationId, member);
  await waitFor(() => agent.status === "available", 10_000, "the agent to be available");
  const pump = await CallPump.forOrganization(owner.organizationId).skipArrived();
  expect((await call(owner, "POST", `/api/campaigns/${campaignId}/start`)).status).toBe(200);
  const actor = stopWhenFileEnds(env.CampaignActor.get(env.CampaignActor.idFromName(campaignRoomName(owner.organizationId, campaignId))));
  return { owner, agent, campaignId, accountIds, actor, pump };
}

const snapshotOf = async (dialer: Dialer): Promise<CampaignSnapshot> => (await dialer.actor.snapshot())!;
const campaignCalls = (dialer: Dialer) => handle.db.select().from(calls).where(eq(calls.campaignId, dialer.campaignId));
const noticesOf = (dialer: Dialer) => handle.db.select().from(campaignNotices).where(eq(campaignNotices.campaignId, dialer.campaignId));

/** Carries webhooks and ticks the campaign until the queue is empty, nothing is in flight, and `dialled` calls are over and written. */
async function runToTheEnd(dialer: Dialer, dialled: number): Promise<CampaignSnapshot> {
  let snapshot!: CampaignSnapshot;
  await pumpAndTick(dialer.pump, dialer.actor, async () => {
    snapshot = await snapshotOf(dialer);
    if (snapshot.stats.queueLeft > 0 || snapshot.calls.length > 0) return false;
    const rows = await campaignCalls(dialer);
    return rows.length === dialled && rows.every((r) => r.endedAt !== null);
  }, 40_000);
  return snapshot;
}

describe("a campaign the Worker cannot tell", () => {
  it("never dials a number put on the do-not-call list, and applies the notice itself once it can", async () => {
    await fastCalls(["+15550109101", "+15550109102"]);
    const courier = campaignsUnreachable();
    const dialer = await startDialer([["+15550109101"], ["+15550109102"]], { oneAttempt: true });
    await tickUntil(dialer.actor, async () => (await carrierLegsTo("+15550109101")).length > 0, { what: "the first dial" });
    // The second account asks not to be called while the first call is ringing.
    expect((await call(dialer.owner, "POST", "/api/dnc", { phone: "+15550109102", reason: "asked on another line" })).status).toBe(201);
    expect(courier).toHaveBeenCalled();

    const final = await runToTheEnd(dialer, 1);
    expect(await carrierLegsTo("+15550109102")).toEqual([]);
    expect(final.stats).toMatchObject({ dialsToday: 1, queueLeft: 0 });
    expect(final.stats.skipsToday).toMatchObject({ dnc_org: 1 });
    // The Worker never delivered it: the campaign pulled the notice, and its row is gone.
    await tickUntil(dialer.actor, async () => (await noticesOf(dialer)).length === 0, { what: "the notice to be pulled" });
    dialer.agent.close();
  });

  it("never dials an account whose consent was withdrawn", async () => {
    await fastCalls(["+15550109201", "+15550109202"]);
    campaignsUnreachable();
    const dialer = await startDialer([["+15550109201"], ["+15550109202"]], { oneAttempt: true });
    await tickUntil(dialer.actor, async () => (await carrierLegsTo("+15550109201")).length > 0, { what: "the first dial" });
    expect((await call(dialer.owner, "PATCH", `/api/accounts/${dialer.accountIds[1]}`, { consent: false })).status).toBe(200);

    const final = await runToTheEnd(dialer, 1);
    expect(await carrierLegsTo("+15550109202")).toEqual([]);
    expect(final.stats.skipsToday).toMatchObject({ no_consent: 1 });
    await tickUntil(dialer.actor, async () => (await noticesOf(dialer)).length === 0, { what: "the notice to be pulled" });
    dialer.agent.close();
  });
});

describe("the dial itself", () => {
  it("is confirmed against Postgres: a number listed there that the campaign never heard of is not dialled, and the skip is recorded", async () => {
    await fastCalls(["+15550109301", "+15550109302"]);
    const dialer = await startDialer([["+15550109301"], ["+15550109302"]], { oneAttempt: true });
    await tickUntil(dialer.actor, async () => (await carrierLegsTo("+15550109301")).length > 0, { what: "the first dial" });
    // Listed behind the API's back: no notice exists, so only the confirmation can know.
    await handle.db.insert(dncEntries).values({ organizationId: dialer.owner.organizationId, campaignId: dialer.campaignId, phone: "+15550109302", reason: "listed elsewhere" });

    const final = await runToTheEnd(dialer, 1);
    expect(await carrierLegsTo("+15550109302")).toEqual([]);
    // The dial taken back is not counted as one.
    expect(final.stats).toMatchObject({ dialsToday: 1, queueLeft: 0 });
    expect(final.stats.skipsToday).toMatchObject({ dnc_campaign: 1 });
    await tickUntil(dialer.actor, async () => (await handle.db.select().from(complianceSkips).where(eq(complianceSkips.campaignId, dialer.campaignId))).length === 1, { what: "the skip row" });
    const [skip] = await handle.db.select().from(complianceSkips).where(and(eq(complianceSkips.campaignId, dialer.campaignId), eq(complianceSkips.reason, "dnc_campaign")));
    expect(skip).toMatchObject({ phone: "+15550109302", nextEligibleAt: null });
    dialer.agent.close();
  });
});

describe("a retried disposition notice", () => {
  it("is applied once: a late copy never undoes the newer disposition", async () => {
    const dialer = await startDialer([["+15550109401", "+15550109402"]]);
    await runToTheEnd(dialer, 1);
    const [first] = await campaignCalls(dialer);
    expect((await call(dialer.owner, "POST", `/api/campaigns/${dialer.campaignId}/pause`)).status).toBe(200);

    // "Wrong number" reaches the campaign, but the answer is lost: the notice stays undelivered in Postgres.
    const deliver = noticeCourier.deliver.bind(noticeCourier);
    const lostAnswers = vi.spyOn(noticeCourier, "deliver").mockImplementation(async (...args) => {
      await deliver(...args);
      throw new Error("the answer was lost");
    });
    expect((await call(dialer.owner, "PATCH", `/api/calls/${first!.id}`, { disposition: "wrong_number" })).status).toBe(200);
    lostAnswers.mockRestore();
    const waiting = await noticesOf(dialer);
    expect(waiting).toMatchObject([{ kind: "disposition" }]);
    // Then the agent corrects it: the account paid. Delivered, so its row is deleted; the lost copy still waits.
    expect((await call(dialer.owner, "PATCH", `/api/calls/${first!.id}`, { disposition: "paid" })).status).toBe(200);
    expect((await noticesOf(dialer)).map((n) => n.id)).toEqual([waiting[0]!.id]);

    // On resume the campaign pulls the lost copy: it is older than "paid", so the lead stays closed.
    expect((await call(dialer.owner, "POST", `/api/campaigns/${dialer.campaignId}/resume`)).status).toBe(200);
    await runDurableObjectAlarm(dialer.actor);
    await runDurableObjectAlarm(dialer.actor);
    expect(await noticesOf(dialer)).toEqual([]);
    expect(await carrierLegsTo("+15550109402")).toEqual([]);
    expect((await snapshotOf(dialer)).stats).toMatchObject({ dialsToday: 1, queueLeft: 0 });
    dialer.agent.close();
  });
});

describe("a campaign that stops", () => {
  it("takes its waiting notices with it, and leaves another campaign's waiting", async () => {
    const owner = await signUp("Notices");
    // Never logged in: the campaigns have nobody to dial for, so they only wait.
    const agent = await inviteAndJoin(owner, "agent");
    const created = await call(owner, "POST", "/api/accounts", { name: "Debtor", phones: ["+15550109501"], timeZone: zoneAtLocalHour(12), balanceDueCents: 100_000, consent: true });
    const pausedCampaign = async (name: string) => {
      const campaign = await call(owner, "POST", "/api/campaigns", { name, pacingMode: "progressive", agentUserIds: [agent.userId], accountSelection: { accountIds: [created.body.account.id] } });
      const id: string = campaign.body.campaign.id;
      expect((await call(owner, "POST", `/api/campaigns/${id}/start`)).status).toBe(200);
      stopWhenFileEnds(env.CampaignActor.get(env.CampaignActor.idFromName(campaignRoomName(owner.organizationId, id))));
      // Paused, a campaign is still told of changes but pulls nothing: its notices wait.
      expect((await call(owner, "POST", `/api/campaigns/${id}/pause`)).status).toBe(200);
      return id;
    };
    const stopping = await pausedCampaign("Stopping");
    const staying = await pausedCampaign("Staying");
    campaignsUnreachable();
    expect((await call(owner, "POST", "/api/dnc", { phone: "+15550109502", reason: "asked" })).status).toBe(201);
    const waitingFor = async (campaignId: string) => (await handle.db.select().from(campaignNotices).where(eq(campaignNotices.campaignId, campaignId))).length;
    expect([await waitingFor(stopping), await waitingFor(staying)]).toEqual([1, 1]);

    expect((await call(owner, "POST", `/api/campaigns/${stopping}/stop`)).status).toBe(200);
    expect(await waitingFor(stopping)).toBe(0);
    expect(await waitingFor(staying)).toBe(1);
  });
});
