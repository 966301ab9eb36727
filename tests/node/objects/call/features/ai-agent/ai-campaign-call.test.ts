// An AI-agent campaign's call (objects/campaign/lead-dialing.ts campaignCallAi): the AI
// starts once answering-machine detection says a person answered, the dialer asks the
// pool for nobody, and the call tells its campaign the AI's state at each change (AI
// talking, connecting a person, human active, handed back), which the campaign room keeps
// newest-first and shows in its live calls.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AiRoomState } from "../../../../../../domain/ai-agent";
import { campaignMayDialUnknownConsent } from "../../../../../../domain/consent";
import { DEFAULT_AI_SETTINGS } from "../../../../../../objects/call/features/ai-agent/ai-types";
import { desiredDialerTasks } from "../../../../../../objects/call/features/dialer/dialer-tasks";
import { campaignSnapshot } from "../../../../../../objects/campaign/campaign-snapshot";
import type { CallSpec } from "../../../../../../objects/call/call-spec";
import { LOCAL_EVENTS } from "../../../../../../objects/call/carrier-event";
import { startModelSimulator, type ModelSimulator } from "../../../../../../sim/model/server";
import { liveCallAiCell, showsAiColumn } from "../../../../../../ui/src/lib/campaign-room-view";
import { openCampaignStore, NOW } from "../../../campaign/campaign-fixtures";
import { AiCall, aiSpec } from "./ai-call";
import { AUTOMATED_DISCLOSURE } from "./fixtures";

let sim: ModelSimulator;
beforeAll(async () => {
  sim = await startModelSimulator({ port: 0, seed: 9, clock: "manual" });
});
beforeEach(() => sim.reset());
afterAll(() => sim.close());

const AGENT = { userId: "44444444-4444-4444-8444-444444444444", address: "sip:agent@test", name: "Grace" };
const SUPERVISOR = { userId: "55555555-5555-4555-8555-555555555555", name: "Sam Supervisor" };
const CAMPAIGN_ID = "66666666-6666-4666-8666-666666666666";

function campaignAiSpec(campaignAgents: string[] = []): CallSpec {
  const inbound = aiSpec({ startsOn: "human", calleeZone: "America/Chicago" });
  return {
    ...inbound,
    kind: "dialer",
    direction: "outbound",
    to: "+15550109999",
    from: "+15550001000",
    inbound: null,
    dialer: { campaignId: CAMPAIGN_ID, eligibleAgentUserIds: campaignAgents, voicemailScript: "Please call us back.", safeHarborMessage: "This is Acme.", debtIds: [], previewAgent: null },
  };
}

const reported = (call: AiCall): AiRoomState[] => call.ports.campaignCalls.flatMap((c) => ("ai" in c ? [c.ai] : []));

