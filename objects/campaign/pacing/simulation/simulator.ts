// The discrete-event simulation of PACING.md: one campaign shift of agents, a finite
// lead list, dials with random outcomes and durations, AMD, talk and wrap-up. The
// simulator enforces the rules for every policy alike (ring timeout, AMD, connect
// window, line limit, leads) and asks the policy, through the very decideDials the
// CampaignActor runs, how many dials to place at every tick and after every event.
import { decideDials, initialPacingState, type PacingPolicyName, type PacingState } from "..";
import {
  initialObservedStats,
  recordResolvedDial,
  recordDialsPlaced,
  recordTalk,
  recordWrap,
  type DialOutcomeClass,
  type ObservedStats,
} from "../observed-stats";
import { lineHeadroom, type AgentState, type PacingDecision, type PacingSnapshot } from "../snapshot";
import { EventQueue, type QueuedEvent } from "./event-queue";
import { computeMetrics, emptyShiftTotals, type PolicyMetrics, type ShiftTotals } from "./metrics";
import { drawLeadFate, leadDistributions } from "./lead-fate";
import type { Workload } from "./workload";

type CallStage = "ringing" | "amd" | "waiting" | "connected" | "ended";

interface Call {
  dialedAt: number;
  answeredAt: number;
  decidedAt: number;
  stage: CallStage;
  outcome: DialOutcomeClass;
  judgedHuman: boolean;
  talkSeconds: number;
  wrapSeconds: number;
  /** Position in the in-flight list while ringing or in AMD (swap-remove). */
  slot: number;
}

interface Agent {
  state: AgentState;
  since: number;
}

type SimEvent = QueuedEvent &
  (
    | { kind: "tick" }
    | { kind: "answer"; call: Call }
    | { kind: "amdDecision"; call: Call }
    | { kind: "ringEnd"; call: Call }
    | { kind: "connectTimeout"; call: Call }
    | { kind: "agentFree"; agent: number; call: Call | null }
    | { kind: "talkEnd"; agent: number; call: Call }
  );

/** Same-instant order: an agent freeing first (a call may take them), then calls, then timeouts, then the tick. */
const RANK = { agentFree: 0, talkEnd: 0, answer: 1, amdDecision: 1, ringEnd: 1, connectTimeout: 2, tick: 3 } as const;

export interface SimulationOptions {
  /** Overrides the workload's seed. */
  seed?: number;
  /** Sees every decision (tests, traces). */
  onDecision?: (snapshot: PacingSnapshot, decision: PacingDecision<PacingState>, placed: number) => void;
  /**
   * Decides instead of the named policy, from its starting state: a variant the benchmark
   * measures without making it a policy (bench/pacing's hindsight ceiling).
   */
  decide?: (snapshot: PacingSnapshot, state: PacingState) => PacingDecision<PacingState>;
  /** The observed statistics the campaign starts from (default: initialObservedStats()). */
  initialStats?: ObservedStats;
}

export interface SimulationDiagnostics {
  /** Most lines the campaign held at once, and the limit it had. */
  maxLinesInUse: number;
  lineLimit: number;
  /** Dials a policy asked for beyond the line limit (the simulator refuses them). */
  dialsRefusedByLineLimit: number;
  decisions: number;
}

export interface SimulationResult {
  metrics: PolicyMetrics;
  diagnostics: SimulationDiagnostics;
}


