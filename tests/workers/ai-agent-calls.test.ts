// A whole AI call in workerd against both simulators: a caller (carrier simulator persona
// ai-caller-pays) talks with the AI voice agent (model simulator); an agent takes the call
// over through the API and hands it back; what the caller heard (the carrier simulator's
// log of every speak on their leg) and the call's record say so; then takes it over again
// (a second agent leg) and hands it back again. The caller lives in California (all-party
// consent): they hear the recording disclosure first, then the AI's own two, and recording
// starts after it; none is said again. And an AI-agent campaign:
// it dials with no agent free, up to its concurrency limit, the AI answers the person, and
// the campaign room shows the AI's state through a takeover and a hand-back.
import { env } from "cloudflare:test";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { campaignRoomName, type CampaignSnapshot } from "../../objects/campaign/protocol";
import { AgentConsole } from "./support/agent-console";
import { startAiCall } from "./support/ai-call";
import { pumpAndTick, stopCampaignsStarted, stopWhenFileEnds } from "./support/campaign-clock";
import { advanceNumberClock, CallPump, carrierCommandLog, carrierLegsOf, carrierLegsTo, onManualClock, sayOnCarrierLeg } from "./support/carrier";
import { agentAddressFor } from "../../domain/agent-address";
import { DEFAULT_AI_SETTINGS } from "../../objects/call/features/ai-agent/ai-types";
import { DEFAULT_RECORDING_DISCLOSURE } from "../../domain/recording-disclosure";
import { freshNumberIn, readCall, TERMINAL } from "./support/calls";
import { call } from "./support/client";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";

let owner: Member & { organizationId: string };
let agent: Member;
let agentConsole: AgentConsole | null = null;
beforeAll(async () => {
  owner = await signUp("AI agent");
  agent = await inviteAndJoin(owner, "agent");
});
afterEach(() => {
  agentConsole?.close();
  agentConsole = null;
});
afterAll(() => stopCampaignsStarted());

/** The simulator's record of the caller's leg: when recording began, and what they heard when. */
interface RecordedLeg {
  call_control_id: string;
  recordings: { started_at: string }[];
  heard_lines: { from: string; text: string; at: string }[];
}

const DISCLOSURE = "Hello, you are speaking with an automated assistant. You can ask for a person at any time.";
const DEBT_DISCLOSURE = "This is an attempt to collect a debt, and any information obtained will be used for that purpose.";

