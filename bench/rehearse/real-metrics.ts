// The real run's metrics, named and computed exactly as the pacing benchmark's
// (computeMetrics over the same ShiftTotals), from what the engine recorded: each
// campaign call's row in Postgres (dialled, answered, bridged to an agent, ended) and
// the agents' statuses as their pool sockets saw them. Who each callee was comes from
// the lead's fate (the number carries the lead), so a person AMD took for a machine
// counts as a live answer abandoned, as the simulator counts them. Durations are
// workload seconds: real milliseconds × speed. Talk and wrap count inside the shift
// only; calls dialled in the shift count whenever they resolve. Pure.
import { computeMetrics, emptyShiftTotals, percentile, type PolicyMetrics, type ShiftTotals } from "../../objects/campaign/pacing/simulation/metrics.ts";
import type { LeadFate } from "../../objects/campaign/pacing/simulation/lead-fate.ts";
import type { StatusSpan } from "./agent-desk.ts";

export interface RealCall {
  id: string;
  to: string;
  createdAtMs: number;
  answeredAtMs: number | null;
  bridgedAtMs: number | null;
  endedAtMs: number | null;
}

export interface RealRun {
  policy: string;
  agents: number;
  speed: number;
  shift: { startMs: number; endMs: number };
  calls: readonly RealCall[];
  spans: readonly StatusSpan[];
  /** The fate of the lead a number carries (null: not one of the plan's numbers). */
  fateOf(call: RealCall): LeadFate | null;
}

/** Where the agents' time went beyond the benchmark's shares, and the engine's own delays (workload seconds unless named). */
export interface RealDiagnostics {
  /** Share of staffed time agents were on_call in the pool (reserved, ringing, bridged). */
  onCallShare: number;
  /** on_call time not spent talking (to a person or a machine): the engine's cost per connection. */
  onCallNotTalkingShare: number;
  /** Share of staffed time in wrap_up, and what the leads' wrap-ups asked for. */
  wrapUpShare: number;
  wrapAskedShare: number;
  /** Per connected person: the estimated AMD verdict → the pool saying on_call, and on_call → bridged (real ms). */
  verdictToReservedMsP50: number;
  verdictToReservedMsP95: number;
  reservedToBridgedMsP50: number;
  reservedToBridgedMsP95: number;
  /** Calls dialled in the shift still unresolved (no end row) when read. */
  unresolved: number;
}

const overlapMs = (from: number, to: number, shift: { startMs: number; endMs: number }) => Math.max(0, Math.min(to, shift.endMs) - Math.max(from, shift.startMs));

export function realMetrics(run: RealRun): { metrics: PolicyMetrics; diagnostics: RealDiagnostics } {
  const { shift, speed } = run;
  const seconds = (ms: number) => (ms * speed) / 1000;
  const totals: ShiftTotals = emptyShiftTotals(run.agents, seconds(shift.endMs - shift.startMs));
  const onCallSpan = new Map<string, StatusSpan>();
  for (const span of run.spans) if (span.status === "on_call" && span.callId && !onCallSpan.has(span.callId)) onCallSpan.set(span.callId, span);
  const verdictToReserved: number[] = [];
  const reservedToBridged: number[] = [];
  let wrapAskedSeconds = 0;
  let unresolved = 0;
  for (const call of run.calls) {
    if (call.createdAtMs < shift.startMs || call.createdAtMs >= shift.endMs) continue;
    totals.dials++;
    if (call.endedAtMs !== null) totals.dialsResolved++;
    else unresolved++;
    const fate = run.fateOf(call);
    if (!fate) continue;
    const person = fate.outcome === "human" && call.answeredAtMs !== null;
    const endMs = call.endedAtMs ?? shift.endMs;
    if (person) totals.liveAnswered++;
    if (person && call.bridgedAtMs === null) totals.abandoned++;
    if (call.bridgedAtMs === null) continue;
    if (fate.outcome === "machine") {
      totals.machineTalkSeconds += seconds(overlapMs(call.bridgedAtMs, endMs, shift));
      continue;
    }
    totals.connectedHumans++;
    totals.talkSeconds += seconds(overlapMs(call.bridgedAtMs, endMs, shift));
    wrapAskedSeconds += call.endedAtMs !== null && call.endedAtMs < shift.endMs ? Math.min(fate.wrapSeconds, seconds(shift.endMs - call.endedAtMs)) : 0;
    // The verdict, estimated: the row's dial time plus the fate's ring and AMD, at the simulator's speed.
    const verdictMs = call.createdAtMs + ((fate.answerSeconds + fate.amdSeconds) * 1000) / speed;
    totals.connectWaits.push(Math.max(0, seconds(call.bridgedAtMs - verdictMs)));
    const reserved = onCallSpan.get(call.id);
    if (reserved) {
      verdictToReserved.push(reserved.fromMs - verdictMs);
      reservedToBridged.push(call.bridgedAtMs - reserved.fromMs);
    }
  }
  let onCallMs = 0;
  let wrapMs = 0;
  for (const span of run.spans) {
    const inShift = overlapMs(span.fromMs, span.toMs ?? shift.endMs, shift);
    if (span.status === "on_call") onCallMs += inShift;
    if (span.status === "wrap_up") wrapMs += inShift;
  }
  totals.wrapSeconds = seconds(wrapMs);
  const staffed = totals.agents * totals.shiftSeconds;
  const onCallShare = seconds(onCallMs) / staffed;
  return {
    metrics: computeMetrics(run.policy, totals),
    diagnostics: {
      onCallShare,
      onCallNotTalkingShare: onCallShare - (totals.talkSeconds + totals.machineTalkSeconds) / staffed,
      wrapUpShare: totals.wrapSeconds / staffed,
      wrapAskedShare: wrapAskedSeconds / staffed,
      verdictToReservedMsP50: percentile(verdictToReserved, 0.5),
      verdictToReservedMsP95: percentile(verdictToReserved, 0.95),
      reservedToBridgedMsP50: percentile(reservedToBridged, 0.5),
      reservedToBridgedMsP95: percentile(reservedToBridged, 0.95),
      unresolved,
    },
  };
}
