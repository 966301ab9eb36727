// The organisation's AI agent settings: what is refused (naming the field), how the
// prompt's variables are filled in (the console's preview and the call use one
// function), and the lowest payment the policy allows for a balance.
import { describe, expect, it } from "vitest";
import {
  AI_PROMPT_EXAMPLE_VALUES,
  aiAgentSettings,
  aiPromptValues,
  DEFAULT_AI_AGENT_SETTINGS,
  minimumPaymentCentsFor,
  readAiAgentSettings,
  renderAiPrompt,
} from "../../../domain/ai-agent-settings";

const refusedAt = (body: unknown): string[] => {
  const parsed = aiAgentSettings.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join("."));
};

describe("AI agent settings", () => {
  it("accept the defaults and read unreadable stored settings as the defaults", () => {
    expect(aiAgentSettings.parse(DEFAULT_AI_AGENT_SETTINGS)).toEqual(DEFAULT_AI_AGENT_SETTINGS);
    expect(readAiAgentSettings({ prompt: 3 })).toEqual(DEFAULT_AI_AGENT_SETTINGS);
    expect(readAiAgentSettings(undefined)).toEqual(DEFAULT_AI_AGENT_SETTINGS);
  });

  it("refuse each bad field by its path", () => {
    const d = DEFAULT_AI_AGENT_SETTINGS;
    expect(refusedAt({ ...d, prompt: "  " })).toEqual(["prompt"]);
    expect(refusedAt({ ...d, prompt: "Hello {{custmer_name}}" })).toEqual(["prompt"]);
    expect(aiAgentSettings.safeParse({ ...d, prompt: "Hello {{custmer_name}}" }).error?.issues[0]?.message).toContain("unknown variable {{custmer_name}}");
    expect(refusedAt({ ...d, temperature: 2.5 })).toEqual(["temperature"]);
    expect(refusedAt({ ...d, voice: "robot" })).toEqual(["voice"]);
    expect(refusedAt({ ...d, model: "gpt 4; drop" })).toEqual(["model"]);
    expect(refusedAt({ ...d, minimumPaymentPercent: 0 })).toEqual(["minimumPaymentPercent"]);
    expect(refusedAt({ ...d, maxPaymentLinksPerCall: 6 })).toEqual(["maxPaymentLinksPerCall"]);
    expect(refusedAt({ ...d, disclosures: { ...d.disclosures, automatedAgent: "" } })).toEqual(["disclosures.automatedAgent"]);
    expect(refusedAt({ ...d, guardrails: { ...d.guardrails, obeyCaller: true } })).toEqual(["guardrails"]);
    const { voice: _voice, ...withoutVoice } = d;
    expect(refusedAt(withoutVoice)).toEqual(["voice"]);
  });

  it("fill the prompt's variables, spaces inside the braces allowed, for the preview and for a call", () => {
    const template = "Hi {{ customer_name }}, {{organization_name}} here. You owe {{balance}}; at least {{minimum_payment}}.";
    expect(renderAiPrompt(template, AI_PROMPT_EXAMPLE_VALUES)).toBe("Hi Ada Lovelace, Acme Recovery here. You owe $1,250.00; at least $625.00.");
    const values = aiPromptValues({ customerName: null, balanceCents: 84_216, minimumPaymentCents: 42_108, organizationName: "Demo Collections" });
    expect(renderAiPrompt(template, values)).toBe("Hi the caller, Demo Collections here. You owe $842.16; at least $421.08.");
  });

  it("never let the lowest payment exceed the balance, and round it up to a whole cent", () => {
    expect(minimumPaymentCentsFor({ minimumPaymentPercent: 100 }, 84_216)).toBe(84_216);
    expect(minimumPaymentCentsFor({ minimumPaymentPercent: 50 }, 84_215)).toBe(42_108);
    expect(minimumPaymentCentsFor({ minimumPaymentPercent: 80 }, 0)).toBe(0);
  });
});
