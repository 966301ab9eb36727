// Call records that tell the truth: what each call was (dialer, preview, manual,
// inbound) and how it ended, filterable; the campaign's name beside its calls; a
// manual call moving "last contacted" like any other; names, never ids, in the
// timeline and the compliance report.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { CallPump } from "./support/carrier";
import { PERSONA_NUMBERS, placeCall, readCall, TERMINAL } from "./support/calls";
import { call } from "./support/client";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";
import { resourceFixtures } from "./support/resources";
import { withDatabase } from "./support/database";

let owner: Member & { organizationId: string };
let agent: Member;
beforeAll(async () => {
  owner = await signUp("Records");
  agent = await inviteAndJoin(owner, "agent");
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

async function createAccount(name: string, phone: string): Promise<string> {
  const created = await call(owner, "POST", "/api/accounts", { name, phones: [phone], balanceDueCents: 84_216 });
  if (created.status !== 201) throw new Error(`account: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.account.id;
}

const lastContactedAt = async (accountId: string) => (await call(owner, "GET", `/api/accounts/${accountId}`)).body.account.lastContactedAt as string | null;

/** A call of the past, as an older build's actor wrote it (no origin, no outcome, ids in the timeline). */
async function insertFinishedDialerCall(columns: { campaignId: string; agentUserId: string; timeline: unknown[] }): Promise<string> {
  const id = crypto.randomUUID();
  await withDatabase((db) =>
    db.execute(sql`
      insert into calls (id, organization_id, direction, kind, origin, outcome, to_number, from_number, agent_user_id, campaign_id, status, amd_result,
                         live_answered, abandoned, created_at, answered_at, bridged_at, ended_at, timeline, version)
      values (${id}, ${owner.organizationId}, 'outbound', 'dialer', 'dialer', 'connected', '+15550100001', '+15550001000', ${columns.agentUserId},
              ${columns.campaignId}, 'completed', 'human', true, false, now(), now(), now(), now(), ${JSON.stringify(columns.timeline)}::jsonb, 5)`),
  );
  return id;
}

describe("a manual call", () => {
  it("is manual, answered; and a person answering moves the account's last contact, a busy line does not", async () => {
    const reached = await createAccount("Reached Person", PERSONA_NUMBERS.liveHuman);
    const busy = await createAccount("Busy Person", PERSONA_NUMBERS.busy);
    const id = await placeCall(agent, { to: PERSONA_NUMBERS.liveHuman, kind: "direct", accountId: reached });
    const busyId = await placeCall(agent, { to: PERSONA_NUMBERS.busy, kind: "direct", accountId: busy });
    const pump = new CallPump((d) => d.callId === id || d.callId === busyId);
    await pump.until(async () => (await readCall(agent, id)).answeredAt !== null && TERMINAL.has((await readCall(agent, busyId)).status));
    expect((await call(agent, "POST", `/api/calls/${id}/hangup`)).status).toBe(202);
    await pump.until(async () => (await readCall(agent, id)).outcome !== null);

    const record = await readCall(agent, id);
    expect(record).toMatchObject({ origin: "manual", status: "completed", outcome: "answered", campaignName: null });
    expect(await lastContactedAt(reached)).toBe(record.answeredAt);
    expect(await readCall(agent, busyId)).toMatchObject({ origin: "manual", outcome: "busy" });
    expect(await lastContactedAt(busy)).toBeNull();
  });
});

describe("the call list", () => {
  it("filters by kind, outcome and campaign, and names the campaign", async () => {
    const campaignId = await resourceFixtures.campaign(owner);
    const campaignName = (await call(owner, "GET", `/api/campaigns/${campaignId}`)).body.campaign.name;
    const dialerCall = await insertFinishedDialerCall({ campaignId, agentUserId: agent.userId, timeline: [] });

    const connected = await call(owner, "GET", `/api/calls?kind=dialer&outcome=connected&campaignId=${campaignId}`);
    expect(connected.status).toBe(200);
    expect(connected.body.calls).toEqual([expect.objectContaining({ id: dialerCall, origin: "dialer", outcome: "connected", campaignName })]);
    expect((await call(owner, "GET", `/api/calls?kind=manual&campaignId=${campaignId}`)).body.calls).toEqual([]);
    expect((await call(owner, "GET", `/api/calls?outcome=abandoned&campaignId=${campaignId}`)).body.total).toBe(0);
  });

  it("refuses an unknown kind or outcome with a 400 naming the field", async () => {
    const badKind = await call(owner, "GET", "/api/calls?kind=direct");
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.fields).toEqual([expect.objectContaining({ path: "kind" })]);
    const badOutcome = await call(owner, "GET", "/api/calls?outcome=completed");
    expect(badOutcome.status).toBe(400);
    expect(badOutcome.body.error.fields).toEqual([expect.objectContaining({ path: "outcome" })]);
  });
});

describe("names, not ids", () => {
  it("the timeline names the agent, in new entries and in ones older builds wrote with the id in the text", async () => {
    const campaignId = await resourceFixtures.campaign(owner);
    const me = (await call(agent, "GET", "/api/auth/me")).body.user as { id: string; name: string };
    const id = await insertFinishedDialerCall({
      campaignId,
      agentUserId: agent.userId,
      timeline: [
        { at: new Date().toISOString(), text: `Agent reserved (${agent.userId})`, eventId: "legacy", status: null },
        { at: new Date().toISOString(), text: "Agent reserved", eventId: "new", status: null, agentUserId: agent.userId },
      ],
    });
    const timeline = (await readCall(owner, id)).timeline as { text: string; agentName?: string | null }[];
    expect(timeline.map((entry) => [entry.text, entry.agentName])).toEqual([
      ["Agent reserved", me.name],
      ["Agent reserved", me.name],
    ]);
    expect(JSON.stringify(timeline.map((entry) => entry.text))).not.toMatch(UUID);
  });

  it("the compliance report's explanations name the account, not its id", async () => {
    const campaignId = await resourceFixtures.campaign(owner);
    const accountId = await createAccount("Consentless Person", "+15555550123");
    await withDatabase((db) =>
      db.execute(sql`
        insert into compliance_skips (id, organization_id, campaign_id, account_id, phone, reason, explanation, occurred_at)
        values (${crypto.randomUUID()}, ${owner.organizationId}, ${campaignId}, ${accountId}, '+15555550123', 'no_consent',
                ${`account ${accountId} has no consent to be called`}, now())`),
    );
    const report = await call(owner, "GET", `/api/campaigns/${campaignId}/report`);
    expect(report.status).toBe(200);
    expect(report.body.report.recentSkips.map((s: { explanation: string }) => s.explanation)).toEqual(["account Consentless Person has no consent to be called"]);
  });
});

describe("the simulator's script", () => {
  it("says the names and balance of the call's account and agent, never demo ones", async () => {
    const accountId = await createAccount("Ada Lovelace", PERSONA_NUMBERS.liveHuman);
    const me = (await call(agent, "GET", "/api/auth/me")).body.user as { name: string };
    const id = await placeCall(agent, { to: PERSONA_NUMBERS.liveHuman, kind: "bridge", accountId });
    const pump = CallPump.forCall(id);
    const said = async () => ((await readCall(agent, id)).transcript as { text: string }[]).map((line) => line.text).join(" ");
    await pump.until(async () => (await said()).includes("past-due balance"));
    const transcript = await said();
    expect(transcript).toContain(`this is ${me.name} calling`);
    expect(transcript).toContain("May I speak with Ada Lovelace?");
    expect(transcript).toContain("The past-due balance is $842.16.");
    expect(transcript).not.toMatch(/Sam|Jordan/);
    expect((await call(agent, "POST", `/api/calls/${id}/hangup`)).status).toBe(202);
    await pump.until(async () => TERMINAL.has((await readCall(agent, id)).status));
  });
});
