// Our predictive pacing. At every tick and event it asks, for one more dial: "if it
// reaches someone who wants an agent, what is the chance none is free for them within
// the connect window?", and dials while that chance stays within an allowance.
//
// The chance comes from forecasts (forecast.ts): each busy agent's chance to be free by
// a given time (their talk or wrap-up so far, against the observed durations), each
// call in flight's chance to want an agent by then (its age against the observed answer
// times and mix), and the same for the new dial. At four horizons spanning when a new
// dial's person would answer, the number of callers left without an agent is computed
// exactly (overflow.ts); a dial's risk is what it adds to that, per caller it is
// expected to bring, at the worst horizon. The first dial for a free agent adds nothing.
//
// The allowance is a base risk level, corrected three ways:
//   calibration  actual pacing abandons ÷ the ones the forecasts expected (with a prior),
//                so a forecast that runs optimistic is trusted less;
//   budget trim  doubled or halved as abandons left at the target rate (90 % of the cap)
//                run 8 above or below zero, so the budget is spent, not hoarded or overdrawn;
//   cap guard    shrinking to a floor as the room left under the cap falls to a reserve
//                kept for AMD misjudging people (which no pacing can stop). At the floor
//                only dials whose risk is well under what a live answer adds to the room
//                are placed, so the room still grows; at or over the cap the pacer is
//                progressive. It throttles before the cap, never after.
//
// The cap holds on every day, not on average: the abandons still to come from calls in
// flight (the pacing shortfall, and the people AMD will take for machines at an upper
// bound of its measured misjudgment rate) count as spent, and the reserve grows with
// their spread (Poisson: z standard deviations of the count); the rest of the reserve is
// sized so that AMD's mistakes and the floor's abandons take it all with a small chance
// only (floorUnderTheGuard), so a small team's burst of unlucky answers at the day's end
// finds room left under the cap.
import { budgetPosition } from "./abandon-budget";
import { agentFreeBy, callClaimsBy, forecastModel, NEW_DIAL, type ForecastModel } from "./forecast";
import { viewStatsWithRunning } from "./observed-stats";
import { chanceNoAgentLeft, countOf, expectedShortfall, type CountDistribution } from "./overflow";
import { countAgents, lineHeadroom, type AgentCounts, type PacingDecision, type PacingSnapshot } from "./snapshot";

/** Quantiles of a person's answer time (plus the AMD decision) at which the shortfall is checked. */
export const HORIZON_QUANTILES = [0.25, 0.5, 0.75, 0.95] as const;
/** The per-dial chance of a caller finding no agent allowed when forecasts and budget are on track. */
export const BASE_RISK_ALLOWANCE = 0.03;
/** Abandons of prior weight in the calibration: trust the forecasts until there is evidence. */
export const CALIBRATION_PRIOR_ABANDONS = 5;
export const CALIBRATION_BOUNDS = [0.5, 4] as const;
/** Abandons left at the target (or overdrawn) that double (or halve) the allowance. */
export const BUDGET_TRIM_ABANDONS = 8;
/** Above the reserve the allowance fades to the floor over this many abandons of room. */
export const CAP_GUARD_ABANDONS = 1;
/**
 * At the reserve (and still under the cap) dials whose risk is under this share of what a
 * live answer adds to the room (the cap less AMD's misjudgment rate, at its upper bound)
 * are kept: the room still grows there, so the floor never spends the day over the cap.
 */
export const FLOOR_SHARE_OF_ROOM_PER_ANSWER = 0.75;
/**
 * The chance allowed that AMD's mistakes and the floor's abandons ever take a whole reserve
 * of room (about 3.6 abandons at 1 % misjudged). 0.2 (about 2) held seeds 1–20 but ended
 * two training days of seeds 21–40 over the cap that the fixed 1.5 had kept within.
 */
export const RESERVE_RUIN_CHANCE = 0.05;
/** Standard deviations of the abandons still to come kept in reserve (one-sided 95 %). */
export const CAP_RESERVE_Z = 1.645;

export interface PredictiveState {
  policy: "predictive";
  /** Abandons the pacer's own dials were expected to cause, summed as it placed them. */
  expectedAbandons: number;
}

export const initialPredictiveState = (): PredictiveState => ({ policy: "predictive", expectedAbandons: 0 });

export interface PredictiveOptions {
  /**
   * An allowance held all day instead of the one the budget sets (no calibration, trim or
   * guard). Only the benchmark's hindsight ceiling uses it: it asks how much talk the same
   * pricing of a dial could reach if the day's right allowance were known in advance.
   */
  fixedAllowance?: number;
}

