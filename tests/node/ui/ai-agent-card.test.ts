// The live call's AI card: the phase and last turn in words, and the keyboard shortcuts
// that take a call over (Alt+T) or hand it back (Alt+G) only when the AI's state allows it.
import { describe, expect, it } from "vitest";
import { aiOperatorShortcut, aiPhaseWords, lastTurnWords } from "../../../ui/src/lib/ai-agent-card";

const press = (code: string, extra: Partial<{ altKey: boolean; ctrlKey: boolean; target: unknown }> = {}) => ({ code, altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, ...extra });
const aiHolds = { phase: "listening", lastTurnLatencyMs: 12, takenOver: false, canTakeOver: true, canHandBack: false, summary: [] };
const personHolds = { phase: "human_active", lastTurnLatencyMs: 12, takenOver: true, canTakeOver: false, canHandBack: true, summary: [] };

describe("the AI card", () => {
  it("says the phase and the last turn's latency in words", () => {
    expect(aiPhaseWords("human_active")).toBe("a person has the call");
    expect(aiPhaseWords("listening")).toBe("listening");
    expect(lastTurnWords(null)).toBe("No caller turn answered yet");
    expect(lastTurnWords(1250)).toBe("Answered the last turn in 1,250 ms");
  });

  it("Alt+T takes over while the AI holds the call, Alt+G hands back while a person does; never the other way round", () => {
    expect(aiOperatorShortcut(press("KeyT"), aiHolds)).toBe("take_over");
    expect(aiOperatorShortcut(press("KeyG"), aiHolds)).toBeNull();
    expect(aiOperatorShortcut(press("KeyG"), personHolds)).toBe("hand_back");
    expect(aiOperatorShortcut(press("KeyT"), personHolds)).toBeNull();
  });

  it("leaves keys alone without Alt, with Ctrl, while typing the notes, or on a call with no AI", () => {
    expect(aiOperatorShortcut(press("KeyT", { altKey: false }), aiHolds)).toBeNull();
    expect(aiOperatorShortcut(press("KeyT", { ctrlKey: true }), aiHolds)).toBeNull();
    expect(aiOperatorShortcut(press("KeyG", { target: { tagName: "TEXTAREA" } }), personHolds)).toBeNull();
    expect(aiOperatorShortcut(press("KeyT"), null)).toBeNull();
  });
});
