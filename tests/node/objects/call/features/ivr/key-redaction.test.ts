// Keys pressed in the amount step (and while a payment is under way) are masked before
// the call keeps them: the typed digits, the carrier payload the record row copies, and
// each key's own event; the amount the IVR read rides along. Menu keys are kept. Words
// said while the recording is paused (a payment step, or the agent's pause) are masked
// the same way: a card number read out loud leaves no trace in the transcript either.
import { describe, expect, it } from "vitest";
import { foldCall } from "../../../../../../objects/call/machine";
import { newEventRows, toCallView } from "../../../../../../objects/call/call-view";
import { answeredIvrCall } from "./ivr-call";
import { aiSpec } from "../ai-agent/ai-call";
import { event, hangup, spec, T0 } from "../../events";
import { situationOf } from "../../fake-ports";
import { recordingControls } from "../../../../../../objects/call/features/recording-controls";
import { redactSensitiveInput } from "../../../../../../objects/call/features/ivr/key-redaction";
import { recordingControlRequested } from "../../../../../../objects/call/local-events";
import type { CarrierEvent } from "../../../../../../objects/call/carrier-event";

const KEYED = "44718";

describe("keys in the payment step", () => {
  it("are masked in the stored event and its record row, and the amount is read before they go", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    await call.press("2");
    const keyEvents = KEYED.split("").map((digit, i) => event("call.dtmf.received", 40 + i, "customer", { payload: { digit } }));
    for (const key of keyEvents) call.events.push(redactSensitiveInput(call.spec, call.events, key));
    await call.press(`${KEYED}#`);
    expect(call.paymentRequests.map((r) => r.amountCents)).toEqual([44_718]);
    const stored = JSON.stringify(call.events);
    const rows = JSON.stringify(call.events.flatMap((e) => newEventRows(call.spec, e, null)));
    const view = JSON.stringify(toCallView(call.spec, foldCall(call.spec, call.events)));
    for (const text of [stored, rows, view]) {
      expect(text).not.toContain(`"${KEYED}"`);
      expect(text).not.toContain(`${KEYED}#`);
      expect(text).not.toMatch(/"digit":"\d"/);
    }
    const gather = call.events.filter((e) => e.type === "call.gather.ended").at(-1)!;
    expect(gather).toMatchObject({ digits: "•", payload: { digits: "•" }, ivrAmount: { kind: "amount", amountCents: 44_718 } });
    // The timeline says what was keyed and asked for, in dollars, never the keys.
    const timeline = toCallView(call.spec, foldCall(call.spec, call.events)).timeline.map((t) => t.text);
    expect(timeline).toEqual(expect.arrayContaining(["IVR: caller pressed 1", "IVR: caller pressed 2", "IVR: caller keyed an amount (•), $447.18", "Payment link requested: $447.18 (by the caller in the IVR)"]));
  });

  it("a refused amount shows on the timeline with its reason, never its keys", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    await call.press("2");
    await call.press("99999999#");
    const timeline = toCallView(call.spec, foldCall(call.spec, call.events)).timeline.map((t) => t.text);
    expect(timeline).toContain("IVR: amount refused (above balance)");
    expect(JSON.stringify(timeline)).not.toContain("99999999");
  });

  it("keys pressed while holding for the payment are masked too (a caller keying a card number by mistake)", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    await call.press("1");
    await call.press("4242424242424242#");
    await call.receive("call.dtmf.received", { payload: { digit: "4" } });
    expect(JSON.stringify(call.events)).not.toContain("4242424242424242");
    expect(call.events.at(-1)).toMatchObject({ type: "call.dtmf.received", payload: { digit: "•" } });
  });

  it("menu keys are kept as keyed", async () => {
    const call = await answeredIvrCall();
    await call.press("2");
    expect(call.events.at(-1)).toMatchObject({ type: "call.gather.ended", digits: "2" });
  });
});

