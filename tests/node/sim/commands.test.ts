// Commands as the engine sends them: auth, validation (Telnyx's 422 with pointers),
// calls that are gone, command_id dedupe, client_state, SMS, and command chaos under
// the SDK's own retries.
import Telnyx from "telnyx";
import { afterEach, describe, expect, it } from "vitest";
import { CONNECTION, FROM, encodeState, startHarness, type Harness } from "./harness";

let h: Harness;
afterEach(() => h.close());

interface CommandEntry {
  kind: string;
  callControlId: string | null;
  commandId: string | null;
  duplicate: boolean;
  outcome: string;
  status: number;
  chaos: string | null;
}
const commands = async () => (await h.control<{ commands: CommandEntry[] }>("GET", "/control/commands")).body.commands;

async function rawDial(body: Record<string, unknown>, authorization: string | null = "Bearer sim-key") {
  const response = await fetch(`${h.sim.baseUrl}/calls`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { errors: { code: string; title: string; source?: { pointer: string } }[] } };
}
const validDial = { connection_id: CONNECTION, from: FROM, to: "+15550100001" };

describe("auth and validation", () => {
  it("answers 401 in Telnyx's error shape without a bearer key, and a wrong one when apiKey is set", async () => {
    h = await startHarness({ apiKey: "the-key" });
    const missing = await rawDial(validDial, null);
    expect(missing.status).toBe(401);
    expect(missing.body.errors[0]).toMatchObject({ code: "10009", title: "Authentication failed" });
    await expect(h.client.calls.dial(validDial)).rejects.toBeInstanceOf(Telnyx.AuthenticationError);
    const right = new Telnyx({ apiKey: "the-key", baseURL: h.sim.baseUrl });
    await expect(right.calls.dial(validDial)).resolves.toMatchObject({ data: { is_alive: true, record_type: "call" } });
  });

  it.each([
    [{ ...validDial, from: "5550001000" }, "/from", "10016"],
    [{ ...validDial, to: "not a number" }, "/to", "10016"],
    [{ from: FROM, to: "+15550100001" }, "/connection_id", "10004"],
    [{ ...validDial, answering_machine_detection: "maybe" }, "/answering_machine_detection", "10015"],
    [{ ...validDial, client_state: "not base64!" }, "/client_state", "10015"],
    [{ ...validDial, timeout_secs: 3 }, "/timeout_secs", "10015"],
    [{ ...validDial, timeout_secs: 601 }, "/timeout_secs", "10015"],
  ])("a bad dial is a 422 pointing at the field (%o)", async (body, pointer, code) => {
    h = await startHarness();
    const { status, body: error } = await rawDial(body);
    expect(status).toBe(422);
    expect(error.errors).toContainEqual(expect.objectContaining({ code, source: { pointer } }));
    expect((await h.control<{ calls: unknown[] }>("GET", "/control/calls")).body.calls).toEqual([]);
  });

  it("a sip: URI is a valid destination, and the dial echoes client_state", async () => {
    h = await startHarness();
    const response = await h.client.calls.dial({ ...validDial, to: "sip:agent-1@agents.local", client_state: encodeState("x") });
    expect(response.data).toMatchObject({ call_control_id: expect.stringMatching(/^v3:/), client_state: encodeState("x"), is_alive: true });
  });
});

describe("calls that are gone", () => {
  it("a command on an ended or unknown call is a 422 with code 90018", async () => {
    h = await startHarness();
    const id = await h.dial("+15550400001");
    await h.advance(2);
    const ended = h.client.calls.actions.speak(id, { payload: "Hello", voice: "female" });
    await expect(ended).rejects.toMatchObject({ status: 422, error: { errors: [{ code: "90018", title: "Call has already ended" }] } });
    await expect(h.client.calls.actions.hangup("v3:unknown", {})).rejects.toMatchObject({ status: 422, error: { errors: [{ code: "90018" }] } });
  });
});

