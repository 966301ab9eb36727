// A preview dialer call as pure logic: the agent who clicked Dial is rung first, then the
// customer with AMD off, bridged on answer; it never asks the pool for an agent, never
// plays the safe-harbor message and is never abandoned.
import { describe, expect, it } from "vitest";
import { desiredCommands } from "../../../../objects/call/features/carrier-commands/desired-commands";
import { dialerOutcome, dialerPhase, desiredDialerTasks } from "../../../../objects/call/features/dialer/dialer-tasks";
import { callAgentUserId, isAbandoned } from "../../../../objects/call/call-view";
import { desiredPoolUpdates } from "../../../../objects/call/features/pool-updates/pool-tasks";
import { foldCall } from "../../../../objects/call/machine";
import { event, hangup, spec, T0 } from "./events";

const previewSpec = spec({
  kind: "dialer",
  to: "+15550100001",
  agentUserId: "agent-1",
  agentAddress: "sip:agent-agent-1@x",
  accountId: "33333333-3333-4333-8333-333333333333",
  dialer: {
    campaignId: "44444444-4444-4444-8444-444444444444",
    eligibleAgentUserIds: ["agent-1", "agent-2"],
    voicemailScript: "Please call us.",
    safeHarborMessage: "This is Acme; we will call back.",
    debtIds: [],
    previewAgent: { userId: "agent-1", address: "sip:agent-agent-1@x" },
  },
});
const commands = (events: Parameters<typeof foldCall>[1], nowMs = T0 + 5000) => desiredCommands(previewSpec, foldCall(previewSpec, events), nowMs);
const names = (events: Parameters<typeof foldCall>[1]) => commands(events).map((c) => c.name);
const agentUp = [event("call.initiated", 0, "agent"), event("call.answered", 1, "agent")];
const customerUp = [...agentUp, event("call.initiated", 1.5), event("call.answered", 6)];

describe("a preview call", () => {
  it("rings the agent first, and the customer only once the agent answered, with AMD off", () => {
    expect(names([])).toEqual(["dial-agent"]);
    expect(names([event("call.initiated", 0, "agent")])).toEqual(["dial-agent"]);
    const dials = commands(agentUp).filter((c) => c.action === "dial");
    expect(dials).toEqual([
      expect.objectContaining({ name: "dial-agent", to: "sip:agent-agent-1@x", amd: "disabled" }),
      expect.objectContaining({ name: "dial-customer", to: "+15550100001", amd: "disabled" }),
    ]);
  });

  it("bridges as soon as the customer answers, without waiting for a machine verdict", () => {
    expect(names(customerUp)).toContain("bridge");
    expect(names(customerUp)).not.toContain("speak-safe-harbor");
    expect(names(customerUp)).not.toContain("speak-voicemail");
  });

  it("never asks the pool for an agent and is never abandoned, even if the customer hangs up before the bridge", () => {
    const hungUpEarly = [...customerUp, hangup(6.5, "normal_clearing")];
    const record = foldCall(previewSpec, hungUpEarly);
    expect(desiredDialerTasks(previewSpec, foldCall(previewSpec, customerUp), T0 + 6000).map((t) => t.name)).not.toContain("reserve-agent");
    expect(isAbandoned(previewSpec, record)).toBe(false);
    expect(dialerOutcome(previewSpec, record)).toMatchObject({ result: "human", abandoned: false, agentUserId: "agent-1" });
  });

  it("tells the campaign it rings, then that it is connected, and keeps its agent on the call in the pool", () => {
    expect(dialerPhase(foldCall(previewSpec, agentUp), true)).toBe("ringing");
    expect(dialerPhase(foldCall(previewSpec, customerUp), true)).toBe("connected");
    const record = foldCall(previewSpec, customerUp);
    expect(callAgentUserId(previewSpec, record)).toBe("agent-1");
    expect(desiredPoolUpdates(previewSpec, record).map((u) => u.name)).toEqual(["pool-call-started"]);
  });

  it("hangs up the agent when the customer is gone, and the customer when the agent is", () => {
    expect(names([...customerUp, hangup(30, "normal_clearing")])).toContain("hangup-agent");
    expect(names([...customerUp, hangup(30, "normal_clearing", "agent", "caller")])).toContain("hangup-customer");
  });

  it("reports an agent who never answered as no answer, so the customer's number is not marked bad", () => {
    const record = foldCall(previewSpec, [event("call.initiated", 0, "agent"), hangup(30, "timeout", "agent")]);
    expect(record.status).not.toBe("completed");
    expect(dialerOutcome(previewSpec, record).result).toBe("no_answer");
  });
});
