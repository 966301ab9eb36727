// VICIdial's adaptive pacing (AST_VDadapt.pl sets the dial level, AST_VDauto_dial.pl
// places calls) in ADAPT_HARD_LIMIT mode, re-implemented exactly as PACING.md writes
// the pseudo-code, as the benchmark's strongest open baseline:
//   every 1 s    sample ready agents, waiting calls, logged-in agents (keep 15 samples)
//   every 15 s   L ← clamp(L·(1 + (ready − waiting)/total), 1, 3); halve it when over
//                half of the last minute's live answers dropped (with > 20 dials
//                resolved); back to 1.0 when the whole run is over the cap (> 50 live)
//   every 2.5 s  dial round(L·(available + on-call)) − calls in flight − connected calls
// It only sees the snapshot: the cumulative counters at each level update give it the
// last minute without keeping events.
import { countAgents, lineHeadroom, type PacingDecision, type PacingSnapshot } from "./snapshot";

export const VICIDIAL_SAMPLE_SECONDS = 1;
export const VICIDIAL_SAMPLES_KEPT = 15;
export const VICIDIAL_LEVEL_SECONDS = 15;
export const VICIDIAL_DIAL_SECONDS = 2.5;
export const VICIDIAL_MAX_LEVEL = 3.0;
export const VICIDIAL_DROP_WINDOW_SECONDS = 60;
export const VICIDIAL_DROP_BRAKE_MIN_RESOLVED = 20;
export const VICIDIAL_DROP_BRAKE_SHARE = 0.5;
export const VICIDIAL_CAP_MIN_LIVE = 50;

export interface VicidialSample {
  ready: number;
  waiting: number;
  total: number;
}

/** The run's counters as they stood at a level update, for the 60 s drop window. */
export interface VicidialCounters {
  atSeconds: number;
  resolved: number;
  liveAnswered: number;
  abandoned: number;
}

export interface VicidialAdaptState {
  policy: "vicidial-adapt";
  level: number;
  samples: VicidialSample[];
  counters: VicidialCounters[];
  /** null until the first decision starts the clocks. */
  nextSampleAt: number | null;
  nextLevelAt: number | null;
  nextDialAt: number | null;
}

export const initialVicidialAdaptState = (): VicidialAdaptState => ({
  policy: "vicidial-adapt",
  level: 1,
  samples: [],
  counters: [],
  nextSampleAt: null,
  nextLevelAt: null,
  nextDialAt: null,
});

/** The next time a periodic clock fires after `now` (skips beats an idle actor missed). */
function advance(due: number, period: number, now: number): number {
  let next = due + period;
  if (next <= now) next += Math.ceil((now - next) / period + 1e-9) * period;
  return next;
}

function countersNow(snapshot: PacingSnapshot): VicidialCounters {
  return {
    atSeconds: snapshot.nowSeconds,
    resolved: snapshot.budget.dialsResolvedToday,
    liveAnswered: snapshot.budget.today.liveAnswered,
    abandoned: snapshot.budget.today.abandoned,
  };
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** The 15 s level update, returning the new level and why. */
export function updateVicidialLevel(
  level: number,
  samples: readonly VicidialSample[],
  minuteAgo: VicidialCounters,
  now: VicidialCounters,
  abandonCap: number,
): { level: number; reason: string } {
  const totalAvg = mean(samples.map((s) => s.total));
  if (!(totalAvg > 0)) return { level, reason: "no agents logged in" };
  const readyAvg = mean(samples.map((s) => s.ready));
  const waitingAvg = mean(samples.map((s) => s.waiting));
  const d = (readyAvg - waitingAvg) / totalAvg;
  let next = Math.min(VICIDIAL_MAX_LEVEL, Math.max(1, level * (1 + d)));
  let reason = `ready ${readyAvg.toFixed(1)}, waiting ${waitingAvg.toFixed(1)} of ${totalAvg.toFixed(1)}`;
  const resolved = now.resolved - minuteAgo.resolved;
  const live = now.liveAnswered - minuteAgo.liveAnswered;
  const drops = now.abandoned - minuteAgo.abandoned;
  if (resolved > VICIDIAL_DROP_BRAKE_MIN_RESOLVED && live > 0 && drops / live > VICIDIAL_DROP_BRAKE_SHARE) {
    next /= 2;
    reason = `halved: ${drops} of ${live} live answers dropped in the last minute`;
  }
  if (now.liveAnswered > VICIDIAL_CAP_MIN_LIVE && now.abandoned / now.liveAnswered > abandonCap) {
    next = 1;
    reason = `reset to 1.0: run abandon rate ${((100 * now.abandoned) / now.liveAnswered).toFixed(2)} % over the cap`;
  }
  return { level: Math.max(1, next), reason };
}

export function decideVicidialAdaptDials(snapshot: PacingSnapshot, previous: VicidialAdaptState): PacingDecision<VicidialAdaptState> {
  const now = snapshot.nowSeconds;
  const agents = countAgents(snapshot.agents);
  const state: VicidialAdaptState = {
    ...previous,
    nextSampleAt: previous.nextSampleAt ?? now,
    nextLevelAt: previous.nextLevelAt ?? now + VICIDIAL_LEVEL_SECONDS,
    nextDialAt: previous.nextDialAt ?? now,
    counters: previous.counters.length > 0 ? previous.counters : [countersNow(snapshot)],
  };
  let levelReason = "";

  if (now >= state.nextSampleAt!) {
    const sample = { ready: agents.available, waiting: snapshot.waitingCalls.length, total: agents.loggedIn };
    state.samples = [...state.samples, sample].slice(-VICIDIAL_SAMPLES_KEPT);
    state.nextSampleAt = advance(state.nextSampleAt!, VICIDIAL_SAMPLE_SECONDS, now);
  }

  if (now >= state.nextLevelAt! && state.samples.length > 0) {
    const current = countersNow(snapshot);
    // The oldest kept update at least a minute old (or the run's start, early on).
    const cutoff = now - VICIDIAL_DROP_WINDOW_SECONDS;
    let minuteAgo = state.counters[0]!;
    for (const c of state.counters) if (c.atSeconds <= cutoff + 1e-9) minuteAgo = c;
    const update = updateVicidialLevel(state.level, state.samples, minuteAgo, current, snapshot.limits.abandonCap);
    state.level = update.level;
    levelReason = update.reason;
    state.counters = [...state.counters.filter((c) => c.atSeconds >= minuteAgo.atSeconds), current];
    state.nextLevelAt = advance(state.nextLevelAt!, VICIDIAL_LEVEL_SECONDS, now);
  }

  const level = state.level.toFixed(2);
  if (now < state.nextDialAt!) {
    return { dials: 0, nextState: state, explanation: `level ${level}${levelReason ? ` (${levelReason})` : ""}: next dial check in ${(state.nextDialAt! - now).toFixed(1)} s` };
  }
  state.nextDialAt = advance(state.nextDialAt!, VICIDIAL_DIAL_SECONDS, now);
  const goal = Math.round(state.level * (agents.available + agents.onCall));
  const pending = snapshot.callsInFlight.length + snapshot.waitingCalls.length;
  const wanted = Math.max(0, goal - pending - agents.onCall);
  const dials = Math.min(wanted, lineHeadroom(snapshot, agents));
  const explanation =
    `level ${level}${levelReason ? ` (${levelReason})` : ""}: goal ${goal} lines for ${agents.available + agents.onCall} agents, ` +
    `${pending} in flight, ${agents.onCall} connected → ${dials} dial${dials === 1 ? "" : "s"}${dials < wanted ? " (line limit)" : ""}`;
  return { dials, nextState: state, explanation };
}
