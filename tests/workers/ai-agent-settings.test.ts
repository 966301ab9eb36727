// An organisation's AI agent settings: the defaults until set, replaced as a whole by an
// admin (bad input a 400 naming the field, nothing stored), audited with before and
// after. What a call does with them is tested in Node (ai-settings.test.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_AI_AGENT_SETTINGS } from "../../domain/ai-agent-settings";
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
