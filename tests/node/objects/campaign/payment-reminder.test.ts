// Payment-reminder pacing as pure logic: how many it dials (a concurrency limit, no
// agents), whom (consent granted only: unknown is not consent, whatever the campaign's
// "dial unknown consent" says), what each call is asked to be (the IVR, starting once a
// person is on the line), and such a call's course: a person hears the menu and is never
// waiting for an agent or abandoned; a machine gets the voicemail and no menu.
import { describe, expect, it } from "vitest";
import { campaignMayDialUnknownConsent } from "../../../../domain/consent";
import { reminderConsentAllows, reminderDials } from "../../../../domain/payment-reminders";
import { DEFAULT_IVR_SETTINGS } from "../../../../domain/ivr-settings";
import { pacingInputs } from "../../../../objects/campaign/campaign-snapshot";
import { dialTick } from "../../../../objects/campaign/lead-dialing";
import type { CampaignConfig } from "../../../../objects/campaign/protocol";
import { isAbandoned } from "../../../../objects/call/call-view";
import type { CallSpec } from "../../../../objects/call/call-spec";
import { desiredCommands } from "../../../../objects/call/features/carrier-commands/desired-commands";
import { dialerPhase, desiredDialerTasks } from "../../../../objects/call/features/dialer/dialer-tasks";
import { desiredIvrTasks } from "../../../../objects/call/features/ivr/ivr-tasks";
import { foldCall } from "../../../../objects/call/machine";
import type { CarrierEvent } from "../../../../objects/call/carrier-event";
import { amd, event, hangup, T0 } from "../call/events";
import { situationOf } from "../call/fake-ports";
import { config as progressiveConfig, lead, NOW, openCampaignStore, TODAY } from "./campaign-fixtures";

const reminderIvr = { language: "en" as const, prompts: DEFAULT_IVR_SETTINGS.prompts.en!, paymentHoldMs: 300_000 };
const config: CampaignConfig = { ...progressiveConfig, pacingMode: "payment_reminder", agentUserIds: [], maxConcurrentCalls: 2, dialUnknownConsent: true, reminderIvr };

describe("payment-reminder pacing", () => {
  it("dials up to the concurrency limit less the calls in flight, never below zero", () => {
    expect(reminderDials(5, 0)).toBe(5);
    expect(reminderDials(5, 3)).toBe(2);
    expect(reminderDials(5, 5)).toBe(0);
    expect(reminderDials(2, 7)).toBe(0);
  });

  it("calls only accounts whose consent is granted: unknown is not consent, even when the campaign would dial unknowns", () => {
    expect([true, false, null].map(reminderConsentAllows)).toEqual([true, false, false]);
    expect(campaignMayDialUnknownConsent(config)).toBe(false);
    expect(campaignMayDialUnknownConsent({ ...config, pacingMode: "progressive" })).toBe(true);
  });

  it("a tick with no agents dials to the limit, skips unknown and refused consent with their reasons, and waits while the limit is full", async () => {
    const store = await openCampaignStore();
    store.meta.set("config", config);
    store.leads.add([
      lead("1", { balanceDueCents: 90_000, consent: null }),
      lead("2", { balanceDueCents: 80_000, consent: false }),
      lead("3", { balanceDueCents: 70_000 }),
      lead("4", { balanceDueCents: 60_000 }),
      lead("5", { balanceDueCents: 50_000 }),
    ]);

    const specs = dialTick(store, config, pacingInputs(store, config, NOW), NOW);
    expect(specs.map((s) => s.accountId)).toEqual(["3", "4"]);
    expect(store.days.skipsOn(TODAY)).toEqual({ consent_unknown: 1, no_consent: 1 });
    expect(store.meta.get("pacing")).toMatch(/^Payment reminders: 0 of 2 calls in flight, dialling 2/);
    // Each call is the IVR's, for that account's balance, texting the number dialled; the menu waits for a person.
    expect(specs[0]).toMatchObject({
      kind: "dialer",
      dialer: { campaignId: config.id, eligibleAgentUserIds: [] },
      ivr: { language: "en", startsOn: "human", account: { id: "3", debtId: "debt-3", balanceCents: 70_000 }, sendTo: lead("3").phones[0] },
    });

    // Both places taken: nothing more until a call ends.
    expect(dialTick(store, config, pacingInputs(store, config, NOW + 1000), NOW + 1000)).toEqual([]);
    expect(store.meta.get("pacing")).toMatch(/2 of 2 calls in flight, at the limit/);
    store.calls.remove(specs[0]!.id);
    expect(dialTick(store, config, pacingInputs(store, config, NOW + 2000), NOW + 2000).map((s) => s.accountId)).toEqual(["5"]);
  });
});

