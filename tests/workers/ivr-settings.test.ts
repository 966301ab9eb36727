// An organisation's IVR settings: the defaults until set, replaced as a whole by an
// admin (bad input a 400 naming the field, nothing stored), audited, and what the next
// IVR call says: the caller's language where the organisation has a prompt set for it,
// and only the menu options it offers.
import { env, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { callActorStub } from "../../objects/shared/actor-stubs";
import { DEFAULT_IVR_SETTINGS } from "../../domain/ivr-settings";
import { inboundCallId } from "../../worker/calls/inbound";
import { CallPump, startInboundCall } from "./support/carrier";
import { freshNumberIn, readCall } from "./support/calls";
import { call } from "./support/client";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";
import { randomNumber } from "./support/resources";

let owner: Member & { organizationId: string };
let supervisor: Member;
beforeAll(async () => {
  owner = await signUp("IVR settings");
  supervisor = await inviteAndJoin(owner, "supervisor");
});

const spanish = { greeting: "Hola, gracias por llamar a Acme.", disclosure: "Acme es una agencia de cobranza.", holdMessage: "Espere, por favor." };

describe("IVR settings", () => {
  it("are the defaults until an admin sets them", async () => {
    const response = await call(supervisor, "GET", "/api/ivr-settings");
    expect(response.status).toBe(200);
    expect(response.body.ivrSettings).toEqual(DEFAULT_IVR_SETTINGS);
  });

  it("refuse bad input with a 400 naming the field, and keep what was stored", async () => {
    const cases: [unknown, string][] = [
      [{ ...DEFAULT_IVR_SETTINGS, paymentHoldSeconds: 10 }, "paymentHoldSeconds"],
      [{ ...DEFAULT_IVR_SETTINGS, defaultLanguage: "fr" }, "defaultLanguage"],
      [{ ...DEFAULT_IVR_SETTINGS, prompts: { es: spanish } }, "prompts"],
      [{ ...DEFAULT_IVR_SETTINGS, menuOptions: [] }, "menuOptions"],
      [{ ...DEFAULT_IVR_SETTINGS, menuOptions: ["pay", "callback"] }, "menuOptions.1"],
      [{ ...DEFAULT_IVR_SETTINGS, prompts: { en: { ...DEFAULT_IVR_SETTINGS.prompts.en, disclosure: "  " } } }, "prompts.en.disclosure"],
    ];
    for (const [body, field] of cases) {
      const response = await call(owner, "PATCH", "/api/ivr-settings", body);
      expect(response.status, field).toBe(400);
      expect(JSON.stringify(response.body.error.fields), field).toContain(field);
    }
    expect((await call(owner, "GET", "/api/ivr-settings")).body.ivrSettings).toEqual(DEFAULT_IVR_SETTINGS);
  });

  it("are set by an admin only, audited, and a Spanish-speaking caller then hears the organisation's Spanish greeting and only its menu options", async () => {
    const settings = { defaultLanguage: "en", prompts: { en: DEFAULT_IVR_SETTINGS.prompts.en, es: spanish }, paymentHoldSeconds: 120, menuOptions: ["pay", "agent"] };
    expect((await call(supervisor, "PATCH", "/api/ivr-settings", settings)).status).toBe(403);
    const saved = await call(owner, "PATCH", "/api/ivr-settings", settings);
    expect(saved.status).toBe(200);
    expect((await call(owner, "GET", "/api/ivr-settings")).body.ivrSettings).toEqual({ ...settings, queueOptions: [] }); // settings without queue options read as none
    const audit = await call(owner, "GET", "/api/audit?limit=5");
    expect(JSON.stringify(audit.body)).toContain("organization.ivr_settings_changed");

    const line = randomNumber();
    await call(owner, "POST", "/api/phone-numbers", { e164: line, label: "Pagos", inboundAction: "ivr" });
    const caller = freshNumberIn("+1555778");
    await call(owner, "POST", "/api/accounts", { name: "Cliente", phones: [caller], balanceDueCents: 5000, preferredLanguage: "es" });
    const session = await startInboundCall(caller, line, "ivr-balance-then-agent");
    const id = await inboundCallId(session);
    const pump = new CallPump((d) => d.callId === id || d.callSessionId === session);
    const actor = callActorStub(env, owner.organizationId, id);
    const firstPrompt = () =>
      runInDurableObject(actor, (_i, state) => state.storage.sql.exec<{ json: string }>("SELECT json FROM tasks WHERE name = 'ivr-prompt-1'").toArray()[0]?.json ?? null).catch(() => null);
    await pump.until(async () => (await firstPrompt()) !== null, 30_000);
    const prompt = JSON.parse((await firstPrompt())!) as { command: { text: string; language: string } };
    expect(prompt.command.language).toBe("es-US");
    expect(prompt.command.text).toMatch(/^Hola, gracias por llamar a Acme\. Acme es una agencia de cobranza\. Para hacer un pago, oprima 1\. Para hablar con un agente, oprima 3\.$/);
    const spec = await runInDurableObject(actor, (_i, state) => JSON.parse(state.storage.sql.exec<{ json: string }>("SELECT json FROM spec").one().json) as { ivr: { paymentHoldMs: number; menuOptions: string[] } });
    expect(spec.ivr.paymentHoldMs).toBe(120_000);
    expect(spec.ivr.menuOptions).toEqual(["pay", "agent"]);
    await call(owner, "POST", `/api/calls/${id}/hangup`);
    await pump.until(async () => (await readCall(owner, id)).status === "completed");
  });
});
