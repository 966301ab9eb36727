// The call as it stands, derived from the stored inbox: folded once per change (a pass
// reads the record many times), folded again as soon as an event is added.
import { describe, expect, it } from "vitest";
import { CallFold, type StoredCall } from "../../../../objects/call/call-fold";
import type { CarrierEvent } from "../../../../objects/call/carrier-event";
import { event, hangup, spec, T0 } from "./events";

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
});
