// Who said a line: the customer's track is the customer's; our side's is a person's on a
// call with no AI, and on an AI call the AI's except while a person held it.
import { describe, expect, it } from "vitest";
import { speakerOf, storedSpeaker } from "../../../domain/transcript-speaker";

const HELD = [
  { fromMs: 20_000, toMs: 40_000 },
  { fromMs: 60_000, toMs: null },
];

describe("who said a transcript line", () => {
  it("is the customer on the inbound track, whoever holds the call", () => {
    expect([speakerOf("inbound", 5_000, null), speakerOf("inbound", 25_000, HELD), speakerOf("inbound", 5_000, [])]).toEqual(["customer", "customer", "customer"]);
  });

  it("is a person on our side of a call with no AI", () => {
    expect(speakerOf("outbound", 5_000, null)).toBe("agent");
  });

  it("is the AI on our side of an AI call, except while a person held it (from their bridge, until their leg ended)", () => {
    const at = [5_000, 19_999, 20_000, 39_999, 40_000, 59_000, 60_000, 600_000];
    expect(at.map((ms) => speakerOf("outbound", ms, HELD))).toEqual(["ai", "ai", "agent", "agent", "ai", "ai", "agent", "agent"]);
    expect(speakerOf("outbound", 5_000, [])).toBe("ai");
  });

  it("reads a line stored before speakers were kept by its track", () => {
    expect([storedSpeaker("inbound", null), storedSpeaker("outbound", null), storedSpeaker("outbound", "ai")]).toEqual(["customer", "agent", "ai"]);
  });
});
