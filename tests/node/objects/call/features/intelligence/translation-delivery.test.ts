// Translations are delivered in the order said whatever order the model answers in, and
// pushed in batches 500 ms after the first one ready, on a driven clock.
import { describe, expect, it } from "vitest";
import {
  batchDueAtMs,
  emptyDelivery,
  segmentSaid,
  takeDueBatch,
  translationReturned,
  type TranslationDeliveryState,
} from "../../../../../../objects/call/features/intelligence/translation-delivery";

const result = (segmentId: string) => ({ segmentId, text: `translated ${segmentId}`, model: "fake", latencyMs: 10 });

/** A seeded shuffle, so every run tries the same orders. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("translation delivery", () => {
  it("delivers in the order said for any order of replies (50 shuffles of 12 segments)", () => {
    const ids = Array.from({ length: 12 }, (_, i) => `seg-${i}`);
    for (let seed = 1; seed <= 50; seed++) {
      let state: TranslationDeliveryState = ids.reduce(segmentSaid, emptyDelivery());
      const pushed: string[] = [];
      let now = 0;
      for (const id of shuffled(ids, seed)) {
        now += 137;
        state = translationReturned(state, result(id), now);
        const taken = takeDueBatch(state, now);
        state = taken.state;
        pushed.push(...taken.push.map((r) => r.segmentId));
      }
      const last = takeDueBatch(state, now + 500);
      pushed.push(...last.push.map((r) => r.segmentId));
      expect(pushed, `seed ${seed}`).toEqual(ids);
    }
  });

  it("holds a reply until every earlier line is translated", () => {
    let state = ["a", "b", "c"].reduce(segmentSaid, emptyDelivery());
    state = translationReturned(state, result("c"), 0);
    state = translationReturned(state, result("b"), 10);
    expect(state.batch).toEqual([]);
    expect(batchDueAtMs(state)).toBeNull();
    state = translationReturned(state, result("a"), 20);
    expect(state.batch.map((r) => r.segmentId)).toEqual(["a", "b", "c"]);
  });

  it("pushes a batch 500 ms after its first translation, with all ready by then, and not before", () => {
    let state = ["a", "b", "c"].reduce(segmentSaid, emptyDelivery());
    state = translationReturned(state, result("a"), 1000);
    expect(batchDueAtMs(state)).toBe(1500);
    state = translationReturned(state, result("b"), 1300);
    expect(takeDueBatch(state, 1499).push).toEqual([]);
    const due = takeDueBatch(state, 1500);
    expect(due.push.map((r) => r.segmentId)).toEqual(["a", "b"]);
    state = translationReturned(due.state, result("c"), 1600);
    expect(batchDueAtMs(state)).toBe(2100);
  });

  it("ignores a duplicate reply and a reply for a line it never heard of", () => {
    let state = ["a"].reduce(segmentSaid, emptyDelivery());
    state = translationReturned(state, result("a"), 0);
    const pushed = takeDueBatch(state, 500);
    state = translationReturned(pushed.state, result("a"), 600);
    state = translationReturned(state, result("zzz"), 600);
    expect(state.batch).toEqual([]);
    expect(pushed.push).toHaveLength(1);
  });
});
