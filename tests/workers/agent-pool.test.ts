// The agent pool room over real WebSockets: presence choices, the live board, and
// who may do what. Identity comes from the session cookie only.
import { exports } from "cloudflare:workers";
import { ordinaryCallWrapUp } from "../../domain/wrap-up";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { agentPoolRoomName, type PoolServerMessage } from "../../objects/agent-pool/protocol";
import { BASE_URL } from "./support/client";
import { createOrgWithEveryRole, type Member, type TestOrg } from "./support/orgs";
import { elapsed, rewriteAgentPresence } from "./support/pool-presence";

type Snapshot = Extract<PoolServerMessage, { type: "snapshot" }>;

/** A console socket that queues what the actor sends, so tests can await messages. */
class TestSocket {
  private readonly received: PoolServerMessage[] = [];
  private waiters: (() => void)[] = [];
  constructor(readonly socket: WebSocket) {
    socket.accept();
    socket.addEventListener("message", (event) => {
      this.received.push(JSON.parse(event.data as string) as PoolServerMessage);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(org: TestOrg, member: Member): Promise<TestSocket> {
    const response = await exports.default.fetch(
      new Request(`${BASE_URL}/parties/agent-pool-actor/${agentPoolRoomName(org.organizationId)}`, {
        headers: { upgrade: "websocket", cookie: member.cookie! },
      }),
    );
    expect(response.status).toBe(101);
    return new TestSocket(response.webSocket!);
  }

  send(message: unknown): void {
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  /** Waits for the next message matching the predicate (messages already received count). */
  async next<T extends PoolServerMessage>(predicate: (m: PoolServerMessage) => m is T, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.received.findIndex(predicate);
      if (index >= 0) return this.received.splice(0, index + 1).at(-1) as T;
      if (Date.now() > deadline) throw new Error(`no matching message; got ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  close(): void {
    this.socket.close(1000, "done");
  }
}

const snapshotWhere =
  (check: (s: Snapshot) => boolean) =>
  (m: PoolServerMessage): m is Snapshot =>
    m.type === "snapshot" && check(m);
const statusOf = (s: Snapshot, userId: string) => s.members.find((m) => m.userId === userId)?.status;

let org: TestOrg;
beforeAll(async () => {
  org = await createOrgWithEveryRole("Pool");
});

describe("agent pool room", () => {
  it("an agent going available shows live on the supervisor's board, with identity from the session", async () => {
    const supervisor = await TestSocket.open(org, org.members.supervisor);
    const agent = await TestSocket.open(org, org.members.agent);
    const agentId = org.members.agent.userId;
    const first = await agent.next(snapshotWhere((s) => statusOf(s, agentId) !== undefined));
    expect(first.you).toEqual({ userId: agentId, role: "agent" });
    expect(Math.abs(first.serverNow - Date.now())).toBeLessThan(5000);
    expect(statusOf(first, agentId)).toBe("offline");

    agent.send({ type: "set_presence", status: "available" });
    const seen = await supervisor.next(snapshotWhere((s) => statusOf(s, agentId) === "available"));
    const row = seen.members.find((m) => m.userId === agentId)!;
    expect(row).toMatchObject({ name: "agent person", role: "agent", connections: 1 });
    expect(row.statusSince).toBeGreaterThan(Date.now() - 10_000);
    agent.close();
    supervisor.close();
  });

  it("an agent whose last console closes goes offline, so no call is routed to nobody", async () => {
    const agentId = org.members.admin.userId;
    const supervisor = await TestSocket.open(org, org.members.supervisor);
    const agent = await TestSocket.open(org, org.members.admin);
    agent.send({ type: "set_presence", status: "available" });
    await supervisor.next(snapshotWhere((s) => statusOf(s, agentId) === "available"));
    agent.close();
    const after = await supervisor.next(snapshotWhere((s) => statusOf(s, agentId) === "offline"));
    expect(after.members.find((m) => m.userId === agentId)!.connections).toBe(0);
    supervisor.close();
  });

  it("a viewer watches but cannot set presence", async () => {
    const viewer = await TestSocket.open(org, org.members.viewer);
    viewer.send({ type: "set_presence", status: "available" });
    const error = await viewer.next((m): m is Extract<PoolServerMessage, { type: "error" }> => m.type === "error");
    expect(error.code).toBe("not_allowed");
    viewer.close();
  });

  it("rejects malformed and unknown messages with an error, and ignores any identity they claim", async () => {
    const agent = await TestSocket.open(org, org.members.owner);
    agent.send("not json at all");
    const bad = await agent.next((m): m is Extract<PoolServerMessage, { type: "error" }> => m.type === "error");
    expect(bad.code).toBe("invalid_message");
    agent.send({ type: "set_presence", status: "available", userId: org.members.agent.userId });
    const forged = await agent.next((m): m is Extract<PoolServerMessage, { type: "error" }> => m.type === "error");
    expect(forged.code).toBe("invalid_message");
    agent.close();
  });
});

describe("calls and the pool", () => {
  it("concurrent reservations never give one agent two calls, nor one call two agents, and go longest-idle first", async () => {
    const team = await createOrgWithEveryRole("Reserve");
    const sockets = [];
    // Three agents go available one after another: owner first (longest idle), then admin, then agent.
    for (const role of ["owner", "admin", "agent"] as const) {
      const socket = await TestSocket.open(team, team.members[role]);
      socket.send({ type: "set_presence", status: "available" });
      await socket.next(snapshotWhere((s) => statusOf(s, team.members[role].userId) === "available"));
      sockets.push(socket);
    }
    const { env } = await import("cloudflare:test");
    const pool = env.AgentPoolActor.get(env.AgentPoolActor.idFromName(agentPoolRoomName(team.organizationId)));
    const callIds = Array.from({ length: 10 }, () => crypto.randomUUID());
    const results = await Promise.all(callIds.map((id) => pool.reserveLongestIdleAgent(id)));
    const granted = results.flatMap((r, i) => (r ? [{ callId: callIds[i]!, userId: r.userId }] : []));
    expect(granted).toHaveLength(3);
    expect(new Set(granted.map((g) => g.userId)).size).toBe(3);
    expect(new Set(granted.map((g) => g.userId))).toEqual(new Set(["owner", "admin", "agent"].map((r) => team.members[r as "owner"].userId)));
    // Asking again for the same call is safe: the same agent, nobody else.
    expect(await pool.reserveLongestIdleAgent(granted[0]!.callId)).toEqual({ userId: granted[0]!.userId });
    expect(await pool.reserveLongestIdleAgent(crypto.randomUUID())).toBeNull();

    // The agent idle longest gets the next call: the agent frees up first, then the admin.
    const callOf = (userId: string) => granted.find((g) => g.userId === userId)!.callId;
    for (const role of ["agent", "admin"] as const) {
      await pool.callEnded(team.members[role].userId, callOf(team.members[role].userId));
      const socket = sockets[role === "agent" ? 2 : 1]!;
      socket.send({ type: "set_presence", status: "available" });
      await socket.next(snapshotWhere((s) => statusOf(s, team.members[role].userId) === "available"));
    }
    expect(await pool.reserveLongestIdleAgent(crypto.randomUUID())).toEqual({ userId: team.members.agent.userId });
    for (const socket of sockets) socket.close();
  });

  it("an agent's call puts them on the call, then in a timed wrap-up they may end early", async () => {
    const team = await createOrgWithEveryRole("Wrap");
    const agentId = team.members.agent.userId;
    const console_ = await TestSocket.open(team, team.members.agent);
    console_.send({ type: "set_presence", status: "available" });
    await console_.next(snapshotWhere((s) => statusOf(s, agentId) === "available"));
    const { call, callHonouringRetryAfter } = await import("./support/client");
    const { CallPump } = await import("./support/carrier");
    const placed = await callHonouringRetryAfter(team.members.agent, "POST", "/api/calls", { to: "+15550400001", kind: "direct" });
    const onCall = await console_.next(snapshotWhere((s) => statusOf(s, agentId) === "on_call"));
    expect(onCall.members.find((m) => m.userId === agentId)!.callId).toBe(placed.body.id);
    const pump = CallPump.forCall(placed.body.id);
    let wrapping: Snapshot | undefined;
    await pump.until(async () => {
      wrapping = await console_.next(snapshotWhere((s) => statusOf(s, agentId) === "wrap_up"), 200).catch(() => undefined);
      return wrapping !== undefined;
    });
    const me = wrapping!.members.find((m) => m.userId === agentId)!;
    expect(me.wrapUpEndsAt! - me.statusSince).toBe(30_000);
    console_.send({ type: "set_presence", status: "available" });
    await console_.next(snapshotWhere((s) => statusOf(s, agentId) === "available"));
    console_.close();
  });
  it("a wrap-up nobody ends early ends on its timer, and the agent is available from its end", async () => {
    const team = await createOrgWithEveryRole("WrapTimer");
    const agentId = team.members.agent.userId;
    const console_ = await TestSocket.open(team, team.members.agent);
    console_.send({ type: "set_presence", status: "available" });
    await console_.next(snapshotWhere((s) => statusOf(s, agentId) === "available"));
    const { env, runDurableObjectAlarm, runInDurableObject } = await import("cloudflare:test");
    const pool = env.AgentPoolActor.get(env.AgentPoolActor.idFromName(agentPoolRoomName(team.organizationId)));
    const callId = crypto.randomUUID();
    expect(await pool.reserveLongestIdleAgent(callId)).toEqual({ userId: agentId });
    await pool.callEnded(agentId, callId, ordinaryCallWrapUp(45));
    const wrapping = await console_.next(snapshotWhere((s) => statusOf(s, agentId) === "wrap_up"));
    const me = wrapping.members.find((m) => m.userId === agentId)!;
    expect(me.wrapUpEndsAt! - me.statusSince).toBe(45_000);

    // The agent's presence span goes to Postgres first (its outbox sets the alarm for now, and
    // the runtime runs it; a loaded CI runner found no alarm set while that write was under way):
    // once it is written the alarm waits for the wrap-up's end.
    const alarmAt = () => runInDurableObject(pool, (_instance, state) => state.storage.getAlarm());
    await vi.waitFor(async () => expect(await alarmAt()).toBe(me.wrapUpEndsAt), { timeout: 20_000, interval: 100 });
    // Not due yet: the alarm changes nothing and stays set for the wrap-up's end.
    expect(await runDurableObjectAlarm(pool)).toBe(true);
    expect(await runInDurableObject(pool, (_instance, state) => state.storage.getAlarm())).toBe(me.wrapUpEndsAt);

    // 45 s later (the wrap-up's end backdated instead of waiting), the timer ends the wrap-up.
    const endedAt = Date.now() - 1_000;
    await rewriteAgentPresence(pool, agentId, (presence) => ({ ...presence, wrapUpEndsAt: endedAt }));
    expect(await runDurableObjectAlarm(pool)).toBe(true);
    const available = await console_.next(snapshotWhere((s) => statusOf(s, agentId) === "available"));
    expect(available.members.find((m) => m.userId === agentId)).toMatchObject({ statusSince: endedAt, callId: null, wrapUpEndsAt: null });
    // Nobody is wrapping up any more: no timer is left.
    expect(await runDurableObjectAlarm(pool)).toBe(false);
    console_.close();
  });
});

describe("presence history", () => {
  it("an agent's shift reaches Postgres as whole spans through the pool's outbox, and the KPIs count it", async () => {
    const team = await createOrgWithEveryRole("Presence");
    const agentId = team.members.agent.userId;
    const agent = await TestSocket.open(team, team.members.agent);
    for (const status of ["available", "break", "available"] as const) {
      agent.send({ type: "set_presence", status });
      await agent.next(snapshotWhere((s) => statusOf(s, agentId) === status));
    }
    const { env, runDurableObjectAlarm } = await import("cloudflare:test");
    const pool = env.AgentPoolActor.get(env.AgentPoolActor.idFromName(agentPoolRoomName(team.organizationId)));
    const callId = crypto.randomUUID();
    expect(await pool.reserveLongestIdleAgent(callId)).toEqual({ userId: agentId });
    await pool.callEnded(agentId, callId, ordinaryCallWrapUp(30));
    agent.send({ type: "set_presence", status: "available" });
    await agent.next(snapshotWhere((s) => statusOf(s, agentId) === "available"));
    agent.close();
    // Written by the pool's alarm (due at once after each change): run it rather than wait for it.
    await runDurableObjectAlarm(pool);
    const { withDatabase } = await import("./support/database");
    const { agentPresenceSpans } = await import("../../db/schema");
    const { and, asc, eq } = await import("drizzle-orm");
    const spans = await withDatabase((db) =>
      db
        .select()
        .from(agentPresenceSpans)
        .where(and(eq(agentPresenceSpans.organizationId, team.organizationId), eq(agentPresenceSpans.userId, agentId)))
        .orderBy(asc(agentPresenceSpans.startedAt)),
    );
    // Every state in order (one begun in the same millisecond as the next replaces it), each span ending where the
    // next begins, and only the last, logged out, still open.
    const statuses: string[] = spans.map((s) => s.status).filter((status, i, all) => status !== all[i - 1]);
    expect(["available", "on_call", "wrap_up", "offline"].every((status) => statuses.includes(status))).toBe(true);
    expect(statuses.at(-1)).toBe("offline");
    for (let i = 1; i < spans.length; i++) expect(spans[i - 1]!.endedAt?.getTime()).toBe(spans[i]!.startedAt.getTime());
    expect(spans.at(-1)!.endedAt).toBeNull();
    // Nothing left to write: no timer is left either.
    expect(await runDurableObjectAlarm(pool)).toBe(false);

    // The supervisor's KPIs by agent today count the same seconds.
    const seconds = (status: string) =>
      spans.filter((s) => s.status === status).reduce((sum, s) => sum + (s.endedAt!.getTime() - s.startedAt.getTime()) / 1000, 0);
    const { call } = await import("./support/client");
    const answer = await call(team.members.supervisor, "GET", "/api/analytics/kpis?groupBy=agent");
    expect(answer.status).toBe(200);
    const row = answer.body.rows.find((r: { key: string }) => r.key === agentId);
    expect(row.presence.idleSeconds).toBeCloseTo(seconds("available"), 3);
    expect(row.presence.handlingSeconds).toBeCloseTo(seconds("on_call") + seconds("wrap_up"), 3);
    expect(row.presence.loggedInSeconds).toBeCloseTo(seconds("available") + seconds("on_call") + seconds("wrap_up") + seconds("break"), 3);
    expect(answer.body.unavailable.map((u: { kpi: string }) => u.kpi)).not.toContain("occupancy");
  });
});

describe("wrap-up settings", () => {
  type ErrorMessage = Extract<PoolServerMessage, { type: "error" }>;
  const isError = (m: PoolServerMessage): m is ErrorMessage => m.type === "error";

  /** An available agent and their pool; `elapse(ms)` moves their wrap-up back in time (as if ms passed) and runs the pool's alarm. */
  async function availableAgent(name: string) {
    const team = await createOrgWithEveryRole(name);
    const agentId = team.members.agent.userId;
    const console_ = await TestSocket.open(team, team.members.agent);
    console_.send({ type: "set_presence", status: "available" });
    await console_.next(snapshotWhere((s) => statusOf(s, agentId) === "available"));
    const { env, runDurableObjectAlarm, runInDurableObject } = await import("cloudflare:test");
    const pool = env.AgentPoolActor.get(env.AgentPoolActor.idFromName(agentPoolRoomName(team.organizationId)));
    const elapse = async (ms: number) => {
      await rewriteAgentPresence(pool, agentId, elapsed(ms));
      await runDurableObjectAlarm(pool);
    };
    const me = async () => (await pool.agentStates([agentId]))[0]!;
    return { team, agentId, console_, pool, elapse, me, runInDurableObject, runDurableObjectAlarm };
  }

  it("saving the disposition ends wrap-up at once, and ordinary calls wrap up for the organisation's time", async () => {
    const { team, agentId, console_ } = await availableAgent("WrapSave");
    const { call, callHonouringRetryAfter } = await import("./support/client");
    const { CallPump } = await import("./support/carrier");
    const setting = await call(team.members.admin, "PATCH", "/api/organization", { wrapUpSeconds: 45 });
    expect(setting.status).toBe(200);
    expect(setting.body.organization.wrapUpSeconds).toBe(45);
    const placed = await callHonouringRetryAfter(team.members.agent, "POST", "/api/calls", { to: "+15550400002", kind: "direct" });
    expect(placed.status).toBe(201);
    await console_.next(snapshotWhere((s) => statusOf(s, agentId) === "on_call"));
    let wrapping: Snapshot | undefined;
    await CallPump.forCall(placed.body.id).until(async () => {
      wrapping = await console_.next(snapshotWhere((s) => statusOf(s, agentId) === "wrap_up"), 200).catch(() => undefined);
      return wrapping !== undefined;
    });
    const me = wrapping!.members.find((m) => m.userId === agentId)!;
    expect(me.wrapUpEndsAt! - me.statusSince).toBe(45_000);
    // A direct call owes no disposition.
    expect(me.dispositionOwed).toBe(false);

    const saved = await call(team.members.agent, "PATCH", `/api/calls/${placed.body.id}`, { disposition: "no_contact" });
    expect(saved.status).toBe(200);
    const available = await console_.next(snapshotWhere((s) => statusOf(s, agentId) === "available"));
    // Available from the save, long before the 45 s were up.
    expect(available.members.find((m) => m.userId === agentId)!.statusSince).toBeLessThan(me.wrapUpEndsAt! - 30_000);
    console_.close();
  });

  it("a campaign's 60 s wrap-up keeps the agent wrapping up past 30 s, then its timer frees them", async () => {
    const { agentId, console_, pool, elapse, me, runDurableObjectAlarm } = await availableAgent("Wrap60");
    const callId = crypto.randomUUID();
    expect(await pool.reserveLongestIdleAgent(callId)).toEqual({ userId: agentId });
    await pool.callEnded(agentId, callId, { seconds: 60, endOnSave: true, extensionSeconds: 0, dispositionRequired: false });
    await elapse(31_000);
    expect(await me()).toMatchObject({ status: "wrap_up", callId });
    await elapse(30_000);
    // The pool's own alarm (a presence write, due at once) may be the one running: the test's run then finds none set.
    await expect
      .poll(async () => {
        await runDurableObjectAlarm(pool);
        return me();
      })
      .toMatchObject({ status: "available", callId: null });
    console_.close();
  });

  it("an agent may ask for more time once; the second ask is refused with a clear error", async () => {
    const { agentId, console_, pool, me, runInDurableObject, runDurableObjectAlarm } = await availableAgent("WrapMore");
    const callId = crypto.randomUUID();
    expect(await pool.reserveLongestIdleAgent(callId)).toEqual({ userId: agentId });
    await pool.callEnded(agentId, callId, { seconds: 30, endOnSave: true, extensionSeconds: 45, dispositionRequired: false });
    const wrapping = await console_.next(snapshotWhere((s) => statusOf(s, agentId) === "wrap_up"));
    const before = wrapping.members.find((m) => m.userId === agentId)!;
    expect(before.wrapUpExtensionSeconds).toBe(45);

    console_.send({ type: "extend_wrap_up" });
    const extended = await console_.next(snapshotWhere((s) => s.members.some((m) => m.userId === agentId && m.wrapUpExtensionSeconds === 0)));
    expect(extended.members.find((m) => m.userId === agentId)!.wrapUpEndsAt).toBe(before.wrapUpEndsAt! + 45_000);
    // The timer moved with it, once the pool's alarm (due at once after a change) has written the
    // presence spans: a write already in flight when the alarm runs leaves it due at once again.
    await expect
      .poll(async () => {
        await runDurableObjectAlarm(pool);
        return runInDurableObject(pool, (_instance, state) => state.storage.getAlarm());
      })
      .toBe(before.wrapUpEndsAt! + 45_000);

    console_.send({ type: "extend_wrap_up" });
    const refused = await console_.next(isError);
    expect(refused).toEqual({ type: "error", code: "extension_used", message: "You already took your extra wrap-up time for this call" });
    expect((await me()).wrapUpEndsAt).toBe(before.wrapUpEndsAt! + 45_000);
    console_.close();
  });
});
