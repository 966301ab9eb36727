// Overload degrades instead of collapsing: the carrier's webhook is answered once its
// event is stored, whatever the call's pass is waiting for, and while carrier events wait
// to be stored new placements are refused (503 + Retry-After) and webhooks still taken.
import { env, runInDurableObject } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { TEST_ACCESS } from "./support/database";
import type { CallActor } from "../../objects/call/CallActor";
import { callActorStub } from "../../objects/shared/actor-stubs";
import { calmCarrier, CallPump, carrierCommandLog, carrierLegsOf, deliver, mailboxDeliveries, setCarrierChaos } from "./support/carrier";
import { PERSONA_NUMBERS, placeCall, readCall, TERMINAL } from "./support/calls";
import { call } from "./support/client";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";

type ParsedDelivery = Awaited<ReturnType<typeof mailboxDeliveries>>[number];

/** How late the stalled carrier answers each command (the actor gives up on one after 5 s and resends it). */
const COMMAND_STALL_MS = 8_000;

let owner: Member & { organizationId: string };
let agent: Member;
beforeAll(async () => {
  owner = await signUp("Overload");
  agent = await inviteAndJoin(owner, "agent");
});

const storedEventIds = (callId: string) =>
  runInDurableObject(callActorStub(env, owner.organizationId, callId), (_instance: CallActor, state) =>
    state.storage.sql.exec<{ id: string }>("SELECT id FROM events").toArray().map((row) => row.id),
  );

async function eventIdsInPostgres(callId: string): Promise<string[]> {
  const handle = openDatabase(env, TEST_ACCESS);
  try {
    return (await handle.db.execute<{ id: string }>(sql`select id from call_events where call_id = ${callId}`)).rows.map((row) => row.id);
  } finally {
    await handle.close();
  }
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not in time`);
    await new Promise((resolve) => setTimeout(resolve, 25)); // the simulator runs on its own clock
  }
}

describe("store, then acknowledge", () => {
  it("webhooks of a call whose carrier commands hang are acked at once, folded afterwards, and every command is performed once", async () => {
    const before = (await carrierCommandLog()).length;
    const id = await placeCall(agent, { to: PERSONA_NUMBERS.liveHuman, kind: "direct" });
    const pump = CallPump.forCall(id);
    await pump.until(async () => (await readCall(agent, id)).status === "answered");

    await setCarrierChaos({ commandTimeoutRate: 1, commandTimeoutMs: COMMAND_STALL_MS });
    const ackMs: number[] = [];
    let after = 0;
    const acked: ParsedDelivery[] = [];
    try {
      await until(async () => {
        const fresh = await mailboxDeliveries(after);
        if (fresh.length) after = fresh.at(-1)!.seq;
        for (const delivery of fresh.filter((d) => d.callId === id)) {
          const startedAtMs = Date.now();
          expect((await deliver(delivery.body)).status).toBe(200);
          ackMs.push(Date.now() - startedAtMs);
          acked.push(delivery);
        }
        return acked.some((d) => d.eventType === "call.hangup");
      }, "the call's webhooks while its commands hang", 40_000);
    } finally {
      await calmCarrier();
    }
    // Not one ack waited for a command (each hangs 8 s), and every acked event is stored and folded.
    expect(Math.max(...ackMs)).toBeLessThan(COMMAND_STALL_MS / 2);
    const stored = await storedEventIds(id);
    for (const delivery of acked) expect(stored).toContain(delivery.eventId);
    // Folded after the acks: the call the room sees has ended, with the hang-up it was told.
    expect(TERMINAL.has((await callActorStub(env, owner.organizationId, id).snapshot())?.call.status ?? "")).toBe(true);

    // Once the carrier answers again: the record is in Postgres with every acked event, and no command was performed twice.
    await pump.until(async () => TERMINAL.has((await readCall(agent, id)).status), 40_000);
    await until(async () => {
      const recorded = await eventIdsInPostgres(id);
      return acked.every((delivery) => recorded.includes(delivery.eventId));
    }, "every acked event in Postgres");
    const legs = new Set((await carrierLegsOf(id)).map((leg) => leg.call_control_id));
    const performed = (await carrierCommandLog()).slice(before).filter((c) => legs.has(c.callControlId ?? "") && c.outcome === "performed");
    const ids = performed.map((c) => c.commandId);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  }, 90_000);
});

describe("shed, don't snowball", () => {
  it("while a carrier event waits to be stored, placements get 503 with Retry-After, webhooks are still acked, and placing resumes once it is stored", async () => {
    const stuckId = await placeCall(agent, { to: PERSONA_NUMBERS.liveHuman, kind: "direct" });
    const otherId = await placeCall(agent, { to: PERSONA_NUMBERS.liveHuman, kind: "direct" });
    // Each call's first webhook (call.initiated), held back to deliver by hand.
    const firstOf = new Map<string, ParsedDelivery>();
    await until(async () => {
      for (const delivery of await mailboxDeliveries()) if (delivery.callId && !firstOf.has(delivery.callId)) firstOf.set(delivery.callId, delivery);
      return firstOf.has(stuckId) && firstOf.has(otherId);
    }, "both calls' first webhooks");

    // The stuck call's actor takes nothing until released: its event waits, as behind a long queue.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const holding = runInDurableObject(callActorStub(env, owner.organizationId, stuckId), (_instance: CallActor, state) => state.blockConcurrencyWhile(() => released));
    const stuckAck = deliver(firstOf.get(stuckId)!.body);
    const health = async () => (await call(null, "GET", "/api/health")).body.engine as { behind: boolean; webhooksWaiting: number };
    await until(async () => (await health()).behind, "the engine behind");

    const refused = await call(agent, "POST", "/api/calls", { to: PERSONA_NUMBERS.liveHuman, kind: "direct" });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.body).toEqual({ error: { code: "service_unavailable", message: expect.stringMatching(/^The engine is behind \(a carrier event has waited \d+ ms to be stored\): no call was placed/) } });
    // Another call's webhook is still taken and stored.
    expect((await deliver(firstOf.get(otherId)!.body)).status).toBe(200);
    expect(await storedEventIds(otherId)).toContain(firstOf.get(otherId)!.eventId);

    release();
    await holding;
    expect((await stuckAck).status).toBe(200);
    expect(await storedEventIds(stuckId)).toContain(firstOf.get(stuckId)!.eventId);
    await until(async () => !(await health()).behind, "the engine caught up");
    await placeCall(agent, { to: PERSONA_NUMBERS.busy, kind: "direct" });
  }, 60_000);
});
