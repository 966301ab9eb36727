// A workload plan: the callees of one number range answer as a pacing workload says
// (bench/workloads/*.json, the pacing benchmark's schema), so the real engine can be
// rehearsed on the very workload the pacing simulator predicts for. The number's last
// digits are the lead number; its fate (outcome by the phase in force when it is
// dialled, ring, AMD decision and misjudgment, talk, the machine an agent hears) is
// drawn by the pacing simulation's own drawLeadFate with the plan's seed, so each lead
// is the same person in the simulator and in the rehearsal. Durations are workload
// seconds; the simulator's speed compresses them like any persona's.
import { drawLeadFate, leadDistributions, type LeadDistributions, type LeadFate } from "../../objects/campaign/pacing/simulation/lead-fate.ts";
import type { Workload } from "../../objects/campaign/pacing/simulation/workload.ts";
import type { Persona, PersonaDirectory } from "./personas.ts";

export interface WorkloadPlanSpec {
  workload: Workload;
  seed: number;
  /** Numbers `<prefix><lead number>` (the rest all digits) are played by the plan. */
  numberPrefix: string;
}

export class WorkloadPlan {
  readonly dist: LeadDistributions;
  /** Dials the plan answered, by class (what the rehearsal's callee side saw). */
  readonly dialled = { human: 0, machine: 0, noAnswer: 0, busy: 0, invalid: 0 };

  constructor(
    readonly spec: WorkloadPlanSpec,
    /** The simulator's clock when the plan began: the workload's second 0. */
    readonly startedAtMs: number,
  ) {
    this.dist = leadDistributions(spec.workload);
  }

  /** The lead number a dialled number carries, or null when the plan does not play it. */
  leadOf(to: string): number | null {
    if (!to.startsWith(this.spec.numberPrefix)) return null;
    const digits = to.slice(this.spec.numberPrefix.length);
    return /^\d{1,9}$/.test(digits) ? Number(digits) : null;
  }

  /** The fate of the lead dialled at simulator time `nowMs`; workload seconds run `speed` times faster than the clock. */
  fateOf(lead: number, nowMs: number, speed: number): LeadFate {
    const dialSecond = ((nowMs - this.startedAtMs) / 1000) * speed;
    return drawLeadFate(this.spec.workload, this.dist, this.spec.seed, lead, dialSecond);
  }

  /** Who answers `to` now: a persona shaped by the lead's fate (null: not the plan's number). */
  personaFor(to: string, nowMs: number, speed: number, directory: PersonaDirectory): Persona | null {
    const lead = this.leadOf(to);
    if (lead === null) return null;
    const fate = this.fateOf(lead, nowMs, speed);
    this.dialled[fate.outcome]++;
    return fatePersona(fate, this.spec.workload, directory);
  }
}

/** A built-in persona of the fate's kind, with the fate's times; no scripted lines (the rehearsal measures pacing, not transcripts). */
export function fatePersona(fate: LeadFate, workload: Workload, directory: PersonaDirectory): Persona {
  const base = (name: string) => directory.named(name)!;
  switch (fate.outcome) {
    case "human":
      return {
        ...base("live-human-en"),
        name: "workload:human",
        utterances: [],
        answerAfterSeconds: fate.answerSeconds,
        amdDecisionSeconds: fate.amdSeconds,
        amdVerdict: fate.judgedHuman ? "human" : "machine",
        // Stays on while nobody talks to them (the engine plays its message and hangs up), talks for the fate's time with an agent.
        hangupAfterSeconds: null,
        hangupAfterBridgedSeconds: fate.talkSeconds,
      };
    case "machine":
      return {
        ...base("answering-machine"),
        name: "workload:machine",
        utterances: [],
        answerAfterSeconds: fate.answerSeconds,
        amdDecisionSeconds: fate.amdSeconds,
        amdVerdict: fate.judgedHuman ? "human" : "machine",
        // An agent who hears a machine AMD let through hangs up after the workload's machine talk: the machine does it here.
        hangupAfterBridgedSeconds: workload.machineTalkSeconds,
      };
    case "noAnswer":
      return { ...base("no-answer"), name: "workload:no-answer" };
    case "busy":
      return { ...base("busy"), name: "workload:busy", failAfterSeconds: fate.failSeconds };
    case "invalid":
      return { ...base("invalid-number"), name: "workload:invalid", failAfterSeconds: fate.failSeconds };
  }
}
