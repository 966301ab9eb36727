// Forecasts from a snapshot, by conditioning the observed distributions on what has
// already happened: when each busy agent frees up (the residual of a talk or wrap-up
// that has lasted this long), and whether each call in flight turns into a live answer
// that wants an agent, and by when (a call still ringing at 15 s is mostly a no-answer).
import type { StatsView } from "./observed-stats";
import type { AgentView, CallInFlight } from "./snapshot";

/** Wrap-up quantiles that stand in for its whole distribution when convolving. */
const WRAP_QUADRATURE = [0.15, 0.5, 0.85] as const;

export interface ForecastModel {
  stats: StatsView;
  /** P(a live answer is judged human) per answered class, and of an answered call. */
  humanClaim: number;
  machineClaim: number;
  /** Of the calls that want an agent, the share that are people (the rest are machines AMD let through). */
  humanShareOfClaims: number;
  /** Probability that a new dial ends up wanting an agent. */
  claimPerDial: number;
  amdMedianSeconds: number;
  wrapPoints: number[];
}

export function forecastModel(stats: StatsView): ForecastModel {
  const humanClaim = stats.mix.human * (1 - stats.humanJudgedMachine);
  const machineClaim = stats.mix.machine * stats.machineJudgedHuman;
  const claimPerDial = humanClaim + machineClaim;
  return {
    stats,
    humanClaim,
    machineClaim,
    humanShareOfClaims: claimPerDial > 0 ? humanClaim / claimPerDial : 1,
    claimPerDial,
    amdMedianSeconds: stats.amdDecision.quantile(0.5),
    wrapPoints: WRAP_QUADRATURE.map((p) => stats.wrap.quantile(p)),
  };
}

/** P(the agent is free for a new call within `seconds`), given their state and time in it. */
export function agentFreeWithin(model: ForecastModel, agent: AgentView, seconds: number): number {
  return agentFreeBy(model, agent, [seconds])[0]!;
}

/** The same at several horizons at once (the conditioning is shared). */
export function agentFreeBy(model: ForecastModel, agent: AgentView, horizons: readonly number[]): number[] {
  const { talk, wrap } = model.stats;
  const e = agent.secondsInState;
  switch (agent.state) {
    case "available":
      return horizons.map(() => 1);
    case "break":
    case "offline":
      return horizons.map(() => 0);
    case "wrap_up": {
      const done = wrap.cdf(e);
      const left = 1 - done;
      return horizons.map((t) => (left > 1e-9 ? Math.min(1, (wrap.cdf(e + t) - done) / left) : 1));
    }
    case "on_call": {
      // Talk ends, then a wrap-up (its quantiles stand in for its distribution) must end too.
      const done = talk.cdf(e);
      const left = 1 - done;
      if (left <= 1e-9) return horizons.map(() => 0);
      const points = model.wrapPoints;
      return horizons.map((t) => {
        let sum = 0;
        for (const w of points) if (t > w) sum += talk.cdf(e + t - w) - done;
        return Math.min(1, sum / points.length / left);
      });
    }
  }
}

/** P(the call wants an agent within `seconds` from now), given its phase and age. */
export function callClaimsWithin(model: ForecastModel, call: CallInFlight, seconds: number): number {
  return callClaimsBy(model, call, [seconds])[0]!;
}

/** The same at several horizons at once (the conditioning is shared). */
export function callClaimsBy(model: ForecastModel, call: CallInFlight, horizons: readonly number[]): number[] {
  const { stats } = model;
  if (call.phase === "amd") {
    // Answered: a person or a machine, in the mix's proportions; AMD is nearly done.
    const answered = stats.mix.human + stats.mix.machine;
    if (answered <= 0) return horizons.map(() => 0);
    const claimIfAnswered = (model.humanClaim + model.machineClaim) / answered;
    const amd = stats.amdDecision;
    const done = amd.cdf(call.phaseSeconds);
    const left = 1 - done;
    return horizons.map((t) => claimIfAnswered * (left > 1e-9 ? (amd.cdf(call.phaseSeconds + t) - done) / left : 1));
  }
  const a = call.ageSeconds;
  const { answerHuman, answerMachine, fail, mix } = stats;
  const humanDone = answerHuman.cdf(a);
  const machineDone = answerMachine.cdf(a);
  const stillRinging = mix.human * (1 - humanDone) + mix.machine * (1 - machineDone) + mix.noAnswer + (mix.busy + mix.invalid) * fail.survival(a);
  if (stillRinging <= 1e-12) return horizons.map(() => 0);
  const humanWeight = (1 - stats.humanJudgedMachine) * mix.human;
  const machineWeight = stats.machineJudgedHuman * mix.machine;
  return horizons.map((t) => {
    // Answered by then, leaving the AMD its (median) time to decide.
    const by = a + t - model.amdMedianSeconds;
    if (by <= a) return 0;
    const human = humanWeight > 0 ? humanWeight * (answerHuman.cdf(by) - humanDone) : 0;
    const machine = machineWeight > 0 ? machineWeight * (answerMachine.cdf(by) - machineDone) : 0;
    return Math.max(0, (human + machine) / stillRinging);
  });
}

/** A dial placed now: a ringing call of age zero. */
export const NEW_DIAL: CallInFlight = { phase: "ringing", ageSeconds: 0, phaseSeconds: 0 };
