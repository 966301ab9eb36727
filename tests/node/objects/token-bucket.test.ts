// An API key's request budget, driven by a fake clock (milliseconds passed in).
import { describe, expect, it } from "vitest";
import { takeToken, type TokenBucket } from "../../../objects/rate-limiter/token-bucket";

function spend(count: number, atMs: number, perMinute: number, start?: TokenBucket) {
  let bucket = start;
  const answers = [];
  for (let i = 0; i < count; i++) {
    const decision = takeToken(bucket, atMs, perMinute);
    bucket = decision.bucket;
    answers.push(decision);
  }
  return { bucket: bucket!, answers };
}

describe("an API key's token bucket", () => {
  it("lets a new key burst its whole minute at once, then refuses with the wait for one request", () => {
    const { bucket, answers } = spend(60, 0, 60);
    expect(answers.every((a) => a.allowed)).toBe(true);
    expect(answers.map((a) => a.remaining).slice(-3)).toEqual([2, 1, 0]);
    const refused = takeToken(bucket, 0, 60);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 1_000 });
  });

  it("refills at the steady rate: one request a second at 60 a minute", () => {
    const { bucket } = spend(60, 0, 60);
    expect(takeToken(bucket, 999, 60).allowed).toBe(false);
    const after = takeToken(bucket, 1_000, 60);
    expect(after.allowed).toBe(true);
    expect(takeToken(after.bucket, 1_000, 60)).toMatchObject({ allowed: false, retryAfterMs: 1_000 });
  });

  it("a refused request does not spend anything, so waiting the Retry-After is enough", () => {
    const { bucket } = spend(10, 0, 10);
    let state = bucket;
    for (let i = 0; i < 5; i++) state = takeToken(state, 3_000, 10).bucket;
    const retry = takeToken(state, 3_000, 10).retryAfterMs;
    expect(retry).toBe(3_000);
    expect(takeToken(state, 3_000 + retry, 10).allowed).toBe(true);
  });

  it("never holds more than a minute's budget, however long the key was idle", () => {
    const { bucket } = spend(1, 0, 5);
    const { answers } = spend(6, 3_600_000, 5, bucket);
    expect(answers.map((a) => a.allowed)).toEqual([true, true, true, true, true, false]);
  });

  it("says when the bucket is full again, so its state can be forgotten then", () => {
    const { answers } = spend(30, 10_000, 60);
    expect(answers.at(-1)!.fullAtMs).toBe(10_000 + 30_000);
  });

  it("a clock that steps back does not mint requests", () => {
    const { bucket } = spend(3, 5_000, 3);
    expect(takeToken(bucket, 1_000, 3).allowed).toBe(false);
  });
});
