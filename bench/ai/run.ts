// npm run bench:ai — N concurrent AI-answered calls (50 by default) against the model
// simulator at a fixed time to first token (300 ms) and rate (50 tokens/s), each caller
// saying four lines (one that makes the model look the balance up first). Per caller
// turn: the turn's end (final segment + the quiet window) → the first `speak` of the
// reply, and the engine's overhead: that, minus the model's share of that same span (each
// request's start, or the turn's end for one asked tentatively during the quiet window,
// → the last output before the first speech, or → its end when it only called a tool). The calls run the AI feature's own code (journal, tasks, model client, reply
// port) in one Node process, as the CallActor runs it, without workerd, SQLite or the
// carrier's network: see bench/README.md for what that leaves out.
//   --calls N   --ttft MS   --tps N   --json (one object, nothing else)
//   --profile-cpu FILE (a V8 CPU profile of the process over the calls, its summary on stderr)
import { createModelClient, modelConfigFrom } from "../../objects/shared/model";
import { startModelSimulator } from "../../sim/model/server";
import { BenchAiCall, type TurnMeasure } from "./ai-call-driver";
import { specOf } from "./spec-of";
import { printCpuProfile } from "../calls/cpu-profile";
import { ProcessProfiler } from "./process-profile";

const CALLER_LINES = ["How much do I owe?", "Could you call me back later?", "Hmm, I am not sure about that.", "I will think about it."];

function stringOption(name: string): string | null {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return null;
  const value = process.argv[at + 1];
  if (!value || value.startsWith("--")) throw new Error(`--${name} takes the file to write to`);
  return value;
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

const percentile = (sorted: number[], p: number): number => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
const round1 = (ms: number) => Math.round(ms * 10) / 10;

/**
 * The model's own share of a turn's latency: each request of the turn, from its start (or
 * the turn's end, if it was asked earlier) to the last output before the first speech (or
 * its end, for a tool-only answer). The machine speaks a sentence once it is sure it is
 * whole (it may wait for the next output), so that output is the model's last part in it.
 */
function modelMsOf(turn: TurnMeasure): number {
  const speakAt = turn.firstSpeakAtMs!;
  let total = 0;
  for (const request of turn.requests) {
    if (request.cancelled) continue;
    const lastText = request.textAtMs.filter((at) => at <= speakAt).at(-1);
    const until = lastText ?? (request.doneAtMs !== null && request.doneAtMs <= speakAt ? request.doneAtMs : speakAt);
    total += Math.max(0, until - Math.max(request.startedAtMs, turn.endedAtMs));
  }
  return total;
}

async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  const calls = option("calls", 50);
  const profileFile = stringOption("profile-cpu");
  const timing = { timeToFirstTokenMs: option("ttft", 300), tokensPerSecond: option("tps", 50) };
  const sim = await startModelSimulator({ port: 0, seed: 12, clock: "real", timing, log: () => {} });
  const client = createModelClient(modelConfigFrom({ OPENAI_BASE_URL: sim.baseUrl, OPENAI_MODEL: sim.modelId, OPENAI_API_KEY: "bench" }), { timeouts: { firstTokenMs: 30_000, betweenTokensMs: 30_000 } });
  const say = (line: string) => void (json ? undefined : console.log(line));
  say(`bench:ai — ${calls} concurrent AI calls, model simulator at ${timing.timeToFirstTokenMs} ms to first token and ${timing.tokensPerSecond} tokens/s, ${CALLER_LINES.length} caller turns each`);

  const profiler = profileFile ? await ProcessProfiler.start() : null;
  const started = Date.now();
  const running = Array.from({ length: calls }, (_, index) => new BenchAiCall(specOf(index), client, CALLER_LINES));
  // Staggered over the first two seconds, as calls arrive, not in lockstep.
  running.forEach((call, index) => setTimeout(() => call.start(), Math.round((index * 2000) / calls)));
  await Promise.all(running.map((call) => call.done));
  const wallMs = Date.now() - started;
  if (profiler && profileFile) printCpuProfile(await profiler.stop(profileFile), (line) => process.stderr.write(`[bench:ai] ${line}\n`));
  await sim.close();

  const turns = running.flatMap((call) => call.turns).filter((turn) => turn.firstSpeakAtMs !== null);
  const turnMs = turns.map((turn) => turn.firstSpeakAtMs! - turn.endedAtMs).sort((a, b) => a - b);
  const overheadMs = turns.map((turn) => turn.firstSpeakAtMs! - turn.endedAtMs - modelMsOf(turn)).sort((a, b) => a - b);
  const result = {
    calls,
    turns: turns.length,
    overheadP50Ms: round1(percentile(overheadMs, 50)),
    overheadP99Ms: round1(percentile(overheadMs, 99)),
    turnP50Ms: round1(percentile(turnMs, 50)),
    turnP95Ms: round1(percentile(turnMs, 95)),
  };
  if (json) {
    console.log(JSON.stringify(result));
    return;
  }
  say(`turns measured: ${result.turns} (of ${calls * CALLER_LINES.length} said), in ${(wallMs / 1000).toFixed(1)} s`);
  say(`engine overhead per turn (turn end → first speak, minus model time): p50 ${result.overheadP50Ms} ms, p99 ${result.overheadP99Ms} ms (target p99 ≤ 20 ms)`);
  say(`customer turn end → first speak sent: p50 ${result.turnP50Ms} ms, p95 ${result.turnP95Ms} ms (target p95 ≤ 800 ms)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
