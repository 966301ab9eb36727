import { describe, expect, it } from "vitest";
import { decideProgressiveDials, initialProgressiveState } from "../../../../../objects/campaign/pacing/progressive";
import { snapshot } from "./snapshot-builder";

const decide = (s: Parameters<typeof decideProgressiveDials>[0]) => decideProgressiveDials(s, initialProgressiveState());

describe("progressive pacing", () => {
  it("dials one line per free agent", () => {
    expect(decide(snapshot({ available: 3, onCall: [60, 120] })).dials).toBe(3);
  });

  it("never dials more than the free agents, counting calls already dialling or waiting for them", () => {
    expect(decide(snapshot({ available: 3, ringing: [4] })).dials).toBe(2);
    expect(decide(snapshot({ available: 3, ringing: [4], inAmd: [1], waiting: 1 })).dials).toBe(0);
    expect(decide(snapshot({ available: 2, ringing: [1, 2, 3, 4] })).dials).toBe(0);
  });

  it("does not dial for agents on calls, in wrap-up or on a break", () => {
    expect(decide(snapshot({ onCall: [10, 20], wrapUp: [5], onBreak: 2 })).dials).toBe(0);
  });

  it("keeps within the line limit", () => {
    const s = snapshot({ available: 4, onCall: [30], maxLinesPerAgent: 1 });
    expect(decide(s).dials).toBe(4);
    expect(decide(snapshot({ available: 4, onCall: [30], ringing: [1], maxLinesPerAgent: 1 })).dials).toBe(3);
  });

  it("explains itself in a sentence", () => {
    expect(decide(snapshot({ available: 2 })).explanation).toMatch(/2 dials: 2 agents free/);
    expect(decide(snapshot({ onCall: [10] })).explanation).toMatch(/no agent is free/);
  });
});
