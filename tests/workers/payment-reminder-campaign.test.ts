// A payment-reminder campaign end to end in workerd against the carrier simulator: made
// and started through the API with no agents, it dials only the accounts whose consent
// is granted (unknown and refused are compliance skips), a person who answers hears the
// IVR's greeting, disclosure and menu in their account's preferred language (Spanish: the
// organisation has prompts in it; no agent is asked for, nothing is abandoned), and a
// machine gets the campaign's voicemail.
import { env, runInDurableObject } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { TEST_ACCESS } from "./support/database";
import { calls, complianceSkips } from "../../db/schema";
import { callActorStub } from "../../objects/shared/actor-stubs";
import { campaignRoomName, type CampaignSnapshot } from "../../objects/campaign/protocol";
import { CallPump, carrierCommandLog, carrierLegsTo } from "./support/carrier";
import { pumpAndTick, stopCampaignsStarted, stopWhenFileEnds } from "./support/campaign-clock";
import { freshNumberIn } from "./support/calls";
import { call } from "./support/client";
import { signUp } from "./support/orgs";

let handle: DatabaseHandle;
beforeAll(() => {
  handle = openDatabase(env, TEST_ACCESS);
});
afterAll(async () => {
  await stopCampaignsStarted();
  await handle.close();
});

/** An IANA zone where the local hour is `hour` now, so the calling window never decides this test. */
function zoneAtLocalHour(hour: number): string {
  let offset = hour - new Date().getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? "Etc/GMT" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

describe("a payment-reminder campaign", () => {
  it("dials only consented accounts with no agents; a person hears the IVR menu in their language, a machine the voicemail", async () => {
    const owner = await signUp("Reminders");
    // Number plan (sim/README.md): +1555010… a live person, +1555020… an answering machine.
    const person = freshNumberIn("+1555010");
    const machine = freshNumberIn("+1555020");
    const unknown = freshNumberIn("+1555010");
    const refused = freshNumberIn("+1555010");
    const accountIds: Record<string, string> = {};
    for (const [phone, consent, balance, preferredLanguage] of [
      [person, true, 84_216, "es"],
      [machine, true, 50_000, "en"],
      [unknown, null, 40_000, "en"],
      [refused, false, 30_000, "en"],
    ] as const) {
      const created = await call(owner, "POST", "/api/accounts", { name: `Debtor ${phone}`, phones: [phone], timeZone: zoneAtLocalHour(12), balanceDueCents: balance, consent, preferredLanguage });
      expect(created.status).toBe(201);
      accountIds[phone] = created.body.account.id;
    }
    const voicemail = "This is Acme Collections with a payment reminder. Please call us back.";
    const created = await call(owner, "POST", "/api/campaigns", {
      name: "Reminders",
      pacingMode: "payment_reminder",
      maxConcurrentCalls: 2,
      voicemailScript: voicemail,
      retryMaxAttempts: 1,
      // Even a campaign that says its list was consented elsewhere dials no unknown consent with an artificial voice.
      dialUnknownConsent: true,
      accountSelection: { accountIds: Object.values(accountIds) },
    });
    expect(created.status).toBe(201);
    expect(created.body.campaign).toMatchObject({ pacingMode: "payment_reminder", maxConcurrentCalls: 2, agentUserIds: [] });
    const campaignId: string = created.body.campaign.id;
    const pump = await CallPump.forOrganization(owner.organizationId).skipArrived();
    // No agents: a reminder campaign starts all the same.
    expect((await call(owner, "POST", `/api/campaigns/${campaignId}/start`)).status).toBe(200);
    const actor = stopWhenFileEnds(env.CampaignActor.get(env.CampaignActor.idFromName(campaignRoomName(owner.organizationId, campaignId))));

    let snapshot!: CampaignSnapshot;
    const rowsOf = () => handle.db.select().from(calls).where(eq(calls.campaignId, campaignId));
    await pumpAndTick(pump, actor, async () => {
      snapshot = (await actor.snapshot())!;
      if (snapshot.stats.queueLeft > 0 || snapshot.calls.length > 0) return false;
      const rows = await rowsOf();
      return rows.length === 2 && rows.every((r) => r.endedAt !== null);
    }, 60_000);

    // Only the two consented accounts were dialled; unknown and refused consent are skips with their reason.
    const rows = await rowsOf();
    expect(rows.map((r) => r.toNumber).sort()).toEqual([person, machine].sort());
    expect(await carrierLegsTo(unknown)).toEqual([]);
    expect(await carrierLegsTo(refused)).toEqual([]);
    const skips = await handle.db.select().from(complianceSkips).where(and(eq(complianceSkips.campaignId, campaignId)));
    expect(Object.fromEntries(skips.map((s) => [s.phone, s.reason]))).toEqual({ [unknown]: "consent_unknown", [refused]: "no_consent" });

    // The person: straight to the IVR, greeted with the disclosure and the menu in Spanish, their account's language; no agent, not abandoned.
    const human = rows.find((r) => r.toNumber === person)!;
    expect(human).toMatchObject({ amdResult: "human", liveAnswered: true, abandoned: false, agentUserId: null });
    const said = await runInDurableObject(callActorStub(env, owner.organizationId, human.id), (_instance, state) =>
      state.storage.sql
        .exec<{ name: string; json: string }>("SELECT name, json FROM tasks WHERE name LIKE 'ivr-prompt-%' AND state = 'done' ORDER BY name")
        .toArray()
        .map((t) => (JSON.parse(t.json) as { command: { text: string } }).command.text),
    );
    expect(said[0]).toContain("Gracias por llamar.");
    expect(said[0]).toContain("Esta es una agencia de cobranza.");
    expect(said[0]).toContain("Para hacer un pago, oprima 1.");
    expect(snapshot.stats.abandonToday).toMatchObject({ abandoned: 0 });

    // The machine: the campaign's voicemail after the beep, and no IVR prompt.
    const machineRow = rows.find((r) => r.toNumber === machine)!;
    expect(machineRow).toMatchObject({ amdResult: "machine", outcome: "voicemail_left", liveAnswered: false });
    const machineLegs = new Set((await carrierLegsTo(machine)).map((leg) => leg.call_control_id));
    const commands = (await carrierCommandLog()).filter((c) => machineLegs.has(c.callControlId ?? "") && c.outcome === "performed");
    expect(commands.some((c) => c.kind === "speak")).toBe(true);
    expect(commands.some((c) => c.kind === "gather_using_speak")).toBe(false);
  });
});