describe("a payment-reminder call's language", () => {
  const bilingual: CampaignConfig = { ...config, maxConcurrentCalls: 10, reminderIvr: { ...reminderIvr, promptsByLanguage: DEFAULT_IVR_SETTINGS.prompts } };
  const dialled = async (campaign: CampaignConfig, leads: ReturnType<typeof lead>[]) => {
    const store = await openCampaignStore();
    store.meta.set("config", campaign);
    store.leads.add(leads);
    return new Map(dialTick(store, campaign, pacingInputs(store, campaign, NOW), NOW).map((spec) => [spec.accountId, spec]));
  };

  it("speaks the account's preferred language where the organisation has prompts in it, else the organisation's default", async () => {
    const specs = await dialled(bilingual, [
      lead("1", { preferredLanguage: "es" }),
      lead("2", { preferredLanguage: "fr" }),
      lead("3", { preferredLanguage: null }),
      lead("4", { preferredLanguage: "ES" }),
    ]);
    expect(specs.get("1")!.ivr).toMatchObject({ language: "es", prompts: { greeting: "Gracias por llamar." } });
    expect(specs.get("4")!.ivr).toMatchObject({ language: "es" });
    for (const id of ["2", "3"]) expect(specs.get(id)!.ivr).toMatchObject({ language: "en", prompts: { greeting: "Thank you for calling." } });
    // The call carries its one language's words, not the organisation's whole set.
    expect(specs.get("1")!.ivr).not.toHaveProperty("promptsByLanguage");
    // The Spanish caller's menu is said in Spanish once a person answers.
    const [prompt] = desiredIvrTasks(situationOf(specs.get("1")!, [event("call.initiated", 0), event("call.answered", 6), amd(8, "human")], T0 + 8000, {})).flatMap((t) =>
      t.action === "ivr_command" && t.command.action === "gather_using_speak" ? [t.command] : [],
    );
    expect(prompt).toMatchObject({ language: "es-US" });
    expect(prompt!.text).toContain("Gracias por llamar.");
  });

  it("an organisation with prompts only in its default language, or a campaign started before languages were carried, speaks the default", async () => {
    const englishOnly = await dialled({ ...bilingual, reminderIvr: { ...reminderIvr, promptsByLanguage: { en: DEFAULT_IVR_SETTINGS.prompts.en! } } }, [lead("1", { preferredLanguage: "es" })]);
    expect(englishOnly.get("1")!.ivr).toMatchObject({ language: "en" });
    const storedBefore = await dialled({ ...bilingual, reminderIvr }, [lead("1", { preferredLanguage: "es" })]);
    expect(storedBefore.get("1")!.ivr).toMatchObject({ language: "en", prompts: { greeting: "Thank you for calling." } });
  });

  it("offers only the organisation's menu options (a campaign started before them offers all three)", async () => {
    const firstPrompt = (spec: CallSpec) =>
      desiredIvrTasks(situationOf(spec, [event("call.initiated", 0), event("call.answered", 6), amd(8, "human")], T0 + 8000, {})).flatMap((t) =>
        t.action === "ivr_command" && t.command.action === "gather_using_speak" ? [t.command.text] : [],
      )[0]!;
    const payOnly = await dialled({ ...bilingual, reminderIvr: { ...bilingual.reminderIvr!, menuOptions: ["pay", "agent"] } }, [lead("1", { preferredLanguage: "es" })]);
    expect(payOnly.get("1")!.ivr).toMatchObject({ menuOptions: ["pay", "agent"] });
    expect(firstPrompt(payOnly.get("1")!)).toMatch(/Para hacer un pago, oprima 1\. Para hablar con un agente, oprima 3\.$/);
    const storedBefore = await dialled({ ...bilingual, reminderIvr }, [lead("1", { preferredLanguage: null })]);
    expect(firstPrompt(storedBefore.get("1")!)).toMatch(/To make a payment, press 1\. To hear your balance, press 2\. To speak with an agent, press 3\.$/);
  });
});

describe("a payment-reminder call", () => {
  const reminderSpec: CallSpec = {
    id: "11111111-1111-4111-8111-111111111111",
    organizationId: "22222222-2222-4222-8222-222222222222",
    kind: "dialer",
    direction: "outbound",
    to: "+15550100003",
    from: "+15550001000",
    agentUserId: null,
    agentAddress: null,
    accountId: "3",
    createdAtMs: T0,
    ringTimeoutSeconds: 22,
    record: true,
    transcribe: true,
    inbound: null,
    dialer: { campaignId: "camp-1", eligibleAgentUserIds: [], voicemailScript: "Please call Acme back.", safeHarborMessage: "This is Acme.", debtIds: ["debt-3"] },
    ivr: { ...reminderIvr, account: { id: "3", debtId: "debt-3", balanceCents: 70_000 }, sendTo: "+15550100003", startsOn: "human" },
  };
  const ivrPrompts = (events: CarrierEvent[], nowMs: number) =>
    desiredIvrTasks(situationOf(reminderSpec, events, nowMs, {})).flatMap((t) => (t.action === "ivr_command" && t.command.action === "gather_using_speak" ? [t.command.text] : []));

  it("a person is greeted by the IVR with the disclosure and the menu, asks no agent of the pool, and is never abandoned", () => {
    const answered = [event("call.initiated", 0), event("call.answered", 6)];
    // Answered, AMD still listening: nothing said yet (it may be a machine).
    expect(ivrPrompts(answered, T0 + 7000)).toEqual([]);
    const human = [...answered, amd(8, "human")];
    const [prompt] = ivrPrompts(human, T0 + 8000);
    expect(prompt).toContain("This is a debt collector.");
    expect(prompt).toContain("To make a payment, press 1.");
    const record = foldCall(reminderSpec, human);
    expect(desiredDialerTasks(reminderSpec, record, T0 + 8000).map((t) => t.name)).toEqual(["campaign-phase-connected"]);
    expect(dialerPhase(record, false, true)).toBe("connected");
    expect(desiredCommands(reminderSpec, record, T0 + 8000).map((c) => c.name)).not.toContain("speak-safe-harbor");
    const ended = foldCall(reminderSpec, [...human, hangup(40, "normal_clearing")]);
    expect(isAbandoned(reminderSpec, ended)).toBe(false);
  });

  it("a machine gets the campaign's voicemail after the beep and no IVR menu", () => {
    const machine = [event("call.initiated", 0), event("call.answered", 6), amd(8, "machine"), event("call.machine.premium.greeting.ended", 12)];
    expect(ivrPrompts(machine, T0 + 12_000)).toEqual([]);
    const commands = desiredCommands(reminderSpec, foldCall(reminderSpec, machine), T0 + 12_000);
    expect(commands.find((c) => c.name === "speak-voicemail")).toMatchObject({ action: "speak", text: "Please call Acme back." });
  });
});
