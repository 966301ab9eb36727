// The organisation's own menu option that sends the caller to a queue: said in the menu
// with its label, keyed, the caller put in that queue's line with why they call led by
// what they pressed ("Pressed 2: Dispute a charge"), after which the queue has the call and
// the IVR says nothing more; a queue closed now, or with a full line, is said so and the
// menu offered again. The queue's own wait reads only the keys pressed after the join.
import { describe, expect, it } from "vitest";
import { LOCAL_EVENTS } from "../../../../../../objects/call/carrier-event";
import type { IvrQueueChoice } from "../../../../../../objects/call/call-spec";
import { foldQueueWait, queueReasonsOf } from "../../../../../../objects/call/features/queue/queue-wait";
import { queueEvent } from "../../../../../../objects/call/features/queue/queue-events";
import { IVR_PHRASES } from "../../../../../../objects/call/features/ivr/phrases";
import { ALWAYS_OPEN } from "../../../../../../domain/inbound-queues";
import { foldCall } from "../../../../../../objects/call/machine";
import { answeredIvrCall, ivrSpec } from "./ivr-call";

const DISPUTES = "44444444-4444-4444-8444-444444444444";
const disputes = (hours = ALWAYS_OPEN): IvrQueueChoice => ({
  key: "2",
  label: "Dispute a charge",
  queue: {
    queueId: DISPUTES,
    holdMessage: "Disputes thanks you for holding.",
    requiredSkills: { disputes: 1 },
    routing: { members: [], skillRelaxSeconds: 60, maxWaiting: 10, maxWaitSeconds: 300 },
    caller: { holdMessage: "Disputes thanks you for holding.", overflowMessage: "Disputes is busy.", callback: null },
    hours: { hours, timeZone: "UTC", closedCaller: { holdMessage: "", overflowMessage: "Closed." } },
  },
  needs: { disputes: 1, "language:en": 1 },
  priority: 5,
});
/** Balance off, so 2 is the organisation's own option. */
const withDisputes = (choice = disputes()) => ivrSpec({ menuOptions: ["pay", "agent"], queueOptions: [choice], callerReasons: [{ kind: "returning_call", text: "Returning a call today" }] });

describe("an IVR option that sends the caller to a queue", () => {
  it("is said in the menu in key order with its label; keyed, the caller joins its line with why they call led by what they pressed, and the IVR goes quiet", async () => {
    const call = await answeredIvrCall(withDisputes());
    expect(call.lastPrompt).toContain("To make a payment, press 1. Dispute a charge, press 2. To speak with an agent, press 3.");
    call.ports.queueArrivals.push({ position: 1, expectedWaitSeconds: null });
    await call.press("2");
    expect(call.ports.arrivalsAsked).toMatchObject([
      {
        queueId: DISPUTES,
        arrival: { callId: call.spec.id, priority: 5, needs: { disputes: 1, "language:en": 1 }, reasons: [{ kind: "ivr_choice", text: "Pressed 2: Dispute a charge" }, { kind: "returning_call", text: "Returning a call today" }] },
      },
    ]);
    expect(call.step).toEqual({ kind: "in_queue", queueId: DISPUTES });
    const prompts = call.commands.filter((c) => c.action === "gather_using_speak").length;
    // The queue's wait from the join: its settings, why they call, and the menu's 2 not read as a callback key.
    const wait = foldQueueWait(call.spec, call.events)!;
    expect(wait.queue).toMatchObject({ queueId: DISPUTES, holdMessage: "Disputes thanks you for holding.", joined: { position: 1 } });
    expect(wait.callback.asked).toBe(false);
    expect(queueReasonsOf(call.spec, call.events)?.[0]).toEqual({ kind: "ivr_choice", text: "Pressed 2: Dispute a charge" });
    expect(call.rows.map((r) => (r.row as { row: { action: string; detail: unknown } }).row)).toContainEqual(expect.objectContaining({ action: "ivr.menu_choice", detail: { choice: "queue", key: "2", label: "Dispute a charge", queueId: DISPUTES } }));
    // Keys pressed in line belong to the wait: the IVR asks nothing more.
    await call.press("1");
    expect(call.commands.filter((c) => c.action === "gather_using_speak")).toHaveLength(prompts);
    expect(call.step.kind).toBe("in_queue");
  });

  it("a queue closed now, or whose line is full, is said so and the menu offered again; a later try joins", async () => {
    const closed = await answeredIvrCall(withDisputes(disputes({ timeZone: null, weekly: {}, holidays: [] })));
    await closed.press("2");
    expect(closed.ports.arrivalsAsked).toEqual([]);
    expect(closed.lastPrompt).toMatch(new RegExp(`^${IVR_PHRASES.en.queueUnavailable.closed} To make a payment`));
    expect(closed.events.some((e) => e.type === LOCAL_EVENTS.queue)).toBe(true);

    const full = await answeredIvrCall(withDisputes());
    full.ports.queueArrivals.push(null, { position: 3, expectedWaitSeconds: 120 });
    await full.press("2");
    expect(full.lastPrompt).toMatch(new RegExp(`^${IVR_PHRASES.en.queueUnavailable.full} To make a payment`));
    await full.press("2");
    expect(full.step).toEqual({ kind: "in_queue", queueId: DISPUTES });
    expect(foldQueueWait(full.spec, full.events)!.standing).toEqual({ position: 3, expectedWaitSeconds: 120 });
  });

  it("a caller whose wait overflows back to the IVR hears the menu again", async () => {
    const call = await answeredIvrCall(withDisputes());
    call.ports.queueArrivals.push({ position: 1, expectedWaitSeconds: null });
    await call.press("2");
    await call.add(queueEvent("overflowed", call.clock.nowMs + 1, { kind: "overflowed", to: "ivr" }));
    await call.add(queueEvent("ivr-handover", call.clock.nowMs + 2, { kind: "ivr_handover" }));
    expect(call.step.kind).toBe("menu");
    expect(call.lastPrompt).toMatch(/^To make a payment, press 1\. Dispute a charge, press 2\./);
  });

  it("the call's timeline says the menu's keys as the IVR's, a key pressed in line as the queue's callback offer, and the menu's again once the wait overflows back to it", async () => {
    const call = await answeredIvrCall(withDisputes(disputes()));
    call.ports.queueArrivals.push({ position: 1, expectedWaitSeconds: null });
    await call.press("2");
    await call.press("1");
    await call.add(queueEvent("callback-booked", call.clock.nowMs + 1, { kind: "callback_booked" }));
    const inLine = foldCall(call.spec, call.events).timeline.map((t) => t.text);
    expect(inLine.filter((text) => /^(IVR|Queue): caller pressed/.test(text))).toEqual(["IVR: caller pressed 2", "Queue: caller pressed 1 for a callback; they keep their place"]);
    await call.add(queueEvent("overflowed", call.clock.nowMs + 2, { kind: "overflowed", to: "ivr" }));
    await call.add(queueEvent("ivr-handover", call.clock.nowMs + 3, { kind: "ivr_handover" }));
    await call.press("3");
    expect(foldCall(call.spec, call.events).timeline.map((t) => t.text).filter((text) => text.startsWith("IVR: caller pressed"))).toEqual(["IVR: caller pressed 2", "IVR: caller pressed 3"]);
  });
});
