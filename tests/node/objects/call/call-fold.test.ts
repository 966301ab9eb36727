// The call as it stands, derived from the stored inbox: folded once per change (a pass
// reads the record many times), folded again as soon as an event is added.
import { describe, expect, it } from "vitest";
import { CallFold, type StoredCall } from "../../../../objects/call/call-fold";
import type { CarrierEvent } from "../../../../objects/call/carrier-event";
import { foldCall, type CallRecord } from "../../../../objects/call/machine";
import { intelligenceAlert, supervisionRequested, supervisorDialAccepted, translationsDelivered } from "../../../../objects/call/local-events";
import { amd, event, hangup, said, spec, T0 } from "./events";

/** An inbox that, like CallStorage, hands out the same array until an event is added. */
function inbox(initial: CarrierEvent[]): StoredCall & { add(event: CarrierEvent): void } {
  let events: readonly CarrierEvent[] = initial;
  return {
    events: () => events,
    add: (added) => void (events = [...events, added]),
    taskLookup: { state: (name) => (name === "dial-customer" ? "done" : null), lastDoneAtMs: () => null },
  };
}

describe("the folded call", () => {
  it("keeps one record while the inbox is unchanged, and folds again once an event arrives", () => {
    const stored = inbox([event("call.initiated", 0), event("call.answered", 5)]);
    const fold = new CallFold(stored);
    const callSpec = spec();
    const answered = fold.record(callSpec);
    expect(answered.status).toBe("answered");
    expect(fold.record(callSpec)).toBe(answered);
    stored.add(hangup(30, "normal_clearing"));
    expect(fold.record(callSpec).status).toBe("completed");
  });

  it("gives features the record, the inbox, the time and the task states together", () => {
    const stored = inbox([event("call.initiated", 0)]);
    const situation = new CallFold(stored).situation(spec(), T0 + 1000);
    expect(situation.events).toBe(stored.events());
    expect(situation.nowMs).toBe(T0 + 1000);
    expect(situation.tasks.state("dial-customer")).toBe("done");
    expect(situation.record.status).toBe("ringing");
  });

  it("folding only the new events gives what folding the whole inbox gives, and never changes the record it started from", () => {
    const callSpec = spec({ ai: undefined });
    const stored = inbox([]);
    const fold = new CallFold(stored);
    const supervisor = { userId: "33333333-3333-4333-8333-333333333333", name: "Sam Supervisor", address: "sip:sam@example.test" };
    const translated = { segmentId: "seg", from: "es", to: "en", text: "Hello?", model: "sim", latencyMs: 300, error: null, atMs: T0 + 9_000 };
    const call: CarrierEvent[] = [
      event("call.initiated", 0),
      event("call.answered", 4),
      amd(6, "human"),
      event("call.bridged", 7, "agent"),
      said(8, "¿Bueno?"),
      supervisionRequested(T0 + 8_500, { requestId: "r1", sessionId: "s1", supervisor, mode: "monitor", visibleToAgent: false }),
      supervisorDialAccepted(T0 + 8_600, "s1", "v3:supervisor"),
      said(9, "Hola, le llamo por su cuenta", "outbound"),
      translationsDelivered(T0 + 9_500, [translated]),
      intelligenceAlert(T0 + 10_000, { rule: "cease_contact", key: "cease_contact", segmentId: "seg", message: "Stop calling" }),
      // Late and tied: a line the carrier dated before the last event, one at the same
      // millisecond that sorts first by type; each folds the inbox again.
      said(5, "¿Quién habla?"),
      event("call.answered", 10, "agent"),
      said(10, "Ya pagué"),
      hangup(12, "normal_clearing", "agent"),
      hangup(12, "normal_clearing"),
    ];
    let previous: { record: CallRecord; copy: CallRecord } | null = null;
    for (const added of call) {
      stored.add(added);
      const record = fold.record(callSpec);
      expect(record).toEqual(foldCall(callSpec, stored.events()));
      if (previous) expect(previous.record).toEqual(previous.copy);
      previous = { record, copy: structuredClone(record) };
    }
    expect(previous?.record.status).toBe("completed");
    expect(previous?.record.transcript.map((line) => line.text)).toEqual(["¿Quién habla?", "¿Bueno?", "Hola, le llamo por su cuenta", "Ya pagué"]);
  });
});
