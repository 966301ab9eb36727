// The pacing-benchmark workload (bench/workloads' schema, PACING.md) a campaign's own
// statistics describe, from its live snapshot (agents logged in, answer rate, average
// handle time, abandon cap): the room's what-if simulates it, and a rehearsal from the
// console can play it (worker/routes/campaign-rehearsals.ts). Pure.
import { LEGAL_ABANDON_CAP_RATE } from "../../../domain/legal";
import type { CampaignSnapshot } from "../protocol";
import { DEFAULT_PHASES, type WorkloadInput } from "./simulation/workload";

/** The shift lengths a supervisor can simulate (seconds); shorter than a real shift so it runs in seconds. */
export const WHAT_IF_SHIFTS_SECONDS = [3600, 7200, 14_400] as const;
export const DEFAULT_WHAT_IF_SHIFT_SECONDS = 7200;
/** One seed for every run: the same snapshot always gives the same table. */
export const WHAT_IF_SEED = 7;
/** Below this many dials today the observed answer rate is noise; PACING.md's example is used instead. */
export const MIN_DIALS_FOR_ANSWER_RATE = 50;
/** Below this many conversations today the observed AHT is noise. */
export const MIN_CONVERSATIONS_FOR_AHT = 5;

const DEFAULT_HUMAN_SHARE = DEFAULT_PHASES[0]!.outcomes.human;
/** PACING.md's example durations: talk a mixture, wrap-up one lognormal (median, p90 in seconds). */
const DEFAULT_TALK = [
  { weight: 0.3, median: 25, p90: 60 },
  { weight: 0.7, median: 240, p90: 600 },
] as const;
const DEFAULT_WRAP = { median: 25, p90: 90 } as const;
const DEFAULT_MAX_LINES_PER_AGENT = 5;

/** Mean of a lognormal given by median and p90 (PACING.md: σ = ln(p90/median) / 1.2816). */
export function meanFromMedianP90({ median, p90 }: { median: number; p90: number }): number {
  const sigma = Math.log(p90 / median) / 1.2816;
  return median * Math.exp((sigma * sigma) / 2);
}

/** Talk + wrap-up of PACING.md's example, on average: what an observed AHT rescales. */
export const DEFAULT_HANDLE_SECONDS = DEFAULT_TALK.reduce((sum, c) => sum + c.weight * meanFromMedianP90(c), 0) + meanFromMedianP90(DEFAULT_WRAP);

export interface WhatIfPlan {
  workload: WorkloadInput;
  /** One line per input: observed from the campaign, or assumed and why. */
  inputs: { name: string; value: string; observed: boolean }[];
}

export interface WhatIfOptions {
  shiftSeconds?: number;
}

/**
 * The workload a campaign's own statistics describe. The outcome mix keeps PACING.md's
 * proportions among non-people; durations keep PACING.md's shapes, scaled so talk + wrap-up
 * averages the observed AHT. Leads are plentiful: the question is the pacing, not the list.
 */
export function workloadFromSnapshot(snapshot: CampaignSnapshot, options: WhatIfOptions = {}): WhatIfPlan {
  const { stats, agents, campaign } = snapshot;
  const inputs: WhatIfPlan["inputs"] = [];
  const shiftSeconds = options.shiftSeconds ?? DEFAULT_WHAT_IF_SHIFT_SECONDS;

  const loggedIn = agents.filter((a) => a.state !== "offline").length;
  const agentCount = Math.max(1, loggedIn > 0 ? loggedIn : agents.length);
  inputs.push({
    name: "Agents",
    value: String(agentCount),
    observed: loggedIn > 0,
  });

  const answerObserved = stats.dialsToday >= MIN_DIALS_FOR_ANSWER_RATE && stats.answerRate > 0 && stats.answerRate < 1;
  const human = clamp(answerObserved ? stats.answerRate : DEFAULT_HUMAN_SHARE, 0.01, 0.95);
  inputs.push({ name: "People answering", value: percent(human), observed: answerObserved });

  const ahtObserved = stats.conversationsToday >= MIN_CONVERSATIONS_FOR_AHT && stats.ahtSeconds > 0;
  const handleSeconds = ahtObserved ? clamp(stats.ahtSeconds, 10, 7200) : DEFAULT_HANDLE_SECONDS;
  inputs.push({ name: "Average handle time", value: `${Math.round(handleSeconds)} s`, observed: ahtObserved });

  const capObserved = campaign.abandonCapPercent > 0;
  const abandonCap = capObserved ? Math.min(campaign.abandonCapPercent, 100) / 100 : LEGAL_ABANDON_CAP_RATE;
  inputs.push({ name: "Abandon cap", value: percent(abandonCap, 1), observed: capObserved });

  const linesObserved = stats.maxLines > 0 && loggedIn > 0;
  const maxLinesPerAgent = linesObserved ? clamp(stats.maxLines / loggedIn, 1, 10) : DEFAULT_MAX_LINES_PER_AGENT;
  inputs.push({ name: "Lines per agent", value: String(round2(maxLinesPerAgent)), observed: linesObserved });

  const scale = handleSeconds / DEFAULT_HANDLE_SECONDS;
  const scaled = (d: { median: number; p90: number }) => ({ median: round2(d.median * scale), p90: round2(d.p90 * scale) });

  const workload = {
    name: `what-if ${campaign.name}`.slice(0, 100),
    seed: WHAT_IF_SEED,
    agents: agentCount,
    shiftSeconds,
    // Far more than any policy can dial in the shift (≤ 5 lines per agent, ≥ 15 s a dial).
    leads: Math.ceil(agentCount * maxLinesPerAgent * (shiftSeconds / 15)) + 100,
    phases: [{ fromSecond: 0, outcomes: outcomeMix(human) }],
    answerSeconds: { human: { median: 9, p90: 16 }, machine: { median: 6, p90: 12 } },
    busySeconds: { median: 3, p90: 5 },
    invalidSeconds: { median: 2, p90: 4 },
    ringTimeoutSeconds: 22,
    amd: { decisionSeconds: { median: 2.5, p90: 4 }, humanAsMachine: 0.01, machineAsHuman: 0.08 },
    talkSeconds: DEFAULT_TALK.map((c) => ({ weight: c.weight, ...scaled(c) })),
    wrapSeconds: scaled(DEFAULT_WRAP),
    machineTalkSeconds: 12,
    abandonCap,
    connectWindowSeconds: 2,
    maxLinesPerAgent,
  } satisfies WorkloadInput;
  return { workload, inputs };
}

/** People answer at `human`; the rest keep PACING.md's proportions (machine, no answer, busy, invalid). */
function outcomeMix(human: number) {
  const base = DEFAULT_PHASES[0]!.outcomes;
  const others = 1 - base.human;
  const share = (x: number) => ((1 - human) * x) / others;
  const machine = share(base.machine);
  const noAnswer = share(base.noAnswer);
  const busy = share(base.busy);
  // The last share takes the rounding, so the mix adds up to 1 exactly.
  return { human, machine, noAnswer, busy, invalid: Math.max(0, 1 - human - machine - noAnswer - busy) };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function percent(fraction: number, digits = 0): string {
  return `${(fraction * 100).toFixed(digits)} %`;
}