export function simulateShift(workload: Workload, policy: PacingPolicyName, options: SimulationOptions = {}): SimulationResult {
  const seed = options.seed ?? workload.seed;
  const shiftEnd = workload.shiftSeconds;
  const dist = leadDistributions(workload);

  const queue = new EventQueue<SimEvent>();
  const agents: Agent[] = Array.from({ length: workload.agents }, () => ({ state: "available" as AgentState, since: 0 }));
  /** Available agents, longest idle first (agents join at the back as they free up). */
  const idleAgents: number[] = agents.map((_, i) => i);
  const inFlight: Call[] = [];
  const waiting: Call[] = [];
  let stats: ObservedStats = options.initialStats ?? initialObservedStats();
  let state: PacingState = initialPacingState(policy);

  const totals: ShiftTotals = emptyShiftTotals(workload.agents, shiftEnd);
  const diagnostics: SimulationDiagnostics = { maxLinesInUse: 0, lineLimit: Math.floor(workload.maxLinesPerAgent * workload.agents), dialsRefusedByLineLimit: 0, decisions: 0 };
  let connectedCalls = 0;

  /** Seconds of [from, to] inside the shift: what agents are paid for. */
  const insideShift = (from: number, to: number) => Math.max(0, Math.min(to, shiftEnd) - Math.max(from, 0));

  function removeFromFlight(call: Call) {
    const last = inFlight.pop()!;
    if (last !== call) {
      inFlight[call.slot] = last;
      last.slot = call.slot;
    }
    call.slot = -1;
  }

  function placeDial(now: number) {
    const fate = drawLeadFate(workload, dist, seed, totals.dials++, now);
    const outcome = fate.outcome;
    const call: Call = {
      dialedAt: now,
      answeredAt: NaN,
      decidedAt: NaN,
      stage: "ringing",
      outcome,
      judgedHuman: false,
      talkSeconds: fate.talkSeconds,
      wrapSeconds: fate.wrapSeconds,
      slot: inFlight.length,
    };
    inFlight.push(call);

    const timeout = workload.ringTimeoutSeconds;
    if (outcome === "human" || outcome === "machine") {
      const answerSeconds = fate.answerSeconds;
      if (answerSeconds < timeout) {
        call.judgedHuman = fate.judgedHuman;
        call.decidedAt = now + answerSeconds + fate.amdSeconds;
        queue.push({ time: now + answerSeconds, rank: RANK.answer, kind: "answer", call });
        return;
      }
      // Nobody picked up before the timeout: a no-answer, whoever would have answered later.
      call.outcome = "noAnswer";
      queue.push({ time: now + timeout, rank: RANK.ringEnd, kind: "ringEnd", call });
    } else if (outcome === "noAnswer") {
      queue.push({ time: now + timeout, rank: RANK.ringEnd, kind: "ringEnd", call });
    } else {
      const failSeconds = Math.min(timeout, fate.failSeconds);
      queue.push({ time: now + failSeconds, rank: RANK.ringEnd, kind: "ringEnd", call });
    }
  }

  function connect(call: Call, agentIndex: number, now: number) {
    const agent = agents[agentIndex]!;
    agent.state = "on_call";
    agent.since = now;
    call.stage = "connected";
    connectedCalls++;
    if (call.outcome === "human") {
      totals.connectedHumans++;
      totals.connectWaits.push(now - call.decidedAt);
      queue.push({ time: now + call.talkSeconds, rank: RANK.talkEnd, kind: "talkEnd", agent: agentIndex, call });
    } else {
      // A machine judged human: the agent hears it and hangs up; no wrap-up.
      queue.push({ time: now + workload.machineTalkSeconds, rank: RANK.agentFree, kind: "agentFree", agent: agentIndex, call });
    }
  }

  /** An agent becomes free: the oldest live call waiting takes them, else they join the idle queue. */
  function agentAvailable(agentIndex: number, now: number) {
    const next = waiting.shift();
    if (next !== undefined) {
      connect(next, agentIndex, now);
      return;
    }
    const agent = agents[agentIndex]!;
    agent.state = "available";
    agent.since = now;
    idleAgents.push(agentIndex);
  }

  function handle(event: SimEvent) {
    const now = event.time;
    switch (event.kind) {
      case "tick": {
        const next = now + workload.decisionTickSeconds;
        if (next < shiftEnd) queue.push({ time: next, rank: RANK.tick, kind: "tick" });
        return;
      }
      case "answer": {
        event.call.stage = "amd";
        event.call.answeredAt = now;
        queue.push({ time: event.call.decidedAt, rank: RANK.amdDecision, kind: "amdDecision", call: event.call });
        return;
      }
      case "amdDecision": {
        const call = event.call;
        removeFromFlight(call);
        totals.dialsResolved++;
        const isHuman = call.outcome === "human";
        if (isHuman) totals.liveAnswered++;
        stats = recordResolvedDial(stats, {
          outcome: isHuman ? "human" : "machine",
          answerSeconds: call.answeredAt - call.dialedAt,
          amdSeconds: call.decidedAt - call.answeredAt,
          judgedHuman: call.judgedHuman,
        });
        if (!call.judgedHuman) {
          // Voicemail drop. A person taken for a machine is an abandoned call.
          call.stage = "ended";
          if (isHuman) totals.abandoned++;
          return;
        }
        const agentIndex = idleAgents.shift();
        if (agentIndex !== undefined) {
          connect(call, agentIndex, now);
          return;
        }
        call.stage = "waiting";
        waiting.push(call);
        queue.push({ time: now + workload.connectWindowSeconds, rank: RANK.connectTimeout, kind: "connectTimeout", call });
        return;
      }
      case "ringEnd": {
        const call = event.call;
        removeFromFlight(call);
        call.stage = "ended";
        totals.dialsResolved++;
        stats =
          call.outcome === "noAnswer"
            ? recordResolvedDial(stats, { outcome: "noAnswer" })
            : recordResolvedDial(stats, { outcome: call.outcome as "busy" | "invalid", failSeconds: now - call.dialedAt });
        return;
      }
      case "connectTimeout": {
        const call = event.call;
        if (call.stage !== "waiting") return;
        waiting.splice(waiting.indexOf(call), 1);
        call.stage = "ended";
        // The safe-harbor message and hang up; a machine taken for a person is just dropped.
        if (call.outcome === "human") totals.abandoned++;
        return;
      }
      case "talkEnd": {
        const agent = agents[event.agent]!;
        totals.talkSeconds += insideShift(agent.since, now);
        stats = recordTalk(stats, now - agent.since);
        connectedCalls--;
        event.call.stage = "ended";
        agent.state = "wrap_up";
        agent.since = now;
        queue.push({ time: now + event.call.wrapSeconds, rank: RANK.agentFree, kind: "agentFree", agent: event.agent, call: null });
        return;
      }
      case "agentFree": {
        const agent = agents[event.agent]!;
        if (agent.state === "wrap_up") {
          totals.wrapSeconds += insideShift(agent.since, now);
          stats = recordWrap(stats, now - agent.since);
        } else {
          totals.machineTalkSeconds += insideShift(agent.since, now);
          connectedCalls--;
        }
        if (event.call) event.call.stage = "ended";
        agentAvailable(event.agent, now);
        return;
      }
    }
  }

  function snapshotAt(now: number): PacingSnapshot {
    const counts = { liveAnswered: totals.liveAnswered, abandoned: totals.abandoned };
    return {
      nowSeconds: now,
      agents: agents.map((a) => ({ state: a.state, secondsInState: now - a.since })),
      callsInFlight: inFlight.map((c) =>
        c.stage === "ringing"
          ? { phase: "ringing" as const, ageSeconds: now - c.dialedAt, phaseSeconds: now - c.dialedAt }
          : { phase: "amd" as const, ageSeconds: now - c.dialedAt, phaseSeconds: now - c.answeredAt },
      ),
      waitingCalls: waiting.map((c) => ({ waitingSeconds: now - c.decidedAt })),
      stats,
      budget: { today: counts, rolling30d: counts, dialsResolvedToday: totals.dialsResolved },
      limits: { maxLinesPerAgent: workload.maxLinesPerAgent, abandonCap: workload.abandonCap, connectWindowSeconds: workload.connectWindowSeconds },
    };
  }

  function decide(now: number) {
    const snapshot = snapshotAt(now);
    const decision = (options.decide ?? decideDials)(snapshot, state);
    state = decision.nextState;
    diagnostics.decisions++;
    const headroom = lineHeadroom(snapshot);
    const wanted = Math.max(0, Math.floor(decision.dials));
    if (wanted > headroom) diagnostics.dialsRefusedByLineLimit += wanted - headroom;
    const placed = Math.min(wanted, headroom, workload.leads - totals.dials);
    for (let i = 0; i < placed; i++) placeDial(now);
    stats = recordDialsPlaced(stats, placed);
    const lines = inFlight.length + waiting.length + connectedCalls;
    if (lines > diagnostics.maxLinesInUse) diagnostics.maxLinesInUse = lines;
    options.onDecision?.(snapshot, decision, placed);
  }

  queue.push({ time: 0, rank: RANK.tick, kind: "tick" });
  while (queue.size > 0) {
    const now = queue.peek()!.time;
    while (queue.size > 0 && queue.peek()!.time === now) handle(queue.pop()!);
    if (now < shiftEnd) decide(now);
  }
  // The queue only drains once every call has ended, so all talk and wrap is counted
  // (clipped to the shift: staffed time is the shift).
  return { metrics: computeMetrics(policy, totals), diagnostics };
}
