// What the carrier and the platform throw at a call: forged and stale webhooks,
// events shuffled and repeated, an actor evicted mid-call, Postgres going away,
// commands failing or timing out. Each ends with the record a user would expect.
import { abortAllDurableObjects, env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { decodeClientState, encodeClientState } from "../../objects/call/client-state";
import type { CallSpec } from "../../objects/call/call-spec";
import type { CallActor } from "../../objects/call/CallActor";
import { callActorStub } from "../../objects/shared/actor-stubs";
import { openDatabase } from "../../db/client";
import { TEST_ACCESS } from "./support/database";
import {
  calmCarrier,
  CallPump,
  carrierCommandLog,
  deliver,
  HeldLiveHuman,
  postWebhook,
  setCarrierChaos,
  setDatabaseAvailable,
  signedHeaders,
} from "./support/carrier";
import { PERSONA_NUMBERS, placeCall, readCall, TERMINAL } from "./support/calls";
import { call } from "./support/client";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";

let owner: Member & { organizationId: string };
let agent: Member;
beforeAll(async () => {
  owner = await signUp("Robust");
  agent = await inviteAndJoin(owner, "agent");
});
afterEach(async () => {
  await calmCarrier();
  await setDatabaseAvailable(true);
});

async function storedEventIds(callId: string): Promise<string[]> {
  const handle = openDatabase(env, TEST_ACCESS);
  try {
    return (await handle.db.execute<{ id: string }>(sql`select id from call_events where call_id = ${callId}`)).rows.map((r) => r.id);
  } finally {
    await handle.close();
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The same webhook as a new event (its own id), optionally for another call. */
function asNewEvent(body: string, suffix: string, callId?: string): string {
  const parsed = JSON.parse(body);
  parsed.data.id = `${parsed.data.id}~${suffix}`;
  if (callId) {
    const address = decodeClientState(parsed.data.payload.client_state)!;
    parsed.data.payload.client_state = encodeClientState({ ...address, callId });
  }
  return JSON.stringify(parsed);
}

describe("webhook signatures", () => {
  it("accepts only correctly signed, fresh events, and stores nothing it rejects", async () => {
    const id = await placeCall(agent, { to: PERSONA_NUMBERS.busy, kind: "direct" });
    const pump = CallPump.forCall(id);
    await pump.until(async () => TERMINAL.has((await readCall(agent, id)).status));
    const original = pump.delivered[0]!.body;
    // Read the clock when each request is signed: on a busy machine seconds pass between cases.
    const nowSeconds = () => Math.floor(Date.now() / 1000);
    const without = (headers: Record<string, string>, name: string) => Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));

    const cases: [string, string, () => Promise<Record<string, string>>][] = [];
    const tampered = asNewEvent(original, "tampered");
    cases.push(["a body changed after signing", tampered.replace('"call.', '"call.x'), () => signedHeaders(tampered)]);
    const wrongKey = asNewEvent(original, "wrong-key");
    cases.push(["a signature by another key", wrongKey, () => signedHeaders(wrongKey, { wrongKey: true })]);
    const stale = asNewEvent(original, "stale");
    cases.push(["a timestamp 301 s old", stale, () => signedHeaders(stale, { timestampSeconds: nowSeconds() - 301 })]);
    const future = asNewEvent(original, "future");
    cases.push(["a timestamp 301 s ahead", future, () => signedHeaders(future, { timestampSeconds: nowSeconds() + 301 })]);
    const unsigned = asNewEvent(original, "unsigned");
    cases.push(["no signature header", unsigned, async () => without(await signedHeaders(unsigned), "telnyx-signature-ed25519")]);
    const untimed = asNewEvent(original, "untimed");
    cases.push(["no timestamp header", untimed, async () => without(await signedHeaders(untimed), "telnyx-timestamp")]);

    for (const [label, body, headers] of cases) {
      const response = await postWebhook(body, await headers());
      expect(response.status, label).toBe(401);
      expect(((await response.json()) as any).error.code, label).toBe("unauthorized");
    }
    const nearlyStale = asNewEvent(original, "fresh-enough");
    expect((await postWebhook(nearlyStale, await signedHeaders(nearlyStale, { timestampSeconds: nowSeconds() - 290 }))).status).toBe(200);

    const acceptedId = JSON.parse(nearlyStale).data.id;
    await waitFor(async () => (await storedEventIds(id)).includes(acceptedId));
    const stored = await storedEventIds(id);
    for (const [, body] of cases) expect(stored).not.toContain(JSON.parse(body).data.id);
  });
});

describe("webhooks late, twice, out of order", () => {
  it("the same webhooks shuffled and repeated give the identical record", async () => {
    const first = await placeCall(agent, { to: PERSONA_NUMBERS.liveHuman, kind: "direct" });
    const pump = CallPump.forCall(first);
    let original: any;
    await pump.until(async () => (original = await readCall(agent, first)).status === "completed" && original.recordings.length > 0);

    // A second call receives exactly the first call's events, in a shuffled order with repeats.
    const second = crypto.randomUUID();
    const spec: CallSpec = {
      id: second,
      organizationId: owner.organizationId,
      kind: "direct",
      direction: "outbound",
      to: original.to,
      from: original.from,
      agentUserId: original.agentUserId,
      agentAddress: null,
      accountId: null,
      createdAtMs: Date.parse(original.createdAt),
      ringTimeoutSeconds: 22,
      record: true,
      transcribe: true,
      inbound: null,
    };
    await callActorStub(env, owner.organizationId, second).start(spec);
    const bodies = pump.delivered.map((d) => asNewEvent(d.body, "replay", second));
    const shuffled = seededShuffle([...bodies, ...bodies.filter((_, i) => i % 2 === 0)], 42);
    for (const body of shuffled) expect((await deliver(body)).status).toBe(200);

    // Records reach Postgres through the actors' outboxes, a moment after the last
    // delivery: wait until both hold as much, then compare everything.
    const carrierTimeline = (call: any) => call.timeline.filter((t: any) => !t.eventId.startsWith("wib."));
    // Translations come from the model off the actor's pass, a moment after their line.
    const translated = (call: any) => call.transcript.filter((s: any) => s.translation).length;
    let replayed: any;
    await waitFor(async () => {
      replayed = await readCall(agent, second).catch(() => null);
      original = await readCall(agent, first);
      return (
        replayed?.status === "completed" &&
        replayed.transcript.length === original.transcript.length &&
        replayed.recordings.length === original.recordings.length &&
        translated(replayed) === translated(original) &&
        carrierTimeline(replayed).length === carrierTimeline(original).length
      );
    }).catch(() => {
      // Say what differs, so a rare failure can be read from the CI log.
      const texts = (call: any) => call?.timeline.map((t: any) => `${t.text} (${t.eventId})`);
      throw new Error(`replayed record never matched: ${JSON.stringify({ original: texts(original), replayed: texts(replayed), status: replayed?.status, recordings: [original.recordings.length, replayed?.recordings.length] })}`);
    });
    const comparable = (call: any) => ({
      status: call.status,
      amdResult: call.amdResult,
      hangupCause: call.hangupCause,
      answeredAt: call.answeredAt,
      endedAt: call.endedAt,
      durationSeconds: call.durationSeconds,
      timeline: carrierTimeline(call).map((t: any) => ({ ...t, eventId: t.eventId.replace(/~replay$/, "") })),
      transcript: call.transcript.map((s: any) => ({ ...s, id: s.id.replace(/~replay$/, "") })),
    });
    expect(comparable(replayed)).toEqual(comparable(original));
  });
});

describe("an actor evicted mid-call", () => {
  it("picks up from storage and the call completes with its full record", async () => {
    const callee = await HeldLiveHuman.create();
    const id = await placeCall(agent, { to: callee.number, kind: "direct" });
    const pump = CallPump.forCall(id);
    await callee.answer(pump, id);
    await abortAllDurableObjects();
    await callee.talkAndHangUp();
    let record: any;
    await pump.until(async () => (record = await readCall(agent, id)).status === "completed" && record.transcript.length > 0);
    expect(record.timeline.filter((t: any) => t.status).map((t: any) => t.status)).toEqual(["ringing", "answered", "completed"]);
  });
});

describe("Postgres unavailable mid-call", () => {
  it("the call carries on; the alarm retries; the record appears once Postgres is back, nothing lost, nothing twice", async () => {
    const id = await placeCall(agent, { to: PERSONA_NUMBERS.liveHuman, kind: "direct" });
    const pump = CallPump.forCall(id);
    await pump.until(async () => (await readCall(agent, id)).status === "answered");
    const actor = callActorStub(env, owner.organizationId, id);

    await setDatabaseAvailable(false);
    await pump.until(async () => (await actor.snapshot())?.call.status === "completed");
    const down = await readCall(agent, id).catch((error: Error) => error.message);
    expect(String(down)).toMatch(/503/);
    // The alarm cannot write the record, so it throws to be retried. Its handler is run
    // directly: the scheduled alarm (1 s backoff) may already be firing on a busy machine.
    await expect(runInDurableObject(actor, (instance: CallActor) => instance.alarm())).rejects.toThrow(/not written/);

    await setDatabaseAvailable(true);
    await runInDurableObject(actor, (instance: CallActor) => instance.alarm());
    const record = await readCall(agent, id);
    expect(record.status).toBe("completed");
    expect(record.transcript.length).toBeGreaterThan(0);
    const stored = await storedEventIds(id);
    for (const delivered of new Set(pump.delivered.map((d) => d.eventId))) expect(stored).toContain(delivered);
    expect(new Set(stored).size).toBe(stored.length);
  });
});

describe("alarms", () => {
  it("running a call's alarm again changes nothing and sends nothing twice", async () => {
    const id = await placeCall(agent, { to: PERSONA_NUMBERS.busy, kind: "direct" });
    await CallPump.forCall(id).until(async () => (await readCall(agent, id)).status === "busy");
    const actor = callActorStub(env, owner.organizationId, id);
    const commandsBefore = (await carrierCommandLog()).length;
    const recordBefore = await readCall(agent, id);
    await runDurableObjectAlarm(actor);
    await runDurableObjectAlarm(actor);
    expect((await carrierCommandLog()).length).toBe(commandsBefore);
    expect(await readCall(agent, id)).toEqual(recordBefore);
    // A hang-up of a finished call is accepted and does nothing.
    expect((await call(agent, "POST", `/api/calls/${id}/hangup`)).status).toBe(202);
    expect((await carrierCommandLog()).length).toBe(commandsBefore);
  });
});

describe("carrier commands under failure", () => {
  it("a dial refused with 5xx is retried with the same command_id and the carrier places one call", async () => {
    const before = (await carrierCommandLog()).length;
    await setCarrierChaos({ commandFailureRate: 1 });
    const id = await placeCall(agent, { to: PERSONA_NUMBERS.busy, kind: "direct" });
    await waitFor(async () => (await carrierCommandLog()).slice(before).some((c) => c.kind === "dial" && c.outcome === "chaos_failure"));
    await setCarrierChaos({ commandFailureRate: 0 });
    await CallPump.forCall(id).until(async () => (await readCall(agent, id)).status === "busy");
    const dials = (await carrierCommandLog()).slice(before).filter((c) => c.kind === "dial");
    expect(new Set(dials.map((d) => d.commandId)).size).toBe(1);
    expect(dials.filter((d) => d.outcome === "performed")).toHaveLength(1);
    expect(dials.filter((d) => d.outcome === "chaos_failure").length).toBeGreaterThanOrEqual(1);
  });

  it("a dial whose answer times out is resent with the same command_id and the carrier acts once", async () => {
    const before = (await carrierCommandLog()).length;
    await setCarrierChaos({ commandTimeoutRate: 1, commandTimeoutMs: 6_000 });
    const id = await placeCall(agent, { to: PERSONA_NUMBERS.busy, kind: "direct" });
    await waitFor(async () => (await carrierCommandLog()).slice(before).some((c) => c.kind === "dial" && c.duplicate), 20_000);
    await setCarrierChaos({ commandTimeoutRate: 0 });
    await CallPump.forCall(id).until(async () => (await readCall(agent, id)).status === "busy");
    const dials = (await carrierCommandLog()).slice(before).filter((c) => c.kind === "dial");
    expect(new Set(dials.map((d) => d.commandId)).size).toBe(1);
    expect(dials.filter((d) => d.outcome === "performed")).toHaveLength(1);
  });
});

function seededShuffle<T>(items: T[], seed: number): T[] {
  let state = seed;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
