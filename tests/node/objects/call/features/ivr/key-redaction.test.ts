// Keys pressed in the amount step (and while a payment is under way) are masked before
// the call keeps them: the typed digits, the carrier payload the record row copies, and
// each key's own event; the amount the IVR read rides along. Menu keys are kept.
import { describe, expect, it } from "vitest";
import { foldCall } from "../../../../../../objects/call/machine";
import { newEventRows, toCallView } from "../../../../../../objects/call/call-view";
import { answeredIvrCall } from "./ivr-call";
import { event } from "../../events";
import { redactSensitiveKeys } from "../../../../../../objects/call/features/ivr/key-redaction";

const KEYED = "44718";

describe("keys in the payment step", () => {
  it("are masked in the stored event and its record row, and the amount is read before they go", async () => {
    const call = await answeredIvrCall();
    await call.press("1");
    await call.press("2");
    const keyEvents = KEYED.split("").map((digit, i) => event("call.dtmf.received", 40 + i, "customer", { payload: { digit } }));
    for (const key of keyEvents) call.events.push(redactSensitiveKeys(call.spec, call.events, key));
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
