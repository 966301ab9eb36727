// Translations are delivered in the order said whatever order the model answers in, and
// pushed in batches 500 ms after the first line that can go, on a driven clock.
import { describe, expect, it } from "vitest";
import type { TranslatedLine } from "../../../../../../objects/call/features/intelligence/intelligence-events";
import { dueBatch, pendingBatch, TRANSLATION_BATCH_MS, type DeliveryState } from "../../../../../../objects/call/features/intelligence/translation-delivery";

const line = (segmentId: string, atMs: number): TranslatedLine => ({ segmentId, from: "es", to: "en", text: `en ${segmentId}`, model: "fake", latencyMs: 10, error: null, atMs });

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

/** The actor in miniature: answers arrive one by one; each tick delivers what is due. */
function deliverAll(ids: readonly string[], answerOrder: readonly string[], stepMs: number): { pushed: string[][]; atMs: number[] } {
  const returned = new Map<string, TranslatedLine>();
  const delivered = new Set<string>();
  let lastDeliveredAtMs: number | null = null;
  const pushed: string[][] = [];
  const atMs: number[] = [];
  const tick = (now: number) => {
    const state: DeliveryState = { inLine: ids, returned, delivered, lastDeliveredAtMs };
    const batch = dueBatch(state, now);
    if (!batch) return;
    for (const each of batch) delivered.add(each.segmentId);
    lastDeliveredAtMs = now;
    pushed.push(batch.map((each) => each.segmentId));
    atMs.push(now);
  };
  let now = 0;
  for (const id of answerOrder) {
    now += stepMs;
    returned.set(id, line(id, now));
    tick(now);
  }
  for (let extra = 0; extra < 10; extra++) tick((now += TRANSLATION_BATCH_MS));
  return { pushed, atMs };
}

describe("translation delivery", () => {
  it("delivers in the order said for any order of answers (50 shuffles of 12 lines), each line once", () => {
    const ids = Array.from({ length: 12 }, (_, i) => `seg-${i}`);
    for (let seed = 1; seed <= 50; seed++) {
      const { pushed } = deliverAll(ids, shuffled(ids, seed), 137);
      expect(pushed.flat(), `seed ${seed}`).toEqual(ids);
    }
  });

  it("holds answers until every earlier line is answered, then pushes them together", () => {
    const state = (returned: TranslatedLine[]): DeliveryState => ({ inLine: ["a", "b", "c"], returned: new Map(returned.map((l) => [l.segmentId, l])), delivered: new Set(), lastDeliveredAtMs: null });
    expect(pendingBatch(state([line("c", 0), line("b", 10)]))).toBeNull();
    const all = pendingBatch(state([line("c", 0), line("b", 10), line("a", 20)]));
    expect(all?.lines.map((l) => l.segmentId)).toEqual(["a", "b", "c"]);
    expect(all?.dueAtMs).toBe(20 + TRANSLATION_BATCH_MS);
  });

  it("pushes a batch 500 ms after its first line could go, with every line in order by then, and not before", () => {
    const returned = new Map([["a", line("a", 1000)]]);
    const base: DeliveryState = { inLine: ["a", "b", "c"], returned, delivered: new Set(), lastDeliveredAtMs: null };
    expect(pendingBatch(base)?.dueAtMs).toBe(1500);
    returned.set("b", line("b", 1300));
    expect(dueBatch(base, 1499)).toBeNull();
    expect(dueBatch(base, 1500)?.map((l) => l.segmentId)).toEqual(["a", "b"]);
    // After that push, c (answered long ago) still waits its own 500 ms from the push.
    returned.set("c", line("c", 1200));
    const after: DeliveryState = { ...base, delivered: new Set(["a", "b"]), lastDeliveredAtMs: 1500 };
    expect(pendingBatch(after)).toEqual({ lines: [line("c", 1200)], dueAtMs: 2000 });
  });

  it("a line not sent to the model (already in the agent's language) holds nobody up", () => {
    const state: DeliveryState = { inLine: ["a", "c"], returned: new Map([["c", line("c", 5)], ["a", line("a", 7)]]), delivered: new Set(), lastDeliveredAtMs: null };
    expect(dueBatch(state, 507)?.map((l) => l.segmentId)).toEqual(["a", "c"]);
  });
});
