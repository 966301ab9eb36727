// The campaign's RPCs wait their turn with its pass: against the campaign's storage on
// SQLite and fake ports (a pool that keeps its members' state, a RecordWriter and the
// calls), with one port held open by the test so an RPC arrives in the middle of a pass,
// or a pass in the middle of an RPC, as it does whenever the runtime opens the input gate.
import { describe, expect, it, vi } from "vitest";
import type { CampaignRecordRow } from "../../../../db/writers/campaign-records";
import type { DialListing } from "../../../../domain/dial-listing";
import type { PoolMember, PreviewOffer } from "../../../../objects/agent-pool/protocol";
import type { CallSpec } from "../../../../objects/call/call-spec";
import { START_LEASE_MS } from "../../../../objects/campaign/call-starts";
import { CampaignRunner, TICK_MS, type CampaignPool, type CampaignPorts, type CampaignWriter } from "../../../../objects/campaign/campaign-runner";
import type { CampaignStorage } from "../../../../objects/campaign/campaign-storage";
import type { CampaignConfig, PreviewActionResult } from "../../../../objects/campaign/protocol";
import { clockAtNow, config as baseConfig, lead, member, NOW, nothingListedFor, openCampaignStore, outcome, queuedRows } from "./campaign-fixtures";

const previewConfig: CampaignConfig = { ...baseConfig, pacingMode: "preview", agentUserIds: ["agent-a"] };

/** A promise the test settles by hand. */
function held<T>() {
  let release!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (release = resolve));
  return { promise, release };
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** An agent pool that keeps its members as the real one does: an offer shown makes the agent previewing it, until it ends. */
function fakePool(userIds: readonly string[]) {
  const members = new Map<string, PoolMember>(userIds.map((userId) => [userId, member(userId, "available")]));
  /** When set, the next offer reaches the pool only once the test releases it. */
  const gates = { offer: null as Promise<void> | null };
  const pool: CampaignPool = {
    agentStates: async (wanted) => wanted.flatMap((userId) => (members.has(userId) ? [{ ...members.get(userId)! }] : [])),
    offerPreview: async (userId: string, offer: PreviewOffer) => {
      const gate = gates.offer;
      gates.offer = null;
      if (gate) await gate;
      const now = members.get(userId);
      if (now?.status !== "available") return false;
      members.set(userId, { ...now, status: "previewing", preview: { campaignId: offer.campaignId, accountId: offer.accountId } });
      return true;
    },
    endPreview: async (userId, campaignId, accountId, then) => {
      const now = members.get(userId);
      // As the real pool: ignored unless it still shows the agent this very offer.
      if (now?.status !== "previewing" || now.preview?.campaignId !== campaignId || now.preview.accountId !== accountId) return;
      members.set(userId, { ...now, status: then, preview: null });
    },
    callStarted: async (userId, callId) => {
      const now = members.get(userId);
      if (now) members.set(userId, { ...now, status: "on_call", preview: null, callId });
    },
  };
  return { pool, members, gates };
}

function fakeWriter() {
  const written: CampaignRecordRow[][] = [];
  let confirmations = 0;
  /** When set, the next confirmation (or write) answers only once the test releases it. */
  const gates = { confirm: null as Promise<void> | null, write: null as Promise<void> | null };
  const writer: CampaignWriter = {
    confirmDials: async (question): Promise<DialListing> => {
      confirmations++;
      const gate = gates.confirm;
      gates.confirm = null;
      if (gate) await gate;
      return nothingListedFor(question);
    },
    pendingCampaignNotices: async () => [],
    segmentLeads: async () => [],
    deleteDeliveredCampaignNotices: async () => undefined,
    writeCampaignRows: async (rows) => {
      const gate = gates.write;
      gates.write = null;
      if (gate) await gate;
      written.push(rows);
    },
  };
  return { writer, written, gates, confirmations: () => confirmations };
}

