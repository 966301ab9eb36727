// Preview pacing end to end: a running preview campaign holds one lead for each available
// agent and shows it on that agent's console only; the agent dials it (their leg first,
// then the customer, bridged on answer) or skips it. Real Postgres, the carrier simulator
// and the agent pool over sockets; time is driven through the actors' storage and alarms:
// the campaign ticks when the test fires its alarm (support/campaign-clock.ts).
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignRoomName, type CampaignSnapshot } from "../../objects/campaign/protocol";
import { PREVIEW_OFFER_TIMEOUT_MS } from "../../objects/campaign/preview";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { TEST_ACCESS } from "./support/database";
import { calls, complianceSkips } from "../../db/schema";
import { AgentConsole, waitFor, zoneAtLocalHour } from "./support/agent-console";
import { stopCampaignsStarted, stopWhenFileEnds, tickUntil } from "./support/campaign-clock";
import { CallPump, carrierLegsOf } from "./support/carrier";
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

interface Setup {
  owner: Member & { organizationId: string };
  agents: AgentConsole[];
  members: Member[];
  campaignId: string;
  /** Account ids in queue order (the highest balance first). */
  accountIds: string[];
  pump: CallPump;
}

/** A running preview campaign over `numbers` (highest balance first) with `agents` agents, each console available. */
async function setUpPreview(options: { agents: number; numbers: string[] }): Promise<Setup> {
  const owner = await signUp("Preview");
  const members = await Promise.all(Array.from({ length: options.agents }, () => inviteAndJoin(owner, "agent")));
  const accountIds: string[] = [];
  for (const [index, phone] of options.numbers.entries()) {
    const created = await call(owner, "POST", "/api/accounts", { name: `Debtor ${index + 1}`, phones: [phone], timeZone: zoneAtLocalHour(12), balanceDueCents: 90_000 - index * 1000, consent: true });
    expect(created.status).toBe(201);
    accountIds.push(created.body.account.id);
  }
  const created = await call(owner, "POST", "/api/campaigns", {
    name: "Preview campaign",
    pacingMode: "preview",
    agentUserIds: members.map((m) => m.userId),
    accountSelection: { accountIds },
    retryMaxAttempts: 3,
    retrySpacingMinutes: 30,
    // The test consoles end each wrap-up by choosing available, which an owed disposition would refuse.
    dispositionRequired: false,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const campaignId: string = created.body.campaign.id;
  const agents: AgentConsole[] = [];
  // One after the other, so the first agent is the longest idle.
  for (const member of members) {
    const agent = await AgentConsole.open(owner.organizationId, member);
    await waitFor(() => agent.status === "available", 10_000, "agent available");
    agents.push(agent);
  }
  expect((await call(owner, "POST", `/api/campaigns/${campaignId}/start`)).status).toBe(200);
  stopWhenFileEnds(env.CampaignActor.get(env.CampaignActor.idFromName(campaignRoomName(owner.organizationId, campaignId))));
  return { owner, agents, members, campaignId, accountIds, pump: CallPump.forOrganization(owner.organizationId) };
}

const actorOf = (setup: Setup) => env.CampaignActor.get(env.CampaignActor.idFromName(campaignRoomName(setup.owner.organizationId, setup.campaignId)));
const snapshotOf = async (setup: Setup): Promise<CampaignSnapshot> => (await actorOf(setup).snapshot())!;
const campaignCalls = (campaignId: string) => handle.db.select().from(calls).where(eq(calls.campaignId, campaignId));
const dial = (member: Member, setup: Setup, accountId: string) => call(member, "POST", `/api/campaigns/${setup.campaignId}/preview/dial`, { accountId });
const skip = (member: Member, setup: Setup, accountId: string) => call(member, "POST", `/api/campaigns/${setup.campaignId}/preview/skip`, { accountId });
const closeAll = (setup: Setup) => setup.agents.forEach((a) => a.close());

/** Moves the campaign's clock for leads and offers `ms` into the past: what waiting that long would do. */
async function ageCampaign(setup: Setup, ms: number): Promise<void> {
  await runInDurableObject(actorOf(setup), async (_instance, state) => {
    state.storage.sql.exec("UPDATE leads SET next_at_ms = next_at_ms - ? WHERE state = 'deferred'", ms);
    state.storage.sql.exec("UPDATE offers SET offered_at_ms = offered_at_ms - ?", ms);
  });
}

describe("a preview campaign", () => {
  it("offers the top lead to an available agent, only on that agent's console, and dials nothing by itself", async () => {
    const setup = await setUpPreview({ agents: 1, numbers: ["+15550101001", "+15550101002"] });
    const [agent] = setup.agents;
    await tickUntil(actorOf(setup), () => agent!.offer !== null, { what: "an offer" });
    expect(agent!.offer).toMatchObject({ campaignId: setup.campaignId, campaignName: "Preview campaign", accountId: setup.accountIds[0], accountName: "Debtor 1", phone: "+15550101001", balanceDueCents: 90_000 });
    expect(agent!.offer!.expiresAt - agent!.offer!.offeredAt).toBe(PREVIEW_OFFER_TIMEOUT_MS);
    // The owner watching the team board sees the agent previewing, but not the lead's details.
    const watcher = await AgentConsole.open(setup.owner.organizationId, setup.owner, { available: false });
    await waitFor(() => watcher.status === "offline" && agent!.status === "previewing", 5_000, "watcher snapshot");
    expect(watcher.offer).toBeNull();
    // Ticks go by: the campaign holds the offer and dials nothing.
    await runDurableObjectAlarm(actorOf(setup));
    await runDurableObjectAlarm(actorOf(setup));
    const snapshot = await snapshotOf(setup);
    expect(snapshot.calls).toHaveLength(0);
    expect(snapshot.stats).toMatchObject({ dialsToday: 0, queueLeft: 2 });
    expect(snapshot.agents[0]).toMatchObject({ state: "previewing", preview: { campaignId: setup.campaignId, accountId: setup.accountIds[0], accountName: "Debtor 1" } });
    expect(snapshot.stats.pacing).toMatch(/^Preview: 1 agent previewing, 0 calls live$/);
    expect(await campaignCalls(setup.campaignId)).toHaveLength(0);
    expect(agent!.offersSeen).toHaveLength(1);
    watcher.close();
    closeAll(setup);
  });

  it("gives two agents two different leads", async () => {
    const setup = await setUpPreview({ agents: 2, numbers: ["+15550101101", "+15550101102", "+15550101103"] });
    await tickUntil(actorOf(setup), () => setup.agents.every((a) => a.offer !== null), { what: "two offers" });
    const offered = setup.agents.map((a) => a.offer!.accountId);
    expect(new Set(offered).size).toBe(2);
    // The longest-idle agent gets the top of the queue.
    expect(offered).toEqual([setup.accountIds[0], setup.accountIds[1]]);
    await runDurableObjectAlarm(actorOf(setup));
    expect(setup.agents.map((a) => a.offer?.accountId)).toEqual(offered);
    await tickUntil(actorOf(setup), async () => /2 agents previewing/.test((await snapshotOf(setup)).stats.pacing), { what: "the pacing text" });
    closeAll(setup);
  });

  it("dials an agent-first call on Dial, bridges it when the customer answers, and counts it like its other calls", async () => {
    const setup = await setUpPreview({ agents: 1, numbers: ["+15550101201"] });
    const [agent] = setup.agents;
    const [member] = setup.members;
    await tickUntil(actorOf(setup), () => agent!.offer !== null, { what: "an offer" });
    const dialled = await dial(member!, setup, setup.accountIds[0]!);
    expect(dialled.status, JSON.stringify(dialled.body)).toBe(201);
    const callId: string = dialled.body.callId;
    await waitFor(() => agent!.status === "on_call" && agent!.offer === null, 5_000, "agent on the call");
    // The agent's leg rings first; the customer is not dialled before the agent answers.
    await waitFor(async () => (await carrierLegsOf(callId)).length > 0, 5_000, "the first leg");
    expect((await carrierLegsOf(callId)).map((l) => l.to)).toEqual([expect.stringMatching(/^sip:agent-/)]);

    await setup.pump.until(async () => {
      const snapshot = await snapshotOf(setup);
      const [row] = await campaignCalls(setup.campaignId);
      return snapshot.calls.length === 0 && row?.endedAt != null;
    }, 40_000);
    const [row] = await campaignCalls(setup.campaignId);
    expect(row).toMatchObject({ id: callId, kind: "dialer", agentUserId: member!.userId, accountId: setup.accountIds[0], toNumber: "+15550101201", abandoned: false, amdResult: null, status: "completed" });
    expect(row!.bridgedAt).not.toBeNull();
    const texts = (row!.timeline as { text: string }[]).map((t) => t.text);
    expect(texts.indexOf("Agent answered")).toBeGreaterThanOrEqual(0);
    expect(texts.indexOf("Agent answered")).toBeLessThan(texts.indexOf("Answered"));
    expect(texts).toContain("Connected to the agent");
    expect(texts.some((t) => /safe-harbor/.test(t))).toBe(false);
    // The customer's leg went out with answering-machine detection off: the agent is listening.
    const customerLeg = (await carrierLegsOf(callId)).find((l) => l.to === "+15550101201")!;
    expect(customerLeg.answering_machine_detection).toBe("disabled");

    const final = await snapshotOf(setup);
    expect(final.stats).toMatchObject({ dialsToday: 1, conversationsToday: 1, queueLeft: 0 });
    expect(final.stats.abandonToday.abandoned).toBe(0);
    // The conversation closed the lead: the agent, back from wrap-up, gets no further offer.
    await runDurableObjectAlarm(actorOf(setup));
    expect(agent!.offer).toBeNull();
    expect(final.stats.pacing).toMatch(/list is done|0 agents previewing/);
    closeAll(setup);
  });

  it("moves the agent to the next lead on Skip, and offers the skipped lead again after the retry spacing", async () => {
    const setup = await setUpPreview({ agents: 1, numbers: ["+15550101301", "+15550101302"] });
    const [agent] = setup.agents;
    const [member] = setup.members;
    await tickUntil(actorOf(setup), () => agent!.offer?.accountId === setup.accountIds[0], { what: "the first offer" });
    const skipped = await skip(member!, setup, setup.accountIds[0]!);
    expect(skipped.status, JSON.stringify(skipped.body)).toBe(200);
    await tickUntil(actorOf(setup), () => agent!.offer?.accountId === setup.accountIds[1], { what: "the next offer" });
    const snapshot = await snapshotOf(setup);
    expect(snapshot.stats.skipsToday).toMatchObject({ agent_skipped: 1 });
    expect(snapshot.stats).toMatchObject({ queueLeft: 2, dialsToday: 0 });
    // Skipping the second too leaves nothing to offer until the retry spacing has passed.
    expect((await skip(member!, setup, setup.accountIds[1]!)).status).toBe(200);
    await tickUntil(actorOf(setup), () => agent!.offer === null && agent!.status === "available", { what: "no offer" });
    // The next ticks find nothing to offer (the pacing text follows within a tick).
    await tickUntil(actorOf(setup), async () => /nothing to offer 1 available agent now: 2 leads wait/.test((await snapshotOf(setup)).stats.pacing), { what: "the pacing text" });
    expect(agent!.offer).toBeNull();
    await ageCampaign(setup, 30 * 60_000);
    await runDurableObjectAlarm(actorOf(setup));
    await tickUntil(actorOf(setup), () => agent!.offer?.accountId === setup.accountIds[0], { what: "the skipped lead again" });
    expect(await campaignCalls(setup.campaignId)).toHaveLength(0);
    closeAll(setup);
  });

  it("refuses a Dial with 409 naming do-not-call when the number was listed after the offer, dials nothing, and offers the next lead", async () => {
    const setup = await setUpPreview({ agents: 1, numbers: ["+15550101401", "+15550101402"] });
    const [agent] = setup.agents;
    const [member] = setup.members;
    await tickUntil(actorOf(setup), () => agent!.offer?.accountId === setup.accountIds[0], { what: "the first offer" });
    expect((await call(setup.owner, "POST", "/api/dnc", { phone: "+15550101401", reason: "asked on another line" })).status).toBe(201);
    const refused = await dial(member!, setup, setup.accountIds[0]!);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/do-not-call/);
    await tickUntil(actorOf(setup), () => agent!.offer?.accountId === setup.accountIds[1], { what: "the next offer" });
    const snapshot = await snapshotOf(setup);
    expect(snapshot.stats.skipsToday).toMatchObject({ dnc_org: 1 });
    expect(snapshot.stats).toMatchObject({ dialsToday: 0, queueLeft: 1 });
    expect(await campaignCalls(setup.campaignId)).toHaveLength(0);
    await tickUntil(actorOf(setup), async () => (await handle.db.select().from(complianceSkips).where(eq(complianceSkips.campaignId, setup.campaignId))).length === 1, { what: "the skip in Postgres" });
    const [skipRow] = await handle.db.select().from(complianceSkips).where(eq(complianceSkips.campaignId, setup.campaignId));
    expect(skipRow).toMatchObject({ phone: "+15550101401", reason: "dnc_org", nextEligibleAt: null });
    closeAll(setup);
  });

  it("lets only the agent a lead was offered to dial or skip it", async () => {
    const setup = await setUpPreview({ agents: 2, numbers: ["+15550101501", "+15550101502"] });
    await tickUntil(actorOf(setup), () => setup.agents.every((a) => a.offer !== null), { what: "two offers" });
    const [first, second] = setup.members;
    const firstOffer = setup.agents[0]!.offer!.accountId;
    const stolen = await dial(second!, setup, firstOffer);
    expect(stolen.status).toBe(409);
    expect(stolen.body.error.message).toMatch(/another agent/);
    expect((await skip(second!, setup, firstOffer)).status).toBe(409);
    // A lead nobody was offered (or one already acted on) is refused too.
    const unknown = await dial(first!, setup, crypto.randomUUID());
    expect(unknown.status).toBe(409);
    expect(unknown.body.error.message).toMatch(/not offered to you/);
    expect(setup.agents[0]!.offer?.accountId).toBe(firstOffer);
    expect(await campaignCalls(setup.campaignId)).toHaveLength(0);
    expect((await snapshotOf(setup)).stats.dialsToday).toBe(0);
    closeAll(setup);
  });

  it("withdraws an offer when its agent goes on break, and gives the lead to another agent", async () => {
    const setup = await setUpPreview({ agents: 2, numbers: ["+15550101601"] });
    await tickUntil(actorOf(setup), () => setup.agents.some((a) => a.offer !== null), { what: "an offer" });
    const holder = setup.agents.find((a) => a.offer !== null)!;
    const other = setup.agents.find((a) => a !== holder)!;
    const accountId = holder.offer!.accountId;
    holder.choose("break");
    await tickUntil(actorOf(setup), () => holder.status === "break" && holder.offer === null, { what: "break" });
    await tickUntil(actorOf(setup), () => other.offer?.accountId === accountId, { what: "the lead offered to the other agent" });
    const snapshot = await snapshotOf(setup);
    expect(snapshot.agents.find((a) => a.userId === holder.userId)?.state).toBe("break");
    // Pausing the campaign withdraws the rest: the other agent is available again.
    expect((await call(setup.owner, "POST", `/api/campaigns/${setup.campaignId}/pause`)).status).toBe(200);
    await tickUntil(actorOf(setup), () => other.offer === null && other.status === "available", { what: "offer withdrawn on pause" });
    expect((await snapshotOf(setup)).stats.queueLeft).toBe(1);
    closeAll(setup);
  });

  it("withdraws an offer ignored for five minutes and puts its agent on break", async () => {
    const setup = await setUpPreview({ agents: 1, numbers: ["+15550101701"] });
    const [agent] = setup.agents;
    await tickUntil(actorOf(setup), () => agent!.offer !== null, { what: "an offer" });
    await ageCampaign(setup, PREVIEW_OFFER_TIMEOUT_MS);
    await runDurableObjectAlarm(actorOf(setup));
    // Five more minutes pass before each look: on a busy machine a pass that read the pool
    // before it showed the offer can hold the lead again with a fresh time; that offer too is
    // ignored for five minutes, and the agent must still end on break with no offer.
    const withdrawn = () => agent!.status === "break" && agent!.offer === null;
    await tickUntil(actorOf(setup), async () => withdrawn() || (await ageCampaign(setup, PREVIEW_OFFER_TIMEOUT_MS), false), {
      what: "the offer withdrawn",
      observed: async () => ({
        status: agent!.status,
        offersSeen: agent!.offersSeen,
        errors: agent!.errors,
        heldOffers: await runInDurableObject(actorOf(setup), (_instance, state) => state.storage.sql.exec("SELECT * FROM offers").toArray()),
        campaign: await snapshotOf(setup),
      }),
    });
    await runDurableObjectAlarm(actorOf(setup));
    expect((await snapshotOf(setup)).stats).toMatchObject({ queueLeft: 1, dialsToday: 0 });
    closeAll(setup);
  });
});
