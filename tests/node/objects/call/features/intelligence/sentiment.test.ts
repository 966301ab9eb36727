// The sentiment gauge: one segment's score, and the window over the customer's last segments.
import { describe, expect, it } from "vitest";
import { segmentSentiment } from "../../../../../../objects/call/features/intelligence/sentiment";
import { sentimentWindow } from "../../../../../../objects/call/features/intelligence/sentiment-window";

describe("segment sentiment", () => {
  it("is −1..1, negative for anger and positive for thanks, in English (VADER) and in other languages", () => {
    expect(segmentSentiment("This is ridiculous, I'm furious", "en", 0)).toBeLessThan(-0.5);
    expect(segmentSentiment("Great, thank you so much", "en", 0)).toBeGreaterThan(0.5);
    expect(segmentSentiment("Estoy muy molesto, esto es terrible.", "es", 0)).toBeLessThan(-0.5);
    expect(segmentSentiment("Muchas gracias, perfecto", "es", 0)).toBeGreaterThan(0.5);
    expect(segmentSentiment("本当に腹が立ちます、最悪です。", "ja", 0)).toBeLessThan(-0.5);
    for (const score of [segmentSentiment("hate hate hate hate awful terrible", "en", 5), segmentSentiment("love love love", "en", 0)]) expect(Math.abs(score)).toBeLessThanOrEqual(1);
  });

  it("is negation aware", () => {
    expect(segmentSentiment("I'm not happy about this", "en", 0)).toBeLessThan(0);
    expect(segmentSentiment("No estoy molesto", "es", 0)).toBeGreaterThan(0);
  });

  it("an objection pulls a neutral line negative", () => {
    expect(segmentSentiment("Put me through to the manager", "en", 0)).toBe(0);
    expect(segmentSentiment("Put me through to the manager", "en", 1)).toBe(-0.25);
    expect(segmentSentiment("I want to speak to a manager", "en", 1)).toBeLessThan(0);
  });
});

describe("sentiment window", () => {
  it("is the mean of the last five customer segments, with a trend", () => {
    expect(sentimentWindow([])).toBeNull();
    expect(sentimentWindow([0.5])).toEqual({ score: 0.5, trend: "steady", segments: 1 });
    expect(sentimentWindow([0.5, 0.5, -0.5])).toEqual({ score: 0.167, trend: "falling", segments: 3 });
    expect(sentimentWindow([-0.5, -0.5, 0.5])).toEqual({ score: -0.167, trend: "rising", segments: 3 });
    // The sixth segment pushes the first out of the window.
    expect(sentimentWindow([-1, 0, 0, 0, 0, 0])).toEqual({ score: 0, trend: "rising", segments: 5 });
  });
});
