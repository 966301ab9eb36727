// Live intelligence end to end: the simulator's personas speak, their transcription
// webhooks reach the CallActor, and what a user would notice follows: each segment stored
// with its language, the customer's language and sentiment on the call, a "stop calling"
// raising one supervisor alert (call_alerts, the audit log, the timeline), the call's
// sentiment summary kept after it, a Spanish caller's account switching to Spanish (the
// model simulator asked about a few of their lines, the timeline naming which source
// decided), and the agent's typed line spoken to that caller in Spanish (voice-to-voice).
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { advanceNumberClock, CallPump, carrierLegsOf, onManualClock } from "./support/carrier";
import { freshNumberIn, placeCall, readCall, TERMINAL } from "./support/calls";
import { env } from "cloudflare:test";
import { callActorStub } from "../../objects/shared/actor-stubs";
import { call } from "./support/client";
import { withDatabase } from "./support/database";
import { inviteAndJoin, signUp, unique, type Member } from "./support/orgs";
import { webhookDispatcherStub } from "../../objects/webhook-dispatcher/WebhookDispatcher";
import { MODEL_LANGUAGE_MAX_ASKS } from "../../objects/call/features/intelligence/model-language";

/** The simulator's number plan (sim/README.md): the angry and the Spanish-speaking personas. */
const ANGRY = "+15550120001";
const SPANISH = "+15550110001";

let owner: Member & { organizationId: string };
let agent: Member;
beforeAll(async () => {
  owner = await signUp("Intelligence");
  agent = await inviteAndJoin(owner, "agent");
});

