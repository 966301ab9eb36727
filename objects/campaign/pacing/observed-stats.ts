// The running estimates a campaign keeps about its own calls, shared by the actor and
// the pacing simulator: the outcome mix of dials, answer times, AMD decision time, how
// often AMD misjudges, and talk and wrap durations. Each is exponentially weighted by
// observation (older outcomes fade), so a list whose answer rate drops mid-shift is
// noticed within a few hundred dials. Plain JSON: the actor stores it as it stands.
import {
  DurationDistribution,
  histogramFromLognormal,
  observeDuration,
  withRunning,
  type DurationHistogram,
} from "./duration-histogram";
import type { AgentView } from "./snapshot";

export const DIAL_OUTCOMES = ["human", "machine", "noAnswer", "busy", "invalid"] as const;
export type DialOutcomeClass = (typeof DIAL_OUTCOMES)[number];

/**
 * How much each new observation's predecessors are kept (weight × keep per new one).
 * keep = 2^(−1/halfLife): the outcome mix forgets half its weight every 300 dials.
 */
export const OUTCOME_HALF_LIFE_DIALS = 300;
export const DURATION_HALF_LIFE_OBSERVATIONS = 400;
/** AMD mistakes are rare (≈1 %): a long memory, or the estimate is mostly noise. */
export const AMD_HALF_LIFE_ANSWERS = 3000;

const keepFor = (halfLife: number) => 2 ** (-1 / halfLife);

export interface ObservedStats {
  /** Decayed count of resolved dials by outcome (the truth as the campaign learns it). */
  outcomes: Record<DialOutcomeClass, number>;
  /** Seconds from dial to answer, per answered class. */
  answerSeconds: { human: DurationHistogram; machine: DurationHistogram };
  /** Seconds a busy or invalid number takes to fail. */
  failSeconds: DurationHistogram;
  amdDecisionSeconds: DurationHistogram;
  /** Decayed counts of AMD verdicts against the truth (agent dispositions, QA sampling). */
  amd: { humans: number; humansJudgedMachine: number; machines: number; machinesJudgedHuman: number };
  /** Seconds an agent talks with a live person, and wraps up after. */
  talkSeconds: DurationHistogram;
  wrapSeconds: DurationHistogram;
}

/**
 * Before a campaign has its own numbers: the field's (PRODUCT.md), worth a few dozen
 * observations, so the first minutes are paced sensibly and quickly overridden.
 * `timeScale` stretches its durations: a rehearsal's prediction runs in workload seconds,
 * while the engine's prior is in its own real seconds, `speed` times longer in the workload's.
 */
export function initialObservedStats(timeScale = 1): ObservedStats {
  const prior = (median: number, p90: number, weight: number) => histogramFromLognormal({ median: median * timeScale, p90: p90 * timeScale }, weight);
  return {
    outcomes: { human: 10, machine: 15, noAnswer: 20, busy: 2.5, invalid: 2.5 },
    answerSeconds: { human: prior(9, 16, 20), machine: prior(6, 12, 20) },
    failSeconds: prior(3, 6, 10),
    amdDecisionSeconds: prior(2.5, 4, 20),
    amd: { humans: 200, humansJudgedMachine: 2, machines: 200, machinesJudgedHuman: 16 },
    talkSeconds: prior(180, 600, 20),
    wrapSeconds: prior(25, 90, 20),
  };
}

/** What the campaign learns when a dial resolves. */
export type ResolvedDial =
  | { outcome: "human" | "machine"; answerSeconds: number; amdSeconds: number; judgedHuman: boolean }
  | { outcome: "noAnswer" }
  | { outcome: "busy" | "invalid"; failSeconds: number };

