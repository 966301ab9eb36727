// `npm run bench:pacing:ceiling -- --workload FILE --seeds 1-20 [--json]`: per seed,
// vicidial-adapt, ours, and the hindsight ceiling (hindsight.ts: ours with the largest
// fixed allowance that ends that day within the cap), and the medians over the seeds of
// ours ÷ vicidial-adapt and hindsight ÷ vicidial-adapt. Issue 18 asks whether 1.10 ×
// vicidial-adapt is within reach at all; this measures it. Slow: about ten days
// simulated per seed.
import path from "node:path";
import { loadWorkload, workloadFiles } from "./benchmark";
import { abandonRateAtTalkShare, hindsightDay, type HindsightDay } from "./hindsight";
import { parseOptions } from "./options";
import { median } from "./report";
import type { PolicyMetrics } from "../../objects/campaign/pacing/simulation/metrics";
import { simulateShift } from "../../objects/campaign/pacing/simulation/simulator";
import type { Workload } from "../../objects/campaign/pacing/simulation/workload";

/** Issue 18's target: ours ≥ 1.10 × vicidial-adapt on the median seed. */
const TARGET_RATIO = 1.1;

interface CeilingRow {
  workload: string;
  seed: number;
  vicidial: PolicyMetrics;
  ours: PolicyMetrics;
  hindsight: HindsightDay;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
const ratio = (a: PolicyMetrics | null, b: PolicyMetrics) => (a === null ? NaN : a.talkShare / b.talkShare);

function formatRows(rows: CeilingRow[]): string {
  const lines = ["workload                    seed  vicidial  ours (abandons)      hindsight allowance (abandons)  ours÷vici  hindsight÷vici"];
  for (const r of rows) {
    const h = r.hindsight.metrics;
    lines.push(
      `${r.workload.padEnd(26)} ${String(r.seed).padStart(5)}  ${r.vicidial.talkShare.toFixed(4)}  ${r.ours.talkShare.toFixed(4)} (${pct(r.ours.abandonRate)})  ` +
        `${h ? `${h.talkShare.toFixed(4)} ${r.hindsight.allowance!.toFixed(4)} (${pct(h.abandonRate)})` : "none within the cap".padEnd(30)}  ` +
        `${ratio(r.ours, r.vicidial).toFixed(3).padStart(9)}  ${ratio(h, r.vicidial).toFixed(3).padStart(14)}`,
    );
  }
  for (const name of [...new Set(rows.map((r) => r.workload))]) {
    const of = rows.filter((r) => r.workload === name);
    lines.push(
      `${name}: median over ${of.length} seeds, ours ÷ vicidial-adapt ${median(of.map((r) => ratio(r.ours, r.vicidial))).toFixed(3)}, ` +
        `hindsight ÷ vicidial-adapt ${median(of.map((r) => ratio(r.hindsight.metrics, r.vicidial))).toFixed(3)}, ` +
        `hindsight ÷ ours ${median(of.map((r) => ratio(r.hindsight.metrics, r.ours))).toFixed(3)}; ` +
        `abandons the fixed allowance takes to reach ${TARGET_RATIO.toFixed(2)} × vicidial-adapt ≈ ` +
        `${pct(median(of.map((r) => abandonRateAtTalkShare(r.hindsight.probes, TARGET_RATIO * r.vicidial.talkShare))))}`,
    );
  }
  return lines.join("\n");
}

const parsed = parseOptions(process.argv.slice(2));
if (!parsed.ok) fail(parsed.message.replace("bench:pacing", "bench:pacing:ceiling"));
const options = parsed.options;
const load = (file: string): Workload => {
  const loaded = loadWorkload(file);
  if (!loaded.ok) fail(loaded.message);
  return loaded.workload;
};
const workloads = options.all ? workloadFiles(options.dir === null ? undefined : path.resolve(options.dir)).map(load) : [load(path.resolve(options.workload!))];

const rows: CeilingRow[] = [];
for (const workload of workloads) {
  for (const seed of options.seeds ?? [options.seed ?? workload.seed]) {
    process.stderr.write(`[bench:pacing:ceiling] ${workload.name}, seed ${seed}\n`);
    rows.push({
      workload: workload.name,
      seed,
      vicidial: simulateShift(workload, "vicidial-adapt", { seed }).metrics,
      ours: simulateShift(workload, "predictive", { seed }).metrics,
      hindsight: hindsightDay(workload, seed),
    });
  }
}
process.stdout.write(options.json ? `${JSON.stringify({ ceiling: rows }, null, 2)}\n` : `${formatRows(rows)}\n`);
