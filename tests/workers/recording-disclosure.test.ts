// Recording disclosure: a callee in an all-party-consent state (by area code) hears the
// organisation's disclosure before recording starts; a callee in a one-party state is
// recorded from the answer with nothing said. Proved on the carrier simulator's own
// record of the customer's leg: the speak, its end, and when the recording began. The
// same for a caller put through to an agent (an inbound ring-agent number), a callee on
// a campaign's (progressive) dialer call, and a caller to the IVR: on those calls other
// speech follows, and the disclosure still comes first, with recording only after it.
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "./support/client";
import { inboundCallId } from "../../worker/calls/inbound";
import { CallPump, carrierCommandLog, carrierLegsOf, carrierLegsTo, startInboundCall } from "./support/carrier";
import { placeCall, readCall, TERMINAL } from "./support/calls";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";
import { randomNumber } from "./support/resources";
import { AgentConsole } from "./support/agent-console";
import { pumpAndTick, stopCampaignsStarted, stopWhenFileEnds } from "./support/campaign-clock";
import { campaignRoomName } from "../../objects/campaign/protocol";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { TEST_ACCESS } from "./support/database";
import { calls } from "../../db/schema";

interface RecordedLeg {
  call_control_id: string;
  call_session_id: string;
  to: string;
  recordings: { started_at: string }[];
  events: { event_type: string; occurred_at: string }[];
  /** What the party on this leg heard: our speech is from "speak". */
  heard_lines: { from: string; text: string; at: string }[];
}

let owner: Member & { organizationId: string };
let handle: DatabaseHandle;
beforeAll(async () => {
  owner = await signUp("Disclosure");
  handle = openDatabase(env, TEST_ACCESS);
});
afterAll(async () => {
  await stopCampaignsStarted();
  await handle.close();
});

/** What we said to the party on this leg, in order, and whether the first of it came before their recording started. */
function speechHeard(leg: RecordedLeg): { said: string[]; firstBeforeRecording: boolean } {
  const said = leg.heard_lines.filter((line) => line.from === "speak");
  const recordingStarted = leg.recordings[0] ? Date.parse(leg.recordings[0].started_at) : Infinity;
  return { said: said.map((line) => line.text), firstBeforeRecording: said.length > 0 && Date.parse(said[0]!.at) < recordingStarted };
}

