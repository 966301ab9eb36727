// `npm run bench:inbound -- [--workload FILE] [--seed N] [--json]`: a workload's callers
// through the agent pool's queue code (simulate.ts), the measured service level, average
// speed of answer, abandon rate and occupancy beside Erlang C's prediction for the same
// load (domain/erlang-c.ts). --json prints one object and nothing else.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runInbound, type InboundRunResult } from "./simulate";
import { loadInboundWorkload, meanOf, type InboundWorkload } from "./workload";

const USAGE = `usage: npm run bench:inbound -- [--workload FILE] [--seed N] [--json]

  --workload FILE  an inbound workload (default bench/inbound/workloads/care-10.json)
  --seed N         use seed N instead of the workload's own
  --json           print one JSON object: { calls, answered, abandoned, lost, serviceLevel, asaSeconds, occupancy, predicted: { serviceLevel, asaSeconds } }`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const here = path.dirname(fileURLToPath(import.meta.url));
let file = path.join(here, "workloads", "care-10.json");
let seed: number | null = null;
let json = false;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const [flag, inline] = argv[i]!.split("=", 2) as [string, string | undefined];
  const value = () => inline ?? argv[++i];
  if (flag === "--json") json = true;
  else if (flag === "--workload") file = path.resolve(value() ?? fail(`--workload needs a file\n\n${USAGE}`));
  else if (flag === "--seed") {
    const text = value() ?? "";
    if (!/^\d+$/.test(text)) fail(`--seed needs a whole number\n\n${USAGE}`);
    seed = Number(text);
  } else fail(flag === "--help" || flag === "-h" ? USAGE : `unknown option ${flag}\n\n${USAGE}`);
}

const loaded = loadInboundWorkload(file);
if (!loaded.ok) fail(loaded.message);
const workload = loaded.workload;
const result = runInbound(workload, seed ?? workload.seed);

if (json) {
  const { calls, answered, abandoned, lost, serviceLevel, asaSeconds, occupancy, predicted } = result;
  process.stdout.write(`${JSON.stringify({ calls, answered, abandoned, lost, serviceLevel, asaSeconds, occupancy, predicted: { serviceLevel: predicted.serviceLevel, asaSeconds: predicted.asaSeconds } })}\n`);
} else {
  process.stdout.write(`${report(workload, seed ?? workload.seed, result)}\n`);
}

function report(w: InboundWorkload, runSeed: number, r: InboundRunResult): string {
  const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)} %`);
  const secs = (x: number | null) => (x === null ? "—" : `${x.toFixed(1)} s`);
  const patience = w.patience ? `patience mean ${meanOf(w.patience)} s (${w.patience.kind})` : "nobody gives up";
  return [
    `bench:inbound ${w.name} (seed ${runSeed}): ${w.agents} agents, ${w.callsPerMinute} callers/min for ${w.minutes} min, handle mean ${meanOf(w.handle)} s (${w.handle.kind}) + wrap-up ${w.wrapUpSeconds} s, ${patience}`,
    `offered load ${r.predicted.trafficErlangs.toFixed(2)} Erlangs; ${r.simulatedSeconds.toFixed(0)} s simulated`,
    ``,
    `                         measured    ${r.predicted.model === "erlang_a" ? "Erlang A" : "Erlang C"}`,
    `service level (≤${String(w.serviceLevelSeconds).padEnd(3)} s)   ${pct(r.serviceLevel).padStart(9)}   ${pct(r.predicted.serviceLevel).padStart(9)}`,
    `average speed of answer  ${secs(r.asaSeconds).padStart(9)}   ${secs(r.predicted.asaSeconds).padStart(9)}`,
    `occupancy                ${pct(r.occupancy).padStart(9)}   ${pct(r.predicted.occupancy).padStart(9)}`,
    `abandon rate             ${pct(r.abandonRate).padStart(9)}   ${(r.predicted.abandonRate === null ? "(none)" : pct(r.predicted.abandonRate)).padStart(9)}`,
    ``,
    `calls ${r.calls}, answered ${r.answered}, abandoned ${r.abandoned}, lost ${r.lost} (target 0)`,
    w.patience ? `Erlang A models patience as exponential with the workload's mean, and handle times as exponential: a lognormal's smaller spread answers sooner than it predicts.` : `No patience: the measured should sit near Erlang C (Poisson arrivals, exponential handle times) with one routing pass a second.`,
  ].join("\n");
}
