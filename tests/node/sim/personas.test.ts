// Each demo number's persona, dialled through the real SDK: the events it sends, when,
// and how the call ends. Time is the simulator's manual clock.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { secondsBetween, startHarness, type Harness } from "./harness";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

describe("personas", () => {
  it("a live human rings 4 s, answers, talks and hangs up 60 s later (callee, normal_clearing)", async () => {
    const id = await h.dial("+15550100001");
    expect(h.types(id)).toEqual(["call.initiated"]);
    expect(h.last(id, "call.initiated")).toMatchObject({ direction: "outgoing", state: "bridging", to: "+15550100001", from: "+15550001000" });
    await h.advance(3.9);
    expect(h.types(id)).toEqual(["call.initiated"]);
    await h.advance(0.1);
    expect(h.types(id)).toEqual(["call.initiated", "call.answered"]);
    expect(h.last(id, "call.answered")).toMatchObject({ state: "answered" });
    await h.advance(60);
    expect(h.types(id)).toEqual(["call.initiated", "call.answered", "call.hangup"]);
    expect(h.last(id, "call.hangup")).toMatchObject({ hangup_cause: "normal_clearing", hangup_source: "callee", state: "hangup" });
    const [, answered, hangup] = h.events(id);
    expect(secondsBetween(answered!, hangup!)).toBe(60);
  });

  it("when we hang up first the hangup's source is the caller, and the persona's own hangup never comes", async () => {
    const id = await h.dial("+15550100002");
    await h.advance(10);
    await h.client.calls.actions.hangup(id, {});
    await h.advance(120);
    expect(h.types(id)).toEqual(["call.initiated", "call.answered", "call.hangup"]);
    expect(h.last(id, "call.hangup")).toMatchObject({ hangup_cause: "normal_clearing", hangup_source: "caller" });
  });

  it("hanging up a dial that is still ringing cancels it (originator_cancel)", async () => {
    const id = await h.dial("+15550100003");
    await h.advance(2);
    await h.client.calls.actions.hangup(id, {});
    await h.advance(10);
    expect(h.types(id)).toEqual(["call.initiated", "call.hangup"]);
    expect(h.last(id, "call.hangup")).toMatchObject({ hangup_cause: "originator_cancel", hangup_source: "caller" });
  });

  it("any number outside the plan is the default live human", async () => {
    const id = await h.dial("+442071234567");
    await h.advance(4);
    expect(h.types(id)).toEqual(["call.initiated", "call.answered"]);
  });

  it("a no-answer number rings until timeout_secs and is never answered", async () => {
    const id = await h.dial("+15550300001", { timeout_secs: 20 });
    await h.advance(19.9);
    expect(h.types(id)).toEqual(["call.initiated"]);
    await h.advance(0.1);
    expect(h.types(id)).toEqual(["call.initiated", "call.hangup"]);
    expect(h.last(id, "call.hangup")).toMatchObject({ hangup_cause: "timeout" });
  });

  it("a live human who would answer after the ring timeout is a timeout instead", async () => {
    await h.control("PUT", "/control/numbers/+15551110000", { persona: { base: "live-human-en", answerAfterSeconds: 40 } });
    const id = await h.dial("+15551110000", { timeout_secs: 30 });
    await h.advance(45);
    expect(h.types(id)).toEqual(["call.initiated", "call.hangup"]);
    expect(h.last(id, "call.hangup").hangup_cause).toBe("timeout");
  });

  it("a busy number fails with user_busy after 2 s; an invalid one with not_found after 1 s", async () => {
    const busy = await h.dial("+15550400001");
    const invalid = await h.dial("+15550500001");
    await h.advance(1);
    expect(h.types(invalid)).toEqual(["call.initiated", "call.hangup"]);
    expect(h.last(invalid, "call.hangup").hangup_cause).toBe("not_found");
    expect(h.types(busy)).toEqual(["call.initiated"]);
    await h.advance(1);
    expect(h.types(busy)).toEqual(["call.initiated", "call.hangup"]);
    expect(h.last(busy, "call.hangup")).toMatchObject({ hangup_cause: "user_busy", hangup_source: "callee" });
  });

  it("an answering machine answers, is detected, beeps, and hangs up 60 s after the beep", async () => {
    const id = await h.dial("+15550200001", { answering_machine_detection: "detect_beep" });
    await h.advance(5 + 8);
    expect(h.types(id)).toEqual(["call.initiated", "call.answered", "call.machine.detection.ended", "call.machine.greeting.ended"]);
    expect(h.last(id, "call.machine.detection.ended").result).toBe("machine");
    expect(h.last(id, "call.machine.greeting.ended").result).toBe("beep_detected");
    await h.advance(59.9);
    expect(h.types(id)).not.toContain("call.hangup");
    await h.advance(0.1);
    expect(h.last(id, "call.hangup")).toMatchObject({ hangup_cause: "normal_clearing", hangup_source: "callee" });
  });

  it("a fax is answered and reported as a machine by basic detection", async () => {
    const id = await h.dial("+15550600001", { answering_machine_detection: "detect" });
    await h.advance(6);
    expect(h.last(id, "call.machine.detection.ended").result).toBe("machine");
    await h.advance(40);
    expect(h.last(id, "call.hangup").hangup_cause).toBe("normal_clearing");
  });

  it("a not-sure line is reported not_sure, then behaves as a human (talks, hangs up itself)", async () => {
    const id = await h.dial("+15550700001", { answering_machine_detection: "detect" });
    await h.advance(5);
    await h.client.calls.actions.startTranscription(id, { transcription_tracks: "inbound" });
    await h.advance(4);
    expect(h.last(id, "call.machine.detection.ended").result).toBe("not_sure");
    expect(h.types(id)).toContain("call.transcription");
    await h.advance(60);
    expect(h.last(id, "call.hangup").hangup_source).toBe("callee");
  });

  it("an agent softphone (sip:agent-…) answers in 1 s, is never screened, and stays up until we hang up", async () => {
    const id = await h.dial("sip:agent-42@agents.wordisbond.local", { answering_machine_detection: "detect" });
    await h.advance(1);
    expect(h.types(id)).toEqual(["call.initiated", "call.answered"]);
    await h.advance(3600);
    expect(h.types(id)).toEqual(["call.initiated", "call.answered"]);
    await h.client.calls.actions.hangup(id, {});
    await h.advance();
    expect(h.last(id, "call.hangup").hangup_source).toBe("caller");
  });

  it("numbers in the agent range are agent softphones too", async () => {
    const id = await h.dial("+15550900007");
    await h.advance(1);
    expect(h.types(id)).toEqual(["call.initiated", "call.answered"]);
  });

  it("the speed factor compresses persona time", async () => {
    await h.control("PUT", "/control/speed", { factor: 10 });
    const id = await h.dial("+15550100001");
    await h.advance(0.4);
    expect(h.types(id)).toEqual(["call.initiated", "call.answered"]);
    await h.advance(6);
    expect(h.types(id)).toContain("call.hangup");
  });
});
