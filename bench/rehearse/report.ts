// The rehearsal's table: each pacing metric for the real run, the prediction and
// real ÷ predicted, then where the agents' time went and the machine's load.
import type { PolicyMetrics } from "../../objects/campaign/pacing/simulation/metrics.ts";
import type { RehearsalResult } from "./rehearsal.ts";
import { formatEngineFigures } from "./engine-figures.ts";

const METRICS: { key: keyof PolicyMetrics; digits: number }[] = [
  { key: "talkShare", digits: 3 },
  { key: "occupancy", digits: 3 },
  { key: "idleShare", digits: 3 },
  { key: "abandonRate", digits: 4 },
  { key: "liveAnswered", digits: 0 },
  { key: "abandoned", digits: 0 },
  { key: "dials", digits: 0 },
  { key: "dialsPerAgentHour", digits: 1 },
  { key: "contactsPerAgentHour", digits: 1 },
  { key: "connectWaitP95Seconds", digits: 2 },
  { key: "ceiling", digits: 3 },
];

export function formatRehearsal(result: RehearsalResult, run: { speed: number; agents: number; minutes: number; cap: number }): string {
  const rows = METRICS.map(({ key, digits }) => {
    const real = result.real[key] as number;
    const predicted = result.predicted[key] as number;
    const ratio = predicted !== 0 ? (real / predicted).toFixed(3) : "-";
    return `${key.padEnd(24)}${real.toFixed(digits).padStart(12)}${predicted.toFixed(digits).padStart(12)}${ratio.padStart(10)}`;
  });
  const d = result.diagnostics;
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  return [
    `rehearsal of ${result.workload}: policy ${result.policy}, ${run.agents} agents, ${run.minutes} workload minutes at speed ${run.speed}`,
    "",
    `${"metric".padEnd(24)}${"real".padStart(12)}${"predicted".padStart(12)}${"ratio".padStart(10)}`,
    ...rows,
    "",
    `abandon ${pct(result.real.abandonRate)} against the cap ${pct(run.cap)}: ${result.real.abandonRate <= run.cap ? "within" : "OVER"}`,
    `agents on_call ${pct(d.onCallShare)} of staffed time, of which not talking ${pct(d.onCallNotTalkingShare)}; wrap_up ${pct(d.wrapUpShare)} (the leads asked ${pct(d.wrapAskedShare)})`,
    `AMD verdict -> agent reserved p50 ${d.verdictToReservedMsP50.toFixed(0)} ms, p95 ${d.verdictToReservedMsP95.toFixed(0)} ms; reserved -> bridged p50 ${d.reservedToBridgedMsP50.toFixed(0)} ms, p95 ${d.reservedToBridgedMsP95.toFixed(0)} ms (real time)`,
    `wrap-up overrun: the disposition save (PATCH /api/calls/:id) round trip p50 ${d.saveRoundTripMsP50.toFixed(0)} ms, p95 ${d.saveRoundTripMsP95.toFixed(0)} ms (real time)`,
    `unresolved dials when read: ${d.unresolved}; agent problems: ${d.agentProblems.length === 0 ? "none" : d.agentProblems.join("; ")}`,
    `load average at the shift's end: ${d.loadAverage.map((l) => l.toFixed(2)).join(" ")}`,
    "",
    ...formatEngineFigures(result.engine),
  ].join("\n");
}
