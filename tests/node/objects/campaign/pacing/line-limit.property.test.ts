// Property: whatever the moment, no policy asks for more lines than
// maxLinesPerAgent × logged-in agents, and dials are whole and never negative.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideDials, initialPacingState, PACING_POLICIES, type PacingState } from "../../../../../objects/campaign/pacing";
import { initialObservedStats, recordResolvedDial, recordTalk, recordWrap } from "../../../../../objects/campaign/pacing/observed-stats";
import { countAgents, linesInUse, type AgentView, type CallInFlight, type PacingSnapshot } from "../../../../../objects/campaign/pacing/snapshot";

const agent = fc.record<AgentView>({
  state: fc.constantFrom("available", "on_call", "wrap_up", "break", "offline"),
  secondsInState: fc.double({ min: 0, max: 3600, noNaN: true }),
});

const call = fc.oneof(
  fc.double({ min: 0, max: 30, noNaN: true }).map<CallInFlight>((age) => ({ phase: "ringing", ageSeconds: age, phaseSeconds: age })),
  fc.double({ min: 0, max: 8, noNaN: true }).map<CallInFlight>((s) => ({ phase: "amd", ageSeconds: 5 + s, phaseSeconds: s })),
);

/** Some running estimates, from a random handful of outcomes on top of the prior. */
const stats = fc
  .array(
    fc.oneof(
      fc.record({ kind: fc.constant("human" as const), answer: fc.double({ min: 1, max: 25, noNaN: true }), judged: fc.boolean() }),
      fc.record({ kind: fc.constant("machine" as const), answer: fc.double({ min: 1, max: 25, noNaN: true }), judged: fc.boolean() }),
      fc.constant({ kind: "noAnswer" as const }),
      fc.record({ kind: fc.constant("talk" as const), seconds: fc.double({ min: 1, max: 3000, noNaN: true }) }),
      fc.record({ kind: fc.constant("wrap" as const), seconds: fc.double({ min: 1, max: 600, noNaN: true }) }),
    ),
    { maxLength: 40 },
  )
  .map((events) =>
    events.reduce((s, e) => {
      switch (e.kind) {
        case "human":
        case "machine":
          return recordResolvedDial(s, { outcome: e.kind, answerSeconds: e.answer, amdSeconds: 2.5, judgedHuman: e.judged });
        case "noAnswer":
          return recordResolvedDial(s, { outcome: "noAnswer" });
        case "talk":
          return recordTalk(s, e.seconds);
        case "wrap":
          return recordWrap(s, e.seconds);
      }
    }, initialObservedStats()),
  );

const snapshotArb = fc
  .record({
    now: fc.double({ min: 0, max: 28_800, noNaN: true }),
    agents: fc.array(agent, { maxLength: 60 }),
    calls: fc.array(call, { maxLength: 120 }),
    waiting: fc.nat({ max: 10 }),
    stats,
    live: fc.nat({ max: 5000 }),
    abandonShare: fc.double({ min: 0, max: 0.2, noNaN: true }),
    maxLinesPerAgent: fc.double({ min: 1, max: 6, noNaN: true }),
    abandonCap: fc.double({ min: 0.005, max: 0.1, noNaN: true }),
  })
  .map(({ now, agents, calls, waiting, stats, live, abandonShare, maxLinesPerAgent, abandonCap }): PacingSnapshot => {
    const counts = { liveAnswered: live, abandoned: Math.floor(live * abandonShare) };
    return {
      nowSeconds: now,
      agents,
      callsInFlight: calls,
      waitingCalls: Array.from({ length: waiting }, () => ({ waitingSeconds: 1 })),
      stats,
      budget: { today: counts, rolling30d: counts, dialsResolvedToday: live * 5 },
      limits: { maxLinesPerAgent, abandonCap, connectWindowSeconds: 2 },
    };
  });

describe("every policy respects the line limit", () => {
  for (const policy of PACING_POLICIES) {
    it(`${policy}: lines in use + dials ≤ maxLinesPerAgent × logged-in agents, on any snapshot`, () => {
      fc.assert(
        fc.property(snapshotArb, fc.nat({ max: 30 }), (s, warmUpTicks) => {
          // Some history first, so stateful policies decide from a lived-in state.
          let state: PacingState = initialPacingState(policy);
          for (let t = 0; t < warmUpTicks; t++) state = decideDials({ ...s, nowSeconds: s.nowSeconds - warmUpTicks + t }, state).nextState;
          const d = decideDials(s, state);
          const limit = Math.floor(s.limits.maxLinesPerAgent * countAgents(s.agents).loggedIn);
          expect(Number.isInteger(d.dials)).toBe(true);
          expect(d.dials).toBeGreaterThanOrEqual(0);
          expect(linesInUse(s) + d.dials).toBeLessThanOrEqual(Math.max(limit, linesInUse(s)));
          if (linesInUse(s) >= limit) expect(d.dials).toBe(0);
          expect(JSON.parse(JSON.stringify(d.nextState))).toEqual(d.nextState);
        }),
        { numRuns: 150, seed: 4242 },
      );
    });
  }

  it("no policy dials when nobody is logged in", () => {
    fc.assert(
      fc.property(snapshotArb, (s) => {
        const empty = { ...s, agents: s.agents.map((a) => ({ ...a, state: "offline" as const })) };
        for (const policy of PACING_POLICIES) expect(decideDials(empty, initialPacingState(policy)).dials).toBe(0);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