/** The forecast at one horizon: who will want an agent by then, and who will be free. */
interface Horizon {
  seconds: number;
  claims: CountDistribution;
  free: CountDistribution;
  newDialClaim: number;
}

function forecastHorizons(snapshot: PacingSnapshot, model: ForecastModel, agents: AgentCounts): Horizon[] {
  const window = snapshot.limits.connectWindowSeconds;
  const seconds = HORIZON_QUANTILES.map((q) => model.stats.answerHuman.quantile(q) + model.amdMedianSeconds);
  const newDialClaims = callClaimsBy(model, NEW_DIAL, seconds);
  // Calls already waiting take the first agents; then calls in flight as they are judged.
  const horizons: Horizon[] = seconds.map((t, k) => ({
    seconds: t,
    claims: countOf(snapshot.waitingCalls.length, []),
    free: countOf(agents.available, []),
    newDialClaim: newDialClaims[k]!,
  }));
  for (const call of snapshot.callsInFlight) callClaimsBy(model, call, seconds).forEach((p, k) => horizons[k]!.claims.add(p));
  const freeBy = seconds.map((t) => t + window);
  for (const agent of snapshot.agents) {
    if (agent.state !== "on_call" && agent.state !== "wrap_up") continue;
    agentFreeBy(model, agent, freeBy).forEach((p, k) => horizons[k]!.free.add(p));
  }
  return horizons;
}

/** The chance that one more dial's caller finds no agent, and the abandons it adds. */
function priceNextDial(horizons: readonly Horizon[], model: ForecastModel): { risk: number; abandons: number } {
  let worst = 0;
  for (const h of horizons) worst = Math.max(worst, h.newDialClaim * chanceNoAgentLeft(h.claims, h.free));
  return { risk: model.claimPerDial > 0 ? Math.min(1, worst / model.claimPerDial) : 1, abandons: worst * model.humanShareOfClaims };
}

/**
 * People in flight AMD will take for machines (each an abandon no pacing prevents): the
 * live answers expected by the last horizon (calls already waiting included, so it errs
 * high), at an upper bound of the misjudgment rate measured so far (it tightens as people
 * are answered).
 */
function misjudgedInFlight(peopleJudgedHumanExpected: number, snapshot: PacingSnapshot): number {
  const rate = misjudgmentUpperBound(snapshot.stats.amd.humansJudgedMachine, snapshot.stats.amd.humans);
  return (peopleJudgedHumanExpected * rate) / (1 - rate);
}

/** An upper bound of AMD's people-as-machines rate from k of n (the observed statistics start from a prior, so n > 0): Poisson, z = CAP_RESERVE_Z. */
export function misjudgmentUpperBound(misjudged: number, people: number): number {
  if (people <= 0) return 0.5;
  return Math.min(0.5, (misjudged + CAP_RESERVE_Z * Math.sqrt(misjudged + 1)) / people);
}

/**
 * The floor under the cap guard (risk per caller, in actual abandons) and the reserve of
 * room it needs. At the floor each live answer adds, on average, drift = cap − m − floor
 * to the room (m: AMD's measured people-as-machines rate), with a variance of at most
 * m + floor (Poisson counts of misjudged people and of the floor's abandons). A walk with
 * that drift ever falls by R with a chance of about exp(−2·drift·R ÷ variance) (the
 * gambler's ruin), so the reserve is R = ln(1 ÷ chance) · variance ÷ (2 · drift). It scales
 * with the day's rate of misjudgments rather than being a fixed count: it is larger when AMD
 * errs more or the floor spends more, and a team of any size gets the same chance of
 * being pushed over by the rest of the day's bad luck. (A fixed 1.5 abandons, before,
 * held the day but left the pacer progressive at the reserve.)
 */
export function floorUnderTheGuard(snapshot: PacingSnapshot, measuredMisjudged: number): { risk: number; reserveAbandons: number } {
  const cap = snapshot.limits.abandonCap;
  const upper = misjudgmentUpperBound(snapshot.stats.amd.humansJudgedMachine, snapshot.stats.amd.humans);
  const risk = FLOOR_SHARE_OF_ROOM_PER_ANSWER * Math.max(0, cap - upper);
  const drift = cap - measuredMisjudged - risk;
  const reserveAbandons = drift > 0 ? (Math.log(1 / RESERVE_RUIN_CHANCE) * (measuredMisjudged + risk)) / (2 * drift) : Infinity;
  return { risk, reserveAbandons };
}