export function recordResolvedDial(stats: ObservedStats, dial: ResolvedDial): ObservedStats {
  const keep = keepFor(OUTCOME_HALF_LIFE_DIALS);
  const outcomes = { ...stats.outcomes };
  for (const name of DIAL_OUTCOMES) outcomes[name] *= keep;
  outcomes[dial.outcome] += 1;
  const next: ObservedStats = { ...stats, outcomes };
  const durationKeep = keepFor(DURATION_HALF_LIFE_OBSERVATIONS);
  if (dial.outcome === "human" || dial.outcome === "machine") {
    next.answerSeconds = { ...stats.answerSeconds, [dial.outcome]: observeDuration(stats.answerSeconds[dial.outcome], dial.answerSeconds, durationKeep) };
    next.amdDecisionSeconds = observeDuration(stats.amdDecisionSeconds, dial.amdSeconds, durationKeep);
    const amdKeep = keepFor(AMD_HALF_LIFE_ANSWERS);
    const a = stats.amd;
    next.amd =
      dial.outcome === "human"
        ? { ...a, humans: a.humans * amdKeep + 1, humansJudgedMachine: a.humansJudgedMachine * amdKeep + (dial.judgedHuman ? 0 : 1) }
        : { ...a, machines: a.machines * amdKeep + 1, machinesJudgedHuman: a.machinesJudgedHuman * amdKeep + (dial.judgedHuman ? 1 : 0) };
  } else if (dial.outcome === "busy" || dial.outcome === "invalid") {
    next.failSeconds = observeDuration(stats.failSeconds, dial.failSeconds, durationKeep);
  }
  return next;
}

export function recordTalk(stats: ObservedStats, seconds: number): ObservedStats {
  return { ...stats, talkSeconds: observeDuration(stats.talkSeconds, seconds, keepFor(DURATION_HALF_LIFE_OBSERVATIONS)) };
}

export function recordWrap(stats: ObservedStats, seconds: number): ObservedStats {
  return { ...stats, wrapSeconds: observeDuration(stats.wrapSeconds, seconds, keepFor(DURATION_HALF_LIFE_OBSERVATIONS)) };
}

/** The estimates as probabilities and distributions, built once per pacing decision. */
export interface StatsView {
  mix: Record<DialOutcomeClass, number>;
  answerHuman: DurationDistribution;
  answerMachine: DurationDistribution;
  fail: DurationDistribution;
  amdDecision: DurationDistribution;
  talk: DurationDistribution;
  wrap: DurationDistribution;
  humanJudgedMachine: number;
  machineJudgedHuman: number;
}

/** Views already built, per stats object (stats are never mutated, only replaced). */
const views = new WeakMap<ObservedStats, StatsView>();

export function viewStats(stats: ObservedStats): StatsView {
  const cached = views.get(stats);
  if (cached) return cached;
  const view = buildView(stats);
  views.set(stats, view);
  return view;
}

/**
 * The view a decision forecasts from: the talks and wrap-ups still running (the agents'
 * time in state) count as lasting at least that long (duration-histogram.ts withRunning).
 */
export function viewStatsWithRunning(stats: ObservedStats, agents: readonly AgentView[]): StatsView {
  const talking: number[] = [];
  const wrapping: number[] = [];
  for (const agent of agents) {
    if (agent.state === "on_call") talking.push(agent.secondsInState);
    else if (agent.state === "wrap_up") wrapping.push(agent.secondsInState);
  }
  const view = viewStats(stats);
  return {
    ...view,
    talk: talking.length ? new DurationDistribution(withRunning(stats.talkSeconds, talking)) : view.talk,
    wrap: wrapping.length ? new DurationDistribution(withRunning(stats.wrapSeconds, wrapping)) : view.wrap,
  };
}

function buildView(stats: ObservedStats): StatsView {
  let total = 0;
  for (const name of DIAL_OUTCOMES) total += stats.outcomes[name];
  const mix = { ...stats.outcomes };
  for (const name of DIAL_OUTCOMES) mix[name] = total > 0 ? stats.outcomes[name] / total : 0;
  return {
    mix,
    answerHuman: new DurationDistribution(stats.answerSeconds.human),
    answerMachine: new DurationDistribution(stats.answerSeconds.machine),
    fail: new DurationDistribution(stats.failSeconds),
    amdDecision: new DurationDistribution(stats.amdDecisionSeconds),
    talk: new DurationDistribution(stats.talkSeconds),
    wrap: new DurationDistribution(stats.wrapSeconds),
    humanJudgedMachine: stats.amd.humans > 0 ? stats.amd.humansJudgedMachine / stats.amd.humans : 0,
    machineJudgedHuman: stats.amd.machines > 0 ? stats.amd.machinesJudgedHuman / stats.amd.machines : 0,
  };
}
