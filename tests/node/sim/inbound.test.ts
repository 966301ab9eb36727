// Inbound calls started from the control API: parked and ringing, answered by a
// command, or abandoned, or rejected.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encodeState, startHarness, transcriptionOf, type Harness } from "./harness";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

async function callIn(body: Record<string, unknown> = {}): Promise<string> {
  const { status, body: created } = await h.control<{ call: { call_control_id: string } }>("POST", "/control/inbound", {
    from: "+15557770001",
    to: "+15550001000",
    ...body,
  });
  expect(status).toBe(201);
  await h.advance();
  return created.call.call_control_id;
}

describe("inbound calls", () => {
  it("arrive as call.initiated, incoming and parked, with no client_state", async () => {
    const id = await callIn();
    expect(h.types(id)).toEqual(["call.initiated"]);
    expect(h.last(id, "call.initiated")).toMatchObject({
      direction: "incoming",
      state: "parked",
      client_state: null,
      from: "+15557770001",
      to: "+15550001000",
      connection_id: "sim-connection",
    });
  });

  it("answer → call.answered with the answer's client_state; bridged to an agent, the caller talks and hangs up (source: caller)", async () => {
    const id = await callIn();
    await h.advance(3);
    await h.client.calls.actions.answer(id, { client_state: encodeState("inbound") });
    await h.client.calls.actions.startTranscription(id, { transcription_tracks: "inbound" });
    const agent = await h.dial("sip:agent-1@sim.local");
    await h.advance(1);
    await h.client.calls.actions.bridge(id, { call_control_id_to_bridge_with: agent });
    await h.advance(10);
    expect(h.last(id, "call.answered").client_state).toBe(encodeState("inbound"));
    expect(transcriptionOf(h.last(id, "call.transcription"))).toMatchObject({ transcript: expect.stringMatching(/voicemail/) });
    await h.advance(60);
    expect(h.last(id, "call.hangup")).toMatchObject({ hangup_cause: "normal_clearing", hangup_source: "caller", client_state: encodeState("inbound") });
  });

  it("unanswered, the caller gives up after 30 s (originator_cancel)", async () => {
    const id = await callIn();
    await h.advance(29.9);
    expect(h.types(id)).toEqual(["call.initiated"]);
    await h.advance(0.1);
    expect(h.last(id, "call.hangup")).toMatchObject({ hangup_cause: "originator_cancel", hangup_source: "caller" });
  });

  it("a named persona can call in, with its own patience", async () => {
    const id = await callIn({ persona: { base: "angry-human", giveUpAfterSeconds: 8 } });
    await h.advance(8);
    expect(h.last(id, "call.hangup").hangup_cause).toBe("originator_cancel");
  });

  it("reject ends it as busy or rejected; answering twice, or answering a dialled call, is refused", async () => {
    const busy = await callIn();
    await h.client.calls.actions.reject(busy, { cause: "USER_BUSY" });
    const rejected = await callIn();
    await h.client.calls.actions.reject(rejected, { cause: "CALL_REJECTED" });
    await h.advance();
    expect(h.last(busy, "call.hangup").hangup_cause).toBe("user_busy");
    expect(h.last(rejected, "call.hangup").hangup_cause).toBe("call_rejected");

    const answered = await callIn();
    await h.client.calls.actions.answer(answered, {});
    await expect(h.client.calls.actions.answer(answered, {})).rejects.toMatchObject({ status: 422 });
    const dialled = await h.dial("+15550300001");
    await expect(h.client.calls.actions.answer(dialled, {})).rejects.toMatchObject({ status: 422 });
  });
});
