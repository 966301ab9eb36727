// The real run's metrics are the pacing benchmark's, from the engine's call rows and the
// agents' statuses: a person AMD took for a machine is an abandoned live answer, a
// machine AMD let through is machine talk, talk and wrap count inside the shift only,
// and durations are workload seconds (real × speed).
import { describe, expect, it } from "vitest";
import type { LeadFate } from "../../../../objects/campaign/pacing/simulation/lead-fate";
import { realMetrics, type RealCall } from "../../../../bench/rehearse/real-metrics";
import type { StatusSpan } from "../../../../bench/rehearse/agent-desk";

const fate = (outcome: LeadFate["outcome"], judgedHuman = true): LeadFate => ({
  outcome,
  answerSeconds: 8,
  amdSeconds: 2,
  judgedHuman,
  talkSeconds: 100,
  wrapSeconds: 40,
  failSeconds: 2,
});
const call = (id: string, createdAtMs: number, answeredAtMs: number | null, bridgedAtMs: number | null, endedAtMs: number | null): RealCall => ({
  id,
  to: id,
  createdAtMs,
  answeredAtMs,
  bridgedAtMs,
  endedAtMs,
});
const span = (status: StatusSpan["status"], callId: string | null, fromMs: number, toMs: number): StatusSpan => ({ userId: "a1", status, callId, fromMs, toMs });

describe("the real run's metrics", () => {
  it("count as the pacing simulator counts, in workload seconds, inside the shift", () => {
    const fates: Record<string, LeadFate> = {
      talked: fate("human"),
      misjudged: fate("human", false),
      dropped: fate("human"),
      machineThrough: fate("machine"),
      noAnswer: fate("noAnswer"),
      afterShift: fate("human"),
    };
    // Speed 10: 1 real second is 10 workload seconds. The shift is 0..60 s real (600 workload s), one agent.
    const { metrics, diagnostics } = realMetrics({
      policy: "predictive",
      agents: 1,
      speed: 10,
      shift: { startMs: 0, endMs: 60_000 },
      calls: [
        call("talked", 1_000, 2_000, 3_000, 13_000), // 10 s real talk = 100 workload s
        call("misjudged", 1_000, 2_000, null, 4_000),
        call("dropped", 20_000, 21_000, null, 23_000),
        call("machineThrough", 30_000, 30_500, 31_000, 32_000),
        call("noAnswer", 40_000, null, null, 42_000),
        call("afterShift", 61_000, 62_000, 63_000, 70_000),
      ],
      spans: [
        span("on_call", "talked", 2_500, 13_000),
        span("wrap_up", "talked", 13_000, 17_000), // 4 s real = 40 workload s
        span("on_call", "machineThrough", 30_800, 32_000),
        span("on_call", "last", 55_000, 65_000), // only 5 s of it inside the shift
      ],
      fateOf: (c) => fates[c.to] ?? null,
    });
    expect(metrics.dials).toBe(5);
    expect(metrics.liveAnswered).toBe(3);
    expect(metrics.abandoned).toBe(2);
    expect(metrics.abandonRate).toBeCloseTo(2 / 3);
    expect(metrics.talkShare).toBeCloseTo(100 / 600);
    expect(metrics.occupancy).toBeCloseTo((100 + 40 + 10) / 600);
    expect(metrics.dialsPerAgentHour).toBeCloseTo(5 / (600 / 3600));
    expect(metrics.contactsPerAgentHour).toBeCloseTo(1 / (600 / 3600));
    // Verdict at 1 s + (8 + 2) / 10 = 2 s real; bridged at 3 s: 10 workload s.
    expect(metrics.connectWaitP95Seconds).toBeCloseTo(10);
    expect(diagnostics.verdictToReservedMsP50).toBe(500);
    expect(diagnostics.reservedToBridgedMsP50).toBe(500);
    // on_call 10.5 + 1.2 + 5 real s = 167 workload s; talking 100 + 10 of it.
    expect(diagnostics.onCallShare).toBeCloseTo(167 / 600);
    expect(diagnostics.onCallNotTalkingShare).toBeCloseTo(57 / 600);
  });
});
