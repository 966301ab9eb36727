import { describe, expect, it } from "vitest";
import { decideHit, withoutHit } from "../../../objects/rate-limiter/sliding-log";

describe("sliding-log rate limit", () => {
  it("allows up to the limit inside the window, then says when the oldest hit expires", () => {
    let hits: number[] = [];
    for (let t = 0; t < 3; t++) {
      const d = decideHit(hits, 1000 + t, 3, 60_000);
      expect(d.allowed).toBe(true);
      hits = d.hits;
    }
    const blocked = decideHit(hits, 2000, 3, 60_000);
    expect(blocked).toMatchObject({ allowed: false, retryAfterMs: 59_000 });
    expect(decideHit(blocked.hits, 61_000, 3, 60_000).allowed).toBe(true);
  });

  it("forgets hits older than the window, so storage stays bounded", () => {
    const d = decideHit([1, 2, 3, 4, 5], 100_000, 10, 60_000);
    expect(d.hits).toEqual([100_000]);
  });

  it("a refused attempt does not extend the wait", () => {
    const first = decideHit([0, 10], 20, 2, 1000);
    const second = decideHit(first.hits, 500, 2, 1000);
    expect(second.retryAfterMs).toBe(500);
  });
});

describe("taking a hit back", () => {
  it("removes one hit at that time and leaves the others, duplicates included", () => {
    expect(withoutHit([1, 5, 5, 9], 5)).toEqual([1, 5, 9]);
    expect(withoutHit([1, 9], 5)).toEqual([1, 9]);
  });
});
