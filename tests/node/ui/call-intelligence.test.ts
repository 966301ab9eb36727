// The words the agent's card uses for live intelligence: the gauge's word and colour,
// objection chips counted once per kind, language names.
import { describe, expect, it } from "vitest";
import { languageName, objectionChips, sentimentWords } from "../../../ui/src/lib/call-intelligence";

describe("call intelligence words", () => {
  it("the gauge names the mood at its edges", () => {
    expect(sentimentWords(-0.3)).toEqual({ label: "Negative", tone: "danger" });
    expect(sentimentWords(-0.1)).toEqual({ label: "Uneasy", tone: "warning" });
    expect(sentimentWords(0)).toEqual({ label: "Neutral", tone: "neutral" });
    expect(sentimentWords(0.3)).toEqual({ label: "Positive", tone: "success" });
  });

  it("one chip per objection kind, in the order first raised, counting repeats", () => {
    const at = "2026-12-05T19:00:00.000Z";
    const chips = objectionChips([
      { kind: "stop_calling", phrase: "stop calling", segmentId: "a", at },
      { kind: "org:bankruptcy", phrase: "bankruptcy", segmentId: "b", at },
      { kind: "stop_calling", phrase: "do not call", segmentId: "c", at },
    ]);
    expect(chips).toEqual([
      { kind: "stop_calling", label: "Stop calling", count: 2 },
      { kind: "org:bankruptcy", label: "bankruptcy", count: 1 },
    ]);
  });

  it("names the ten languages and says Unknown for none", () => {
    expect(languageName("ar")).toBe("Arabic");
    expect(languageName(null)).toBe("Unknown");
  });
});
