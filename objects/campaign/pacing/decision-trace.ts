// One pacing decision's inputs and output in a few numbers: what the pacer saw (agents by
// state, calls in flight and waiting, the budget, the observed statistics it forecasts
// from) and what it did (dials wanted and placed, its sentence). The CampaignActor emits it
// under PACING_TRACE and the pacing simulator through onDecision, so the rehearsal can set
// the two series side by side (bench/rehearse/pacing-trace.ts). A debugging aid: nothing
// in the product reads it.
import { viewStats } from "./observed-stats";
import { countAgents, type AgentCounts, type PacingDecision, type PacingSnapshot } from "./snapshot";

export type PacingTraceStats = {
  /** Share of resolved dials a person answered, and of those AMD sent to an agent. */
  humanShare: number;
  humanJudgedMachine: number;
  machineJudgedHuman: number;
  answerHumanMedianSeconds: number;
  amdMedianSeconds: number;
  talkMedianSeconds: number;
  talkMeanSeconds: number;
  wrapMedianSeconds: number;
  wrapMeanSeconds: number;
  /** Weight behind the talk estimate (observations, decayed; the prior's included). */
  talkObservations: number;
};

export type PacingTraceEntry = {
  nowSeconds: number;
  agents: AgentCounts;
  /** Mean seconds the agents in wrap-up have been in it. */
  wrapUpElapsedMeanSeconds: number;
  ringing: number;
  amd: number;
  waiting: number;
  liveAnswered: number;
  abandoned: number;
  stats: PacingTraceStats;
  /** Dials the policy asked for, and those placed (the line limit, the starts under way or the list may take some). */
  wanted: number;
  placed: number;
  explanation: string;
};

export function pacingTraceEntry(snapshot: PacingSnapshot, decision: PacingDecision<unknown>, placed: number): PacingTraceEntry {
  const view = viewStats(snapshot.stats);
  const wrapping = snapshot.agents.filter((a) => a.state === "wrap_up");
  return {
    nowSeconds: snapshot.nowSeconds,
    agents: countAgents(snapshot.agents),
    wrapUpElapsedMeanSeconds: wrapping.length === 0 ? 0 : wrapping.reduce((sum, a) => sum + a.secondsInState, 0) / wrapping.length,
    ringing: snapshot.callsInFlight.filter((c) => c.phase === "ringing").length,
    amd: snapshot.callsInFlight.filter((c) => c.phase === "amd").length,
    waiting: snapshot.waitingCalls.length,
    liveAnswered: snapshot.budget.today.liveAnswered,
    abandoned: snapshot.budget.today.abandoned,
    stats: {
      humanShare: view.mix.human,
      humanJudgedMachine: view.humanJudgedMachine,
      machineJudgedHuman: view.machineJudgedHuman,
      answerHumanMedianSeconds: view.answerHuman.quantile(0.5),
      amdMedianSeconds: view.amdDecision.quantile(0.5),
      talkMedianSeconds: view.talk.quantile(0.5),
      talkMeanSeconds: view.talk.mean(),
      wrapMedianSeconds: view.wrap.quantile(0.5),
      wrapMeanSeconds: view.wrap.mean(),
      talkObservations: view.talk.observations,
    },
    wanted: decision.dials,
    placed,
    explanation: decision.explanation,
  };
}
