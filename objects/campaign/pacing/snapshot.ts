// What a pacing decision may look at: what the CampaignActor knows cheaply at a tick,
// O(agents + calls in flight), never O(leads). Times are seconds (the actor converts
// from its millisecond clock), so the simulator and the actor speak the same units.
import type { ObservedStats } from "./observed-stats";

export type AgentState = "available" | "on_call" | "wrap_up" | "break" | "offline";

export interface AgentView {
  state: AgentState;
  /** How long the agent has been in this state: talk elapsed when on_call, wrap elapsed when wrap_up. */
  secondsInState: number;
}

/** ringing: dialled, not answered yet. amd: answered, the machine detector is still listening. */
export type CallPhase = "ringing" | "amd";

export interface CallInFlight {
  phase: CallPhase;
  /** Seconds since the dial. */
  ageSeconds: number;
  /** Seconds in the current phase (since the answer, for amd). */
  phaseSeconds: number;
}

/** A call judged human, waiting for an agent; abandoned when the connect window runs out. */
export interface WaitingCall {
  waitingSeconds: number;
}

export interface AbandonCounts {
  /** Every call a person answered: connected, abandoned or misjudged as a machine. */
  liveAnswered: number;
  abandoned: number;
}

export interface AbandonBudget {
  /** Since the campaign's day started (the simulator's whole run). */
  today: AbandonCounts;
  /** The legal measure: the last 30 days, today included. */
  rolling30d: AbandonCounts;
  /** Dials that reached a final outcome today (answered, no answer, busy, invalid). */
  dialsResolvedToday: number;
}

export interface PacingLimits {
  /** Lines in use (ringing, amd, waiting, connected) ≤ this × logged-in agents. */
  maxLinesPerAgent: number;
  /** Abandoned ÷ live answered, e.g. 0.03. */
  abandonCap: number;
  /** A live answer must reach an agent this soon after the AMD decision. */
  connectWindowSeconds: number;
}

export interface PacingSnapshot {
  nowSeconds: number;
  agents: readonly AgentView[];
  callsInFlight: readonly CallInFlight[];
  waitingCalls: readonly WaitingCall[];
  stats: ObservedStats;
  budget: AbandonBudget;
  limits: PacingLimits;
}

export interface PacingDecision<State> {
  dials: number;
  nextState: State;
  /** One short sentence for the supervisor room. */
  explanation: string;
}

export interface AgentCounts {
  available: number;
  onCall: number;
  wrapUp: number;
  /** Everyone not offline (break included): the base of the line limit. */
  loggedIn: number;
}

export function countAgents(agents: readonly AgentView[]): AgentCounts {
  const counts: AgentCounts = { available: 0, onCall: 0, wrapUp: 0, loggedIn: 0 };
  for (const agent of agents) {
    if (agent.state !== "offline") counts.loggedIn++;
    if (agent.state === "available") counts.available++;
    else if (agent.state === "on_call") counts.onCall++;
    else if (agent.state === "wrap_up") counts.wrapUp++;
  }
  return counts;
}

/**
 * Lines the campaign holds now: calls ringing or in AMD, live calls waiting for an
 * agent, and calls connected to agents (one per agent on a call).
 */
export function linesInUse(snapshot: PacingSnapshot, agents: AgentCounts = countAgents(snapshot.agents)): number {
  return snapshot.callsInFlight.length + snapshot.waitingCalls.length + agents.onCall;
}

/** How many more dials the line limit allows right now. */
export function lineHeadroom(snapshot: PacingSnapshot, agents: AgentCounts = countAgents(snapshot.agents)): number {
  const limit = Math.floor(snapshot.limits.maxLinesPerAgent * agents.loggedIn);
  return Math.max(0, limit - linesInUse(snapshot, agents));
}
