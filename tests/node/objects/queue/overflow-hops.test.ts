// How far overflows carry one caller: on to each queue's overflow queue, never back into a
// queue they overflowed out of, and at most MAX_OVERFLOW_HOPS moves.
import { describe, expect, it } from "vitest";
import { MAX_OVERFLOW_HOPS, overflowHop } from "../../../../objects/queue/overflow-hops";

describe("an overflow hop", () => {
  it("moves a caller on from the queue they joined, and on again from the one they overflowed into", () => {
    expect(overflowHop([], "a", "b")).toEqual({ kind: "move" });
    expect(overflowHop(["a"], "b", "c")).toEqual({ kind: "move" });
  });

  it("never takes a caller back into a queue they overflowed out of (A → B → A stops in B), nor into the queue they are in", () => {
    expect(overflowHop(["a"], "b", "a")).toEqual({ kind: "stop", reason: "loop" });
    expect(overflowHop(["a", "b"], "c", "a")).toEqual({ kind: "stop", reason: "loop" });
    expect(overflowHop([], "a", "a")).toEqual({ kind: "stop", reason: "loop" });
  });

  it(`stops a caller who has made ${MAX_OVERFLOW_HOPS} moves already, wherever the next would go`, () => {
    const carried = ["a", "b", "c"].slice(0, MAX_OVERFLOW_HOPS);
    expect(overflowHop(carried, "d", "e")).toEqual({ kind: "stop", reason: "hop_limit" });
    expect(overflowHop(carried.slice(0, -1), "c", "d")).toEqual({ kind: "move" });
  });
});
