// One lead's fate under a workload: who answers (by the phase in force when it is
// dialled), when, what AMD decides and when, and how long the talk and wrap-up last.
// Drawn from the lead's own random stream keyed by (seed, lead number), with a fixed
// number of draws whatever happens, so every policy meets the same people in the same
// order. The simulator draws each dial's fate here, and so does the carrier
// simulator's workload plan (sim/carrier/workload-plan.ts) when the real engine is
// rehearsed on the same workload: one definition of what a workload means.
import { lognormalFromMedianP90, type LognormalParams } from "../lognormal";
import type { DialOutcomeClass } from "../observed-stats";
import { Random } from "./random";
import { phaseAt, type Workload } from "./workload";

export interface LeadDistributions {
  answerHuman: LognormalParams;
  answerMachine: LognormalParams;
  busy: LognormalParams;
  invalid: LognormalParams;
  amd: LognormalParams;
  talk: { weight: number; params: LognormalParams }[];
  wrap: LognormalParams;
}

export interface LeadFate {
  /** The class drawn from the phase's mix (a person or machine answering after the ring timeout is still "human" / "machine" here). */
  outcome: DialOutcomeClass;
  /** Seconds from the dial to the answer (people and machines). */
  answerSeconds: number;
  /** Seconds from the answer to AMD's verdict. */
  amdSeconds: number;
  /** AMD's verdict: a person or machine judged human (misjudgments drawn from the workload's rates). */
  judgedHuman: boolean;
  talkSeconds: number;
  wrapSeconds: number;
  /** Busy and invalid numbers: seconds until the network says so. */
  failSeconds: number;
}

export function leadDistributions(workload: Workload): LeadDistributions {
  return {
    answerHuman: lognormalFromMedianP90(workload.answerSeconds.human),
    answerMachine: lognormalFromMedianP90(workload.answerSeconds.machine),
    busy: lognormalFromMedianP90(workload.busySeconds),
    invalid: lognormalFromMedianP90(workload.invalidSeconds),
    amd: lognormalFromMedianP90(workload.amd.decisionSeconds),
    talk: workload.talkSeconds.map((c) => ({ weight: c.weight, params: lognormalFromMedianP90(c) })),
    wrap: lognormalFromMedianP90(workload.wrapSeconds),
  };
}

const draw = (p: LognormalParams, z: number) => Math.exp(p.mu + p.sigma * z);

/** The fate of lead number `lead` (0-based dial order) dialled at `dialSecond` of the shift. */
export function drawLeadFate(workload: Workload, dist: LeadDistributions, seed: number, lead: number, dialSecond: number): LeadFate {
  const rng = new Random(seed, lead);
  const uOutcome = rng.next();
  const zAnswer = rng.normal();
  const zAmd = rng.normal();
  const uMisjudge = rng.next();
  const uTalkPart = rng.next();
  const zTalk = rng.normal();
  const zWrap = rng.normal();
  const zFail = rng.normal();

  const mix = phaseAt(workload, dialSecond).outcomes;
  let outcome: DialOutcomeClass = "invalid";
  let acc = 0;
  for (const name of ["human", "machine", "noAnswer", "busy", "invalid"] as const) {
    acc += mix[name];
    if (uOutcome < acc) {
      outcome = name;
      break;
    }
  }
  let talkParams = dist.talk[dist.talk.length - 1]!.params;
  let talkAcc = 0;
  for (const part of dist.talk) {
    talkAcc += part.weight;
    if (uTalkPart < talkAcc) {
      talkParams = part.params;
      break;
    }
  }
  return {
    outcome,
    answerSeconds: draw(outcome === "machine" ? dist.answerMachine : dist.answerHuman, zAnswer),
    amdSeconds: draw(dist.amd, zAmd),
    judgedHuman: outcome === "human" ? uMisjudge >= workload.amd.humanAsMachine : uMisjudge < workload.amd.machineAsHuman,
    talkSeconds: draw(talkParams, zTalk),
    wrapSeconds: draw(dist.wrap, zWrap),
    failSeconds: draw(outcome === "busy" ? dist.busy : dist.invalid, zFail),
  };
}
