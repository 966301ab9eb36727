// An organisation's AI settings reach a call when it starts (worker/calls/inbound.ts
// aiCallSpec): the model is sent the organisation's prompt with the account filled in and
// asked under its model name, the caller hears its voice and only the disclosures it
// chose, and the policy's lowest payment follows its percentage.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_AI_AGENT_SETTINGS, type AiAgentSettings } from "../../../../../../domain/ai-agent-settings";
import { PLANS } from "../../../../../../domain/billing-plans";
import { DEFAULT_IVR_SETTINGS } from "../../../../../../domain/ivr-settings";
import { aiSetupOf } from "../../../../../../objects/call/features/ai-agent/ai-spec";
import { checkToolCall } from "../../../../../../objects/call/features/ai-agent/policy";
import { aiCallSpec, inboundSpec, type IvrCaller, type NumberRoute } from "../../../../../../worker/calls/inbound";
import { startModelSimulator, type ModelSimulator } from "../../../../../../sim/model/server";
import { AiCall, aiSpec } from "./ai-call";

let sim: ModelSimulator;
beforeAll(async () => {
  sim = await startModelSimulator({ port: 0, seed: 9, clock: "manual" });
});
beforeEach(() => sim.reset());
afterAll(() => sim.close());

const CALLER: IvrCaller = { accountId: "33333333-3333-4333-8333-333333333333", name: "Ada Lovelace", balanceCents: 84_216, preferredLanguage: "en", debtId: null };
const SETTINGS: AiAgentSettings = {
  ...DEFAULT_AI_AGENT_SETTINGS,
  prompt: "You work for {{organization_name}}. {{customer_name}} owes {{balance}}.",
  model: "acme-voice-1",
  voice: "male",
  temperature: 0.1,
  guardrails: { ...DEFAULT_AI_AGENT_SETTINGS.guardrails, alwaysOfferHuman: false },
  disclosures: { ...DEFAULT_AI_AGENT_SETTINGS.disclosures, automatedAgent: "You are talking to Acme's automated assistant.", collections: false },
  minimumPaymentPercent: 60,
};

describe("an AI call started under the organisation's settings", () => {
  it("fills the prompt, applies the policy and the disclosures chosen", () => {
    const ai = aiCallSpec("+15550109999", CALLER, SETTINGS, "Acme Recovery", "America/New_York");
    expect(ai.orgPrompt).toBe("You work for Acme Recovery. Ada Lovelace owes $842.16.");
    expect(ai.minimumPaymentCents).toBe(50_530);
    expect(ai.disclosures).toEqual({ automatedAgent: "You are talking to Acme's automated assistant.", debtCollection: null });
    expect(aiSetupOf(ai).policy.minimumPaymentCents).toBe(50_530);
    expect(aiCallSpec("+15550109999", CALLER, DEFAULT_AI_AGENT_SETTINGS, "Acme", "America/New_York").minimumPaymentCents).toBe(84_216);
  });

  it("hands a caller who wants a person to the number's queue's members, else its agent, else anyone", () => {
    const route: NumberRoute = {
      organizationId: "11111111-1111-4111-8111-111111111111",
      e164: "+15550001000",
      inboundAction: "ai_agent",
      inboundAgentUserId: "77777777-7777-4777-8777-777777777777",
      inboundMessage: "",
      wrapUpSeconds: 30,
      ivrSettings: DEFAULT_IVR_SETTINGS,
      inboundQueueId: "88888888-8888-4888-8888-888888888888",
      inboundQueuePriority: 0,
      timeZone: "America/New_York",
      recordingDisclosure: "",
      organizationName: "Acme",
      aiSettings: DEFAULT_AI_AGENT_SETTINGS,
      plan: PLANS.at(-1)!,
      inboundQueueMemberIds: ["a1", "a2"],
    };
    const call = { id: "99999999-9999-4999-8999-999999999999", from: "+15550109999", callControlId: "v3:c", occurredAtMs: 0 };
    const humansOf = (r: NumberRoute) => inboundSpec({ AGENT_SIP_DOMAIN: "agents.test" }, r, call, CALLER).ai?.humanUserIds;
    expect(humansOf(route)).toEqual(["a1", "a2"]);
    expect(humansOf({ ...route, inboundQueueId: null, inboundQueueMemberIds: null })).toEqual([route.inboundAgentUserId]);
    expect(humansOf({ ...route, inboundQueueId: null, inboundQueueMemberIds: null, inboundAgentUserId: null })).toBeNull();
  });

  it("books callbacks inside the calling window of the organisation's time zone, not New York's", () => {
    const policy = aiSetupOf(aiCallSpec("+15550109999", CALLER, SETTINGS, "Acme Recovery", "America/Chicago")).policy;
    expect(policy.calleeZone).toBe("America/Chicago");
    const now = Date.parse("2026-12-07T15:00:00Z");
    const callback = (at: string) => checkToolCall({ id: "c1", name: "schedule_callback", arguments: JSON.stringify({ at }) }, policy, 0, now);
    // 20:30 in Chicago is 21:30 in New York: lawful there, refused under the old hard-coded zone.
    expect(callback("2026-12-08T02:30:00Z").ok).toBe(true);
    expect(checkToolCall({ id: "c1", name: "schedule_callback", arguments: JSON.stringify({ at: "2026-12-08T02:30:00Z" }) }, { ...policy, calleeZone: "America/New_York" }, 0, now).ok).toBe(false);
    // 21:30 in Chicago is past its window.
    expect(callback("2026-12-08T03:30:00Z")).toMatchObject({ ok: false, reason: "callback_outside_calling_window" });
  });

  it("speaks in its voice, only its disclosure, and asks its model with its prompt and without a switched-off rule", async () => {
    const call = new AiCall(aiSpec(aiCallSpec("+15550109999", CALLER, SETTINGS, "Acme Recovery", "America/New_York")), sim);
    await call.receive("call.answered");
    expect(call.heard[0]).toBe("You are talking to Acme's automated assistant.");
    expect(call.heard).not.toContain(DEFAULT_AI_AGENT_SETTINGS.disclosures.debtCollection);
    const speaks = call.commands.filter((command) => command.action === "speak");
    expect(speaks.length).toBeGreaterThan(1);
    expect(speaks.every((command) => command.voice === "male")).toBe(true);
    const request = sim.requests().at(-1)!;
    expect(request.model).toBe("acme-voice-1");
    const system = JSON.stringify(request.messages[0]);
    expect(system).toContain("You work for Acme Recovery. Ada Lovelace owes $842.16.");
    expect(system).toContain("Lowest payment you may offer: $505.30");
    expect(system).not.toContain("Always offer to connect the caller with a human agent");
  });

  it("keeps the defaults' behaviour: both disclosures, the carrier's default voice, every rule", async () => {
    const call = new AiCall(aiSpec(), sim);
    await call.receive("call.answered");
    expect(call.commands.filter((command) => command.action === "speak").every((command) => command.voice === undefined)).toBe(true);
    expect(JSON.stringify(sim.requests().at(-1)!.messages[0])).toContain("Always offer to connect the caller with a human agent");
  });
});
