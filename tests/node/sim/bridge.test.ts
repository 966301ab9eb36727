// Bridging an agent leg and a customer leg (the engine's bridge call), what happens
// when one side hangs up, and transfer.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encodeState, startHarness, type Harness } from "./harness";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

interface LegView {
  call_control_id: string;
  state: string;
  bridged_with: string | null;
  transferred_from: string | null;
}
async function leg(callControlId: string): Promise<LegView> {
  const { body } = await h.control<{ calls: { legs: LegView[] }[] }>("GET", "/control/calls");
  return body.calls.flatMap((c) => c.legs).find((l) => l.call_control_id === callControlId)!;
}

async function agentAndCustomer() {
  const agent = await h.dial("sip:agent-1@agents.local", { client_state: encodeState("agent") });
  await h.advance(1);
  const customer = await h.dial("+15550100001", { answering_machine_detection: "detect", client_state: encodeState("customer") });
  await h.advance(4 + 2.5);
  return { agent, customer };
}

describe("bridge", () => {
  it("bridge sends call.bridged on both legs, each with its own ids and client_state", async () => {
    const { agent, customer } = await agentAndCustomer();
    await h.client.calls.actions.bridge(customer, { call_control_id_to_bridge_with: agent });
    await h.advance();
    expect(h.types(customer).at(-1)).toBe("call.bridged");
    expect(h.types(agent).at(-1)).toBe("call.bridged");
    expect(h.last(customer, "call.bridged")).toMatchObject({ call_control_id: customer, client_state: encodeState("customer"), to: "+15550100001" });
    expect(h.last(agent, "call.bridged")).toMatchObject({ call_control_id: agent, client_state: encodeState("agent") });
    expect((await leg(customer)).bridged_with).toBe(agent);
  });

  it("when the customer hangs up, the agent's leg stays up, unbridged, until the engine hangs it up", async () => {
    const { agent, customer } = await agentAndCustomer();
    await h.client.calls.actions.bridge(customer, { call_control_id_to_bridge_with: agent });
    await h.advance(60);
    expect(h.last(customer, "call.hangup").hangup_source).toBe("callee");
    expect(h.types(agent)).not.toContain("call.hangup");
    expect(await leg(agent)).toMatchObject({ state: "answered", bridged_with: null });
    await h.client.calls.actions.hangup(agent, {});
    await h.advance();
    expect(h.last(agent, "call.hangup").hangup_source).toBe("caller");
  });

  it("bridging with an unanswered, ended or unknown leg is refused and changes nothing", async () => {
    const agent = await h.dial("sip:agent-1@agents.local");
    await h.advance(1);
    const ringing = await h.dial("+15550300001");
    await expect(h.client.calls.actions.bridge(agent, { call_control_id_to_bridge_with: ringing })).rejects.toMatchObject({ status: 422 });
    await expect(h.client.calls.actions.bridge(agent, { call_control_id_to_bridge_with: "v3:nope" })).rejects.toMatchObject({ status: 422 });
    await h.advance();
    expect(h.types(agent)).not.toContain("call.bridged");
  });

  it("transfer dials the new destination in the same session and bridges it on answer", async () => {
    const customer = await h.dial("+15550100001", { client_state: encodeState("customer") });
    await h.advance(4);
    await h.client.calls.actions.transfer(customer, { to: "sip:agent-9@agents.local", target_leg_client_state: encodeState("agent") });
    await h.advance();
    const { body } = await h.control<{ calls: { legs: LegView[] }[] }>("GET", "/control/calls");
    const target = body.calls.flatMap((c) => c.legs).find((l) => l.transferred_from === customer)!;
    expect(h.types(target.call_control_id)).toEqual(["call.initiated"]);
    expect(h.last(target.call_control_id, "call.initiated")).toMatchObject({
      client_state: encodeState("agent"),
      call_session_id: h.last(customer, "call.answered").call_session_id,
    });
    await h.advance(1);
    expect(h.types(target.call_control_id)).toEqual(["call.initiated", "call.answered", "call.bridged"]);
    expect(h.types(customer).at(-1)).toBe("call.bridged");
  });

  it("a transfer to a busy number ends only the new leg", async () => {
    const customer = await h.dial("+15550100001");
    await h.advance(4);
    await h.client.calls.actions.transfer(customer, { to: "+15550400001" });
    await h.advance(2);
    const { body } = await h.control<{ calls: { legs: LegView[] }[] }>("GET", "/control/calls");
    const target = body.calls.flatMap((c) => c.legs).find((l) => l.transferred_from === customer)!;
    expect(h.last(target.call_control_id, "call.hangup").hangup_cause).toBe("user_busy");
    expect((await leg(customer)).state).toBe("answered");
  });
});
