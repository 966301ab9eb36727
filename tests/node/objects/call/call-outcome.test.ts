// What a call was and how it ended, as its row in Postgres says it: folded from the
// call's events by one rule (domain/call-outcome.ts), for every kind of call.
import { describe, expect, it } from "vitest";
import { callRow } from "../../../../objects/call/call-view";
import type { CallSpec } from "../../../../objects/call/call-spec";
import type { CarrierEvent } from "../../../../objects/call/carrier-event";
import { agentReserved, agentUnavailable } from "../../../../objects/call/local-events";
import { foldCall } from "../../../../objects/call/machine";
import { amd, event, hangup, spec, T0 } from "./events";

const dialer = { campaignId: "44444444-4444-4444-8444-444444444444", eligibleAgentUserIds: ["a1"], voicemailScript: "Please call us back.", safeHarborMessage: "We will call back.", debtIds: [] };
const dialerSpec = spec({ kind: "dialer", accountId: "33333333-3333-4333-8333-333333333333", dialer });
const previewSpec = spec({ kind: "dialer", agentUserId: "a1", agentAddress: "sip:agent-a1@x", dialer: { ...dialer, previewAgent: { userId: "a1", address: "sip:agent-a1@x" } } });
const inboundSpec = spec({ kind: "inbound", direction: "inbound", inbound: { action: "ring_agent", message: "", customerCallControlId: "v3:customer" } });

function rowOf(callSpec: CallSpec, events: CarrierEvent[]) {
  const item = callRow(callSpec, foldCall(callSpec, events), 1);
  if (item.table !== "call") throw new Error("not a call row");
  return item.row;
}

const answered = [event("call.initiated", 0), event("call.answered", 5)];

describe("a call's outcome and origin on its row", () => {
  it("a dialer call no agent was free for is abandoned, not just completed", () => {
    const row = rowOf(dialerSpec, [...answered, amd(7, "human"), agentUnavailable(T0 + 9000), event("call.speak.ended", 14), hangup(15, "normal_clearing")]);
    expect(row).toMatchObject({ origin: "dialer", status: "completed", outcome: "abandoned", abandoned: true, agentUserId: null, campaignId: dialer.campaignId });
  });

  it("a dialer call bridged to the reserved agent is connected", () => {
    const row = rowOf(dialerSpec, [
      ...answered,
      amd(7, "human"),
      agentReserved(T0 + 7500, { userId: "a1", address: "sip:agent-a1@x", name: null }),
      event("call.bridged", 9),
      hangup(60, "normal_clearing"),
    ]);
    expect(row).toMatchObject({ origin: "dialer", outcome: "connected", agentUserId: "a1" });
  });

  it("a machine is machine, or voicemail left once the script played after the beep", () => {
    const machine = [...answered, amd(8, "machine"), event("call.machine.premium.greeting.ended", 12)];
    expect(rowOf(dialerSpec, [...machine, hangup(13, "normal_clearing")]).outcome).toBe("machine");
    expect(rowOf(dialerSpec, [...machine, event("call.speak.ended", 20), hangup(21, "normal_clearing")]).outcome).toBe("voicemail_left");
    expect(rowOf(dialerSpec, [...answered, amd(8, "fax"), hangup(9, "normal_clearing")]).outcome).toBe("fax");
  });

  it("a preview call says preview, and connected once bridged", () => {
    const row = rowOf(previewSpec, [...answered, event("call.bridged", 6), hangup(40, "normal_clearing")]);
    expect(row).toMatchObject({ origin: "preview", outcome: "connected", abandoned: false });
  });

  it("a manual call is manual: busy, no answer, failed", () => {
    const bridge = spec({ kind: "bridge", agentUserId: "a1" });
    expect(rowOf(bridge, [event("call.initiated", 0), hangup(3, "user_busy")])).toMatchObject({ origin: "manual", outcome: "busy" });
    expect(rowOf(spec(), [event("call.initiated", 0), hangup(30, "timeout")])).toMatchObject({ origin: "manual", outcome: "no_answer" });
    expect(rowOf(spec(), [event("call.initiated", 0), hangup(1, "unallocated_number")]).outcome).toBe("failed");
    expect(rowOf(spec(), [...answered, hangup(20, "normal_clearing")]).outcome).toBe("answered");
  });

  it("an inbound caller who hung up before an agent took the call was missed", () => {
    expect(rowOf(inboundSpec, [event("call.initiated", 0), hangup(30, "originator_cancel", "customer", "caller")])).toMatchObject({ origin: "inbound", outcome: "missed" });
  });

  it("has no outcome while the call is in progress", () => {
    expect(rowOf(dialerSpec, [...answered, amd(7, "human")]).outcome).toBeNull();
  });
});
