// Callers who follow an IVR menu by keys alone (ivr-payer, ivr-balance-then-agent,
// ivr-bad-amounts): each prompt gets the persona's next answer, a prompt past the
// script times out; and a bridge with mute_dtmf keeps the caller's keys from the
// bridged party's recording.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

async function callIn(persona: string): Promise<string> {
  const { status, body } = await h.control<{ call: { call_control_id: string } }>("POST", "/control/inbound", { from: "+15557770001", to: "+15550001000", persona });
  expect(status).toBe(201);
  await h.advance();
  const id = body.call.call_control_id;
  await h.client.calls.actions.answer(id, {});
  await h.advance(1);
  return id;
}

/** Says a prompt and collects keys as the IVR does; returns what the caller keyed. */
async function ask(id: string, maxDigits: number): Promise<{ digits: string; status: string }> {
  const before = h.events(id).filter((e) => e.event_type === "call.gather.ended").length;
  await h.client.calls.actions.gatherUsingSpeak(id, { payload: "Press a key.", voice: "female", language: "en-US", maximum_digits: maxDigits, terminating_digit: "#", timeout_millis: 8000 });
  for (let i = 0; i < 40 && h.events(id).filter((e) => e.event_type === "call.gather.ended").length === before; i++) await h.advance(1);
  const ended = h.events(id).filter((e) => e.event_type === "call.gather.ended").at(-1)!;
  return { digits: String(ended.payload.digits), status: String(ended.payload.status) };
}

describe("IVR callers", () => {
  it("ivr-payer picks pay, another amount, then keys 15000#", async () => {
    const id = await callIn("ivr-payer");
    expect(await ask(id, 1)).toMatchObject({ digits: "1", status: "valid" });
    expect(await ask(id, 1)).toMatchObject({ digits: "2" });
    expect(await ask(id, 12)).toMatchObject({ digits: "15000", status: "valid" });
    expect(await ask(id, 1)).toMatchObject({ digits: "", status: "timeout" });
  });

  it("ivr-balance-then-agent picks the balance, then an agent", async () => {
    const id = await callIn("ivr-balance-then-agent");
    expect((await ask(id, 1)).digits).toBe("2");
    expect((await ask(id, 1)).digits).toBe("3");
  });

  it("ivr-bad-amounts keys 0, nothing, then too many digits", async () => {
    const id = await callIn("ivr-bad-amounts");
    await ask(id, 1);
    await ask(id, 1);
    expect((await ask(id, 12)).digits).toBe("0");
    expect((await ask(id, 12)).digits).toBe("");
    expect((await ask(id, 12)).digits).toBe("99999999");
  });

  it("a bridge with mute_dtmf keeps the caller's keys from the agent leg's recording (and shows the setting)", async () => {
    const id = await callIn("ivr-balance-then-agent");
    const agent = await h.dial("sip:agent-1@agents.test");
    await h.advance(2);
    await h.client.calls.actions.startRecording(agent, { channels: "single", format: "wav" });
    await h.client.calls.actions.bridge(id, { call_control_id_to_bridge_with: agent, mute_dtmf: "both" });
    await h.advance(1);
    await h.client.calls.actions.gather(id, { maximum_digits: 1 });
    await h.advance(5);
    await h.client.calls.actions.stopRecording(agent, {});
    await h.advance(1);
    const { body } = await h.control<{ calls: { legs: { call_control_id: string; mute_dtmf: string; recordings: { captured_dtmf: string }[] }[] }[] }>("GET", "/control/calls");
    const legs = body.calls.flatMap((c) => c.legs);
    expect(legs.find((l) => l.call_control_id === id)!.mute_dtmf).toBe("both");
    expect(legs.find((l) => l.call_control_id === agent)!.recordings[0]!.captured_dtmf).toBe("");
  });
});
