// Answering machine detection, basic and premium, for each kind of far party.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

describe("answering machine detection", () => {
  it("a human is 'human' 2.5 s after answering; premium says human_residence", async () => {
    const basic = await h.dial("+15550100001", { answering_machine_detection: "detect" });
    const premium = await h.dial("+15550100002", { answering_machine_detection: "premium" });
    await h.advance(4 + 2.5);
    expect(h.last(basic, "call.machine.detection.ended").result).toBe("human");
    expect(h.last(premium, "call.machine.premium.detection.ended").result).toBe("human_residence");
    expect(h.types(premium)).not.toContain("call.machine.detection.ended");
  });

  it("no detection events at all when AMD is disabled (the default)", async () => {
    const id = await h.dial("+15550200001");
    await h.advance(30);
    expect(h.types(id).filter((t) => t.startsWith("call.machine"))).toEqual([]);
  });

  it("plain detect reports a machine but not its greeting; greeting_end does", async () => {
    const detect = await h.dial("+15550200001", { answering_machine_detection: "detect" });
    const greetingEnd = await h.dial("+15550200002", { answering_machine_detection: "greeting_end" });
    await h.advance(20);
    expect(h.types(detect)).not.toContain("call.machine.greeting.ended");
    expect(h.last(greetingEnd, "call.machine.greeting.ended").result).toBe("beep_detected");
  });

  it("premium reports a fax as fax_detected", async () => {
    const id = await h.dial("+15550600001", { answering_machine_detection: "premium" });
    await h.advance(10);
    expect(h.last(id, "call.machine.premium.detection.ended").result).toBe("fax_detected");
  });

  it("premium on a machine sends both premium events, and the greeting can come before or after the verdict", async () => {
    const orders = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const id = await h.dial(`+155502000${String(i).padStart(2, "0")}`, { answering_machine_detection: "premium" });
      await h.advance(20);
      expect(h.last(id, "call.machine.premium.detection.ended").result).toBe("machine");
      expect(h.last(id, "call.machine.premium.greeting.ended").result).toBe("beep_detected");
      orders.add(h.types(id).filter((t) => t.startsWith("call.machine")).join(" then "));
      await h.client.calls.actions.hangup(id, {});
    }
    expect(orders).toEqual(
      new Set([
        "call.machine.premium.detection.ended then call.machine.premium.greeting.ended",
        "call.machine.premium.greeting.ended then call.machine.premium.detection.ended",
      ]),
    );
  });

  it("not sure is not_sure for basic and premium alike", async () => {
    const basic = await h.dial("+15550700001", { answering_machine_detection: "detect_words" });
    const premium = await h.dial("+15550700002", { answering_machine_detection: "premium" });
    await h.advance(10);
    expect(h.last(basic, "call.machine.detection.ended").result).toBe("not_sure");
    expect(h.last(premium, "call.machine.premium.detection.ended").result).toBe("not_sure");
  });
});