describe("an inbound call the AI voice agent answers", () => {
  it("talks with a California caller (the recording disclosure first), is taken over by an agent and handed back, and the caller heard each part", async () => {
    // The agent's console keeps each wrap-up on screen (the test ends them): the pool's word on the person after each hand-back is read.
    agentConsole = await AgentConsole.open(owner.organizationId, agent, { finishWrapUps: false });
    const desk = agentConsole;
    const c = await startAiCall(owner, "ai-caller-pays", { accountState: "CA" });
    await c.pump.until(async () => (await c.timeline()).includes("Payment link requested: $842.16 (by the AI agent)"), 40_000);
    await c.pump.until(async () => (await c.heard()).includes("Is there anything else I can help you with?"), 20_000);

    // Before they hold it, the agent's workspace lists the call live (the number names nobody: any agent may take it over).
    const listed = () => desk.aiCalls.find((row) => row.callId === c.id);
    await c.pump.until(async () => listed()?.ai?.state === "talking", 20_000);
    expect(listed()).toMatchObject({ phone: c.caller, agentUserId: null });
    await c.pump.until(async () => (listed()?.sentiment ?? null) !== null, 20_000);
    const takeover = await call(agent, "POST", `/api/calls/${c.id}/ai-agent`, { action: "take_over" });
    expect(takeover.status).toBe(200);
    await c.pump.until(async () => (await readCall(owner, c.id)).status === "bridged", 30_000);
    expect((await readCall(owner, c.id)).agentUserId).toBe(agent.userId);
    expect((await call(agent, "POST", `/api/calls/${c.id}/ai-agent`, { action: "take_over" })).status).toBe(409);

    await c.pump.until(async () => desk.status === "on_call", 20_000);
    await c.pump.until(async () => listed()?.ai?.state === "human_active", 20_000);
    expect(listed()?.agentUserId).toBe(agent.userId);
    const handBack = await call(agent, "POST", `/api/calls/${c.id}/ai-agent`, { action: "hand_back", notes: "Will pay on Friday." });
    expect(handBack.status).toBe(200);
    await c.pump.until(async () => (await c.heard()).some((line) => line.startsWith("Hi, it's the automated assistant again.")), 20_000);
    // Freed at the hand-back, while the AI still has the caller: wrapping up this call (the organisation's wrap-up, as at a call's end).
    await c.pump.until(async () => desk.status === "wrap_up", 20_000);
    expect(desk.callId).toBe(c.id);
    expect((await readCall(owner, c.id)).status).toBe("bridged");

    // Taken over again after the hand-back: a new agent leg (its generation in client_state), bridged, then handed back again.
    const personHolds = async () => (await c.timeline()).filter((line) => line === "AI: a person has the call").length;
    const resumed = async () => (await c.heard()).filter((line) => line.startsWith("Hi, it's the automated assistant again.")).length;
    expect((await call(agent, "POST", `/api/calls/${c.id}/ai-agent`, { action: "take_over" })).status).toBe(200);
    await c.pump.until(async () => (await personHolds()) === 2, 30_000);
    // Taken over from their wrap-up of this very call: on it again.
    await c.pump.until(async () => desk.status === "on_call", 20_000);
    const agentLegs = (await carrierLegsOf(c.id)).filter((leg) => leg.to.startsWith("sip:"));
    expect(agentLegs).toHaveLength(2);
    expect((await call(agent, "POST", `/api/calls/${c.id}/ai-agent`, { action: "hand_back", notes: "Second time: paid half." })).status).toBe(200);
    await c.pump.until(async () => (await resumed()) === 2, 20_000);
    // Freed again; done wrapping up, they take calls again while the caller is still with the AI.
    await c.pump.until(async () => desk.status === "wrap_up", 20_000);
    desk.choose("available");
    await c.pump.until(async () => desk.status === "available", 20_000);
    // Both agent legs ended (each hand-back hung up its own); the caller is still with the AI.
    await c.pump.until(async () => (await carrierLegsOf(c.id)).filter((leg) => leg.to.startsWith("sip:") && leg.state === "ended").length === 2, 20_000);
    expect((await readCall(owner, c.id)).status).toBe("bridged");

    const heard = await c.heard();
    // The recording disclosure, then the AI's own; each said once, whatever the takeovers.
    expect(heard.slice(0, 3)).toEqual([DEFAULT_RECORDING_DISCLOSURE, DISCLOSURE, DEBT_DISCLOSURE]);
    expect(heard.filter((line) => [DEFAULT_RECORDING_DISCLOSURE, DISCLOSURE, DEBT_DISCLOSURE].includes(line))).toHaveLength(3);
    // Recording began only once the recording disclosure had been said.
    const callerLeg = (await carrierLegsOf(c.id)).find((leg) => !leg.to.startsWith("sip:")) as unknown as RecordedLeg;
    const onCallerLeg = (await carrierCommandLog()).filter((entry) => entry.callControlId === callerLeg.call_control_id).map((entry) => entry.kind);
    expect(onCallerLeg.indexOf("speak")).toBeLessThan(onCallerLeg.indexOf("record_start"));
    expect(Date.parse(callerLeg.recordings[0]!.started_at)).toBeGreaterThanOrEqual(Date.parse(callerLeg.heard_lines.find((line) => line.from === "speak")!.at));
    const order = ["Your current balance is $842.16.", "Is there anything else I can help you with?", "Let me connect you with a member of our team. One moment, please.", "Hi, it's the automated assistant again. My colleague has filled me in. How can I help?"];
    expect(order.map((line) => heard.indexOf(line))).toEqual([...order.map((line) => heard.indexOf(line))].sort((a, b) => a - b));
    expect(order.every((line) => heard.includes(line))).toBe(true);

    const timeline = await c.timeline();
    expect(timeline.indexOf("Recording disclosure played")).toBeLessThan(timeline.indexOf(`AI said: "${DISCLOSURE}"`));
    expect(timeline).toEqual(
      expect.arrayContaining([
        "Recording disclosure played",
        `AI said: "${DISCLOSURE}"`,
        "AI used lookup_balance",
        "AI used send_payment_link",
        `agent person took the call over from the AI`,
        "AI: a person has the call",
        `agent person handed the call back to the AI (notes: Will pay on Friday.)`,
        "AI: back with the AI",
        `agent person handed the call back to the AI (notes: Second time: paid half.)`,
      ]),
    );
    expect(timeline.filter((line) => line === "agent person took the call over from the AI")).toHaveLength(2);
    const audit = await call(owner, "GET", "/api/audit?limit=200");
    expect(JSON.stringify(audit.body).match(/call\.ai_taken_over/g)).toHaveLength(2);
    expect(JSON.stringify(audit.body)).toContain("call.ai_handed_back");

    await c.pump.until(async () => listed()?.ai?.state === "handed_back" && listed()?.ai?.handBacks === 2, 20_000);
    await call(owner, "POST", `/api/calls/${c.id}/hangup`);
    await c.pump.until(async () => TERMINAL.has((await readCall(owner, c.id)).status));
    // Over: off the agent's list.
    await c.pump.until(async () => listed() === undefined, 20_000);
  });

  it("while the person's leg rings after a takeover, the caller hears the transfer line, then the hold line until the person answers", async () => {
    // A person whose softphone runs on its own manual clock: it rings until the test lets it answer.
    const holder = await inviteAndJoin(owner, "agent");
    const softphone = agentAddressFor(env, holder.userId);
    await onManualClock([softphone]);
    agentConsole = await AgentConsole.open(owner.organizationId, holder);
    const c = await startAiCall(owner, "ai-caller-pays");
    expect((await call(holder, "POST", `/api/calls/${c.id}/ai-agent`, { action: "take_over" })).status).toBe(200);

    const holdLines = async () => (await c.heard()).filter((line) => line === DEFAULT_AI_SETTINGS.lines.pleaseHold).length;
    await c.pump.until(async () => (await holdLines()) >= 1, 20_000);
    const heard = await c.heard();
    expect(heard.indexOf(DEFAULT_AI_SETTINGS.lines.transferring)).toBeLessThan(heard.indexOf(DEFAULT_AI_SETTINGS.lines.pleaseHold));
    // Still ringing: nobody has answered, so nobody is bridged.
    expect((await carrierLegsTo(softphone)).map((leg) => leg.state)).toEqual(["ringing"]);
    expect((await readCall(owner, c.id)).status).not.toBe("bridged");

    // The person answers: they are bridged, and the hold line is not said again.
    await advanceNumberClock(softphone, 5_000);
    await c.pump.until(async () => (await readCall(owner, c.id)).status === "bridged", 30_000);
    await c.pump.until(async () => (await c.timeline()).includes("AI: a person has the call"), 20_000);
    const heldFor = await holdLines();
    expect((await readCall(owner, c.id)).agentUserId).toBe(holder.userId);

    // The person speaks: the stored transcript marks the AI's lines "ai" (its voice on the caller's leg) and theirs "agent".
    const [personLeg] = await carrierLegsTo(softphone);
    const personLine = "Hi, this is a person from the team. I can help with that.";
    await sayOnCarrierLeg(personLeg!.call_control_id, personLine);
    const ourSide = async () => ((await readCall(owner, c.id)).transcript as { at: string; track: string; speaker: string; text: string }[]).filter((line) => line.track === "outbound");
    await c.pump.until(async () => (await ourSide()).some((line) => line.text === personLine), 20_000);
    const lines = await ourSide();
    // Our side is the AI until the carrier bridged the person's leg, then the person
    // (domain/transcript-speaker.ts). A hold line the AI began as the person was being bridged
    // (it repeats every holdRepeatMs, and a busy machine can take that long to bridge) is said
    // over the person's leg and so is theirs: only the hold line may join the person's own line.
    const bridgedAtMs = Date.parse((await carrierLegsTo(softphone))[0]!.events.find((event) => event.event_type === "call.bridged")!.occurred_at);
    const beforeBridge = lines.filter((line) => Date.parse(line.at) < bridgedAtMs);
    const whilePersonHolds = lines.filter((line) => Date.parse(line.at) >= bridgedAtMs);
    expect(beforeBridge.map((line) => line.speaker)).toEqual(beforeBridge.map(() => "ai"));
    expect(beforeBridge.map((line) => line.text)).toEqual(expect.arrayContaining([DEFAULT_AI_SETTINGS.lines.transferring, DEFAULT_AI_SETTINGS.lines.pleaseHold]));
    expect(whilePersonHolds.map((line) => line.speaker)).toEqual(whilePersonHolds.map(() => "agent"));
    expect(whilePersonHolds.map((line) => line.text).filter((text) => text !== DEFAULT_AI_SETTINGS.lines.pleaseHold)).toEqual([personLine]);

    await call(owner, "POST", `/api/calls/${c.id}/hangup`);
    await c.pump.until(async () => TERMINAL.has((await readCall(owner, c.id)).status));
    expect(await holdLines()).toBe(heldFor);
  });
});

