// Tables for the terminal. Pure: strings from results.
import type { TargetCheck, WorkloadResults } from "./benchmark";
import type { PolicyMetrics } from "../../objects/campaign/pacing/simulation/metrics";
import type { Workload } from "../../objects/campaign/pacing/simulation/workload";

interface Column {
  title: string;
  cell: (m: PolicyMetrics) => string;
}

const pct = (x: number, digits = 1) => `${(100 * x).toFixed(digits)} %`;
const fixed = (digits: number) => (x: number) => x.toFixed(digits);

const FULL_COLUMNS: Column[] = [
  { title: "policy", cell: (m) => m.policy },
  { title: "talkShare", cell: (m) => fixed(3)(m.talkShare) },
  { title: "occupancy", cell: (m) => fixed(3)(m.occupancy) },
  { title: "idleShare", cell: (m) => fixed(3)(m.idleShare) },
  { title: "liveAnswered", cell: (m) => String(m.liveAnswered) },
  { title: "abandoned", cell: (m) => String(m.abandoned) },
  { title: "abandonRate", cell: (m) => pct(m.abandonRate, 2) },
  { title: "dials", cell: (m) => String(m.dials) },
  { title: "dials/agent-h", cell: (m) => fixed(1)(m.dialsPerAgentHour) },
  { title: "contacts/agent-h", cell: (m) => fixed(2)(m.contactsPerAgentHour) },
  { title: "leadsUsed", cell: (m) => String(m.leadsUsed) },
  { title: "connectWaitP95 s", cell: (m) => fixed(2)(m.connectWaitP95Seconds) },
  { title: "talk÷ceiling", cell: (m) => pct(m.talkShareOfCeiling) },
];

/** Columns whose index is in `leftAligned` are text; the rest are numbers, aligned right. */
function table(header: string[], rows: string[][], leftAligned: readonly number[] = [0]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (leftAligned.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

export function describeWorkload(w: Workload, seed: number): string {
  const phases = w.phases.length > 1 ? `, ${w.phases.length} phases` : "";
  return `${w.name}: ${w.agents} agents, ${(w.shiftSeconds / 3600).toFixed(1)} h, seed ${seed}, cap ${pct(w.abandonCap)}${phases}`;
}

export function formatChecks(checks: readonly TargetCheck[]): string {
  return checks.map((c) => `${c.ok ? "✓" : "✗"} ${c.name} (${c.detail})`).join(" · ");
}

export function formatWorkload(workload: Workload, seed: number, run: WorkloadResults, checks: readonly TargetCheck[]): string {
  const rows = run.results.map((m) => FULL_COLUMNS.map((c) => c.cell(m)));
  return [describeWorkload(workload, seed), table(FULL_COLUMNS.map((c) => c.title), rows), `targets: ${formatChecks(checks)}`].join("\n");
}

export interface SummaryRow {
  workload: Workload;
  seed: number;
  run: WorkloadResults;
  checks: TargetCheck[];
}

export function formatSummary(rows: readonly SummaryRow[]): string {
  const header = ["workload", "agents", "policy", "talkShare", "occupancy", "abandonRate", "contacts/agent-h", "talk÷ceiling", "÷ vicidial"];
  const body: string[][] = [];
  for (const { workload, run } of rows) {
    const baseline = run.results.find((r) => r.policy === "vicidial-adapt")!;
    run.results.forEach((m, i) => {
      body.push([
        i === 0 ? workload.name : "",
        i === 0 ? String(workload.agents) : "",
        m.policy,
        fixed(3)(m.talkShare),
        fixed(3)(m.occupancy),
        `${pct(m.abandonRate, 2)}${m.abandonRate > workload.abandonCap ? " !" : ""}`,
        fixed(2)(m.contactsPerAgentHour),
        pct(m.talkShareOfCeiling),
        `${(m.talkShare / baseline.talkShare).toFixed(3)} ×`,
      ]);
    });
  }
  const checks = rows.map(({ workload, seed, checks }) => `${workload.name} (seed ${seed}): ${formatChecks(checks)}`);
  return [table(header, body, [0, 2]), "", "(! = over the abandon cap)", "", ...checks].join("\n");
}

export function formatSweep(rows: readonly SummaryRow[]): string {
  const byWorkload = new Map<string, SummaryRow[]>();
  for (const row of rows) byWorkload.set(row.workload.name, [...(byWorkload.get(row.workload.name) ?? []), row]);
  const header = ["workload", "seed", "progressive", "vicidial-adapt", "predictive", "÷ vicidial", "ours abandon", "vicidial abandon", "ours ÷ceiling", "targets"];
  const body: string[][] = [];
  const summary: string[] = [];
  for (const [name, list] of byWorkload) {
    let minRatio = Infinity;
    let maxAbandon = 0;
    let minCeiling = Infinity;
    let passed = 0;
    const ratios: number[] = [];
    list.forEach(({ seed, run, checks }, i) => {
      const get = (p: string) => run.results.find((r) => r.policy === p)!;
      const ours = get("predictive");
      const vici = get("vicidial-adapt");
      const ratio = ours.talkShare / vici.talkShare;
      ratios.push(ratio);
      minRatio = Math.min(minRatio, ratio);
      maxAbandon = Math.max(maxAbandon, ours.abandonRate);
      minCeiling = Math.min(minCeiling, ours.talkShareOfCeiling);
      const failed = checks.filter((c) => !c.ok);
      if (failed.length === 0) passed++;
      body.push([
        i === 0 ? name : "",
        String(seed),
        fixed(3)(get("progressive").talkShare),
        fixed(3)(vici.talkShare),
        fixed(3)(ours.talkShare),
        `${ratio.toFixed(3)} ×`,
        pct(ours.abandonRate, 2),
        pct(vici.abandonRate, 2),
        pct(ours.talkShareOfCeiling),
        failed.length === 0 ? "all ✓" : failed.map((c) => `✗ ${c.name}`).join(", "),
      ]);
    });
    summary.push(
      `${name}: all targets on ${passed}/${list.length} seeds; ours ÷ vicidial median ${median(ratios).toFixed(3)}, lowest ${minRatio.toFixed(3)}; ` +
        `worst seed's abandon rate ${pct(maxAbandon, 2)}; ours ÷ ceiling ≥ ${pct(minCeiling)}`,
    );
  }
  return [table(header, body, [0, 9]), "", ...summary].join("\n");
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