describe("an AI-agent campaign's call", () => {
  it("owing the recording disclosure (a California callee), starts the AI after both AMD's person and the disclosure's end, whichever comes last", async () => {
    const owing = (): CallSpec => ({ ...campaignAiSpec(), recordingDisclosure: "This call is recorded." });
    const amdFirst = new AiCall(owing(), sim);
    await amdFirst.receive("call.answered");
    await amdFirst.receive("call.machine.premium.detection.ended", "customer", { amdResult: "human" });
    expect(amdFirst.heard).toEqual([]);
    await amdFirst.receive(LOCAL_EVENTS.recordingDisclosurePlayed);
    expect(amdFirst.heard[0]).toBe(AUTOMATED_DISCLOSURE);

    const disclosureFirst = new AiCall(owing(), sim);
    await disclosureFirst.receive("call.answered");
    await disclosureFirst.receive(LOCAL_EVENTS.recordingDisclosurePlayed);
    expect(disclosureFirst.heard).toEqual([]);
    await disclosureFirst.receive("call.machine.premium.detection.ended", "customer", { amdResult: "human" });
    expect(disclosureFirst.heard[0]).toBe(AUTOMATED_DISCLOSURE);

    // A machine: the disclosure plays, the AI never starts (the voicemail follows).
    const machine = new AiCall(owing(), sim);
    await machine.receive("call.answered");
    await machine.receive(LOCAL_EVENTS.recordingDisclosurePlayed);
    await machine.receive("call.machine.premium.detection.ended", "customer", { amdResult: "machine" });
    expect(machine.heard).toEqual([]);
  });

  it("starts the AI once AMD says a person answered, waits for no agent, and tells its campaign each change of the AI's state", async () => {
    const call = new AiCall(campaignAiSpec(), sim);
    await call.receive("call.answered");
    // Answered, but not yet known to be a person: the AI has not said a word.
    expect(call.heard).toEqual([]);
    await call.receive("call.machine.premium.detection.ended", "customer", { amdResult: "human" });
    expect(call.heard[0]).toBe(AUTOMATED_DISCLOSURE);
    // The dialer asks the pool for no agent: the AI has the person.
    const tasks = desiredDialerTasks(call.spec, call.record, call.clock.nowMs);
    expect(tasks.some((task) => task.action === "reserve_agent")).toBe(false);
    expect(tasks.map((task) => task.name)).toContain("campaign-phase-connected");
    await call.speechEnds();
    expect(reported(call).map((r) => r.state)).toEqual(["talking"]);

    call.ports.reservations = [AGENT];
    expect((await call.operator({ kind: "take_over", by: SUPERVISOR })).kind).toBe("accepted");
    await call.receive("call.bridged");
    expect(call.state.phase).toBe("human_active");
    await call.operator({ kind: "hand_back", by: SUPERVISOR, notes: "Will pay Friday." });
    await call.speechEnds();
    const states = reported(call);
    expect(states.map((r) => r.state)).toEqual(["talking", "connecting_human", "human_active", "handed_back"]);
    expect(states.at(-1)!.handBacks).toBe(1);
    // Each report is newer than the one before: the campaign can keep the newest by order.
    expect(states.map((r) => r.order)).toEqual([...states.map((r) => r.order)].sort((a, b) => a - b));
    expect(new Set(states.map((r) => r.order)).size).toBe(states.length);
  });

  it("hands a caller who wants a person only to the campaign's own agents", async () => {
    const call = new AiCall(campaignAiSpec([AGENT.userId]), sim);
    await call.receive("call.answered");
    await call.receive("call.machine.premium.detection.ended", "customer", { amdResult: "human" });
    await call.speechEnds();
    call.ports.reservations = [AGENT];
    await call.staysSilent();
    expect(call.state.phase).toBe("bridging");
    expect(call.ports.reservationsAsked).toEqual([[AGENT.userId]]);
  });

  it("dials only accounts whose consent is granted: an AI is an artificial voice, whatever the campaign says of its list", () => {
    expect(campaignMayDialUnknownConsent({ pacingMode: "ai_agent", dialUnknownConsent: true })).toBe(false);
  });

  it("never starts the AI for a machine (the campaign's voicemail is left instead)", async () => {
    const call = new AiCall(campaignAiSpec(), sim);
    await call.receive("call.answered");
    await call.receive("call.machine.premium.detection.ended", "customer", { amdResult: "machine" });
    await call.wait(DEFAULT_AI_SETTINGS.silenceMs);
    expect(call.heard).toEqual([]);
    expect(reported(call)).toEqual([]);
  });
});

describe("the campaign room's live calls", () => {
  it("keep each AI call's newest state (a late older one changes nothing) and show it in an AI column", async () => {
    const store = await openCampaignStore();
    const spec = campaignAiSpec();
    store.calls.add({ callId: spec.id, accountId: "acct-1", phone: spec.to, phase: "connected", sinceMs: NOW, dialedAtMs: NOW, agentUserId: null }, spec);
    expect(showsAiColumn(campaignSnapshot(store, NOW)!.calls)).toBe(false);

    const talking: AiRoomState = { state: "talking", handBacks: 0, order: 3 };
    const human: AiRoomState = { state: "human_active", handBacks: 0, order: 20 };
    const handedBack: AiRoomState = { state: "handed_back", handBacks: 1, order: 31 };
    expect(store.calls.setAi(spec.id, talking)).toBe(true);
    expect(liveCallAiCell(campaignSnapshot(store, NOW)!.calls[0]!)).toEqual({ label: "AI talking", tone: "info" });
    expect(store.calls.setAi(spec.id, human)).toBe(true);
    expect(liveCallAiCell(campaignSnapshot(store, NOW)!.calls[0]!)).toEqual({ label: "Human active", tone: "warning" });
    expect(store.calls.setAi(spec.id, handedBack)).toBe(true);
    // Delivered late, or twice: the room keeps the hand-back.
    expect(store.calls.setAi(spec.id, human)).toBe(false);
    expect(store.calls.setAi(spec.id, handedBack)).toBe(false);
    const calls = campaignSnapshot(store, NOW)!.calls;
    expect(showsAiColumn(calls)).toBe(true);
    expect(calls[0]!.ai).toEqual(handedBack);
    expect(liveCallAiCell(calls[0]!)).toEqual({ label: "Handed back to AI", tone: "success" });
    // A call the room does not hold (ended, or another campaign's) is not added by a report.
    expect(store.calls.setAi("no-such-call", handedBack)).toBe(false);
  });
});
