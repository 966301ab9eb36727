import { describe, expect, it } from "vitest";
import { desiredCommands, HANGUP_CONFIRM_MS, hangupUnconfirmed, nextWatchdogAtMs, RING_GRACE_MS } from "../../../../objects/call/features/carrier-commands/desired-commands";
import { foldCall, LOCAL_EVENTS } from "../../../../objects/call/machine";
import { amd, event, hangup, spec, T0 } from "./events";

const names = (s: ReturnType<typeof spec>, events: Parameters<typeof foldCall>[1], nowMs = T0 + 1000) =>
  desiredCommands(s, foldCall(s, events), nowMs).map((c) => c.name);

const bridgeSpec = spec({ kind: "bridge", agentAddress: "sip:agent-1@agents.local", agentUserId: "u1" });

describe("commands a call wants", () => {
  it("a direct call dials the customer with answering-machine detection and the ring timeout", () => {
    const [dial] = desiredCommands(spec(), foldCall(spec(), []), T0);
    expect(dial).toMatchObject({ name: "dial-customer", action: "dial", to: "+15550100001", amd: "premium", timeoutSecs: 22 });
  });

  it("the customer's dial asks the carrier to transcribe from the answer, so no transcription_start follows it", () => {
    const [dial] = desiredCommands(spec(), foldCall(spec(), []), T0);
    expect(dial).toMatchObject({ name: "dial-customer", transcribe: true });
    const wanted = names(spec(), [event(LOCAL_EVENTS.transcribedFromAnswer, 0), event("call.initiated", 0), event("call.answered", 5)]);
    expect(wanted).toContain("record_start-customer");
    expect(wanted).not.toContain("transcription_start-customer");
  });

  it("a call whose dial did not transcribe from the answer (dialled by an older build) starts transcription once answered", () => {
    expect(names(spec(), [event("call.initiated", 0), event("call.answered", 5)])).toEqual(
      expect.arrayContaining(["record_start-customer", "transcription_start-customer"]),
    );
  });

  it("an untranscribed call's dial asks for no transcription, and the agent's dial never does", () => {
    const quiet = spec({ transcribe: false });
    expect(desiredCommands(quiet, foldCall(quiet, []), T0)[0]).not.toHaveProperty("transcribe");
    expect(names(quiet, [event("call.initiated", 0), event("call.answered", 5)])).not.toContain("transcription_start-customer");
    expect(desiredCommands(bridgeSpec, foldCall(bridgeSpec, []), T0)[0]).not.toHaveProperty("transcribe");
  });

  it("an inbound caller is answered with transcription from the answer", () => {
    const inbound = spec({ kind: "inbound", direction: "inbound", inbound: { action: "message", message: "We are closed.", customerCallControlId: "v3:customer" } });
    const answer = desiredCommands(inbound, foldCall(inbound, [event("call.initiated", 0)]), T0 + 1000).find((c) => c.action === "answer");
    expect(answer).toMatchObject({ name: "answer-customer", transcribe: true });
  });

  it("a bridge call rings the agent first without AMD, the customer only after the agent answers, then bridges a human", () => {
    const first = desiredCommands(bridgeSpec, foldCall(bridgeSpec, []), T0);
    expect(first).toEqual([expect.objectContaining({ name: "dial-agent", amd: "disabled" })]);
    const agentUp = [event("call.initiated", 0, "agent"), event("call.answered", 1, "agent")];
    expect(names(bridgeSpec, agentUp)).toEqual(["dial-agent", "dial-customer"]);
    const human = [...agentUp, event("call.initiated", 2), event("call.answered", 8), amd(10, "human")];
    expect(names(bridgeSpec, human)).toContain("bridge");
  });

  it("a bridge call waits for the answering-machine verdict before bridging", () => {
    const answered = [event("call.initiated", 0, "agent"), event("call.answered", 1, "agent"), event("call.initiated", 2), event("call.answered", 8)];
    expect(names(bridgeSpec, answered)).not.toContain("bridge");
    expect(names(bridgeSpec, [...answered, amd(10, "not_sure")])).toContain("bridge");
  });

  it("a machine on a bridge call is never bridged: both legs are hung up", () => {
    const machine = [event("call.initiated", 0, "agent"), event("call.answered", 1, "agent"), event("call.initiated", 2), event("call.answered", 8), amd(10, "machine")];
    const wanted = names(bridgeSpec, machine);
    expect(wanted).not.toContain("bridge");
    expect(wanted).toEqual(expect.arrayContaining(["hangup-customer", "hangup-agent"]));
  });

  it("when the customer hangs up, the agent's leg is hung up too", () => {
    const events = [event("call.initiated", 0, "agent"), event("call.answered", 1, "agent"), event("call.initiated", 2), event("call.answered", 8), event("call.bridged", 9), hangup(30, "normal_clearing")];
    expect(names(bridgeSpec, events)).toContain("hangup-agent");
  });

  it("a hang-up request hangs up every live leg and nothing else starts", () => {
    const events = [event("call.initiated", 0), event(LOCAL_EVENTS.hangupRequested, 2)];
    expect(names(spec(), events)).toEqual(["dial-customer", "hangup-customer"]);
  });

  it("the ring watchdog hangs up a call the carrier let ring past the timeout", () => {
    const s = spec();
    const record = foldCall(s, [event("call.initiated", 0)]);
    const due = nextWatchdogAtMs(s, record, null)!;
    expect(due).toBe(T0 + 22_000 + RING_GRACE_MS + 1);
    expect(desiredCommands(s, record, due - 2).map((c) => c.name)).not.toContain("hangup-customer");
    expect(desiredCommands(s, record, due).map((c) => c.name)).toContain("hangup-customer");
  });

  it("a hang-up the carrier never confirms is closed by the watchdog", () => {
    const record = foldCall(spec(), [event("call.initiated", 0), event("call.answered", 3)]);
    expect(hangupUnconfirmed(record, T0 + 10_000, T0 + 10_000 + HANGUP_CONFIRM_MS - 1)).toBe(false);
    expect(hangupUnconfirmed(record, T0 + 10_000, T0 + 10_000 + HANGUP_CONFIRM_MS)).toBe(true);
  });

  it("an inbound call to a message number is answered, hears the message, and is hung up", () => {
    const inbound = spec({ kind: "inbound", direction: "inbound", inbound: { action: "message", message: "We are closed", customerCallControlId: "v3:customer" } });
    expect(names(inbound, [event("call.initiated", 0)])).toEqual(["answer-customer"]);
    const answered = [event("call.initiated", 0), event("call.answered", 1)];
    expect(names(inbound, answered)).toContain("speak-message");
    expect(names(inbound, [...answered, event("call.speak.ended", 4)])).toContain("hangup-customer");
  });
});
