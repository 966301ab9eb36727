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
import type { AgentView, CallInFlight } from "./snapshot";

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

/**
 * Dials placed: the outcome mix forgets by dials placed, not by outcomes learnt. Outcomes
 * arrive in the order they resolve, not the order they were dialled: a no-answer only at
 * the ring timeout, seconds after the people and machines dialled with it. Forgetting at
 * each outcome made a burst's no-answers, all landing together, the newest and heaviest
 * third of the mix (a 200-agent shift's first burst read 14 % people where 22 % answered,
 * and the pacer overdialled on it).
 */
export function recordDialsPlaced(stats: ObservedStats, dials: number): ObservedStats {
  if (dials <= 0) return stats;
  const keep = keepFor(OUTCOME_HALF_LIFE_DIALS) ** dials;
  const outcomes = { ...stats.outcomes };
  for (const name of DIAL_OUTCOMES) outcomes[name] *= keep;
  return { ...stats, outcomes };
}

export function recordResolvedDial(stats: ObservedStats, dial: ResolvedDial): ObservedStats {
  const outcomes = { ...stats.outcomes };
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
 * time in state) count as lasting at least that long (duration-histogram.ts withRunning),
 * and the dials still in flight count in the outcome mix as what they may still turn out
 * to be (mixWithPending).
 */
export function viewStatsWithRunning(stats: ObservedStats, agents: readonly AgentView[], callsInFlight: readonly CallInFlight[] = []): StatsView {
  const talking: number[] = [];
  const wrapping: number[] = [];
  for (const agent of agents) {
    if (agent.state === "on_call") talking.push(agent.secondsInState);
    else if (agent.state === "wrap_up") wrapping.push(agent.secondsInState);
  }
  const resolved = viewStats(stats);
  const view = callsInFlight.length ? { ...resolved, mix: mixWithPending(stats, resolved, callsInFlight) } : resolved;
  return {
    ...view,
    talk: talking.length ? new DurationDistribution(withRunning(stats.talkSeconds, talking)) : view.talk,
    wrap: wrapping.length ? new DurationDistribution(withRunning(stats.wrapSeconds, wrapping)) : view.wrap,
  };
}

/**
 * The outcome mix with each dial in flight counted as its chances: a call still ringing at
 * age a is a person, a machine, busy or invalid only if it would not have resolved by a,
 * and a no-answer whatever its age (it resolves at the ring timeout); an answered call in
 * AMD is a person or a machine. Without them the mix is of the dials that resolved, which
 * early in a burst are the people and machines and none of the no-answers (a 200-agent
 * shift's first burst read 36 % people where 22 % answered), as a duration seen only from
 * the short ones that ended reads short (withRunning).
 */
function mixWithPending(stats: ObservedStats, view: StatsView, callsInFlight: readonly CallInFlight[]): Record<DialOutcomeClass, number> {
  const counts = { ...stats.outcomes };
  for (const call of callsInFlight) {
    const chances = pendingChances(view, call);
    let total = 0;
    for (const name of DIAL_OUTCOMES) total += chances[name];
    if (total > 0) for (const name of DIAL_OUTCOMES) counts[name] += chances[name] / total;
  }
  return normalisedMix(counts);
}

/** What a call in flight may still turn out to be, unnormalised: the mix, less what would have resolved by its age. */
function pendingChances(view: StatsView, call: CallInFlight): Record<DialOutcomeClass, number> {
  const m = view.mix;
  if (call.phase === "amd") return { human: m.human, machine: m.machine, noAnswer: 0, busy: 0, invalid: 0 };
  const age = call.ageSeconds;
  const notFailedYet = view.fail.survival(age);
  return {
    human: m.human * view.answerHuman.survival(age),
    machine: m.machine * view.answerMachine.survival(age),
    noAnswer: m.noAnswer,
    busy: m.busy * notFailedYet,
    invalid: m.invalid * notFailedYet,
  };
}

function normalisedMix(counts: Record<DialOutcomeClass, number>): Record<DialOutcomeClass, number> {
  let total = 0;
  for (const name of DIAL_OUTCOMES) total += counts[name];
  const mix = { ...counts };
  for (const name of DIAL_OUTCOMES) mix[name] = total > 0 ? counts[name] / total : 0;
  return mix;
}

function buildView(stats: ObservedStats): StatsView {
  return {
    mix: normalisedMix(stats.outcomes),
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
