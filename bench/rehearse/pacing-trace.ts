// The rehearsal's pacing trace (REHEARSE_PACING_TRACE=file): each decision of the real
// campaign (its PACING_TRACE log lines: real seconds, an epoch clock) and of the
// prediction (the simulator's onDecision: workload seconds from the shift's start), put on
// one clock and in one unit (workload seconds since the shift began), and a table of the
// two side by side, minute by minute. Pure: run.ts feeds it the Worker's output,
// rehearsal.ts the simulator's decisions.
import { z } from "zod";
import type { PacingTraceEntry } from "../../objects/campaign/pacing/decision-trace.ts";

/** One decision on the shift's clock: `t` and every duration in the entry are workload seconds. */
export interface TracePoint {
  t: number;
  entry: PacingTraceEntry;
}

const traceEntrySchema = z.object({
  nowSeconds: z.number(),
  agents: z.object({ available: z.number(), onCall: z.number(), wrapUp: z.number(), loggedIn: z.number() }),
  wrapUpElapsedMeanSeconds: z.number(),
  ringing: z.number(),
  amd: z.number(),
  waiting: z.number(),
  liveAnswered: z.number(),
  abandoned: z.number(),
  stats: z.object({
    humanShare: z.number(),
    humanJudgedMachine: z.number(),
    machineJudgedHuman: z.number(),
    answerHumanMedianSeconds: z.number(),
    amdMedianSeconds: z.number(),
    talkMedianSeconds: z.number(),
    talkMeanSeconds: z.number(),
    wrapMedianSeconds: z.number(),
    wrapMeanSeconds: z.number(),
    talkObservations: z.number(),
  }),
  wanted: z.number(),
  placed: z.number(),
  explanation: z.string(),
}) satisfies z.ZodType<PacingTraceEntry>;

const traceLineSchema = z.object({ event: z.literal("pacing_decision"), campaignId: z.string(), entry: traceEntrySchema });

/** The campaign's pacing_decision lines out of the Worker's output, as it arrives in chunks. */
export class EngineTraceLines {
  #partial = "";
  readonly lines: { campaignId: string; entry: PacingTraceEntry }[] = [];

