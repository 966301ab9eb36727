import { describe, expect, it } from "vitest";
import { expectedWaitSeconds, RECENT_HANDLE_TIMES, waitAsSaid } from "../../../../objects/queue/expected-wait";

describe("the expected wait a caller is told", () => {
  it("is nothing when a free agent could take them now", () => {
    expect(expectedWaitSeconds({ position: 2, freeNow: 2, busyNow: 0, recentHandleSeconds: [] })).toBe(0);
  });

  it("is their place among those not covered by a free agent, times the recent handle time, over the busy agents", () => {
    // AHT 240 s, 3 busy agents: the 4th caller with 1 free agent is 3rd to wait → 3 × 240 / 3.
    expect(expectedWaitSeconds({ position: 4, freeNow: 1, busyNow: 3, recentHandleSeconds: [200, 280, 240] })).toBe(240);
    expect(expectedWaitSeconds({ position: 1, freeNow: 0, busyNow: 2, recentHandleSeconds: [300] })).toBe(150);
  });

  it("learns from the most recent handle times only", () => {
    const old = Array.from({ length: 50 }, () => 1000);
    const recent = Array.from({ length: RECENT_HANDLE_TIMES }, () => 60);
    expect(expectedWaitSeconds({ position: 1, freeNow: 0, busyNow: 1, recentHandleSeconds: [...old, ...recent] })).toBe(60);
  });

  it("is not guessed without a handle time or anyone busy to free up", () => {
    expect(expectedWaitSeconds({ position: 1, freeNow: 0, busyNow: 3, recentHandleSeconds: [] })).toBeNull();
    expect(expectedWaitSeconds({ position: 1, freeNow: 0, busyNow: 0, recentHandleSeconds: [120] })).toBeNull();
  });

  it("is said in whole minutes rounded up, or less than a minute", () => {
    expect(waitAsSaid(null)).toEqual({ kind: "unknown" });
    expect(waitAsSaid(59)).toEqual({ kind: "under_a_minute" });
    expect(waitAsSaid(60)).toEqual({ kind: "minutes", minutes: 1 });
    expect(waitAsSaid(61)).toEqual({ kind: "minutes", minutes: 2 });
  });
});