describe("command_id", () => {
  it("a repeated command is acknowledged, performed once, and logged as a duplicate", async () => {
    h = await startHarness();
    const id = await h.dial("+15550100001");
    await h.advance(4);
    const speak = { payload: "Hello there.", voice: "female", command_id: "speak-1" };
    await h.client.calls.actions.speak(id, speak);
    await expect(h.client.calls.actions.speak(id, speak)).resolves.toEqual({ data: { result: "ok" } });
    await h.advance(5);
    expect(h.types(id).filter((t) => t === "call.speak.started")).toHaveLength(1);
    const logged = (await commands()).filter((c) => c.kind === "speak");
    expect(logged.map((c) => [c.outcome, c.duplicate])).toEqual([["performed", false], ["duplicate", true]]);
  });

  it("the same command_id on another call is a different command", async () => {
    h = await startHarness();
    const a = await h.dial("+15550100001");
    const b = await h.dial("+15550100002");
    await h.advance(4);
    await h.client.calls.actions.speak(a, { payload: "Hi.", voice: "female", command_id: "same" });
    await h.client.calls.actions.speak(b, { payload: "Hi.", voice: "female", command_id: "same" });
    await h.advance();
    expect(h.types(a)).toContain("call.speak.started");
    expect(h.types(b)).toContain("call.speak.started");
  });

  it("a retried hangup whose first try worked is still ok, not 'already ended'", async () => {
    h = await startHarness();
    const id = await h.dial("+15550100001");
    await h.advance(4);
    await h.client.calls.actions.hangup(id, { command_id: "bye" });
    await expect(h.client.calls.actions.hangup(id, { command_id: "bye" })).resolves.toEqual({ data: { result: "ok" } });
  });

  it("a repeated dial returns the same call and places no second call", async () => {
    h = await startHarness();
    const dial = { ...validDial, command_id: "dial-1" };
    const first = await h.client.calls.dial(dial);
    const second = await h.client.calls.dial(dial);
    await h.advance();
    expect(second.data).toEqual(first.data);
    expect(h.types()).toEqual(["call.initiated"]);
    expect((await h.control<{ calls: unknown[] }>("GET", "/control/calls")).body.calls).toHaveLength(1);
    expect((await commands()).map((c) => c.outcome)).toEqual(["performed", "duplicate"]);
  });

  it("Telnyx's window is 60 s: the same command_id after that is performed again", async () => {
    h = await startHarness();
    const id = await h.dial("+15550900001");
    await h.advance(1);
    await h.client.calls.actions.speak(id, { payload: "One.", voice: "female", command_id: "again" });
    await h.advance(61);
    await h.client.calls.actions.speak(id, { payload: "One.", voice: "female", command_id: "again" });
    await h.advance(5);
    expect(h.types(id).filter((t) => t === "call.speak.started")).toHaveLength(2);
  });
});

describe("client_state", () => {
  it("an action's client_state replaces the call's for every later webhook", async () => {
    h = await startHarness();
    const id = await h.dial("+15550100001", { client_state: encodeState("first") });
    await h.advance(4);
    expect(h.last(id, "call.answered").client_state).toBe(encodeState("first"));
    await h.client.calls.actions.speak(id, { payload: "Hello.", voice: "female", client_state: encodeState("second") });
    await h.advance(1);
    expect(h.last(id, "call.speak.started").client_state).toBe(encodeState("second"));
    await h.client.calls.actions.updateClientState(id, { client_state: encodeState("third") });
    await h.client.calls.actions.hangup(id, {});
    await h.advance();
    expect(h.last(id, "call.hangup").client_state).toBe(encodeState("third"));
  });

  it("a refused action does not change it", async () => {
    h = await startHarness();
    const id = await h.dial("+15550100001", { client_state: encodeState("kept") });
    await expect(h.client.calls.actions.speak(id, { payload: "Too early.", voice: "female", client_state: encodeState("lost") })).rejects.toMatchObject({
      status: 422,
    });
    await h.advance(4);
    expect(h.last(id, "call.answered").client_state).toBe(encodeState("kept"));
  });
});