describe("words said while the recording is paused", () => {
  const CARD = "4242 4242 4242 4242";
  const line = (text: string, isFinal = true) => ({
    transcript: isFinal ? { text, track: "inbound" as const, confidence: 0.9 } : null,
    payload: { transcription_data: { transcript: text, transcription_track: "inbound", is_final: isFinal, confidence: 0.9 } },
  });
  const keptAnywhere = (call: { spec: Parameters<typeof newEventRows>[0]; events: CarrierEvent[] }) => [
    JSON.stringify(call.events),
    JSON.stringify(call.events.flatMap((e) => newEventRows(call.spec, e, null))),
    JSON.stringify(toCallView(call.spec, foldCall(call.spec, call.events))),
  ];

  it("a line said in the payment step is kept as •: in the stored event, its record row and the view", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    await call.press("2");
    await call.receive("call.transcription", line(`my card number is ${CARD}`));
    // Said while the link is out too, and as a partial line (no final text, its words in the payload only).
    await call.press("15000#");
    await call.receive("call.transcription", line(`it is ${CARD}`, false));
    for (const text of keptAnywhere(call)) expect(text).not.toContain(CARD);
    const lines = call.events.filter((e) => e.type === "call.transcription");
    expect(lines[0]).toMatchObject({ transcript: { text: "•", track: "inbound" }, payload: { transcription_data: { transcript: "•" } } });
    expect(lines[1]).toMatchObject({ transcript: null, payload: { transcription_data: { transcript: "•" } } });
    expect(foldCall(call.spec, call.events).transcript.map((t) => t.text)).toEqual(["•"]);
  });

  it("a line said at the menu, and one once the payment is over, are kept as said", async () => {
    const call = await answeredIvrCall();
    await call.receive("call.transcription", line("I want to pay"));
    await call.press("1");
    await call.press("2");
    await call.press("1000#");
    await call.paid("ivr-pay-1", 1000, 83_216);
    await call.receive("call.transcription", line("thank you"));
    expect(foldCall(call.spec, call.events).transcript.map((t) => t.text)).toEqual(["I want to pay", "thank you"]);
  });

  it("a line said while the agent has the recording paused is kept as •; after the resume, lines are kept", () => {
    const live = spec();
    const events: CarrierEvent[] = [event("call.initiated", 0), event("call.answered", 1)];
    const arrive = (incoming: CarrierEvent) => events.push(redactSensitiveInput(live, events, incoming));
    const request = (atSecond: number, action: "pause" | "resume", requestId: string) =>
      recordingControlRequested(T0 + atSecond * 1000, action, { requestId, reason: "card details", byUserId: "agent-1" });
    arrive(event("call.transcription", 2, "customer", line("hello")));
    events.push(request(3, "pause", "r1"));
    arrive(event("call.transcription", 4, "customer", line(`the number is ${CARD}`)));
    arrive(event("call.transcription", 5, "customer", { transcript: { text: `so that is ${CARD}`, track: "outbound", confidence: 0.9 }, payload: { transcription_data: { transcript: `so that is ${CARD}` } } }));
    events.push(request(6, "resume", "r2"));
    arrive(event("call.transcription", 7, "customer", line("thanks")));
    const record = foldCall(live, events);
    expect(record.transcript.map((t) => t.text)).toEqual(["hello", "•", "•", "thanks"]);
    expect(JSON.stringify(events)).not.toContain(CARD);
  });

  it("on an AI call, the person's pause masks the lines until the call resumes it as they hand back; the AI then hears them as said", () => {
    const aiCall = aiSpec();
    const events: CarrierEvent[] = [event("call.initiated", 0), event("call.answered", 1), event("call.initiated", 2, "agent"), event("call.answered", 3, "agent"), event("call.bridged", 3, "agent")];
    const arrive = (incoming: CarrierEvent) => events.push(redactSensitiveInput(aiCall, events, incoming));
    events.push(recordingControlRequested(T0 + 4000, "pause", { requestId: "r1", reason: "card details", byUserId: "agent-1" }));
    arrive(event("call.transcription", 5, "customer", line(`it is ${CARD}`)));
    events.push(hangup(6, "normal_clearing", "agent"));
    // The resume the call raises once the person has left (recording-controls dueEvents).
    const [resumed] = recordingControls.dueEvents!(situationOf(aiCall, events, T0 + 7000));
    events.push(resumed!);
    arrive(event("call.transcription", 8, "customer", line("I want to pay")));
    expect(foldCall(aiCall, events).transcript.map((t) => t.text)).toEqual(["•", "I want to pay"]);
  });
});