  take(text: string): void {
    const lines = (this.#partial + text).split("\n");
    this.#partial = lines.pop() ?? "";
    for (const line of lines) {
      // wrangler prints it as a warning: "▲ [WARNING] {…}" wrapped in colour codes.
      const start = line.indexOf("{");
      const end = line.lastIndexOf("}");
      if (start < 0 || end < start || !line.includes('"pacing_decision"')) continue;
      try {
        const parsed = traceLineSchema.safeParse(JSON.parse(line.slice(start, end + 1)));
        if (parsed.success) this.lines.push(parsed.data);
      } catch {
        // Another line that merely mentions the event: not a trace line.
      }
    }
  }
}

/** Every duration of an entry times `factor` (real seconds → workload seconds). */
function scaled(entry: PacingTraceEntry, factor: number): PacingTraceEntry {
  const s = entry.stats;
  return {
    ...entry,
    wrapUpElapsedMeanSeconds: entry.wrapUpElapsedMeanSeconds * factor,
    stats: {
      ...s,
      answerHumanMedianSeconds: s.answerHumanMedianSeconds * factor,
      amdMedianSeconds: s.amdMedianSeconds * factor,
      talkMedianSeconds: s.talkMedianSeconds * factor,
      talkMeanSeconds: s.talkMeanSeconds * factor,
      wrapMedianSeconds: s.wrapMedianSeconds * factor,
      wrapMeanSeconds: s.wrapMeanSeconds * factor,
    },
  };
}

/** The real campaign's decisions on the shift's clock, in workload seconds. */
export function engineSeries(lines: EngineTraceLines["lines"], campaignId: string, shiftStartMs: number, speed: number): TracePoint[] {
  return lines
    .filter((l) => l.campaignId === campaignId)
    .map((l) => ({ t: ((l.entry.nowSeconds * 1000 - shiftStartMs) / 1000) * speed, entry: scaled(l.entry, speed) }))
    .sort((a, b) => a.t - b.t);
}

/** The simulator's decisions (already workload seconds from the shift's start). */
export const simulatorSeries = (entries: readonly PacingTraceEntry[]): TracePoint[] => entries.map((entry) => ({ t: entry.nowSeconds, entry }));

export interface TraceBucket {
  fromSecond: number;
  /** Time-weighted means over the bucket (each decision's picture holds until the next). */
  available: number;
  onCall: number;
  wrapUp: number;
  inFlight: number;
  waiting: number;
  /** Dials placed in the bucket. */
  placed: number;
  /** The last decision's view in the bucket. */
  last: PacingTraceEntry | null;
}

/** The series cut into buckets of `bucketSeconds` from 0 to `untilSecond`. */
export function bucketed(series: readonly TracePoint[], bucketSeconds: number, untilSecond: number): TraceBucket[] {
  const buckets: TraceBucket[] = [];
  for (let from = 0; from < untilSecond; from += bucketSeconds) {
    const to = Math.min(untilSecond, from + bucketSeconds);
    const sums = { available: 0, onCall: 0, wrapUp: 0, inFlight: 0, waiting: 0 };
    let weight = 0;
    let placed = 0;
    let last: PacingTraceEntry | null = null;
    for (let i = 0; i < series.length; i++) {
      const point = series[i]!;
      const holdsUntil = series[i + 1]?.t ?? untilSecond;
      if (point.t >= from && point.t < to) {
        placed += point.entry.placed;
        last = point.entry;
      }
      const overlap = Math.min(holdsUntil, to) - Math.max(point.t, from);
      if (overlap <= 0) continue;
      const e = point.entry;
      sums.available += overlap * e.agents.available;
      sums.onCall += overlap * e.agents.onCall;
      sums.wrapUp += overlap * e.agents.wrapUp;
      sums.inFlight += overlap * (e.ringing + e.amd);
      sums.waiting += overlap * e.waiting;
      weight += overlap;
    }
    const mean = (x: number) => (weight > 0 ? x / weight : 0);
    buckets.push({ fromSecond: from, available: mean(sums.available), onCall: mean(sums.onCall), wrapUp: mean(sums.wrapUp), inFlight: mean(sums.inFlight), waiting: mean(sums.waiting), placed, last });
  }
  return buckets;
}

/** The two series side by side, a row per bucket: real | predicted. */
export function formatTraceComparison(engine: readonly TracePoint[], simulated: readonly TracePoint[], bucketSeconds: number, untilSecond: number): string {
  const real = bucketed(engine, bucketSeconds, untilSecond);
  const predicted = bucketed(simulated, bucketSeconds, untilSecond);
  const pair = (a: number, b: number, digits = 1) => `${a.toFixed(digits)}|${b.toFixed(digits)}`;
  const stat = (b: TraceBucket, pick: (e: PacingTraceEntry) => number, digits = 0) => (b.last ? pick(b.last).toFixed(digits) : "-");
  const header = ["min", "avail", "onCall", "wrapUp", "inFlight", "waiting", "dials", "live", "aband", "talkMed", "wrapMed", "answerMed", "amdMed", "human%", "reasoning (real)"];
  const rows = real.map((r, i) => {
    const p = predicted[i]!;
    return [
      (r.fromSecond / 60).toFixed(0),
      pair(r.available, p.available),
      pair(r.onCall, p.onCall),
      pair(r.wrapUp, p.wrapUp),
      pair(r.inFlight, p.inFlight),
      pair(r.waiting, p.waiting),
      `${r.placed}|${p.placed}`,
      `${stat(r, (e) => e.liveAnswered)}|${stat(p, (e) => e.liveAnswered)}`,
      `${stat(r, (e) => e.abandoned)}|${stat(p, (e) => e.abandoned)}`,
      `${stat(r, (e) => e.stats.talkMedianSeconds)}|${stat(p, (e) => e.stats.talkMedianSeconds)}`,
      `${stat(r, (e) => e.stats.wrapMedianSeconds)}|${stat(p, (e) => e.stats.wrapMedianSeconds)}`,
      `${stat(r, (e) => e.stats.answerHumanMedianSeconds, 1)}|${stat(p, (e) => e.stats.answerHumanMedianSeconds, 1)}`,
      `${stat(r, (e) => e.stats.amdMedianSeconds, 1)}|${stat(p, (e) => e.stats.amdMedianSeconds, 1)}`,
      `${stat(r, (e) => 100 * e.stats.humanShare)}|${stat(p, (e) => 100 * e.stats.humanShare)}`,
      r.last?.explanation ?? "",
    ];
  });
  return [
    "pacing trace, real|predicted per workload minute (agents and calls: time-weighted means; dials: placed; stats: the last decision's view, workload seconds)",
    header.join("\t"),
    ...rows.map((r) => r.join("\t")),
  ].join("\n");
}
