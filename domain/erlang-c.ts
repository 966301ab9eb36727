// Erlang C: the textbook prediction of an inbound queue (M/M/N: calls arrive at random,
// handle times exponential, nobody hangs up while waiting, N agents), the model workforce
// tools staff by. With A = arrival rate × average handle time (the offered load, in
// Erlangs) and N > A agents:
//
//   P(wait) = C(N, A) = (A^N / N!) · N / (N − A)  /  ( Σ_{k<N} A^k / k!  +  (A^N / N!) · N / (N − A) )
//   service level (answered within t) = 1 − C · e^(−(N − A) · t / AHT)
//   average speed of answer = C · AHT / (N − A)
//   occupancy = A / N
//
// With N ≤ A the queue grows without bound: no service level, an infinite wait. Callers
// who give up while waiting (patience) make a real queue better than this predicts: fewer
// wait, and those left wait less; bench:inbound prints the measured beside it.

export interface ErlangCPrediction {
  /** Offered load in Erlangs (A). */
  trafficErlangs: number;
  /** The share of callers who wait at all; 1 when the queue is overloaded. */
  probabilityOfWaiting: number;
  /** Share answered within the threshold; 0 when overloaded. */
  serviceLevel: number;
  /** Average wait of all callers (seconds); Infinity when overloaded. */
  asaSeconds: number;
  /** Share of agent time busy; 1 when overloaded. */
  occupancy: number;
}

/** C(N, A), computed through the Erlang B recursion so large N never overflows. */
export function probabilityOfWaiting(agents: number, trafficErlangs: number): number {
  if (!Number.isInteger(agents) || agents < 1) throw new RangeError("agents is a whole number, at least 1");
  if (!(trafficErlangs >= 0)) throw new RangeError("traffic is a non-negative number of Erlangs");
  if (trafficErlangs === 0) return 0;
  if (agents <= trafficErlangs) return 1;
  // Erlang B: B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)); then C = N·B / (N − A·(1 − B)).
  let blocking = 1;
  for (let k = 1; k <= agents; k++) blocking = (trafficErlangs * blocking) / (k + trafficErlangs * blocking);
  return (agents * blocking) / (agents - trafficErlangs * (1 - blocking));
}

export function erlangC(input: { agents: number; callsPerMinute: number; averageHandleSeconds: number; serviceLevelSeconds: number }): ErlangCPrediction {
  const { agents, callsPerMinute, averageHandleSeconds, serviceLevelSeconds } = input;
  if (!(averageHandleSeconds > 0)) throw new RangeError("the average handle time is positive");
  const trafficErlangs = (callsPerMinute / 60) * averageHandleSeconds;
  const waiting = probabilityOfWaiting(agents, trafficErlangs);
  if (agents <= trafficErlangs) return { trafficErlangs, probabilityOfWaiting: 1, serviceLevel: 0, asaSeconds: Infinity, occupancy: 1 };
  const spare = agents - trafficErlangs;
  return {
    trafficErlangs,
    probabilityOfWaiting: waiting,
    serviceLevel: 1 - waiting * Math.exp((-spare * serviceLevelSeconds) / averageHandleSeconds),
    asaSeconds: (waiting * averageHandleSeconds) / spare,
    occupancy: trafficErlangs / agents,
  };
}
