// npm run bench:intel -- [--utterances FILE] [--json] [--misses]
// npm run bench:intel -- --stages [--calls 100] [--utterances FILE] [--json]
// npm run bench:intel -- --load [--calls 100] [--seconds 90] [--speed 1] [--ttft 300] [--tps 50] [--json] [--profile-cpu FILE] [--timings FILE] [--data-dir DIR] [--via-proxy]
// Accuracy (the default): the offline models on a labelled list (bench/intel/utterances.json
// is ours: 212 call-centre utterances in ten languages). Load (--load, load.ts): N concurrent
// calls through the whole local stack, webhook → enriched segment and → translation on the
// agent's socket. Stages (--stages, stages.ts): one line's time inside its call actor, step
// by step, in Node. With --json: one object and nothing else.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { labelledUtterance, scoreUtterances } from "./accuracy";
import { DEFAULT_LOAD_OPTIONS, type LoadOptions } from "./load-options";


const { values } = parseArgs({
  options: {
    utterances: { type: "string", default: "bench/intel/utterances.json" },
    json: { type: "boolean", default: false },
    misses: { type: "boolean", default: false },
    load: { type: "boolean", default: false },
    stages: { type: "boolean", default: false },
    calls: { type: "string", default: String(DEFAULT_LOAD_OPTIONS.calls) },
    seconds: { type: "string", default: String(DEFAULT_LOAD_OPTIONS.seconds) },
    speed: { type: "string", default: String(DEFAULT_LOAD_OPTIONS.speed) },
    ttft: { type: "string", default: String(DEFAULT_LOAD_OPTIONS.ttftMs) },
    tps: { type: "string", default: String(DEFAULT_LOAD_OPTIONS.tokensPerSecond) },
    "profile-cpu": { type: "string" },
    timings: { type: "string" },
    "data-dir": { type: "string" },
    "via-proxy": { type: "boolean", default: false },
  },
});

function positive(name: string, text: string, max: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    console.error(`--${name} needs a number above 0 and at most ${max}`);
    process.exit(2);
  }
  return value;
}

async function load(): Promise<void> {
  const options: LoadOptions = {
    calls: Math.round(positive("calls", values.calls, 1000)),
    seconds: positive("seconds", values.seconds, 600),
    speed: positive("speed", values.speed, 100),
    ttftMs: positive("ttft", values.ttft, 60_000),
    tokensPerSecond: positive("tps", values.tps, 10_000),
    json: values.json,
    viaProxy: values["via-proxy"],
    ...(values["profile-cpu"] ? { profileCpu: values["profile-cpu"] } : {}),
    ...(values.timings ? { timingsFile: values.timings } : {}),
    ...(values["data-dir"] ? { dataDir: values["data-dir"] } : {}),
  };
  // Imported only here: the accuracy mode needs no stack.
  const { formatLoadReport, runLoadMode } = await import("./load");
  const report = await runLoadMode(options);
  console.log(options.json ? JSON.stringify(report) : formatLoadReport(report));
}

function accuracy(): void {
  const parsed = z.array(labelledUtterance).safeParse(JSON.parse(readFileSync(values.utterances, "utf8")));
  if (!parsed.success) {
    console.error(`${values.utterances}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    process.exit(2);
  }
  const { report, misses } = scoreUtterances(parsed.data);
  if (values.json) {
    console.log(JSON.stringify(report));
    return;
  }
  console.log(`${parsed.data.length} utterances from ${values.utterances}`);
  console.log(`language accuracy   ${(report.languageAccuracy * 100).toFixed(1)} %`);
  console.log(`negative            precision ${report.negative.precision}  recall ${report.negative.recall}`);
  console.log(`objection           precision ${report.objection.precision}  recall ${report.objection.recall}`);
  if (values.misses) for (const miss of misses) console.log(`  ${miss.what}: expected ${miss.expected}, got ${miss.got}: ${miss.text}`);
}

async function stages(): Promise<void> {
  const { formatStagesReport, runStages } = await import("./stages");
  const report = await runStages(Math.round(positive("calls", values.calls, 1000)), values.utterances);
  console.log(values.json ? JSON.stringify(report) : formatStagesReport(report));
}

if (values.stages) {
  stages().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
} else if (values.load) {
  load().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
} else {
  accuracy();
}
