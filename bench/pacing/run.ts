// `npm run bench:pacing`: the three pacing policies on the same simulated shift
// (PACING.md), one row each, and issue 4's targets checked. Deterministic per seed.
import path from "node:path";
import { checkTargets, loadWorkload, runWorkload, workloadFiles } from "./benchmark";
import { parseOptions } from "./options";
import { formatSummary, formatSweep, formatWorkload, type SummaryRow } from "./report";
import type { Workload } from "../../objects/campaign/pacing/simulation/workload";

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function load(file: string): Workload {
  const loaded = loadWorkload(file);
  if (!loaded.ok) fail(loaded.message);
  return loaded.workload;
}

const parsed = parseOptions(process.argv.slice(2));
if (!parsed.ok) fail(parsed.message);
const options = parsed.options;

const workloads = options.all ? workloadFiles(options.dir === null ? undefined : path.resolve(options.dir)).map(load) : [load(path.resolve(options.workload!))];
const seedsFor = (w: Workload) => options.seeds ?? [options.seed ?? w.seed];

const rows: SummaryRow[] = [];
for (const workload of workloads) {
  for (const seed of seedsFor(workload)) {
    if (!options.json) process.stderr.write(`[bench:pacing] ${workload.name}, seed ${seed}\n`);
    const run = runWorkload(workload, seed);
    rows.push({ workload, seed, run, checks: checkTargets(workload, run) });
  }
}

if (options.json) {
  const entry = ({ seed, run, checks }: SummaryRow) => ({ ...run, seed, targets: checks });
  const single = !options.all && options.seeds === null;
  const out = single ? { workload: rows[0]!.run.workload, results: rows[0]!.run.results } : options.seeds ? { sweep: rows.map(entry) } : { workloads: rows.map(entry) };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
} else if (options.seeds) {
  process.stdout.write(`${formatSweep(rows)}\n`);
} else if (options.all) {
  process.stdout.write(`${formatSummary(rows)}\n`);
} else {
  const row = rows[0]!;
  process.stdout.write(`${formatWorkload(row.workload, row.seed, row.run, row.checks)}\n`);
}
