// The recording disclosure on calls that say other things too (dialer calls, the IVR):
// played first, its end told apart from every other speech by the client_state its speak
// set, recording only after it, and nothing else said to the customer until it has ended.
import { describe, expect, it } from "vitest";
import { decodeClientState, encodeClientState } from "../../../../../objects/call/client-state";
import { LOCAL_EVENTS, telnyxWebhookSchema, toCarrierEvent, type CarrierEvent } from "../../../../../objects/call/carrier-event";
import { isVoicemailLeft } from "../../../../../objects/call/call-view";
import { desiredCallTasks } from "../../../../../objects/call/features/registry";
import { foldCall } from "../../../../../objects/call/machine";
import { amd, event, spec, T0 } from "../events";
import { situationOf } from "../fake-ports";
import { ivrSpec } from "./ivr/ivr-call";

const DISCLOSURE = "This call is recorded by Acme Collections.";
const dialerSpec = spec({
  kind: "dialer",
  to: "+14155550123",
  accountId: "33333333-3333-4333-8333-333333333333",
  recordingDisclosure: DISCLOSURE,
  dialer: { campaignId: "44444444-4444-4444-8444-444444444444", eligibleAgentUserIds: ["a1"], voicemailScript: "Please call us.", safeHarborMessage: "This is Acme; we will call back.", debtIds: [] },
});
const local = (type: string, atSecond: number, payload: Record<string, unknown> = {}) => event(type, atSecond, "customer", { id: `${type}:${atSecond}`, payload });
const disclosurePlayed = (atSecond: number) => event(LOCAL_EVENTS.recordingDisclosurePlayed, atSecond);
const wanted = (callSpec: typeof dialerSpec, events: CarrierEvent[], atSecond = 20) => desiredCallTasks(situationOf(callSpec, events, T0 + atSecond * 1000));
const names = (callSpec: typeof dialerSpec, events: CarrierEvent[], atSecond = 20) => wanted(callSpec, events, atSecond).map((task) => task.name);

describe("the carrier's speak.ended", () => {
  const webhook = (clientState: string) =>
    telnyxWebhookSchema.parse({
      data: { record_type: "event", event_type: "call.speak.ended", id: "ev-1", occurred_at: new Date(T0).toISOString(), payload: { call_control_id: "v3:c", client_state: clientState, status: "completed" } },
    });
  const address = { organizationId: dialerSpec.organizationId, callId: dialerSpec.id, leg: "customer" as const };

  it("is the disclosure's own event when the leg's client_state carries the disclosure's tag, and ordinary speech otherwise", () => {
    const tagged = encodeClientState({ ...address, speech: "recording_disclosure" }, { customer: "Linh" });
    const read = decodeClientState(tagged)!;
    expect(read).toEqual({ ...address, speech: "recording_disclosure" });
    expect(toCarrierEvent(webhook(tagged), read.leg, read.speech ?? null).type).toBe(LOCAL_EVENTS.recordingDisclosurePlayed);
    const plain = decodeClientState(encodeClientState(address))!;
    expect(toCarrierEvent(webhook(encodeClientState(address)), plain.leg, plain.speech ?? null).type).toBe("call.speak.ended");
  });
});

describe("a dialer call to a callee owed the disclosure", () => {
  const answeredHuman = [event("call.initiated", 0), event("call.answered", 6), amd(8, "human")];

  it("speaks the disclosure (tagged) at the answer and starts recording only once it has played", () => {
    const tasks = wanted(dialerSpec, answeredHuman);
    expect(tasks).toContainEqual(expect.objectContaining({ name: "speak-disclosure", action: "speak", text: DISCLOSURE, speech: "recording_disclosure" }));
    expect(names(dialerSpec, answeredHuman)).not.toContain("record_start-customer");
    const played = [...answeredHuman, disclosurePlayed(10)];
    expect(names(dialerSpec, played)).toContain("record_start-customer");
    const record = foldCall(dialerSpec, played);
    expect(record).toMatchObject({ disclosurePlayed: true, speechFinished: false });
    expect(record.timeline.map((entry) => entry.text)).toContain("Recording disclosure played");
  });

  it("holds the safe-harbor message until the disclosure has ended, and hangs up only after the safe harbor itself has played", () => {
    const abandoned = [...answeredHuman, local(LOCAL_EVENTS.agentUnavailable, 9)];
    expect(names(dialerSpec, abandoned)).not.toContain("speak-safe-harbor");
    const played = [...abandoned, disclosurePlayed(10)];
    expect(names(dialerSpec, played)).toContain("speak-safe-harbor");
    expect(names(dialerSpec, played)).not.toContain("hangup-customer");
    expect(names(dialerSpec, [...played, event("call.speak.ended", 13)])).toContain("hangup-customer");
  });

  it("leaves the voicemail only after the disclosure, and the disclosure's end is no voicemail left", () => {
    const beep = [event("call.initiated", 0), event("call.answered", 5), amd(7, "machine"), event("call.machine.premium.greeting.ended", 8)];
    expect(names(dialerSpec, beep)).not.toContain("speak-voicemail");
    const played = [...beep, disclosurePlayed(9)];
    expect(names(dialerSpec, played)).toContain("speak-voicemail");
    expect(isVoicemailLeft(foldCall(dialerSpec, played))).toBe(false);
    expect(names(dialerSpec, played)).not.toContain("hangup-customer");
  });

  it("a Texas callee (no disclosure) is recorded from the answer and hears the safe harbor at once", () => {
    const texan = { ...dialerSpec, to: "+12145550123", recordingDisclosure: null };
    const abandoned = [...answeredHuman, local(LOCAL_EVENTS.agentUnavailable, 9)];
    expect(names(texan, abandoned)).toEqual(expect.arrayContaining(["record_start-customer", "speak-safe-harbor"]));
    expect(names(texan, abandoned)).not.toContain("speak-disclosure");
  });
});

describe("an IVR caller owed the disclosure", () => {
  const callSpec = ivrSpec({}, { from: "+12135550199", recordingDisclosure: DISCLOSURE });
  const answered = [event("call.initiated", 0), event("call.answered", 1)];

  it("hears the disclosure before the IVR's greeting and menu, and is recorded only after it", () => {
    const before = wanted(callSpec, answered);
    expect(before.map((task) => task.name)).toContain("speak-disclosure");
    expect(before.map((task) => task.name)).not.toContain("record_start-customer");
    expect(before.some((task) => task.action === "ivr_command")).toBe(false);
    const after = wanted(callSpec, [...answered, disclosurePlayed(4)]);
    expect(after.map((task) => task.name)).toEqual(expect.arrayContaining(["record_start-customer", "ivr-prompt-1"]));
  });
});