describe("SMS", () => {
  it("POST /v2/messages answers Telnyx's message shape and the control API lists it", async () => {
    h = await startHarness();
    const sent = await h.client.messages.send({ from: FROM, to: "+15550100001", text: "Your payment link: https://pay.example/abc" });
    expect(sent.data).toMatchObject({
      id: expect.any(String),
      record_type: "message",
      direction: "outbound",
      from: { phone_number: FROM },
      to: [{ phone_number: "+15550100001", status: "queued" }],
      text: "Your payment link: https://pay.example/abc",
    });
    const { body } = await h.control<{ messages: { id: string }[] }>("GET", "/control/messages");
    expect(body.messages.map((m) => m.id)).toEqual([sent.data!.id]);
  });
});

describe("command chaos", () => {
  it("commandFailure answers 500 and performs nothing, even across the SDK's retries", async () => {
    h = await startHarness({ clientOptions: { maxRetries: 1 } });
    const id = await h.dial("+15550100001");
    await h.advance(4);
    await h.control("PUT", "/control/chaos", { commandFailureRate: 1 });
    await expect(h.client.calls.actions.speak(id, { payload: "Hi.", voice: "female", command_id: "s" })).rejects.toBeInstanceOf(Telnyx.InternalServerError);
    await expect(h.client.calls.dial({ ...validDial, to: "+15550100002" })).rejects.toMatchObject({ status: 500 });
    await h.advance(5);
    expect(h.types(id)).not.toContain("call.speak.started");
    expect((await h.control<{ calls: unknown[] }>("GET", "/control/calls")).body.calls).toHaveLength(1);
    const failed = (await commands()).filter((c) => c.outcome === "chaos_failure");
    expect(failed.map((c) => c.kind)).toEqual(["speak", "speak", "dial", "dial"]);
  });

  it("after a 500, resending the same command_id performs it once; resending again is a duplicate", async () => {
    h = await startHarness({ clientOptions: { maxRetries: 0 } });
    const id = await h.dial("+15550100001");
    await h.advance(4);
    const speak = { payload: "Hi.", voice: "female", command_id: "retry-me" };
    await h.control("PUT", "/control/chaos", { commandFailureRate: 1 });
    await expect(h.client.calls.actions.speak(id, speak)).rejects.toMatchObject({ status: 500 });
    await h.control("PUT", "/control/chaos", { commandFailureRate: 0 });
    await h.client.calls.actions.speak(id, speak);
    await h.client.calls.actions.speak(id, speak);
    await h.advance(5);
    expect(h.types(id).filter((t) => t === "call.speak.started")).toHaveLength(1);
    expect((await commands()).filter((c) => c.kind === "speak").map((c) => c.outcome)).toEqual(["chaos_failure", "performed", "duplicate"]);
  });

  it("commandTimeout performs the command, answers late; the SDK times out, retries, and the retry is a duplicate", async () => {
    h = await startHarness({ clientOptions: { timeout: 100, maxRetries: 2 } });
    const id = await h.dial("+15550100001");
    await h.advance(4);
    await h.control("PUT", "/control/chaos", { commandTimeoutRate: 1, commandTimeoutMs: 30_000 });
    await expect(h.client.calls.actions.speak(id, { payload: "Hi.", voice: "female", command_id: "late" })).resolves.toEqual({ data: { result: "ok" } });
    const dialled = await h.client.calls.dial({ ...validDial, to: "+15550100002", command_id: "late-dial" });
    await h.advance(5);
    expect(h.types(id).filter((t) => t === "call.speak.started")).toHaveLength(1);
    expect(h.types(dialled.data!.call_control_id).filter((t) => t === "call.initiated")).toHaveLength(1);
    const log = (await commands()).filter((c) => c.commandId === "late" || c.commandId === "late-dial");
    expect(log.map((c) => [c.kind, c.outcome, c.chaos])).toEqual([
      ["speak", "performed", "timeout"],
      ["speak", "duplicate", null],
      ["dial", "performed", "timeout"],
      ["dial", "duplicate", null],
    ]);
  });
});
