import { describe, expect, it } from "vitest";
import { decideDials, initialPacingState } from "../../../../../objects/campaign/pacing";
import { decidePredictiveDials, floorUnderTheGuard, initialPredictiveState, misjudgmentUpperBound, type PredictiveState } from "../../../../../objects/campaign/pacing/predictive";
import { linesInUse, type PacingSnapshot } from "../../../../../objects/campaign/pacing/snapshot";
import { snapshot } from "./snapshot-builder";
import { recordTalk } from "../../../../../objects/campaign/pacing/observed-stats";

const decide = (s: PacingSnapshot, state: PredictiveState = initialPredictiveState()) => decidePredictiveDials(s, state);
/** A day well under the cap: 1,000 live answers, 10 abandoned (1 %). */
const roomy = { liveAnswered: 1000, abandoned: 10 };
/** A day at the cap: 1,000 live answers, 30 abandoned (3 %). */
const atCap = { liveAnswered: 1000, abandoned: 30 };

describe("predictive pacing (ours)", () => {
  it("dials nothing when no agent is logged in", () => {
    const d = decide(snapshot({ offline: 5, ...roomy }));
    expect(d.dials).toBe(0);
    expect(d.explanation).toMatch(/no agent is logged in/);
    expect(decide(snapshot({ ...roomy })).dials).toBe(0);
  });

  it("always covers every free agent with a dial (a first dial cannot strand anyone), even at the cap", () => {
    expect(decide(snapshot({ available: 3, onCall: [100, 100], ...atCap })).dials).toBe(3);
    expect(decide(snapshot({ available: 3, ringing: [2], ...atCap })).dials).toBe(2);
  });

  it("at the cap it is progressive: no more dials than free agents not yet covered", () => {
    const d = decide(snapshot({ available: 6, onCall: [30, 60, 90, 120], wrapUp: [10, 20], ...atCap }));
    expect(d.dials).toBe(6);
    expect(d.explanation).toMatch(/pacing progressively/);
  });

  it("at its reserve, still under the cap, keeps the dials that risk almost nothing (the floor)", () => {
    const d = decide(snapshot({ available: 6, onCall: [30, 60, 90, 120], wrapUp: [10, 20], liveAnswered: 1000, abandoned: 29.5 }));
    expect(d.dials).toBeGreaterThan(6);
    expect(d.explanation).toMatch(/at its reserve under the cap, only dials under the .* floor/);
  });

  it("keeps a reserve that grows with AMD's misjudgments, and none of it is spent when AMD alone would fill the cap", () => {
    const s = snapshot({ liveAnswered: 1000, abandoned: 10 });
    const fewMistakes = floorUnderTheGuard(s, 0.005);
    const manyMistakes = floorUnderTheGuard(s, 0.015);
    expect(manyMistakes.reserveAbandons).toBeGreaterThan(fewMistakes.reserveAbandons);
    expect(fewMistakes.risk).toBeGreaterThan(0);
    expect(fewMistakes.risk).toBeLessThan(s.limits.abandonCap);
    expect(floorUnderTheGuard(s, 0.03).reserveAbandons).toBe(Infinity);
  });

  it("with budget to spend, dials ahead of free agents when several are free", () => {
    const d = decide(snapshot({ available: 6, onCall: [30, 60, 90, 120], ...roomy }));
    expect(d.dials).toBeGreaterThan(6);
  });

  it("dials more for old ringing calls than for fresh ones (a call ringing for 18 s is mostly a no-answer)", () => {
    const fresh = decide(snapshot({ available: 2, onCall: [60, 60, 60], ringing: [1, 1, 1, 1], ...roomy })).dials;
    const old = decide(snapshot({ available: 2, onCall: [60, 60, 60], ringing: [18, 18, 18, 18], ...roomy })).dials;
    expect(old).toBeGreaterThan(fresh);
  });

  it("early in a big shift, counts the talks still going on, not only the short ones that ended", () => {
    // 100 agents talking for 35 s, 50 for 10 s; 60 talks of 12-30 s ended; 10 agents free.
    let stats = snapshot().stats;
    for (let i = 0; i < 60; i++) stats = recordTalk(stats, 12 + (i % 19));
    const onCall = [...Array.from({ length: 100 }, () => 35), ...Array.from({ length: 50 }, () => 10)];
    const d = decide({ ...snapshot({ available: 10, onCall, ringing: Array.from({ length: 10 }, () => 1), ...roomy }), stats });
    // From the ended talks alone, 10.4 agents would free within 21 s and 48 dials go out; the 100 still talking at 35 s say fewer.
    expect(d.explanation).toMatch(/10 free, [0-8]\.\d more expected within/);
    expect(d.dials).toBeLessThan(44);
  });

  it("dials fewer when live calls are already waiting for agents", () => {
    const calm = decide(snapshot({ available: 4, onCall: [60, 60], ...roomy })).dials;
    const queued = decide(snapshot({ available: 0, onCall: [60, 60, 60, 60, 60, 60], waiting: 2, ...roomy })).dials;
    expect(queued).toBeLessThan(calm);
    expect(queued).toBe(0);
  });

  it("dials less as the day's abandon rate nears the cap", () => {
    const shape = { available: 5, onCall: [30, 60, 90, 120, 150] };
    const wide = decide(snapshot({ ...shape, ...roomy })).dials;
    const near = decide(snapshot({ ...shape, liveAnswered: 1000, abandoned: 27 })).dials;
    const at = decide(snapshot({ ...shape, ...atCap })).dials;
    expect(wide).toBeGreaterThanOrEqual(near);
    expect(near).toBeGreaterThanOrEqual(at);
    expect(at).toBe(5);
  });

  it("bounds AMD's misjudgment rate from above, tighter as more people are answered", () => {
    expect(misjudgmentUpperBound(2, 200)).toBeGreaterThan(2 / 200);
    expect(misjudgmentUpperBound(20, 2000)).toBeLessThan(misjudgmentUpperBound(2, 200));
    expect(misjudgmentUpperBound(20, 2000)).toBeGreaterThan(20 / 2000);
    expect(misjudgmentUpperBound(0, 0)).toBe(0.5);
  });

  it("never exceeds the line limit", () => {
    const s = snapshot({ available: 10, maxLinesPerAgent: 1.5, ...roomy });
    const d = decide(s);
    expect(linesInUse(s) + d.dials).toBeLessThanOrEqual(15);
    expect(d.dials).toBe(15);
    expect(d.explanation).toMatch(/line limit/);
  });

  it("explains each decision with the forecast and the budget", () => {
    const d = decide(snapshot({ available: 2, onCall: [60, 60], wrapUp: [12], ringing: [3, 8], ...roomy }));
    expect(d.explanation).toMatch(/2 free, [\d.]+ more expected within \d+ s; [\d.]+ live answers expected from \d+ calls in flight; next dial's no-agent risk [\d.]+ % > [\d.]+ % allowed/);
  });

  it("keeps its state as plain JSON and decides the same after a round trip", () => {
    let state = initialPredictiveState();
    for (let t = 0; t < 5; t++) state = decide(snapshot({ now: t, available: 4, onCall: [30], ...roomy }), state).nextState;
    const copy = JSON.parse(JSON.stringify(state)) as PredictiveState;
    const s = snapshot({ now: 6, available: 3, onCall: [30, 40], ringing: [5], ...roomy });
    expect(decide(s, copy)).toEqual(decide(s, state));
  });

  it("is what decideDials runs for a predictive state", () => {
    const s = snapshot({ available: 3, onCall: [45], ringing: [2], ...roomy });
    expect(decideDials(s, initialPacingState("predictive"))).toEqual(decide(s));
  });
});
