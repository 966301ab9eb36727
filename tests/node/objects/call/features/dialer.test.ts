// The dialer's hand-off as a feature: it asks the pool for an agent every 200 ms until
// the 2 s connect window closes, then the safe-harbor message plays; a reserved agent is
// rung; the campaign hears each phase, retried while it is unreachable.
import { describe, expect, it } from "vitest";
import type { CarrierEvent } from "../../../../../objects/call/carrier-event";
import { desiredCommands } from "../../../../../objects/call/features/carrier-commands/desired-commands";
import { dialer, RESERVE_RETRY_MS } from "../../../../../objects/call/features/dialer";
import type { ReserveAgentTask } from "../../../../../objects/call/features/dialer/dialer-tasks";
import type { TaskOutcome } from "../../../../../objects/call/features/feature";
import { foldCall } from "../../../../../objects/call/machine";
import { amd, event, spec, T0 } from "../events";
import { contextOf, FakeClock, FakePorts, situationOf } from "../fake-ports";

const dialerSpec = spec({
  kind: "dialer",
  accountId: "33333333-3333-4333-8333-333333333333",
  dialer: { campaignId: "44444444-4444-4444-8444-444444444444", eligibleAgentUserIds: ["a1", "a2"], voicemailScript: "", safeHarborMessage: "This is Acme; we will call back.", debtIds: [] },
});
const answeredHuman = [event("call.initiated", 0), event("call.answered", 6), amd(8, "human")];
const humanAtMs = T0 + 8000;

const reserveTask = (): ReserveAgentTask => {
  const task = dialer.desiredTasks(situationOf(dialerSpec, answeredHuman, humanAtMs)).find((t) => t.action === "reserve_agent");
  if (task?.action !== "reserve_agent") throw new Error("no reservation wanted");
  return task;
};
const eventsOf = (outcome: TaskOutcome): CarrierEvent[] => (outcome.kind === "retry" ? [] : (outcome.events ?? []));

/** Runs the reservation as the queue would: again at the time each retry asks for. */
async function reserveUntilSettled(ports: FakePorts, clock: FakeClock): Promise<{ outcome: TaskOutcome; asks: number }> {
  const task = reserveTask();
  for (let asks = 1; ; asks++) {
    const outcome = await dialer.runners.reserve_agent(task, contextOf(situationOf(dialerSpec, answeredHuman, clock.nowMs), ports));
    if (outcome.kind !== "retry") return { outcome, asks };
    expect(outcome.atMs).toBeDefined();
    clock.nowMs = outcome.atMs!;
  }
}

describe("the dialer's hand-off", () => {
  it("asks again every 200 ms while nobody is free, then plays the safe-harbor message when the window closes", async () => {
    const clock = new FakeClock(humanAtMs);
    const ports = new FakePorts(clock);
    const { outcome, asks } = await reserveUntilSettled(ports, clock);
    expect(asks).toBe(2000 / RESERVE_RETRY_MS + 1);
    expect(clock.nowMs).toBe(humanAtMs + 2000);
    expect(outcome).toMatchObject({ kind: "done", note: "no agent free within the connect window" });
    const record = foldCall(dialerSpec, [...answeredHuman, ...eventsOf(outcome)]);
    expect(record.abandoned).toBe(true);
    expect(desiredCommands(dialerSpec, record, clock.nowMs).map((c) => c.name)).toContain("speak-safe-harbor");
  });

  it("counts an unreachable pool as nobody free, and rings the agent the pool reserves next", async () => {
    const clock = new FakeClock(humanAtMs);
    const ports = new FakePorts(clock);
    ports.reservations = [new Error("pool unreachable"), null, { userId: "a2", address: "sip:agent-a2@x", name: "Ann" }];
    const { outcome, asks } = await reserveUntilSettled(ports, clock);
    expect(asks).toBe(3);
    const record = foldCall(dialerSpec, [...answeredHuman, ...eventsOf(outcome)]);
    expect(record.assignedAgent).toEqual({ userId: "a2", address: "sip:agent-a2@x", atMs: humanAtMs + 2 * RESERVE_RETRY_MS, name: "Ann" });
    // The record keeps the id; readers are given the name (worker/calls/record-names.ts), never the id as text.
    expect(record.timeline).toContainEqual(expect.objectContaining({ text: "Agent reserved", agentUserId: "a2" }));
    expect(desiredCommands(dialerSpec, record, clock.nowMs)).toEqual(expect.arrayContaining([expect.objectContaining({ name: "dial-agent", to: "sip:agent-a2@x", agentName: "Ann" })]));
  });

  it("tells the campaign each phase, retrying while it is unreachable", async () => {
    const clock = new FakeClock(humanAtMs);
    const ports = new FakePorts(clock);
    const phase = dialer.desiredTasks(situationOf(dialerSpec, answeredHuman, humanAtMs)).find((t) => t.action === "campaign_update");
    if (phase?.action !== "campaign_update") throw new Error("no campaign update wanted");
    expect(phase.name).toBe("campaign-phase-waiting");
    ports.campaignDown = true;
    expect(await dialer.runners.campaign_update(phase, contextOf(situationOf(dialerSpec, answeredHuman, humanAtMs), ports))).toMatchObject({ kind: "retry" });
    ports.campaignDown = false;
    expect(await dialer.runners.campaign_update(phase, contextOf(situationOf(dialerSpec, answeredHuman, humanAtMs), ports))).toEqual({ kind: "done" });
    expect(ports.campaignCalls).toEqual([{ phase: "waiting" }]);
  });
});
