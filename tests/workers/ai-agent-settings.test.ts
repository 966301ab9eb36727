// An organisation's AI agent settings: the defaults until set, replaced as a whole by an
// admin (bad input a 400 naming the field, nothing stored), audited with before and
// after. What a call does with them is tested in Node (ai-settings.test.ts). A test call
// from the settings page: a carrier simulator persona rings the organisation's AI number.
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_AI_AGENT_SETTINGS } from "../../domain/ai-agent-settings";
import { aiLine, followAiCall } from "./support/ai-call";
import { call } from "./support/client";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";

let owner: Member & { organizationId: string };
let supervisor: Member;
beforeAll(async () => {
  owner = await signUp("AI agent settings");
  supervisor = await inviteAndJoin(owner, "supervisor");
});

describe("AI agent settings", () => {
  it("are the defaults until an admin sets them", async () => {
    const response = await call(supervisor, "GET", "/api/ai-agent-settings");
    expect(response.status).toBe(200);
    expect(response.body.aiAgentSettings).toEqual(DEFAULT_AI_AGENT_SETTINGS);
  });

  it("refuse bad input with a 400 naming the field, and keep what was stored", async () => {
    const d = DEFAULT_AI_AGENT_SETTINGS;
    const cases: [unknown, string][] = [
      [{ ...d, prompt: "Hi {{nickname}}" }, "prompt"],
      [{ ...d, temperature: 3 }, "temperature"],
      [{ ...d, minimumPaymentPercent: 120 }, "minimumPaymentPercent"],
      [{ ...d, disclosures: { ...d.disclosures, debtCollection: " " } }, "disclosures.debtCollection"],
    ];
    for (const [body, field] of cases) {
      const response = await call(owner, "PATCH", "/api/ai-agent-settings", body);
      expect(response.status, field).toBe(400);
      expect(JSON.stringify(response.body.error.fields), field).toContain(field);
    }
    expect((await call(owner, "GET", "/api/ai-agent-settings")).body.aiAgentSettings).toEqual(DEFAULT_AI_AGENT_SETTINGS);
  });

  it("are changed by an admin only, and each change is audited with what it was before", async () => {
    const settings = { ...DEFAULT_AI_AGENT_SETTINGS, prompt: "You speak for {{organization_name}}.", voice: "male", minimumPaymentPercent: 75 };
    expect((await call(supervisor, "PATCH", "/api/ai-agent-settings", settings)).status).toBe(403);
    const saved = await call(owner, "PATCH", "/api/ai-agent-settings", settings);
    expect(saved.status).toBe(200);
    expect((await call(supervisor, "GET", "/api/ai-agent-settings")).body.aiAgentSettings).toEqual(settings);
    const audit = await call(owner, "GET", "/api/audit?limit=5");
    const entry = (audit.body.entries as { action: string; before: unknown; after: unknown }[]).find((e) => e.action === "organization.ai_agent_settings_changed");
    expect(entry).toMatchObject({ before: { minimumPaymentPercent: 100 }, after: { minimumPaymentPercent: 75, voice: "male" } });
  });
});

describe("a test call from the AI settings page", () => {
  const DISCLOSURE = "Hello, you are speaking with an automated assistant. You can ask for a person at any time.";

  it("lists the simulator's callers, is for admins only, and needs an AI number to ring", async () => {
    const personas = await call(owner, "GET", "/api/ai-agent-settings/test-personas");
    expect(personas.status).toBe(200);
    const names = (personas.body.personas as { name: string }[]).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["ai-caller-pays", "ai-caller-wants-human"]));
    expect(names).not.toContain("answering-machine");

    expect((await call(supervisor, "GET", "/api/ai-agent-settings/test-personas")).status).toBe(403);
    expect((await call(supervisor, "POST", "/api/ai-agent-settings/test-calls", { persona: "ai-caller-pays" })).status).toBe(403);
    const none = await call(owner, "POST", "/api/ai-agent-settings/test-calls", { persona: "ai-caller-pays" });
    expect(none.status).toBe(409);
    expect(none.body.error.message).toContain("has none: set a phone number's inbound action to the AI agent");
  });

  it("rings the AI number from the persona, and the AI greets them; audited", async () => {
    const line = await aiLine(owner);
    const unknown = await call(owner, "POST", "/api/ai-agent-settings/test-calls", { persona: "answering-machine" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].path).toBe("persona");
    const badFrom = await call(owner, "POST", "/api/ai-agent-settings/test-calls", { persona: "ai-caller-pays", from: "555-0100" });
    expect(badFrom.status).toBe(400);
    expect(badFrom.body.error.fields[0].path).toBe("from");

    let placed: { callId: string; to: string; phoneNumberId: string } | null = null;
    const c = await followAiCall(owner, async () => {
      const response = await call(owner, "POST", "/api/ai-agent-settings/test-calls", { persona: "ai-caller-pays" });
      expect(response.status).toBe(201);
      placed = response.body.testCall;
      return response.body.testCall.callSessionId;
    });
    expect(placed).toMatchObject({ callId: c.id, to: line.e164, phoneNumberId: line.id });
    await c.pump.until(async () => (await c.heard()).includes(DISCLOSURE), 20_000);
    await c.pump.until(async () => (await c.timeline()).includes("AI: greeting the caller"), 20_000);

    const audit = await call(owner, "GET", "/api/audit?limit=5");
    const entry = (audit.body.entries as { action: string; resourceId: string }[]).find((e) => e.action === "ai_agent.test_call");
    expect(entry?.resourceId).toBe(c.id);
  });
});
