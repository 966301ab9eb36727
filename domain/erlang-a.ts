// Erlang A: Erlang C with patience (M/M/N+M, Palm's model): callers arrive at random,
// handle times are exponential, N agents, and each waiting caller gives up after an
// exponential patience. The textbook model workforce tools use when callers hang up in line
// (Erlang C, domain/erlang-c.ts, assumes nobody does, and over-predicts waits then).
//
// Worked numerically, no closed form needed: the number in the system is a birth–death
// chain (arrivals λ; departures min(n, N)·μ + max(n − N, 0)·θ) whose stationary law an
// arriving caller sees (PASTA). One who finds k callers waiting ahead waits through k + 1
// phases (each ends at rate N·μ + j·θ while j are ahead) unless their own patience (rate θ)
// runs out first; that small chain is integrated over time to give the share answered within
// the threshold, the mean wait of the answered, and the share who give up.

export interface ErlangAPrediction {
  trafficErlangs: number;
  /** Share of callers who wait at all. */
  probabilityOfWaiting: number;
  /** Answered within the threshold ÷ (answered + abandoned): every caller, as bench:inbound counts. */
  serviceLevel: number;
  /** Mean wait of the answered callers (seconds). */
  asaSeconds: number;
  /** Share of callers who give up while waiting. */
  abandonRate: number;
  /** Share of agent time busy. */
  occupancy: number;
}

/** The stationary chain is cut where its tail is below this (relative to the largest term). */
const TAIL = 1e-13;
/** The waiting callers' chain is followed until this much of them is still waiting. */
const REMAINING = 1e-10;

export function erlangA(input: { agents: number; callsPerMinute: number; averageHandleSeconds: number; averagePatienceSeconds: number; serviceLevelSeconds: number }): ErlangAPrediction {
  const { agents, callsPerMinute, averageHandleSeconds, averagePatienceSeconds, serviceLevelSeconds } = input;
  if (!Number.isInteger(agents) || agents < 1) throw new RangeError("agents is a whole number, at least 1");
  if (!(averageHandleSeconds > 0) || !(averagePatienceSeconds > 0)) throw new RangeError("handle and patience times are positive");
  const lambda = callsPerMinute / 60;
  const mu = 1 / averageHandleSeconds;
  const theta = 1 / averagePatienceSeconds;
  const serviceRate = agents * mu;

  // The stationary law of the number in the system (unnormalised, then normalised).
  const weights = [1];
  let largest = 1;
  for (let n = 1; n <= agents + 100_000; n++) {
    const next = (weights[n - 1]! * lambda) / (Math.min(n, agents) * mu + Math.max(n - agents, 0) * theta);
    weights.push(next);
    largest = Math.max(largest, next);
    if (n > agents && next < TAIL * largest) break;
  }
  const total = weights.reduce((sum, w) => sum + w, 0);
  const seen = weights.map((w) => w / total);
  const busyAgents = seen.reduce((sum, p, n) => sum + p * Math.min(n, agents), 0);

  // Waiting callers by how many are ahead of them (j), followed in time.
  let ahead = seen.slice(agents);
  const probabilityOfWaiting = ahead.reduce((sum, p) => sum + p, 0);
  const maxRate = serviceRate + ahead.length * theta + theta;
  const dt = 0.05 / maxRate;
  let servedWithin = 0;
  let served = 0;
  let servedWaitSum = 0;
  let remaining = probabilityOfWaiting;
  for (let t = 0; remaining > REMAINING && t < 7 * 86_400; t += dt) {
    const flux = serviceRate * ahead[0]!;
    // Midpoint of the step for the wait: the flux over [t, t + dt).
    served += flux * dt;
    servedWaitSum += flux * dt * (t + dt / 2);
    if (t + dt <= serviceLevelSeconds) servedWithin += flux * dt;
    else if (t < serviceLevelSeconds) servedWithin += flux * (serviceLevelSeconds - t);
    const next = new Array<number>(ahead.length);
    for (let j = 0; j < ahead.length; j++) {
      const out = (serviceRate + j * theta + theta) * ahead[j]!;
      const into = j + 1 < ahead.length ? (serviceRate + (j + 1) * theta) * ahead[j + 1]! : 0;
      next[j] = Math.max(0, ahead[j]! + (into - out) * dt);
    }
    ahead = next;
    remaining = ahead.reduce((sum, p) => sum + p, 0);
  }
  const servedAtOnce = 1 - probabilityOfWaiting;
  const answered = servedAtOnce + served;
  return {
    trafficErlangs: lambda * averageHandleSeconds,
    probabilityOfWaiting,
    serviceLevel: servedAtOnce + servedWithin,
    asaSeconds: answered > 0 ? servedWaitSum / answered : 0,
    abandonRate: Math.max(0, 1 - answered),
    occupancy: busyAgents / agents,
  };
}