/** An IANA zone where the local hour is `hour` now, so the calling window never decides this test. */
function zoneAtLocalHour(hour: number): string {
  let offset = hour - new Date().getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? "Etc/GMT" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

describe("an AI-agent campaign", () => {
  it("dials with no agent free, one call at a time; the AI answers the person; the room shows the AI's state through a takeover and a hand-back", async () => {
    const refused = await call(owner, "POST", "/api/campaigns", { name: "AI", pacingMode: "ai_agent", maxConcurrentCalls: 0 });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: "maxConcurrentCalls" })]));

    // +1555014…: a person who answers, says "Hello?" and stays on the line (sim/README.md).
    const accountIds: string[] = [];
    for (const phone of [freshNumberIn("+1555014"), freshNumberIn("+1555014")]) {
      // Californians (all-party consent): the AI's campaign call says the recording disclosure first.
      const created = await call(owner, "POST", "/api/accounts", { name: `Debtor ${phone}`, phones: [phone], state: "CA", timeZone: zoneAtLocalHour(12), balanceDueCents: 42_000, consent: true });
      expect(created.status).toBe(201);
      accountIds.push(created.body.account.id);
    }
    const created = await call(owner, "POST", "/api/campaigns", { name: "AI agent", pacingMode: "ai_agent", maxConcurrentCalls: 1, retryMaxAttempts: 1, accountSelection: { accountIds } });
    expect(created.status).toBe(201);
    expect(created.body.campaign).toMatchObject({ pacingMode: "ai_agent", maxConcurrentCalls: 1, agentUserIds: [] });
    const campaignId: string = created.body.campaign.id;
    const pump = await CallPump.forOrganization(owner.organizationId).skipArrived();
    // Nobody is in the pool, and the campaign has no agents: it starts and dials all the same.
    expect((await call(owner, "POST", `/api/campaigns/${campaignId}/start`)).status).toBe(200);
    const actor = stopWhenFileEnds(env.CampaignActor.get(env.CampaignActor.idFromName(campaignRoomName(owner.organizationId, campaignId))));

    let snapshot!: CampaignSnapshot;
    const aiStateIs = (state: string) => async () => {
      snapshot = (await actor.snapshot())!;
      return snapshot.calls.some((c) => c.ai?.state === state);
    };
    await pumpAndTick(pump, actor, aiStateIs("talking"), 40_000);
    // Its limit is one call in flight, though two leads are ready.
    expect(snapshot.calls).toHaveLength(1);
    expect(snapshot.stats.pacing).toMatch(/^AI agent: 1 of 1 call in flight/);
    const callId = snapshot.calls[0]!.callId;
    const heard = async () =>
      (await carrierLegsOf(callId))
        .filter((leg) => !leg.to.startsWith("sip:"))
        .flatMap((leg) => (leg as unknown as { heard_lines: { from: string; text: string }[] }).heard_lines)
        .filter((line) => line.from === "speak")
        .map((line) => line.text);
    await pump.until(async () => (await heard()).includes(DISCLOSURE), 20_000);
    expect((await heard()).slice(0, 2)).toEqual([DEFAULT_RECORDING_DISCLOSURE, DISCLOSURE]);

    agentConsole = await AgentConsole.open(owner.organizationId, agent);
    expect((await call(agent, "POST", `/api/calls/${callId}/ai-agent`, { action: "take_over" })).status).toBe(200);
    await pumpAndTick(pump, actor, aiStateIs("human_active"), 30_000);
    expect((await readCall(owner, callId)).agentUserId).toBe(agent.userId);
    expect((await call(agent, "POST", `/api/calls/${callId}/ai-agent`, { action: "hand_back", notes: "Paying $420 on Friday." })).status).toBe(200);
    await pumpAndTick(pump, actor, aiStateIs("handed_back"), 30_000);
    expect(snapshot.calls.find((c) => c.callId === callId)!.ai).toMatchObject({ state: "handed_back", handBacks: 1 });
    await pump.until(async () => (await heard()).some((line) => line.startsWith("Hi, it's the automated assistant again.")), 20_000);

    await call(owner, "POST", `/api/calls/${callId}/hangup`);
    await pump.until(async () => TERMINAL.has((await readCall(owner, callId)).status));
  }, 90_000);
});
