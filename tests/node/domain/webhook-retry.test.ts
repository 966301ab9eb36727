import { describe, expect, it } from "vitest";
import {
  endpointFailingAfter,
  decideAfterAttempt,
  failingTooLong,
  parseRetryAfterMs,
  retryDelayMs,
  WEBHOOK_MAX_ATTEMPTS,
} from "../../../domain/webhook-retry";

const HOUR = 3600_000;
const NOW = Date.parse("2026-12-05T12:00:00Z");
const failed = { kind: "response" as const, status: 500, retryAfter: null };

/** Walks a delivery that always fails from its first attempt to the last; returns the attempt times. */
function failForever(random: number): number[] {
  const times = [NOW];
  for (let attempt = 1; ; attempt++) {
    const decision = decideAfterAttempt(attempt, failed, times.at(-1)!, random);
    if (decision.kind !== "retry") {
      expect(decision.kind).toBe("failed");
      return times;
    }
    times.push(decision.atMs);
  }
}

describe("the webhook retry schedule", () => {
  it("makes at least 8 attempts over at least 24 hours, whatever the jitter", () => {
    for (const random of [0, 0.5, 0.999]) {
      const times = failForever(random);
      expect(times).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
      expect(times.length).toBeGreaterThanOrEqual(8);
      expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(24 * HOUR);
    }
  });

  it("backs off exponentially, capped at 12 hours, jittered by ±20 %", () => {
    expect(retryDelayMs(1, 0.5)).toBe(30_000);
    expect(retryDelayMs(2, 0.5)).toBe(120_000);
    expect(retryDelayMs(3, 0.5)).toBe(480_000);
    expect(retryDelayMs(8, 0.5)).toBe(12 * HOUR);
    expect(retryDelayMs(1, 0)).toBe(24_000);
    expect(retryDelayMs(1, 0.99999)).toBeCloseTo(36_000, -1);
  });

  it("waits as long as Retry-After asks when that is longer than the schedule, up to a day", () => {
    const asked = decideAfterAttempt(1, { kind: "response", status: 429, retryAfter: "600" }, NOW, 0.5);
    expect(asked).toEqual({ kind: "retry", atMs: NOW + 600_000 });
    const shorter = decideAfterAttempt(3, { kind: "response", status: 503, retryAfter: "1" }, NOW, 0.5);
    expect(shorter).toEqual({ kind: "retry", atMs: NOW + 480_000 });
    const week = decideAfterAttempt(1, { kind: "response", status: 503, retryAfter: String(7 * 24 * 3600) }, NOW, 0.5);
    expect(week).toEqual({ kind: "retry", atMs: NOW + 24 * HOUR });
    expect(parseRetryAfterMs(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(parseRetryAfterMs("soon", NOW)).toBeNull();
  });

  it("treats 2xx as delivered, 410 as gone, and a redirect or no answer as a failure to retry", () => {
    expect(decideAfterAttempt(1, { kind: "response", status: 204, retryAfter: null }, NOW, 0.5)).toEqual({ kind: "succeeded" });
    expect(decideAfterAttempt(1, { kind: "response", status: 410, retryAfter: null }, NOW, 0.5)).toEqual({ kind: "endpoint_gone" });
    expect(decideAfterAttempt(1, { kind: "response", status: 302, retryAfter: null }, NOW, 0.5).kind).toBe("retry");
    expect(decideAfterAttempt(1, { kind: "no_response", error: "connection refused" }, NOW, 0.5).kind).toBe("retry");
  });

  it("gives up on an endpoint after three days of failures, not before", () => {
    expect(failingTooLong(null, NOW)).toBe(false);
    expect(failingTooLong(NOW - 71 * HOUR, NOW)).toBe(false);
    expect(failingTooLong(NOW - 72 * HOUR, NOW)).toBe(true);
  });
});

describe("an endpoint's health after a batch of its attempts", () => {
  const at = (s: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, s));
  it("is healthy when the latest attempt succeeded, whatever the order they are given in", () => {
    expect(endpointFailingAfter([{ at: at(2), succeeded: true }, { at: at(1), succeeded: false }])).toEqual({ kind: "healthy" });
  });
  it("is failing since the first failure after the last success", () => {
    expect(endpointFailingAfter([{ at: at(4), succeeded: false }, { at: at(1), succeeded: false }, { at: at(2), succeeded: true }, { at: at(3), succeeded: false }])).toEqual({ kind: "failing_since", since: at(3) });
  });
  it("keeps an earlier failing-since when nothing in the batch succeeded", () => {
    expect(endpointFailingAfter([{ at: at(5), succeeded: false }, { at: at(3), succeeded: false }])).toEqual({ kind: "unless_earlier", since: at(3) });
  });
});
