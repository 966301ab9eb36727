// The rule that holds a campaign's new dials while the engine is behind (dial-hold.ts):
// which signals hold, what the room is told, and the hysteresis that keeps the pacer from
// flipping on and off at a threshold.
import { describe, expect, it } from "vitest";
import type { CallSpec } from "../../../../objects/call/call-spec";
import type { InFlightCall } from "../../../../objects/campaign/campaign-storage";
import { engineSignals, nextDialHold, NOT_HOLDING, RESUME_AFTER_CALM_MS, type DialHold, type EngineSignals } from "../../../../objects/campaign/dial-hold";
import { member, NOW } from "./campaign-fixtures";

const calm: EngineSignals = { startsWaiting: 0, oldestStartWaitMs: 0, tickLatenessMs: 40, answersWaiting: 0, oldestAnswerWaitMs: 0 };
const spec = (id: string, createdAtMs: number) => ({ id, createdAtMs }) as CallSpec;
const call = (callId: string, phase: InFlightCall["phase"], sinceMs: number) => ({ callId, phase, sinceMs, dialedAtMs: sinceMs - 10_000 }) as InFlightCall;

/** Runs the rule over a series of (ms after NOW, signals) from not holding. */
function run(steps: readonly [number, EngineSignals][]): DialHold[] {
  let hold: DialHold = NOT_HOLDING;
  return steps.map(([at, signals]) => (hold = nextDialHold(hold, signals, NOW + at)));
}

describe("the engine's signals, as a tick sees them", () => {
  it("measures the oldest dial not started yet, and an answer waiting only while an agent is free", () => {
    const unstarted = [spec("c1", NOW - 4_200), spec("c2", NOW - 300), spec("c3", NOW - 1_000)];
    const calls = [call("c4", "waiting", NOW - 3_500), call("c5", "ringing", NOW - 9_000)];
    expect(engineSignals(unstarted, calls, [member("a", "available"), member("b", "on_call")], 120, NOW)).toEqual({
      startsWaiting: 3,
      oldestStartWaitMs: 4_200,
      tickLatenessMs: 120,
      answersWaiting: 1,
      oldestAnswerWaitMs: 3_500,
    });
    // Every agent busy: the live answer waits on the pacer's overdial (its own business), not on the engine.
    expect(engineSignals([], calls, [member("a", "on_call"), member("b", "wrap_up")], null, NOW)).toEqual({ ...calm, tickLatenessMs: null });
  });
});

describe("holding new dials while the engine is behind", () => {
  it("dials on while every signal is under its threshold", () => {
    expect(run([[0, calm], [1_000, { ...calm, startsWaiting: 4, oldestStartWaitMs: 1_900 }], [2_000, { ...calm, tickLatenessMs: 2_900 }]])).toEqual([NOT_HOLDING, NOT_HOLDING, NOT_HOLDING]);
  });

  it("holds once a start has waited 2 s, and says how many wait and for how long", () => {
    const [hold] = run([[0, { ...calm, startsWaiting: 3, oldestStartWaitMs: 4_200 }]]);
    expect(hold).toEqual({ holding: true, sinceMs: NOW, reason: "Holding dials: engine behind, 3 starts waiting 4.2 s", calmSinceMs: null });
  });

  it("holds for a late tick and for an answer left waiting beside a free agent, naming each cause", () => {
    const [hold] = run([[0, { ...calm, tickLatenessMs: 3_400, answersWaiting: 1, oldestAnswerWaitMs: 5_000 }]]);
    expect(hold).toMatchObject({ holding: true, reason: "Holding dials: engine behind, 1 answered call waiting 5.0 s for a free agent's bridge; the pacing tick ran 3.4 s late" });
  });

  it("stays held while a signal is above its calm threshold, and resumes only after two calm seconds", () => {
    const behind = { ...calm, startsWaiting: 2, oldestStartWaitMs: 2_500 };
    const draining = { ...calm, startsWaiting: 1, oldestStartWaitMs: 1_200 };
    const holds = run([
      [0, behind],
      // Under the hold threshold but over the calm one: still behind.
      [1_000, draining],
      [2_000, calm],
      [3_000, calm],
      [2_000 + RESUME_AFTER_CALM_MS, calm],
    ]);
    expect(holds.map((h) => h.holding)).toEqual([true, true, true, true, false]);
    expect(holds[1]).toMatchObject({ reason: "Holding dials: engine behind, 1 start waiting 1.2 s", calmSinceMs: null });
    expect(holds[3]).toMatchObject({ reason: "Holding dials: the engine is catching up (calm for 1.0 s)", calmSinceMs: NOW + 2_000, sinceMs: NOW });
  });

  it("starts the calm period again when the engine falls behind during it", () => {
    const behind = { ...calm, tickLatenessMs: 1_500 };
    const holds = run([
      [0, { ...calm, tickLatenessMs: 3_000 }],
      [1_000, calm],
      [2_000, behind],
      [3_000, calm],
      [3_000 + RESUME_AFTER_CALM_MS - 1, calm],
      [3_000 + RESUME_AFTER_CALM_MS, calm],
    ]);
    expect(holds.map((h) => h.holding)).toEqual([true, true, true, true, true, false]);
  });
});