/** Actual ÷ expected abandons caused by pacing, those AMD's misjudgements explain set aside. */
function forecastCalibration(snapshot: PacingSnapshot, humanJudgedMachine: number, expectedResolved: number): number {
  const { liveAnswered, abandoned } = snapshot.budget.today;
  const pacingAbandons = Math.max(0, abandoned - humanJudgedMachine * liveAnswered);
  const ratio = (pacingAbandons + CALIBRATION_PRIOR_ABANDONS) / (expectedResolved + CALIBRATION_PRIOR_ABANDONS);
  return Math.max(CALIBRATION_BOUNDS[0], Math.min(CALIBRATION_BOUNDS[1], ratio));
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const describeBudget = (left: number, target: number) =>
  left >= 0 ? `${left.toFixed(1)} abandons left at the ${pct(target)} target` : `${(-left).toFixed(1)} abandons over the ${pct(target)} target`;

export function decidePredictiveDials(snapshot: PacingSnapshot, state: PredictiveState, options: PredictiveOptions = {}): PacingDecision<PredictiveState> {
  const agents = countAgents(snapshot.agents);
  if (agents.loggedIn === 0) return { dials: 0, nextState: state, explanation: "no dial: no agent is logged in" };

  const stats = viewStatsWithRunning(snapshot.stats, snapshot.agents, snapshot.callsInFlight);
  const model = forecastModel(stats);
  const horizons = forecastHorizons(snapshot, model, agents);
  const atRisk = Math.max(...horizons.map((h) => expectedShortfall(h.claims, h.free))) * model.humanShareOfClaims;
  const misjudgedAtRisk = misjudgedInFlight(horizons[horizons.length - 1]!.claims.mean() * model.humanShareOfClaims, snapshot);
  const budget = budgetPosition(snapshot.budget, snapshot.limits.abandonCap, atRisk + misjudgedAtRisk);
  const calibration = forecastCalibration(snapshot, stats.humanJudgedMachine, Math.max(0, state.expectedAbandons - atRisk));
  const trim = 2 ** Math.max(-1, Math.min(1, budget.leftAtTarget / BUDGET_TRIM_ABANDONS));
  const floor = floorUnderTheGuard(snapshot, stats.humanJudgedMachine);
  const reserve = floor.reserveAbandons + CAP_RESERVE_Z * Math.sqrt(atRisk + misjudgedAtRisk);
  const guard = Math.max(0, Math.min(1, (budget.leftAtCap - reserve) / CAP_GUARD_ABANDONS));
  // The floor is in actual abandons per caller, the allowance in forecast risk: ÷ calibration.
  const floorAllowance = budget.leftAtCap > 0 ? floor.risk / calibration : 0;
  const allowed = options.fixedAllowance ?? Math.max((BASE_RISK_ALLOWANCE / calibration) * trim * guard, floorAllowance);
  const headroom = lineHeadroom(snapshot, agents);

  // Add dials one by one while the next one's risk stays within the allowance.
  let dials = 0;
  let expectedAbandons = state.expectedAbandons;
  let next = priceNextDial(horizons, model);
  while (dials < headroom && next.risk <= allowed + 1e-12) {
    dials++;
    expectedAbandons += next.abandons;
    for (const h of horizons) h.claims.add(h.newDialClaim);
    next = priceNextDial(horizons, model);
  }

  const last = horizons[horizons.length - 1]!;
  const liveExpected = last.claims.mean() * model.humanShareOfClaims;
  const pipeline =
    `${agents.available} free, ${(last.free.mean() - agents.available).toFixed(1)} more expected within ${Math.round(last.seconds)} s; ` +
    `${liveExpected.toFixed(1)} live answers expected from ${plural(snapshot.callsInFlight.length + dials, "call")} in flight`;
  const why =
    headroom === 0
      ? "no line free"
      : dials >= headroom
        ? "line limit reached"
        : guard === 0 && options.fixedAllowance === undefined
          ? `next dial's no-agent risk ${pct(next.risk)}; abandon budget at its reserve under the cap, ` +
            (floorAllowance > 0 ? `only dials under the ${pct(floorAllowance)} floor` : "pacing progressively")
          : `next dial's no-agent risk ${pct(next.risk)} > ${pct(allowed)} allowed (${describeBudget(budget.leftAtTarget, budget.targetRate)})`;
  return { dials, nextState: { ...state, expectedAbandons }, explanation: `${dials === 0 ? "no dial" : plural(dials, "dial")}: ${pipeline}; ${why}` };
}
