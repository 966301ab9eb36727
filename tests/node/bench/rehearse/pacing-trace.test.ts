// The rehearsal's pacing trace: the campaign's decisions, read from wrangler's coloured
// warning lines, land on the shift's clock in workload seconds beside the simulator's, and
// each minute of the two is a time-weighted picture with the dials placed in it.
import { describe, expect, it } from "vitest";
import { bucketed, engineSeries, EngineTraceLines, simulatorSeries } from "../../../../bench/rehearse/pacing-trace";
import type { PacingTraceEntry } from "../../../../objects/campaign/pacing/decision-trace";

const entry = (nowSeconds: number, available: number, placed: number, talkMedianSeconds = 10): PacingTraceEntry => ({
  nowSeconds,
  agents: { available, onCall: 0, wrapUp: 0, loggedIn: 5 },
  wrapUpElapsedMeanSeconds: 2,
  ringing: 1,
  amd: 0,
  waiting: 0,
  liveAnswered: 0,
  abandoned: 0,
  stats: {
    humanShare: 0.3,
    humanJudgedMachine: 0.01,
    machineJudgedHuman: 0.08,
    answerHumanMedianSeconds: 1,
    amdMedianSeconds: 0.3,
    talkMedianSeconds,
    talkMeanSeconds: talkMedianSeconds,
    wrapMedianSeconds: 4,
    wrapMeanSeconds: 4,
    talkObservations: 20,
  },
  wanted: placed,
  placed,
  explanation: "a sentence",
});

const warning = (campaignId: string, e: PacingTraceEntry) =>
  `\u001b[33m▲ \u001b[43;33m[\u001b[43;30mWARNING\u001b[43;33m]\u001b[0m \u001b[1m${JSON.stringify({ at: "x", event: "pacing_decision", campaignId, entry: e })}\u001b[0m\n`;

describe("the rehearsal's pacing trace", () => {
  it("reads the campaign's decisions out of wrangler's output, across chunks, ignoring other lines and campaigns", () => {
    const lines = new EngineTraceLines();
    const text = `a request log line\n${warning("c1", entry(1000, 3, 1))}${warning("c2", entry(1000.5, 9, 9))}${warning("c1", entry(1001, 2, 0))}`;
    lines.take(text.slice(0, 70));
    lines.take(text.slice(70));
    // At speed 8 the campaign's real second 1001 is workload second 8 of a shift that began at 1000 s.
    const series = engineSeries(lines.lines, "c1", 1_000_000, 8);
    expect(series.map((p) => p.t)).toEqual([0, 8]);
    expect(series[0]!.entry.stats.talkMedianSeconds).toBe(80);
    expect(series[0]!.entry.wrapUpElapsedMeanSeconds).toBe(16);
  });

  it("weighs each decision's picture by how long it held, and counts the dials placed in each bucket", () => {
    const series = simulatorSeries([entry(0, 4, 3), entry(30, 0, 1), entry(90, 2, 2)]);
    const [first, second] = bucketed(series, 60, 120);
    expect(first!.available).toBeCloseTo(2);
    expect(first!.placed).toBe(4);
    expect(second!.available).toBeCloseTo(1);
    expect(second!.placed).toBe(2);
  });
});
