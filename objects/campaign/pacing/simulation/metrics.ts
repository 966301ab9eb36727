// The row PACING.md asks for, per policy, from a shift's totals. Shares are of staffed
// agent time (agents × shift); the ceiling is an agent who is never idle, talking for
// talkShare ÷ occupancy of their handle time.
import { abandonRate } from "../../../../domain/metrics";

export interface ShiftTotals {
  agents: number;
  shiftSeconds: number;
  /** Human talk inside the shift. */
  talkSeconds: number;
  wrapSeconds: number;
  /** Agents hearing a machine that AMD took for a person. */
  machineTalkSeconds: number;
  liveAnswered: number;
  abandoned: number;
  connectedHumans: number;
  dials: number;
  dialsResolved: number;
  /** Seconds from the AMD decision to an agent, per connected person. */
  connectWaits: number[];
}

/** A shift's totals before anything has happened in it. */
export function emptyShiftTotals(agents: number, shiftSeconds: number): ShiftTotals {
  return { agents, shiftSeconds, talkSeconds: 0, wrapSeconds: 0, machineTalkSeconds: 0, liveAnswered: 0, abandoned: 0, connectedHumans: 0, dials: 0, dialsResolved: 0, connectWaits: [] };
}

export interface PolicyMetrics {
  policy: string;
  talkShare: number;
  occupancy: number;
  idleShare: number;
  liveAnswered: number;
  abandoned: number;
  abandonRate: number;
  dials: number;
  dialsPerAgentHour: number;
  contactsPerAgentHour: number;
  leadsUsed: number;
  connectWaitP95Seconds: number;
  /** talkShare ÷ occupancy: the talk share of an agent who is never idle. */
  ceiling: number;
  /** talkShare ÷ ceiling. */
  talkShareOfCeiling: number;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function computeMetrics(policy: string, t: ShiftTotals): PolicyMetrics {
  const staffed = t.agents * t.shiftSeconds;
  const agentHours = staffed / 3600;
  const talkShare = t.talkSeconds / staffed;
  const occupancy = (t.talkSeconds + t.wrapSeconds + t.machineTalkSeconds) / staffed;
  const ceiling = occupancy > 0 ? talkShare / occupancy : 0;
  return {
    policy,
    talkShare,
    occupancy,
    idleShare: 1 - occupancy,
    liveAnswered: t.liveAnswered,
    abandoned: t.abandoned,
    // A shift nobody answered abandoned nobody: scored as 0 %.
    abandonRate: abandonRate(t) ?? 0,
    dials: t.dials,
    dialsPerAgentHour: t.dials / agentHours,
    contactsPerAgentHour: t.connectedHumans / agentHours,
    leadsUsed: t.dials,
    connectWaitP95Seconds: percentile(t.connectWaits, 0.95),
    ceiling,
    talkShareOfCeiling: ceiling > 0 ? talkShare / ceiling : 0,
  };
}