async function campaign(config: CampaignConfig) {
  const store: CampaignStorage = await openCampaignStore();
  store.meta.set("config", config);
  const pool = fakePool(config.agentUserIds);
  const writer = fakeWriter();
  const started: CallSpec[] = [];
  /** When set, the next CallActor.start answers only once the test releases it (it is counted as asked at once). */
  const startGates = { next: null as Promise<void> | null };
  const alarms: number[] = [];
  const room = { open: true, sent: [] as string[] };
  const ports: CampaignPorts = {
    pool: () => pool.pool,
    writer: () => writer.writer,
    start: async (spec) => {
      started.push(spec);
      const gate = startGates.next;
      startGates.next = null;
      if (gate) await gate;
    },
    load: async () => undefined,
    alarm: { setAlarm: async (atMs) => void alarms.push(atMs), deleteAlarm: async () => undefined },
    agentAddress: (userId) => `sip:${userId}@agents.test`,
    broadcast: (message) => void room.sent.push(message),
    roomOpen: () => room.open,
    keepAlive: () => undefined,
  };
  return { store, runner: new CampaignRunner(store, ports), pool, writer, started, startGates, alarms, room };
}

describe("the campaign's RPCs and its pass, one at a time", () => {
  clockAtNow();

  it("starts an agent's Dial once when a tick comes while the Dial is still being confirmed", async () => {
    const { store, runner, pool, writer, started } = await campaign(previewConfig);
    store.leads.add([lead("1")]);
    await runner.pass();
    expect(pool.members.get("agent-a")?.preview).toEqual({ campaignId: previewConfig.id, accountId: "1" });

    // The Dial waits on Postgres's confirmation; the next tick's alarm fires meanwhile.
    const confirmation = held<void>();
    writer.gates.confirm = confirmation.promise;
    const dial = runner.previewDial("agent-a", "1");
    await settle();
    const tick = runner.pass();
    await settle();
    confirmation.release();
    const [result] = (await Promise.all([dial, tick])) as [PreviewActionResult, void];

    // Before, the tick found the Dial's call not yet started, confirmed and started it too,
    // and the Dial then started it again: one lead, two starts.
    expect(result).toMatchObject({ ok: true });
    expect(started.map((spec) => spec.id)).toEqual([result.ok ? result.callId : "none"]);
    expect(writer.confirmations()).toBe(1);
    expect(store.calls.unstarted()).toEqual([]);
    expect(store.leads.get("1")?.attempts).toBe(1);
  });

  it("leaves no agent looking at an offer when the campaign is paused while a tick is still showing it", async () => {
    const { store, runner, pool } = await campaign(previewConfig);
    store.leads.add([lead("1")]);

    // The tick holds the lead for the agent; its offer is slow to reach the pool.
    const delivery = held<void>();
    pool.gates.offer = delivery.promise;
    const tick = runner.pass();
    await settle();
    const paused = runner.pause();
    await settle();
    delivery.release();
    await Promise.all([tick, paused]);

    // Before, the pause let the lead go and told the pool before the offer arrived there,
    // so the pool ignored the ending and then showed the offer: the agent was left
    // previewing a lead of a paused campaign that would refuse their Dial.
    expect(store.meta.get("status")).toBe("paused");
    expect(store.offers.all()).toEqual([]);
    expect(store.leads.get("1")?.state).toBe("ready");
    expect(pool.members.get("agent-a")).toMatchObject({ status: "available", preview: null });
  });

  it("counts a fax outcome that arrives while a pass is writing the outbox once, and writes its row on the next pass", async () => {
    const { store, runner, writer } = await campaign({ ...baseConfig, agentUserIds: ["agent-a"] });
    store.leads.add([lead("1"), lead("2")]);
    await runner.pass();
    const [call] = store.calls.all();
    expect(call).toBeDefined();

    // The pass's outbox write (the dialled accounts' last contact) is held open.
    const write = held<void>();
    writer.gates.write = write.promise;
    const tick = runner.pass();
    await settle();
    const resolved = runner.callResolved(outcome(call!.callId, call!.accountId, call!.phone, "fax", { answeredAtMs: NOW + 5_000 }));
    const again = runner.callResolved(outcome(call!.callId, call!.accountId, call!.phone, "fax", { answeredAtMs: NOW + 5_000 }));
    await settle();
    write.release();
    await Promise.all([tick, resolved, again]);
    await runner.pass();

    // This one held before too: an outcome is applied without an await, and the outbox
    // keeps a row queued while an older write was in flight. In line, it simply waits.

    expect(store.days.since("2026-11-23").resolved).toBe(1);
    expect(store.dnc.isListed("org", call!.phone)).toBe(true);
    expect(writer.written.flat()).toContainEqual({ table: "fax", organizationId: baseConfig.organizationId, campaignId: baseConfig.id, phone: call!.phone, callId: call!.callId });
    expect(queuedRows(store)).toEqual([]);
  });

  it("ticks on while its dials wait for Postgres's confirmation, and confirms and starts each of them once", async () => {
    const { store, runner, writer, started } = await campaign({ ...baseConfig, agentUserIds: ["agent-a", "agent-b"] });
    store.leads.add([lead("1"), lead("2"), lead("3")]);

    // Postgres is slow to confirm the first tick's dials: the tick does not wait for it.
    const confirmation = held<void>();
    writer.gates.confirm = confirmation.promise;
    await runner.pass();
    const dialled = store.calls.all().map((call) => call.callId);
    expect(dialled).toHaveLength(2);
    expect(started).toEqual([]);
    // The next ticks find the same calls unstarted and leave them to the confirmation under way.
    await runner.pass();
    await runner.pass();
    expect(writer.confirmations()).toBe(1);

    confirmation.release();
    await runner.besideThePass();
    expect(started.map((spec) => spec.id).sort()).toEqual([...dialled].sort());
    expect(store.calls.unstarted()).toEqual([]);
    // Exactly once: nothing else was dialled, no lead twice.
    expect(store.leads.get("3")?.state).toBe("ready");
    expect([store.leads.get("1")?.attempts, store.leads.get("2")?.attempts]).toEqual([1, 1]);
  });

  it("sends a start that never answered again once its lease has run out, and the call is started once it answers", async () => {
    const { store, runner, started, startGates } = await campaign({ ...baseConfig, agentUserIds: ["agent-a"] });
    store.leads.add([lead("1")]);
    startGates.next = new Promise<void>(() => undefined);
    await runner.pass();
    await settle();
    const [call] = store.calls.all();
    expect(started.map((spec) => spec.id)).toEqual([call!.callId]);

    await runner.pass();
    await settle();
    expect(started).toHaveLength(1);

    // The CallActor never answered: past the lease the tick asks again (a repeated start changes nothing there).
    vi.setSystemTime(NOW + START_LEASE_MS);
    await runner.pass();
    await settle();
    expect(started.map((spec) => spec.id)).toEqual([call!.callId, call!.callId]);
    expect(store.calls.unstarted()).toEqual([]);
    expect(store.leads.get("1")?.attempts).toBe(1);
  });

  it("holds new dials while a start is slow, tells the room why, and dials again once the engine has caught up", async () => {
    const { store, runner, started, startGates, room } = await campaign({ ...baseConfig, agentUserIds: ["agent-a", "agent-b"] });
    store.leads.add([lead("1"), lead("2"), lead("3")]);
    const pacingLine = () => runner.snapshot()?.stats.pacing;

    // The first call's CallActor is slow to answer its start; the second starts and ends unanswered, freeing its line.
    const slowStart = held<void>();
    startGates.next = slowStart.promise;
    await runner.pass();
    await settle();
    const slow = started[0]!;
    const quick = store.calls.all().find((call) => call.callId !== slow.id)!;
    expect(store.calls.unstarted().map((spec) => spec.id)).toEqual([slow.id]);
    await runner.callResolved(outcome(quick.callId, quick.accountId, quick.phone, "no_answer"));

    // 2.5 s on, the start still waits: a free line, a ready lead, and no new dial.
    vi.setSystemTime(NOW + 2_500);
    await runner.pass();
    expect(store.leads.get("3")?.state).toBe("ready");
    expect(pacingLine()).toBe("Holding dials: engine behind, 1 start waiting 2.5 s");
    expect(JSON.parse(room.sent.at(-1)!)).toMatchObject({ snapshot: { stats: { pacing: "Holding dials: engine behind, 1 start waiting 2.5 s" } } });
    expect(runner.dialHold()).toMatchObject({ holding: true, holds: 1 });

    // The start answers; the engine is calm, but a second more is not yet two calm seconds.
    slowStart.release();
    await runner.besideThePass();
    vi.setSystemTime(NOW + 3_500);
    await runner.pass();
    vi.setSystemTime(NOW + 4_500);
    await runner.pass();
    expect(store.leads.get("3")?.state).toBe("ready");
    expect(pacingLine()).toBe("Holding dials: the engine is catching up (calm for 1.0 s)");

    vi.setSystemTime(NOW + 5_500);
    await runner.pass();
    await runner.besideThePass();
    expect(runner.dialHold()).toEqual({ holding: false, reason: null, holds: 1, heldMs: 3_000 });
    // Exactly once: each lead dialled once, the held call started once, the third lead now dialled.
    expect([1, 2, 3].map((n) => store.leads.get(String(n))?.attempts)).toEqual([1, 1, 1]);
    expect(started.filter((spec) => spec.id === slow.id)).toHaveLength(1);
    expect(store.calls.unstarted()).toEqual([]);
    expect(pacingLine()).not.toMatch(/Holding/);
  });

  it("holds new dials after a late tick, and not after a tick on time", async () => {
    const { store, runner } = await campaign({ ...baseConfig, agentUserIds: ["agent-a", "agent-b"] });
    store.leads.add([lead("1"), lead("2")]);
    await runner.pass(3_200);
    expect(store.calls.all()).toEqual([]);
    expect(runner.snapshot()?.stats.pacing).toBe("Holding dials: engine behind, the pacing tick ran 3.2 s late");
    vi.setSystemTime(NOW + 1_000);
    await runner.pass(50);
    vi.setSystemTime(NOW + 3_000);
    await runner.pass(50);
    expect(store.calls.all()).toHaveLength(2);
  });

  it("keeps a tick a second after the last one began, however long the pool took to answer", async () => {
    const { store, runner, pool, alarms } = await campaign({ ...baseConfig, agentUserIds: ["agent-a"] });
    store.leads.add([lead("1")]);
    const states = pool.pool.agentStates;
    pool.pool.agentStates = async (wanted) => {
      vi.setSystemTime(Date.now() + 700);
      return states(wanted);
    };
    await runner.pass();
    expect(alarms.at(-1)).toBe(NOW + TICK_MS);
  });

  it("sends the room a call's new phase while a supervisor watches, and builds nothing for an empty room", async () => {
    const { store, runner, room } = await campaign({ ...baseConfig, agentUserIds: ["agent-a"] });
    store.leads.add([lead("1")]);
    await runner.pass();
    await runner.besideThePass();
    const [call] = store.calls.all();

    room.open = false;
    room.sent.length = 0;
    await runner.callPhase(call!.callId, "ringing", NOW + 1_000);
    expect(room.sent).toEqual([]);

    room.open = true;
    await runner.callPhase(call!.callId, "amd", NOW + 2_000);
    expect(room.sent).toHaveLength(1);
    expect(JSON.parse(room.sent[0]!)).toMatchObject({ type: "snapshot", snapshot: { calls: [{ callId: call!.callId, phase: "amd" }] } });
  });
});
