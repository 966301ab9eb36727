// Inbound calls to a number routed to the IVR, end to end in workerd against the carrier
// simulator: callers who follow the menu by keys (sim personas), the IVR's prompts sent
// as gather_using_speak, an agent reserved and bridged, the payment step raising one
// payment link request and, given the payment, speaking the confirmation; and nothing
// the call leaves behind (Postgres rows, the actor's storage, the room's frames, the
// recording's DTMF, the audit log, the engine's own log lines) holds the amount's keys or a
// card number the caller said out loud, while every step the caller took is in the audit
// log. And a caller who pays for real: the IVR's request through the payment-links
// feature, the Stripe simulator and its webhooks.
import { env, runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { accounts, payments } from "../../db/schema";
import { paymentSucceeded } from "../../objects/call/local-events";
import { logEvent } from "../../domain/log";
import { callActorStub } from "../../objects/shared/actor-stubs";
import { inboundCallId } from "../../worker/calls/inbound";
import { AgentConsole } from "./support/agent-console";
import { CallPump, carrierLegsOf, postWebhook, sayOnCarrierLeg, signedHeaders, startInboundCall } from "./support/carrier";
import { captureEngineLog } from "./support/engine-log";
import { freshNumberIn, readCall, TERMINAL } from "./support/calls";
import { BASE_URL, call } from "./support/client";
import { withDatabase } from "./support/database";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";
import { randomNumber } from "./support/resources";
import { deliveriesFor, latestStripeSeq, postStripeWebhook, stripeControl } from "./support/stripe";

let owner: Member & { organizationId: string };
let agent: Member;
let agentConsole: AgentConsole | null = null;
beforeAll(async () => {
  owner = await signUp("IVR");
  agent = await inviteAndJoin(owner, "agent");
});
afterEach(() => {
  agentConsole?.close();
  agentConsole = null;
});

const callerNumber = () => freshNumberIn("+1555777");
/** A card number a caller says out loud in the payment step. */
const SPOKEN_CARD = "4242 4242 4242 4242";
/** A final line of the caller's, as the carrier's webhook brings it to the call's actor. */
const lateLine = (callControlId: string, text: string) => ({
  id: `transcription-${crypto.randomUUID()}`,
  type: "call.transcription",
  occurredAtMs: Date.now(),
  leg: "customer" as const,
  callControlId,
  callSessionId: null,
  transcript: { text, track: "inbound" as const, confidence: 0.9 },
  payload: { transcription_data: { transcript: text, transcription_track: "inbound", is_final: true, confidence: 0.9 } },
});

type StoredTask = { name: string; state: string; json: string };

/** An inbound call from a caller with an account, to a fresh IVR number, placed by `persona`. */
async function ivrCall(persona: string, balanceDueCents: number) {
  const line = randomNumber();
  expect((await call(owner, "POST", "/api/phone-numbers", { e164: line, label: "Payments line", inboundAction: "ivr" })).status).toBe(201);
  const caller = callerNumber();
  const account = await call(owner, "POST", "/api/accounts", { name: `Caller ${caller}`, phones: [caller], balanceDueCents });
  expect(account.status).toBe(201);
  const session = await startInboundCall(caller, line, persona);
  const id = await inboundCallId(session);
  const pump = new CallPump((d) => d.callId === id || d.callSessionId === session);
  const actor = callActorStub(env, owner.organizationId, id);
  const tasks = () =>
    runInDurableObject(actor, (_instance, state) => state.storage.sql.exec<StoredTask>("SELECT name, state, json FROM tasks").toArray()).catch(() => [] as StoredTask[]);
  const events = () =>
    runInDurableObject(actor, (_instance, state) => state.storage.sql.exec<{ json: string }>("SELECT json FROM events ORDER BY occurred_at_ms, id").toArray().map((row) => JSON.parse(row.json) as { id: string; type: string } & Record<string, unknown>)).catch(() => []);
  const promptsSaid = async () =>
    (await tasks())
      .filter((t) => t.name.startsWith("ivr-prompt-") && t.state === "done")
      .map((t) => JSON.parse(t.json) as { command: { text: string } })
      .map((t) => t.command.text);
  return { id, caller, accountId: account.body.account.id as string, session, pump, actor, tasks, events, promptsSaid };
}

describe("an inbound call to an IVR number", () => {
  it("greets with the disclosure, says the balance for 2, and for 3 reserves an agent and bridges them with DTMF muted", async () => {
    agentConsole = await AgentConsole.open(owner.organizationId, agent);
    const c = await ivrCall("ivr-balance-then-agent", 84_216);
    await c.pump.until(async () => (await readCall(owner, c.id).catch(() => null))?.status === "bridged", 30_000);
    const said = await c.promptsSaid();
    expect(said[0]).toContain("This is a debt collector.");
    expect(said[0]).toContain("To make a payment, press 1.");
    expect(said[1]).toMatch(/^Your balance is \$842\.16\. To make a payment, press 1/);
    expect((await readCall(owner, c.id)).agentUserId).toBe(agent.userId);
    const legs = await carrierLegsOf(c.id);
    expect(legs.find((leg) => leg.to.startsWith("sip:"))).toBeDefined();
    expect(legs.every((leg) => (leg as unknown as { mute_dtmf: string }).mute_dtmf === "both")).toBe(true);
    await call(owner, "POST", `/api/calls/${c.id}/hangup`);
    await c.pump.until(async () => TERMINAL.has((await readCall(owner, c.id)).status));
  });

  it("after 3 refused amounts transfers the caller to an agent, and asks for no payment", async () => {
    agentConsole = await AgentConsole.open(owner.organizationId, agent);
    const c = await ivrCall("ivr-bad-amounts", 84_216);
    await c.pump.until(async () => (await readCall(owner, c.id).catch(() => null))?.status === "bridged", 30_000);
    const said = await c.promptsSaid();
    expect(said.some((text) => text.startsWith("The amount must be more than zero."))).toBe(true);
    expect(said.some((text) => text.startsWith("We did not receive an amount."))).toBe(true);
    expect((await c.events()).some((e) => e.type === "wib.payment_link.requested")).toBe(false);
    expect((await c.tasks()).map((t) => t.name)).toEqual(expect.arrayContaining(["ivr-record-pause-1", "ivr-record-resume-1", "ivr-reserve-agent-1"]));
    expect((await readCall(owner, c.id)).agentUserId).toBe(agent.userId);
    await call(owner, "POST", `/api/calls/${c.id}/hangup`);
    await c.pump.until(async () => TERMINAL.has((await readCall(owner, c.id)).status));
  });

  it("the payment step raises exactly one payment link request; given the payment it stops the hold, speaks the confirmation, audits each step, and no keyed amount or spoken card number is kept or logged anywhere", async () => {
    const log = captureEngineLog();
    try {
      await payAndSearch(log.lines);
    } finally {
      log.stop();
    }
  });

  async function payAndSearch(logLines: string[]) {
    const c = await ivrCall("ivr-payer", 84_216);
    await c.pump.until(async () => (await readCall(owner, c.id).catch(() => null))?.status === "answered", 30_000);
    const room = await openRoom(owner, c.id);
    await c.pump.until(async () => (await c.events()).some((e) => e.type === "wib.payment_link.requested"), 30_000);
    const requests = (await c.events()).filter((e) => e.type === "wib.payment_link.requested");
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ id: "wib.payment_link.requested:ivr-pay-1", requestId: "ivr-pay-1", amountCents: 15_000, currency: "usd", accountId: c.accountId, source: "ivr", sendTo: c.caller });
    // While the link is out the carrier is not transcribing the caller (the IVR stopped it for the step), so a card
    // number read aloud is not transcribed; a line the carrier sent before its stop took effect is kept only as "•".
    const [callerLeg] = await carrierLegsOf(c.id);
    expect(callerLeg!.transcription_tracks).toBeNull();
    await sayOnCarrierLeg(callerLeg!.call_control_id, `my card number is ${SPOKEN_CARD}`);
    expect(await c.actor.receiveCarrierEvent(lateLine(callerLeg!.call_control_id, `it is ${SPOKEN_CARD}`))).toEqual({ duplicate: false, known: true });
    await c.pump.until(async () => (await c.events()).some((e) => e.type === "call.transcription" && (e.transcript as { text: string } | null)?.text === "•"), 30_000);
    expect((await c.events()).filter((e) => e.type === "call.transcription")).toHaveLength(1);

    // What the payments feature adds once Stripe confirms.
    await c.actor.receiveCarrierEvent(paymentSucceeded(Date.now(), { requestId: "ivr-pay-1", paymentId: "pay_ivr_test", amountCents: 15_000, balanceAfterCents: 69_216 }));
    await c.pump.until(async () => (await c.promptsSaid()).some((text) => text.startsWith("Thank you. Your payment of $150.00 was received. Your new balance is $692.16.")), 30_000);
    const names = (await c.tasks()).filter((t) => t.state === "done").map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["ivr-record-pause-1", "ivr-transcription-stop-1", "ivr-hold-1-0", "ivr-hold-stop-1"]));
    // The caller keys nothing more: three silent menus, goodbye, hung up.
    await c.pump.until(async () => TERMINAL.has((await readCall(owner, c.id)).status), 30_000);
    expect((await c.events()).filter((e) => e.type === "wib.payment_link.requested")).toHaveLength(1);
    expect((await c.tasks()).map((t) => t.name)).toEqual(expect.arrayContaining(["ivr-record-resume-1", "ivr-transcription-resume-1"]));

    // Everything the call left behind, searched for the amount's keys.
    // The card number whole: four digits alone could be part of any id or timestamp searched.
    const keyed = [/"15000"/, /15000#/, /"digits":"15000/, new RegExp(SPOKEN_CARD)];
    // Every step the caller took is in the audit log (the engine's, about the call), with the amount as the link asked for it.
    type Audited = { action: string; actorType: string; resourceType: string; after: Record<string, unknown> };
    let audited: Audited[] = [];
    await c.pump.until(async () => {
      const page = await call(owner, "GET", `/api/audit?resourceType=call&resourceId=${c.id}&limit=100`);
      audited = (page.body.entries as Audited[]).filter((entry) => entry.action.startsWith("ivr.")).reverse();
      return audited.some((entry) => entry.action === "ivr.payment_confirmed") && audited.filter((entry) => entry.action === "ivr.menu_choice").length >= 4;
    }, 30_000);
    expect(audited.map((entry) => [entry.action, entry.after.choice ?? entry.after.amountCents ?? null])).toEqual(
      expect.arrayContaining([
        ["ivr.menu_choice", "pay"],
        ["ivr.pay_choice", "other_amount"],
        ["ivr.payment_link_requested", 15_000],
        ["ivr.payment_confirmed", 15_000],
        ["ivr.menu_choice", "none"],
      ]),
    );
    expect(audited.every((entry) => entry.actorType === "system" && entry.resourceType === "call")).toBe(true);
    const auditIndex = (action: string) => audited.findIndex((entry) => entry.action === action);
    expect(auditIndex("ivr.menu_choice")).toBeLessThan(auditIndex("ivr.payment_link_requested"));
    expect(auditIndex("ivr.payment_link_requested")).toBeLessThan(auditIndex("ivr.payment_confirmed"));
    // Each step once, however often the call's outbox delivered it.
    const stepKeys = await withDatabase(async (db) => (await db.execute(sql`select count(*)::int as n from call_audited_steps where call_id = ${c.id}`)).rows as { n: number }[]);
    expect(audited.length).toBe(stepKeys[0]!.n);

    // The capture hears the Worker's lines (a forged carrier webhook is refused and logged)
    // and the call actor's (its context logs through the same console).
    const forged = JSON.stringify({ data: { event_type: "call.hangup", id: crypto.randomUUID(), payload: {} } });
    expect((await postWebhook(forged, await signedHeaders(forged, { wrongKey: true }))).status).toBe(401);
    await runInDurableObject(c.actor, () => logEvent({ event: "call_event_unreadable", error: `capture check ${c.id}` }));
    expect(logLines.some((line) => line.includes('"event":"webhook_rejected"'))).toBe(true);
    expect(logLines.some((line) => line.includes(`capture check ${c.id}`))).toBe(true);

    const rows = await withDatabase((db) =>
      Promise.all(
        ["calls", "call_events", "transcript_segments", "recordings", "account_callbacks", "call_audited_steps", "audit_log"].map(async (table) => {
          const column = table === "calls" ? "id" : table === "audit_log" ? "resource_id" : "call_id";
          const result = await db.execute(sql`select row_to_json(t)::text as json from ${sql.identifier(table)} t where ${sql.identifier(column)} = ${c.id}`);
          return (result.rows as { json: string }[]).map((row) => row.json);
        }),
      ),
    );
    const storage = await runInDurableObject(c.actor, (_instance, state) =>
      ["spec", "events", "tasks", "outbox", "meta"].flatMap((table) => state.storage.sql.exec(`SELECT * FROM ${table}`).toArray().map((row) => JSON.stringify(row))),
    );
    const recordingDtmf = (await carrierLegsOf(c.id)).flatMap((leg) => leg.recordings.map((r) => r.captured_dtmf));
    const everything = { postgres: rows.flat(), storage, frames: room.frames, recordingDtmf, engineLog: logLines };
    expect(rows.flat().some((row) => row.includes("wib.payment_link.requested"))).toBe(true);
    expect(room.frames.length).toBeGreaterThan(0);
    for (const [where, texts] of Object.entries(everything)) {
      for (const text of texts) for (const pattern of keyed) expect(text, `${where} holds the keyed amount`).not.toMatch(pattern);
    }
    expect(recordingDtmf.join("")).not.toContain("15000");
    // The amount's keys are there, masked.
    const gathers = (await c.events()).filter((e) => e.type === "call.gather.ended");
    expect(gathers.map((e) => e.digits)).toEqual(expect.arrayContaining(["1", "2", "•"]));
    room.close();
  }
});