async function createAccount(name: string, phone: string): Promise<string> {
  const created = await call(owner, "POST", "/api/accounts", { name, phones: [phone], balanceDueCents: 84_216, preferredLanguage: "en" });
  if (created.status !== 201) throw new Error(`account: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.account.id;
}

const rows = <Row>(query: ReturnType<typeof sql>) => withDatabase(async (db) => (await db.execute(query)).rows as Row[]);

describe("live intelligence on a call", () => {
  it("the angry persona's 'stop calling' raises one supervisor alert, recorded, audited and sent as an alert.raised webhook once, and its mood is negative", async () => {
    // The organisation's integration listens for alerts (a receiver on the test mailbox).
    const receiverUrl = `${env.TEST_MAILBOX_URL}/receiver/alerts-${unique()}`;
    const subscribed = await call(owner, "POST", "/api/webhook-endpoints", { url: receiverUrl, events: ["alert.raised"] });
    expect(subscribed.status, JSON.stringify(subscribed.body)).toBe(201);
    const accountId = await createAccount("Angry Person", ANGRY);
    const id = await placeCall(agent, { to: ANGRY, kind: "bridge", accountId });
    const pump = CallPump.forCall(id);
    const alerts = () => rows<{ rule: string; key: string; message: string }>(sql`select rule, key, message from call_alerts where call_id = ${id}`);
    await pump.until(async () => (await alerts()).some((a) => a.key === "cease_contact"));
    await pump.until(async () => TERMINAL.has((await readCall(agent, id)).status), 30_000);
    const raised = await alerts();
    expect(raised.filter((a) => a.key === "cease_contact")).toEqual([{ rule: "cease_contact", key: "cease_contact", message: expect.stringContaining("Stop calling me!") }]);
    const audited = await rows<{ after: { key: string } }>(sql`select after from audit_log where organization_id = ${owner.organizationId} and action = 'call.alert_raised' and resource_id = ${id}`);
    expect(audited.map((a) => a.after.key).sort()).toEqual(raised.map((a) => a.key).sort());
    // One alert.raised per alert, through the durable outbound path (queued with the alert's row, sent by the dispatcher).
    await webhookDispatcherStub(env, owner.organizationId).kick(owner.organizationId);
    const received = ((await (await fetch(`${receiverUrl}/received`)).json()) as { received: { body: string }[] }).received.map(
      (request) => JSON.parse(request.body) as { type: string; data: { callId: string; key: string; rule: string } },
    );
    const alertHooks = received.filter((hook) => hook.type === "alert.raised" && hook.data.callId === id);
    expect(alertHooks.map((hook) => hook.data.key).sort()).toEqual(raised.map((a) => a.key).sort());
    expect(alertHooks.find((hook) => hook.data.key === "cease_contact")?.data.rule).toBe("cease_contact");

    const detail = await readCall(agent, id);
    expect(detail.timeline.map((t: { text: string }) => t.text)).toContain("Supervisor alert: The customer asked us to stop calling: “You people called me three times this week. Stop calling me!”");
    const stopLine = detail.transcript.find((line: { speaker: string; text: string }) => line.speaker === "customer" && line.text.includes("Stop calling me"));
    expect(stopLine.language).toBe("en");

    // The actor's view (what the agent's card shows): sentiment below zero, the objection chips, no translation without a model.
    const view = (await call(agent, "POST", `/api/calls/${id}/hangup`)).body.call;
    expect(view.intelligence.sentiment.score).toBeLessThan(0);
    expect(view.intelligence.objections.map((o: { kind: string }) => o.kind)).toContain("stop_calling");
    // An English caller and an English-speaking agent: translation is on, and nothing needed the model.
    expect(view.intelligence.translation).toMatchObject({ available: true, lines: [] });
    expect(await rows(sql`select segment_id from segment_translations where call_id = ${id}`)).toEqual([]);

    // After the call, its sentiment summary is kept (offline, no model) and the call's page reads it.
    await pump.until(async () => (await readCall(agent, id)).sentiment != null, 30_000);
    const { sentiment } = await readCall(agent, id);
    expect(sentiment.averageScore).toBeLessThan(0);
    expect(sentiment.minScore).toBeLessThanOrEqual(sentiment.averageScore);
    expect(sentiment.maxScore).toBeGreaterThanOrEqual(sentiment.averageScore);
    expect(sentiment.objections).toBeGreaterThanOrEqual(1);
    expect(sentiment.alerts).toBe((await alerts()).length);
  });

  it("the Spanish persona is stored segment by segment in Spanish, and its account's preferred language becomes es", async () => {
    const accountId = await createAccount("Cliente Español", SPANISH);
    const id = await placeCall(agent, { to: SPANISH, kind: "bridge", accountId });
    const pump = CallPump.forCall(id);
    const preferred = async () => (await call(owner, "GET", `/api/accounts/${accountId}`)).body.account.preferredLanguage as string;
    const customerSegments = async () =>
      (
        await rows<{ track: string; text: string; language: string | null }>(
          sql`select track, text, language from transcript_segments where call_id = ${id} order by occurred_at, id`,
        )
      ).filter((s) => s.track === "inbound" && s.text.length > 12);
    // The account's language and the segments reach Postgres by separate writes: wait for both.
    await pump.until(async () => (await preferred()) === "es" && (await customerSegments()).length >= 2);
    const customer = await customerSegments();
    for (const segment of customer) expect(segment.language, segment.text).toBe("es");
    const audited = await rows<{ before: unknown; after: { preferredLanguage: string; callId: string } }>(
      sql`select before, after from audit_log where organization_id = ${owner.organizationId} and action = 'account.language_detected' and resource_id = ${accountId}`,
    );
    expect(audited).toEqual([{ before: { preferredLanguage: "en" }, after: { preferredLanguage: "es", callId: id } }]);
    // Which source decided, with its confidence; the model (the simulator, labelled) was asked about a few lines only.
    const decided = (await readCall(agent, id)).timeline.map((t: { text: string }) => t.text).filter((text: string) => text.startsWith("Customer's language:"));
    expect(decided).toEqual([expect.stringMatching(/^Customer's language: es \(decided by (the model|the offline library), \d+ %\)$/)]);
    const readings = await rows<{ payload: { language: string | null; model: string | null } }>(sql`select payload from call_events where call_id = ${id} and event_type = 'wib.language.model_read'`);
    expect(readings.length).toBeGreaterThanOrEqual(1);
    expect(readings.length).toBeLessThanOrEqual(MODEL_LANGUAGE_MAX_ASKS);
    expect(readings.map((r) => r.payload)).toContainEqual(expect.objectContaining({ language: "es", model: "wib-sim-1 (simulator)" }));

    await call(agent, "POST", `/api/calls/${id}/hangup`);
    await pump.until(async () => TERMINAL.has((await readCall(agent, id)).status));
  });

  it("the Spanish persona's lines reach the agent in English in the order said, are stored once each, and the ended call gets its summary", async () => {
    const accountId = await createAccount("Cliente Traducido", SPANISH);
    const id = await placeCall(agent, { to: SPANISH, kind: "bridge", accountId });
    const pump = CallPump.forCall(id);
    const actor = callActorStub(env, owner.organizationId, id);
    type Line = { segmentId: string; text: string | null; model: string | null };
    const delivered = async (): Promise<Line[]> => ((await actor.snapshot())?.call.intelligence?.translation.lines ?? []) as Line[];
    // The persona's last line, delivered to the room: every line before it was too (in order).
    await pump.until(async () => (await delivered()).some((line) => line.text === "Thanks, you too. Goodbye."), 30_000);

    const snapshot = (await actor.snapshot())!;
    expect(snapshot.call.intelligence?.translation).toMatchObject({ available: true, model: "wib-sim-1", simulated: true, message: expect.stringContaining("simulator") });
    const lines = await delivered();
    const spanishLines = snapshot.transcript.filter((segment) => segment.language === "es" || lines.some((line) => line.segmentId === segment.id));
    expect(lines.map((line) => line.segmentId)).toEqual(spanishLines.map((segment) => segment.id));
    expect(lines.map((line) => line.text)).toContain("Yes, I know. I get paid on Friday. Can I pay next week?");
    expect(lines.every((line) => line.model === "wib-sim-1 (simulator)")).toBe(true);

    const stored = await rows<{ segment_id: string; source_language: string; target_language: string; text: string; latency_ms: number }>(
      sql`select segment_id, source_language, target_language, text, latency_ms from segment_translations where call_id = ${id}`,
    );
    expect(stored.map((row) => row.segment_id).sort()).toEqual(lines.map((line) => line.segmentId).sort());
    expect(stored.find((row) => row.text === "Yes, please, by text message.")).toMatchObject({ source_language: "es", target_language: "en" });

    await call(agent, "POST", `/api/calls/${id}/hangup`);
    await pump.until(async () => (await readCall(agent, id)).summary !== null, 30_000);
    const detail = await readCall(agent, id);
    expect(detail.summary.model).toBe("wib-sim-1 (simulator)");
    expect(detail.summary.text).toContain("Promises: ");
    expect(detail.summary.text).toContain("Me pagan el viernes");
    expect(detail.timeline.map((t: { text: string }) => t.text)).toContain("Summary written");
    const paid = detail.transcript.find((line: { text: string }) => line.text.startsWith("Sí, lo sé."));
    expect(paid.translation).toMatchObject({ from: "es", to: "en", text: "Yes, I know. I get paid on Friday. Can I pay next week?" });
  }, 60_000);

  it("voice-to-voice: the agent's line is spoken to the Spanish caller in Spanish by the carrier, on the timeline and in the transcript with the typed words", async () => {
    // The caller's own clock: they answer, talk and hang up only as the test moves it.
    const to = freshNumberIn("+1555011");
    await onManualClock([to]);
    const accountId = await createAccount("Cliente Voz", to);
    const id = await placeCall(agent, { to, kind: "bridge", accountId });
    const pump = CallPump.forCall(id);
    const actor = callActorStub(env, owner.organizationId, id);
    const line = "Of course. I can note a payment for Monday. Shall I send you the link by text?";
    const say = (text: string) => call(agent, "POST", `/api/calls/${id}/voice-lines`, { text });

    expect(await say("  ")).toMatchObject({ status: 400, body: { error: { fields: [expect.objectContaining({ path: "text" })] } } });
    await pump.until(async () => (await carrierLegsOf(id)).some((leg) => leg.to === to));
    await advanceNumberClock(to, 1_000);
    await pump.until(async () => (await readCall(agent, id)).status === "bridged");
    // The caller speaks (a few call-world seconds at a time) until the call knows their language.
    const voice = async () => (await actor.snapshot())?.call.intelligence?.voice;
    for (let step = 0; step < 8 && (await voice())?.customerLanguage !== "es"; step++) {
      await advanceNumberClock(to, 150);
      await pump.until(async () => (await voice())?.customerLanguage === "es", 5_000).catch(() => undefined);
    }
    // Off by default: the agent is told so.
    const off = await say(line);
    expect(off.status).toBe(409);
    expect(off.body.error.message).toContain("Voice-to-voice is off");

    expect((await call(agent, "PATCH", `/api/calls/${id}/translation`, { enabled: true, from: "auto", to: "en", voiceToVoice: true })).status).toBe(202);
    await pump.until(async () => (await voice())?.available === true);
    const said = await say(line);
    expect(said.status, JSON.stringify(said.body)).toBe(202);
    expect(said.body).toMatchObject({ callId: id, text: line, language: "es" });

    // The carrier speaks the line in Spanish on the caller's leg.
    const spoken = async () =>
      ((await carrierLegsOf(id)).find((leg) => leg.to === to) as unknown as { heard_lines: { from: string; text: string; language?: string }[] } | undefined)?.heard_lines.filter((heard) => heard.from === "speak") ?? [];
    await pump.until(async () => (await spoken()).some((heard) => heard.text.startsWith("Claro.")));
    expect((await spoken()).filter((heard) => heard.text.startsWith("Claro."))).toEqual([expect.objectContaining({ text: "Claro. Puedo anotar un pago para el lunes. ¿Le envío el enlace por mensaje?", language: "es-US" })]);

    const detail = await readCall(agent, id);
    expect(detail.timeline.map((t: { text: string }) => t.text)).toContain(`Agent's line said in es: “Claro. Puedo anotar un pago para el lunes. ¿Le envío el enlace por mensaje?” (typed in en: “${line}”)`);
    const stored = detail.transcript.find((entry: { spokenTranslation?: boolean }) => entry.spokenTranslation);
    expect(stored).toMatchObject({ speaker: "agent", language: "es", text: "Claro. Puedo anotar un pago para el lunes. ¿Le envío el enlace por mensaje?", translation: { from: "es", to: "en", text: line } });

    await call(agent, "POST", `/api/calls/${id}/hangup`);
    await pump.until(async () => TERMINAL.has((await readCall(agent, id)).status));
    expect((await say(line)).status).toBe(409);
  }, 60_000);

  it("the organisation's phrases are a setting: a bad one is a 400 naming its place, a good list is kept", async () => {
    const bad = await call(owner, "PATCH", "/api/intelligence-settings", { translation: { enabled: true, from: "auto", to: "en" }, objectionPhrases: ["lawyer", " "] });
    expect(bad.status).toBe(400);
    expect(new Set(bad.body.error.fields.map((field: { path: string }) => field.path))).toEqual(new Set(["objectionPhrases.1"]));
    const wrongLanguage = await call(owner, "PATCH", "/api/intelligence-settings", { translation: { enabled: true, from: "auto", to: "xx" }, objectionPhrases: [] });
    expect(wrongLanguage.status).toBe(400);
    expect(wrongLanguage.body.error.fields.map((field: { path: string }) => field.path)[0]).toMatch(/^translation/);
    const good = { translation: { enabled: true, from: "es", to: "fr" }, objectionPhrases: ["talk to my lawyer"] };
    expect((await call(owner, "PATCH", "/api/intelligence-settings", good)).status).toBe(200);
    expect((await call(agent, "GET", "/api/intelligence-settings")).body).toEqual({ intelligenceSettings: good });
    await call(owner, "PATCH", "/api/intelligence-settings", { translation: { enabled: true, from: "auto", to: "en" }, objectionPhrases: [] });
  });
});
