// The inbound benchmark's run: a workload's callers played through the agent pool's own
// queue code (objects/queue/queue-desk.ts: arrive, routeNow, leave, handled, the same
// functions the AgentPoolActor runs) on a simulated clock, one routing pass a second as
// the waiting calls' polls make in the engine. Agents take each answered call for its
// drawn handle time (then wrap-up), callers hang up when their drawn patience runs out.
// Deterministic per seed. What it leaves out: the carrier, the Worker and the actors'
// round trips (the workerd burst test in tests/workers/queue-calls.test.ts covers those).
import { Random } from "../../objects/campaign/pacing/simulation/random";
import { arrive, handled, leave, newDesk, routeNow, type PoolAgent, type QueueDesk, type QueueRouting } from "../../objects/queue/queue-desk";
import { erlangC } from "../../domain/erlang-c";
import { erlangA } from "../../domain/erlang-a";
import { meanOf, type InboundWorkload, type SecondsDistribution } from "./workload";

export interface InboundRunResult {
  calls: number;
  answered: number;
  abandoned: number;
  /** Callers neither answered nor counted as abandoned (turned away, overflowed, or left in line): the target is 0. */
  lost: number;
  /** Answered within the threshold ÷ (answered + abandoned), as domain/queue-stats.ts counts it. */
  serviceLevel: number | null;
  asaSeconds: number | null;
  abandonRate: number | null;
  /** Agent time on calls (and wrap-up) ÷ agent time logged in, over the run. */
  occupancy: number;
  /** Erlang A when callers have patience (its mean, as exponential), else Erlang C; `abandonRate` null under Erlang C (nobody gives up). */
  predicted: { model: "erlang_a" | "erlang_c"; serviceLevel: number; asaSeconds: number | null; occupancy: number; probabilityOfWaiting: number; trafficErlangs: number; abandonRate: number | null };
  /** Simulated seconds, arrivals and draining. */
  simulatedSeconds: number;
}

const TICK_MS = 1000;
const QUEUE_ID = "bench";

function draw(random: Random, d: SecondsDistribution): number {
  switch (d.kind) {
    case "fixed":
      return d.seconds;
    case "exponential":
      return -Math.log(random.open()) * d.meanSeconds;
    case "lognormal": {
      const sigma2 = Math.log(1 + (d.sdSeconds / d.meanSeconds) ** 2);
      return Math.exp(Math.log(d.meanSeconds) - sigma2 / 2 + Math.sqrt(sigma2) * random.normal());
    }
  }
}

interface Caller {
  callId: string;
  arrivedAtMs: number;
  givesUpAtMs: number;
  handleMs: number;
}

