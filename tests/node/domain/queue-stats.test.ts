import { describe, expect, it } from "vitest";
import { queueStats, type QueueStay } from "../../../domain/queue-stats";

const NOW = 10_000_000;
const stay = (over: Partial<QueueStay>): QueueStay => ({ enteredAtMs: NOW - 60_000, outcome: null, waitSeconds: null, callbackRequested: false, ...over });

describe("a queue's numbers", () => {
  it("count the answered within the threshold over the answered and abandoned; callbacks count for neither", () => {
    const stats = queueStats(
      [
        stay({ outcome: "answered", waitSeconds: 5 }),
        stay({ outcome: "answered", waitSeconds: 20 }),
        stay({ outcome: "answered", waitSeconds: 45 }),
        stay({ outcome: "abandoned", waitSeconds: 30 }),
        stay({ outcome: "callback_answered", waitSeconds: 400, callbackRequested: true }),
        stay({ outcome: "overflowed", waitSeconds: 900 }),
      ],
      20,
      NOW,
    );
    expect(stats).toMatchObject({ answered: 3, answeredWithinThreshold: 2, abandoned: 1, overflowed: 1, callbacksAnswered: 1, serviceLevel: 0.5, abandonRate: 0.25 });
    expect(stats.averageSpeedOfAnswerSeconds).toBeCloseTo(70 / 3);
  });

  it("show who waits now and the longest wait, a callback keeping its place apart from the line", () => {
    const stats = queueStats([stay({ enteredAtMs: NOW - 95_000 }), stay({ enteredAtMs: NOW - 10_000 }), stay({ enteredAtMs: NOW - 300_000, callbackRequested: true })], 20, NOW);
    expect(stats).toMatchObject({ waitingNow: 2, longestWaitSeconds: 95, callbacksWaiting: 1, serviceLevel: null, abandonRate: null, averageSpeedOfAnswerSeconds: null });
  });
});