/** An IANA zone where the local hour is `hour` now, so the calling window never decides a campaign test. */
function zoneAtLocalHour(hour: number): string {
  let offset = hour - new Date().getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? "Etc/GMT" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

const number = (areaCode: string) => `+1${areaCode}5550${String(Math.floor(Math.random() * 1000)).padStart(3, "0")}`;

/** Places a recorded direct call and waits until the customer's leg is being recorded. */
async function recordedCall(to: string): Promise<{ id: string; leg: RecordedLeg; pump: CallPump }> {
  const id = await placeCall(owner, { to, kind: "direct" });
  const pump = CallPump.forCall(id);
  let leg: RecordedLeg | undefined;
  await pump.until(async () => {
    leg = (await carrierLegsOf(id)).find((each) => each.to === to) as unknown as RecordedLeg | undefined;
    return (leg?.recordings.length ?? 0) > 0;
  });
  return { id, leg: leg!, pump };
}

async function hangUp(id: string, pump: CallPump): Promise<void> {
  await call(owner, "POST", `/api/calls/${id}/hangup`);
  await pump.until(async () => TERMINAL.has((await readCall(owner, id)).status));
}

describe("recording disclosure", () => {
  it("plays the organisation's disclosure to a California callee before recording starts", async () => {
    const disclosure = "This call is recorded by Disclosure Test Collections.";
    expect((await call(owner, "PATCH", "/api/organization", { recordingDisclosure: disclosure })).status).toBe(200);
    const { id, leg, pump } = await recordedCall(number("415"));
    const spoken = (await carrierCommandLog()).filter((entry) => entry.callControlId === leg.call_control_id).map((entry) => entry.kind);
    expect(spoken.indexOf("speak")).toBeGreaterThanOrEqual(0);
    expect(spoken.indexOf("speak")).toBeLessThan(spoken.indexOf("record_start"));
    const speakEnded = leg.events.find((event) => event.event_type === "call.speak.ended")!;
    expect(Date.parse(speakEnded.occurred_at)).toBeLessThanOrEqual(Date.parse(leg.recordings[0]!.started_at));
    await hangUp(id, pump);
    expect((await readCall(owner, id)).timeline.map((entry: { text: string }) => entry.text)).toContain("Recording disclosure played");
  });

  it("records a Texas callee from the answer without a disclosure", async () => {
    const { id, leg, pump } = await recordedCall(number("214"));
    const commands = (await carrierCommandLog()).filter((entry) => entry.callControlId === leg.call_control_id).map((entry) => entry.kind);
    expect(commands).toContain("record_start");
    expect(commands).not.toContain("speak");
    await hangUp(id, pump);
  });

  it("plays it to a California caller put through to an agent before recording starts, and not to a Texas caller", async () => {
    const agent = await inviteAndJoin(owner, "agent");
    const line = randomNumber();
    expect((await call(owner, "POST", "/api/phone-numbers", { e164: line, label: "Support", inboundAction: "ring_agent", inboundAgentUserId: agent.userId })).status).toBe(201);
    const commandsOnCallerLeg = async (from: string) => {
      const session = await startInboundCall(from, line);
      const id = await inboundCallId(session);
      const pump = new CallPump((d) => d.callId === id || d.callSessionId === session);
      let leg: RecordedLeg | undefined;
      await pump.until(async () => {
        leg = (await carrierLegsTo(line)).find((each) => each.call_session_id === session) as unknown as RecordedLeg | undefined;
        return (leg?.recordings.length ?? 0) > 0;
      });
      const commands = (await carrierCommandLog()).filter((entry) => entry.callControlId === leg!.call_control_id).map((entry) => entry.kind);
      await call(agent, "POST", `/api/calls/${id}/hangup`);
      await pump.until(async () => TERMINAL.has((await readCall(agent, id)).status));
      return { commands, timeline: (await readCall(agent, id)).timeline.map((entry: { text: string }) => entry.text) };
    };
    const californian = await commandsOnCallerLeg(number("213"));
    expect(californian.commands.indexOf("speak")).toBeGreaterThanOrEqual(0);
    expect(californian.commands.indexOf("speak")).toBeLessThan(californian.commands.indexOf("record_start"));
    expect(californian.timeline).toContain("Recording disclosure played");
    const texan = await commandsOnCallerLeg(number("512"));
    expect(texan.commands).toContain("record_start");
    expect(texan.commands).not.toContain("speak");
  });

  it("on a progressive campaign's calls: a California callee hears it before record_start and before the agent, a Texas callee does not", async () => {
    const org = await signUp("Disclosure dialer");
    const disclosure = "This call is recorded by Dialer Disclosure Collections.";
    expect((await call(org, "PATCH", "/api/organization", { recordingDisclosure: disclosure })).status).toBe(200);
    const agents = await Promise.all([inviteAndJoin(org, "agent"), inviteAndJoin(org, "agent")]);
    const californian = number("415");
    const texan = number("214");
    const accountIds: string[] = [];
    for (const phone of [californian, texan]) {
      const created = await call(org, "POST", "/api/accounts", { name: `Debtor ${phone}`, phones: [phone], timeZone: zoneAtLocalHour(12), balanceDueCents: 50_000, consent: true });
      expect(created.status).toBe(201);
      accountIds.push(created.body.account.id);
    }
    const created = await call(org, "POST", "/api/campaigns", {
      name: "Disclosure dialer",
      pacingMode: "progressive",
      agentUserIds: agents.map((agent) => agent.userId),
      accountSelection: { accountIds },
      retryMaxAttempts: 1,
      dispositionRequired: false,
    });
    expect(created.status).toBe(201);
    const campaignId: string = created.body.campaign.id;
    const consoles = await Promise.all(agents.map((agent) => AgentConsole.open(org.organizationId, agent, { available: true, finishWrapUps: true })));
    const pump = await CallPump.forOrganization(org.organizationId).skipArrived();
    expect((await call(org, "POST", `/api/campaigns/${campaignId}/start`)).status).toBe(200);
    const actor = stopWhenFileEnds(env.CampaignActor.get(env.CampaignActor.idFromName(campaignRoomName(org.organizationId, campaignId))));
    const rowsOf = () => handle.db.select().from(calls).where(eq(calls.campaignId, campaignId));
    await pumpAndTick(pump, actor, async () => {
      const rows = await rowsOf();
      return rows.length === 2 && rows.every((row) => row.endedAt !== null);
    }, 60_000);
    for (const each of consoles) each.close();

    const rows = await rowsOf();
    const ofCalifornian = rows.find((row) => row.toNumber === californian)!;
    expect(ofCalifornian).toMatchObject({ kind: "dialer", liveAnswered: true });
    expect(ofCalifornian.bridgedAt).not.toBeNull();
    const [caLeg] = (await carrierLegsTo(californian)) as unknown as RecordedLeg[];
    const caCommands = (await carrierCommandLog()).filter((entry) => entry.callControlId === caLeg!.call_control_id && entry.outcome === "performed").map((entry) => entry.kind);
    expect(caCommands.indexOf("speak")).toBeGreaterThanOrEqual(0);
    expect(caCommands.indexOf("speak")).toBeLessThan(caCommands.indexOf("record_start"));
    expect(speechHeard(caLeg!)).toEqual({ said: [disclosure], firstBeforeRecording: true });
    expect((ofCalifornian.timeline as { text: string }[]).map((entry) => entry.text)).toContain("Recording disclosure played");

    const [txLeg] = (await carrierLegsTo(texan)) as unknown as RecordedLeg[];
    const txCommands = (await carrierCommandLog()).filter((entry) => entry.callControlId === txLeg!.call_control_id && entry.outcome === "performed").map((entry) => entry.kind);
    expect(txCommands).toContain("record_start");
    expect(txCommands).not.toContain("speak");
    expect(speechHeard(txLeg!).said).toEqual([]);
  });

  it("on an IVR number: a caller from a California area code hears it before recording and before the IVR's greeting", async () => {
    const disclosure = "This call is recorded by IVR Disclosure Collections.";
    expect((await call(owner, "PATCH", "/api/organization", { recordingDisclosure: disclosure })).status).toBe(200);
    const line = randomNumber();
    expect((await call(owner, "POST", "/api/phone-numbers", { e164: line, label: "Payments", inboundAction: "ivr" })).status).toBe(201);
    const session = await startInboundCall(number("213"), line);
    const id = await inboundCallId(session);
    const pump = new CallPump((d) => d.callId === id || d.callSessionId === session);
    let leg: RecordedLeg | undefined;
    let commands: string[] = [];
    // Recording has started and the IVR has asked its first question.
    await pump.until(async () => {
      leg = (await carrierLegsTo(line)).find((each) => each.call_session_id === session) as unknown as RecordedLeg | undefined;
      commands = (await carrierCommandLog()).filter((entry) => entry.callControlId === leg?.call_control_id && entry.outcome === "performed").map((entry) => entry.kind);
      return (leg?.recordings.length ?? 0) > 0 && commands.includes("gather_using_speak");
    });
    expect(commands.indexOf("speak")).toBeGreaterThanOrEqual(0);
    expect(commands.indexOf("speak")).toBeLessThan(commands.indexOf("record_start"));
    expect(commands.indexOf("speak")).toBeLessThan(commands.indexOf("gather_using_speak"));
    const heard = speechHeard(leg!);
    expect(heard.said[0]).toBe(disclosure);
    expect(heard.firstBeforeRecording).toBe(true);
    await call(owner, "POST", `/api/calls/${id}/hangup`);
    await pump.until(async () => TERMINAL.has((await readCall(owner, id)).status));
    expect((await readCall(owner, id)).timeline.map((entry: { text: string }) => entry.text)).toContain("Recording disclosure played");
  });

  it("decides from the account's state before the area code: a Texas number of a Californian account hears it, a California number of a Texan account does not", async () => {
    const account = async (state: string, phone: string) => {
      const created = await call(owner, "POST", "/api/accounts", { name: `Lives in ${state}`, phones: [phone], state: state.toLowerCase() });
      expect(created.status).toBe(201);
      expect(created.body.account.state).toBe(state);
      return created.body.account.id as string;
    };
    const texasNumber = number("214");
    const californiaNumber = number("415");
    const speaksBeforeRecording = async (to: string, accountId: string) => {
      const id = await placeCall(owner, { to, kind: "direct", accountId });
      const pump = CallPump.forCall(id);
      let leg: RecordedLeg | undefined;
      await pump.until(async () => {
        leg = (await carrierLegsOf(id)).find((each) => each.to === to) as unknown as RecordedLeg | undefined;
        return (leg?.recordings.length ?? 0) > 0;
      });
      const commands = (await carrierCommandLog()).filter((entry) => entry.callControlId === leg!.call_control_id).map((entry) => entry.kind);
      await hangUp(id, pump);
      return commands.includes("speak") && commands.indexOf("speak") < commands.indexOf("record_start");
    };
    expect(await speaksBeforeRecording(texasNumber, await account("CA", texasNumber))).toBe(true);
    expect(await speaksBeforeRecording(californiaNumber, await account("TX", californiaNumber))).toBe(false);
  });

  it("refuses an account state that is not a US state code, naming the field, on create and on change", async () => {
    const created = await call(owner, "POST", "/api/accounts", { name: "Nowhere", phones: [number("214")], state: "California" });
    expect(created.status).toBe(400);
    expect(created.body.error.fields[0].path).toBe("state");
    const made = await call(owner, "POST", "/api/accounts", { name: "Somewhere", phones: [number("214")] });
    expect(made.body.account.state).toBeNull();
    const changed = await call(owner, "PATCH", `/api/accounts/${made.body.account.id}`, { state: "ZZ" });
    expect(changed.status).toBe(400);
    expect(changed.body.error.fields[0].path).toBe("state");
    expect((await call(owner, "PATCH", `/api/accounts/${made.body.account.id}`, { state: "wa" })).body.account.state).toBe("WA");
  });

  it("refuses a disclosure too short to say the call is recorded, naming the field", async () => {
    const response = await call(owner, "PATCH", "/api/organization", { recordingDisclosure: "Hi" });
    expect(response.status).toBe(400);
    expect(response.body.error.fields[0].path).toBe("recordingDisclosure");
  });
});
