// Pool updates as a feature: the agent is on the call from the start until the end, and
// the end never overtakes the start (nor reaches the pool when the start never did).
import { describe, expect, it } from "vitest";
import { poolUpdates } from "../../../../../objects/call/features/pool-updates";
import type { PoolUpdateTask } from "../../../../../objects/call/features/pool-updates/pool-tasks";
import { contextOf, FakeClock, FakePorts, situationOf } from "../fake-ports";
import { event, hangup, spec, T0 } from "../events";
import { ordinaryCallWrapUp } from "../../../../../domain/wrap-up";
import { agentReserved, dialAccepted } from "../../../../../objects/call/local-events";
import { aiSpec } from "./ai-agent/ai-call";

const bridgeSpec = spec({ kind: "bridge", agentUserId: "agent-1", agentAddress: "sip:agent-1@x" });
const live = [event("call.initiated", 0, "agent"), event("call.answered", 1, "agent")];
const ended = [...live, hangup(30, "normal_clearing", "agent")];
const started: PoolUpdateTask = { name: "pool-call-started", action: "pool_update", change: "started", userId: "agent-1" };
const end: PoolUpdateTask = { name: "pool-call-ended", action: "pool_update", change: "ended", userId: "agent-1" };

describe("pool updates", () => {
  it("wants the start while the call is live, and the end once it is over; nothing without an agent", () => {
    expect(poolUpdates.desiredTasks(situationOf(bridgeSpec, live, T0)).map((t) => t.name)).toEqual(["pool-call-started"]);
    expect(poolUpdates.desiredTasks(situationOf(bridgeSpec, ended, T0)).map((t) => t.name)).toEqual(["pool-call-started", "pool-call-ended"]);
    expect(poolUpdates.desiredTasks(situationOf(spec(), ended, T0))).toEqual([]);
  });

  it("the end waits for the start to reach the pool", async () => {
    const ports = new FakePorts(new FakeClock(T0 + 31_000));
    const waiting = await poolUpdates.runners.pool_update(end, contextOf(situationOf(bridgeSpec, ended, T0 + 31_000, { "pool-call-started": "pending" }), ports));
    expect(waiting).toEqual({ kind: "retry", error: "waiting for the start to reach the pool", atMs: T0 + 32_000 });
    expect(ports.poolCalls).toEqual([]);

    const sent = await poolUpdates.runners.pool_update(end, contextOf(situationOf(bridgeSpec, ended, T0 + 32_000, { "pool-call-started": "done" }), ports));
    expect(sent).toEqual({ kind: "done" });
    expect(ports.poolCalls).toEqual(["ended agent-1"]);
  });

  it("never sends the end when the start never reached the pool", async () => {
    const ports = new FakePorts(new FakeClock(T0));
    const outcome = await poolUpdates.runners.pool_update(end, contextOf(situationOf(bridgeSpec, ended, T0, { "pool-call-started": "failed" }), ports));
    expect(outcome).toEqual({ kind: "failed", error: "the start never reached the pool" });
    expect(ports.poolCalls).toEqual([]);
  });

  it("retries with backoff while the pool is unreachable", async () => {
    const ports = new FakePorts(new FakeClock(T0));
    ports.poolDown = true;
    expect(await poolUpdates.runners.pool_update(started, contextOf(situationOf(bridgeSpec, live, T0), ports))).toEqual({ kind: "retry", error: "Error: pool unreachable" });
    ports.poolDown = false;
    expect(await poolUpdates.runners.pool_update(started, contextOf(situationOf(bridgeSpec, live, T0), ports))).toEqual({ kind: "done" });
    expect(ports.poolCalls).toEqual(["started agent-1"]);
  });

  it("hands the pool the call's wrap-up (a campaign's, set at dial), and an ordinary call's for a spec stored before it", async () => {
    const ports = new FakePorts(new FakeClock(T0 + 31_000));
    const campaignWrapUp = { seconds: 60, endOnSave: false, extensionSeconds: 30, dispositionRequired: true };
    await poolUpdates.runners.pool_update(end, contextOf(situationOf({ ...bridgeSpec, wrapUp: campaignWrapUp }, ended, T0 + 31_000, { "pool-call-started": "done" }), ports));
    await poolUpdates.runners.pool_update(end, contextOf(situationOf(bridgeSpec, ended, T0 + 31_000, { "pool-call-started": "done" }), ports));
    expect(ports.poolWrapUps).toEqual([campaignWrapUp, ordinaryCallWrapUp()]);
  });

  it("on an AI call, the person handed back is freed at once; the same person taken over again before that reached the pool stays on the call", async () => {
    const ann = { userId: "44444444-4444-4444-8444-444444444444", address: "sip:ann@test", name: "Ann" };
    const firstLeg = [event("call.answered", 1), agentReserved(T0 + 10_000, ann), dialAccepted("agent", T0 + 10_000, "v3:agent"), event("call.answered", 12, "agent"), event("call.bridged", 13, "agent")];
    const handedBack = [...firstLeg, hangup(40, "normal_clearing", "agent")];
    expect(poolUpdates.desiredTasks(situationOf(aiSpec(), handedBack, T0 + 40_000)).map((t) => t.name)).toEqual(["pool-call-started", "pool-call-ended"]);
    const annEnd: PoolUpdateTask = { ...end, userId: ann.userId };
    const ports = new FakePorts(new FakeClock(T0 + 41_000));
    expect(await poolUpdates.runners.pool_update(annEnd, contextOf(situationOf(aiSpec(), handedBack, T0 + 41_000, { "pool-call-started": "done" }), ports))).toEqual({ kind: "done" });
    expect(ports.poolCalls).toEqual([`ended ${ann.userId}`]);

    // Ann takes it over again (leg 2) before her first end was sent: that end must not wrap her up mid-call.
    const again = [...handedBack, agentReserved(T0 + 45_000, ann, 2), dialAccepted("agent", T0 + 45_000, "v3:agent-2", 2)];
    const late = new FakePorts(new FakeClock(T0 + 46_000));
    expect(await poolUpdates.runners.pool_update(annEnd, contextOf(situationOf(aiSpec(), again, T0 + 46_000, { "pool-call-started": "done" }), late))).toEqual({
      kind: "done",
      note: "the same person holds the call again",
    });
    expect(late.poolCalls).toEqual([]);
  });
});
