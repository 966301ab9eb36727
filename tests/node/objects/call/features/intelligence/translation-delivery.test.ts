// Translations are delivered in the order said whatever order the model answers in, and
// pushed at most once per 500 ms: at once after a quiet spell, else 500 ms after the last
// push with every line in order by then, on a driven clock.
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
    // Nothing pushed yet: they go the moment the first line is answered.
    expect(all?.dueAtMs).toBe(20);
  });

  it("pushes the first line that can go at once, then holds the next ones until 500 ms after that push, all in one batch", () => {
    const returned = new Map([["a", line("a", 1000)]]);
    const base: DeliveryState = { inLine: ["a", "b", "c"], returned, delivered: new Set(), lastDeliveredAtMs: null };
    expect(pendingBatch(base)?.dueAtMs).toBe(1000);
    expect(dueBatch(base, 999)).toBeNull();
    expect(dueBatch(base, 1000)?.map((l) => l.segmentId)).toEqual(["a"]);
    // b and c answer 100 and 300 ms after that push: one batch, 500 ms after it, and not before.
    returned.set("b", line("b", 1100));
    returned.set("c", line("c", 1300));
    const after: DeliveryState = { ...base, delivered: new Set(["a"]), lastDeliveredAtMs: 1000 };
    expect(pendingBatch(after)?.dueAtMs).toBe(1500);
    expect(dueBatch(after, 1499)).toBeNull();
    expect(dueBatch(after, 1500)?.map((l) => l.segmentId)).toEqual(["b", "c"]);
  });

  it("a line answered after a quiet spell (more than 500 ms since the last push) is pushed the moment it is answered", () => {
    const state: DeliveryState = { inLine: ["a", "b"], returned: new Map([["a", line("a", 1000)], ["b", line("b", 4200)]]), delivered: new Set(["a"]), lastDeliveredAtMs: 1000 };
    expect(dueBatch(state, 4200)?.map((l) => l.segmentId)).toEqual(["b"]);
  });

  it("never pushes twice within 500 ms, and holds no line more than 500 ms after it could go (200 answers at random times)", () => {
    const ids = Array.from({ length: 200 }, (_, i) => `seg-${i}`);
    const answerAt = new Map(ids.map((id, i) => [id, 10_000 + ((i * 7919) % 4000)]));
    const returned = new Map<string, TranslatedLine>();
    const delivered = new Map<string, number>();
    const pushes: number[] = [];
    for (let now = 10_000; now <= 15_000; now++) {
      for (const id of ids) if (answerAt.get(id) === now) returned.set(id, line(id, now));
      const batch = dueBatch({ inLine: ids, returned, delivered: new Set(delivered.keys()), lastDeliveredAtMs: pushes.at(-1) ?? null }, now);
      if (!batch) continue;
      pushes.push(now);
      for (const each of batch) delivered.set(each.segmentId, now);
    }
    expect([...delivered.keys()]).toEqual(ids);
    for (let i = 1; i < pushes.length; i++) expect(pushes[i]! - pushes[i - 1]!).toBeGreaterThanOrEqual(TRANSLATION_BATCH_MS);
    // In order: a line can go once it and every line before it are answered.
    let couldGoAt = 0;
    for (const id of ids) {
      couldGoAt = Math.max(couldGoAt, answerAt.get(id)!);
      expect(delivered.get(id)! - couldGoAt).toBeLessThanOrEqual(TRANSLATION_BATCH_MS);
    }
  });

  it("a line not sent to the model (already in the agent's language) holds nobody up", () => {
    const state: DeliveryState = { inLine: ["a", "c"], returned: new Map([["c", line("c", 5)], ["a", line("a", 7)]]), delivered: new Set(), lastDeliveredAtMs: null };
    expect(dueBatch(state, 7)?.map((l) => l.segmentId)).toEqual(["a", "c"]);
  });
});