describe("an inbound caller who pays through the IVR, with both simulators", () => {
  it("gets one Checkout Session and one text; once Stripe confirms, the ledger has one entry, the balance drops and the IVR says so", async () => {
    const c = await ivrCall("ivr-payer", 84_216);
    await c.pump.until(async () => (await c.events()).some((e) => e.type === "wib.payment_link.sent"), 30_000);
    const sessions = (await stripeControl<{ sessions: { id: string; url: string; amount_total: number; metadata: Record<string, string> }[] }>("GET", "/control/checkout/sessions")).body.sessions.filter(
      (session) => session.metadata.call_id === c.id,
    );
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ amount_total: 15_000, metadata: { account_id: c.accountId, request_id: "ivr-pay-1" } });
    const texts = ((await (await fetch(`${env.TEST_CARRIER_ORIGIN}/control/messages`)).json()) as { messages: { to: { phone_number: string }[]; text: string }[] }).messages.filter(
      (message) => message.to.some((to) => to.phone_number === c.caller),
    );
    expect(texts).toHaveLength(1);
    expect(texts[0]!.text).toContain(sessions[0]!.url);

    // The caller pays the link they were texted; Stripe's webhooks reach the Worker (each twice).
    const before = await latestStripeSeq();
    const paid = await stripeControl<{ session: { payment_intent: string } }>("POST", `/control/checkout/sessions/${sessions[0]!.id}/pay`);
    let deliveries: Awaited<ReturnType<typeof deliveriesFor>> = [];
    await c.pump.until(async () => {
      deliveries = await deliveriesFor(before, sessions[0]!.id, paid.body.session.payment_intent);
      return deliveries.some((d) => d.body.includes("checkout.session.completed"));
    }, 30_000);
    for (const d of [...deliveries, ...deliveries]) expect((await postStripeWebhook(d.body, d.signature)).status).toBe(200);

    await c.pump.until(async () => (await c.promptsSaid()).some((text) => text.startsWith("Thank you. Your payment of $150.00 was received. Your new balance is $692.16.")), 30_000);
    const { entries, balance } = await withDatabase(async (db) => ({
      entries: await db.select().from(payments).where(eq(payments.callId, c.id)),
      balance: (await db.select().from(accounts).where(eq(accounts.id, c.accountId)))[0]!.balanceDueCents,
    }));
    expect(entries).toMatchObject([{ amountCents: 15_000, method: "ivr", accountId: c.accountId }]);
    expect(balance).toBe(69_216);
    // One receipt text (each webhook came twice), with the amount and the new balance.
    const textsAfter = ((await (await fetch(`${env.TEST_CARRIER_ORIGIN}/control/messages`)).json()) as { messages: { to: { phone_number: string }[]; text: string }[] }).messages.filter(
      (message) => message.to.some((to) => to.phone_number === c.caller),
    );
    expect(textsAfter.map((m) => m.text).slice(1)).toEqual(["Payment received: $150.00. Your balance is now $692.16. Thank you."]);
    await c.pump.until(async () => TERMINAL.has((await readCall(owner, c.id)).status), 30_000);
  });
});

async function openRoom(member: Member, callId: string) {
  const response = await exports.default.fetch(new Request(`${BASE_URL}/parties/call-actor/${owner.organizationId}:${callId}`, { headers: { upgrade: "websocket", cookie: member.cookie! } }));
  expect(response.status).toBe(101);
  const socket = response.webSocket!;
  socket.accept();
  const frames: string[] = [];
  socket.addEventListener("message", (event) => frames.push(String(event.data)));
  return { frames, close: () => socket.close(1000, "done") };
}
