// The words the console uses for supervision: each mode's button in escalating order, who
// is on a call in which mode (you, or by name; a softphone still ringing), and which of
// the call's supervisors is you.
import { describe, expect, it } from "vitest";
import { MODE_BUTTONS, ownSupervision, supervisorLine } from "../../../ui/src/lib/supervision";

const sam = { userId: "sup-1", name: "Sam Lee", mode: "whisper" as const, connected: true };
const ria = { userId: "sup-2", name: "Ria Park", mode: "monitor" as const, connected: false };

describe("supervision words", () => {
  it("offers listen, whisper, barge in that order, each saying who hears you", () => {
    expect(MODE_BUTTONS.map((button) => `${button.label}: ${button.hint}`)).toEqual([
      "Listen: You hear both; nobody hears you",
      "Whisper: Only the agent hears you",
      "Barge: The agent and the customer hear you",
    ]);
  });

  it("names each supervisor and their mode, 'You' for yourself, and a phone still ringing", () => {
    expect(supervisorLine(sam)).toBe("Sam Lee is coaching the agent (whisper)");
    expect(supervisorLine(sam, "sup-1")).toBe("You are coaching the agent (whisper)");
    expect(supervisorLine(ria)).toBe("Ria Park is listening (monitor) (softphone ringing)");
  });

  it("finds your own session among the call's supervisors", () => {
    expect(ownSupervision([sam, ria], "sup-2")).toBe(ria);
    expect(ownSupervision([sam], "sup-2")).toBeNull();
    expect(ownSupervision(undefined, "sup-2")).toBeNull();
  });
});