export function runInbound(workload: InboundWorkload, seed = workload.seed): InboundRunResult {
  const arrivals = new Random(seed, 1);
  const handles = new Random(seed, 2);
  const patience = new Random(seed, 3);
  const endOfArrivalsMs = workload.minutes * 60_000;

  // Callers in arrival order (a Poisson process), each with their own handle time and patience.
  const callers: Caller[] = [];
  for (let at = -Math.log(arrivals.open()) * (60_000 / workload.callsPerMinute); at < endOfArrivalsMs; at += -Math.log(arrivals.open()) * (60_000 / workload.callsPerMinute)) {
    const arrivedAtMs = Math.ceil(at);
    callers.push({
      callId: `c${callers.length}`,
      arrivedAtMs,
      handleMs: draw(handles, workload.handle) * 1000,
      givesUpAtMs: workload.patience ? arrivedAtMs + draw(patience, workload.patience) * 1000 : Infinity,
    });
  }

  const members = Array.from({ length: workload.agents }, (_, i) => ({ userId: `a${i}`, skills: {} }));
  // Nobody is turned away or overflowed: the benchmark measures the line, not its limits.
  const routing: QueueRouting = { members, skillRelaxSeconds: 0, maxWaiting: 1_000_000, maxWaitSeconds: 7200, serviceLevelSeconds: workload.serviceLevelSeconds };
  let desk: QueueDesk = newDesk(routing);
  const agents = new Map<string, PoolAgent & { freeAtMs: number; callId: string | null }>(
    members.map((m) => [m.userId, { userId: m.userId, status: "available", statusSince: 0, freeAtMs: 0, callId: null }]),
  );
  const byId = new Map(callers.map((c) => [c.callId, c]));
  const waiting = new Set<string>();
  let next = 0;
  let answered = 0;
  let answeredWithin = 0;
  let waitSum = 0;
  let abandoned = 0;
  let busyMs = 0;
  const poolAgents = () => [...agents.values()].map(({ userId, status, statusSince }) => ({ userId, status, statusSince }));

  let now = 0;
  for (; now < endOfArrivalsMs || waiting.size > 0 || [...agents.values()].some((a) => a.status !== "available"); now += TICK_MS) {
    // Calls and wrap-ups that ended: the agent is free (and the queue learns the handle time).
    for (const agent of agents.values()) {
      if (agent.status === "available" || agent.freeAtMs > now) continue;
      if (agent.callId) desk = handled(desk, agent.callId, agent.freeAtMs) ?? desk;
      agent.status = "available";
      agent.statusSince = agent.freeAtMs;
      agent.callId = null;
    }
    // Arrivals up to now join the line.
    while (next < callers.length && callers[next]!.arrivedAtMs <= now) {
      const caller = callers[next++]!;
      const joined = arrive(desk, routing, { callId: caller.callId, priority: 0, needs: {}, from: "+15550100000", enteredAtMs: caller.arrivedAtMs }, poolAgents());
      desk = joined.desk;
      if (joined.joined) waiting.add(caller.callId);
    }
    // Callers out of patience hang up: a queue abandon.
    for (const callId of [...waiting]) {
      const caller = byId.get(callId)!;
      if (caller.givesUpAtMs > now) continue;
      const left = leave(desk, callId, caller.givesUpAtMs);
      desk = left.desk;
      waiting.delete(callId);
      if (left.abandonedWaitSeconds !== null) abandoned += 1;
    }
    // The pass every waiting call's poll makes: whom the queue answers now.
    const pass = routeNow(desk, poolAgents(), now);
    desk = pass.desk;
    for (const { callId, userId } of pass.assignments) {
      const caller = byId.get(callId)!;
      const agent = agents.get(userId)!;
      const waitSeconds = (now - caller.arrivedAtMs) / 1000;
      waiting.delete(callId);
      answered += 1;
      waitSum += waitSeconds;
      if (waitSeconds <= workload.serviceLevelSeconds) answeredWithin += 1;
      const busyForMs = caller.handleMs + workload.wrapUpSeconds * 1000;
      busyMs += busyForMs;
      Object.assign(agent, { status: "on_call", statusSince: now, freeAtMs: now + busyForMs, callId });
    }
  }

  const offered = answered + abandoned;
  const load = { agents: workload.agents, callsPerMinute: workload.callsPerMinute, averageHandleSeconds: meanOf(workload.handle) + workload.wrapUpSeconds, serviceLevelSeconds: workload.serviceLevelSeconds };
  // Callers who give up make Erlang C far too gloomy: Erlang A models them (their mean patience, as exponential).
  const prediction = workload.patience ? { model: "erlang_a" as const, ...erlangA({ ...load, averagePatienceSeconds: meanOf(workload.patience) }) } : { model: "erlang_c" as const, ...erlangC(load), abandonRate: null };
  return {
    calls: callers.length,
    answered,
    abandoned,
    lost: callers.length - answered - abandoned,
    serviceLevel: offered > 0 ? answeredWithin / offered : null,
    asaSeconds: answered > 0 ? waitSum / answered : null,
    abandonRate: callers.length > 0 ? abandoned / callers.length : null,
    occupancy: busyMs / (workload.agents * now),
    predicted: {
      model: prediction.model,
      abandonRate: prediction.abandonRate,
      serviceLevel: prediction.serviceLevel,
      asaSeconds: Number.isFinite(prediction.asaSeconds) ? prediction.asaSeconds : null,
      occupancy: prediction.occupancy,
      probabilityOfWaiting: prediction.probabilityOfWaiting,
      trafficErlangs: prediction.trafficErlangs,
    },
    simulatedSeconds: now / 1000,
  };
}
