// The report builder's large-export benchmark, run as `npm run bench:reports` (the issue's
// name) and `npm run bench:export` (its first name; the same run): a CSV export of many
// calls through the real Worker on a fresh local stack. Seeds the rows straight into
// Postgres (generate_series), exports them as the console would (POST /api/reports/export,
// streamed), and prints rows/s, the peak resident memory of the Worker (workerd) and of
// this process; `--json` prints one object starting { rows, rowsPerSecond, peakRssMb }. The
// reader counts lines as they arrive and keeps nothing, so a flat workerd peak is the Worker
// streaming, not buffering. It measures; a wrong row count is printed as such, with a
// non-zero exit.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startStack, type Stack } from "../../scripts/lib/stack.ts";
import { workerdMemory, type WorkerMemory } from "../import/worker-memory.ts";
import { DEMO_OWNER_EMAIL, logInAsDemoOwner } from "./demo-owner.ts";
import { runRowsBench, type RowsOptions } from "./rows-option.ts";

const MEMORY_SAMPLE_MS = 250;
export type ReportExportCommand = "bench:reports" | "bench:export";
let progress = (line: string) => process.stderr.write(`${line}\n`);

/** The demo organisation's calls, n of them, one second apart. */
async function seedCalls(databaseUrl: string, rows: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const org = await client.query<{ id: string }>(
      "select o.id from organizations o join memberships m on m.organization_id = o.id join users u on u.id = m.user_id where lower(u.email) = $1",
      [DEMO_OWNER_EMAIL],
    );
    await client.query(
      `insert into calls (id, organization_id, direction, kind, origin, outcome, to_number, from_number, status, created_at, live_answered, abandoned, version)
       select gen_random_uuid(), $1, 'outbound', 'dialer', 'dialer', (array['connected','machine','no_answer','busy'])[1 + n % 4], '+1555' || lpad((n % 10000000)::text, 7, '0'),
              '+15550001000', 'completed', timestamptz '2026-01-01T00:00:00Z' + make_interval(secs => n), n % 4 = 0, false, 1
       from generate_series(1, $2::int) as n`,
      [org.rows[0]!.id, rows],
    );
  } finally {
    await client.end();
  }
}

/** Streams the export and counts its lines; nothing is kept. */
async function exportAll(url: string, cookie: string): Promise<{ lines: number; bytes: number; chunks: number; seconds: number; firstByteMs: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/api/reports/export`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, origin: url },
    body: JSON.stringify({ definition: { dataset: "calls", columns: ["id", "createdAt", "outcome", "toNumber", "liveAnswered", "talkSeconds"], sort: [{ by: "createdAt" }] } }),
  });
  if (!response.ok || !response.body) throw new Error(`export answered ${response.status}: ${await response.text()}`);
  let firstByteMs = -1;
  let lines = 0;
  let bytes = 0;
  let chunks = 0;
  let lastLog = started;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (firstByteMs < 0) firstByteMs = performance.now() - started;
    chunks += 1;
    bytes += chunk.byteLength;
    for (const byte of chunk) if (byte === 10) lines += 1;
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      progress(`${lines} lines so far`);
    }
  }
  return { lines, bytes, chunks, seconds: (performance.now() - started) / 1000, firstByteMs };
}

const round = (n: number) => Math.round(n * 10) / 10;

async function main(options: RowsOptions): Promise<number> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "wib-bench-reports-"));
  let stack: Stack | undefined;
  let peakWorker: WorkerMemory = { peakRssMiB: 0, processes: [] };
  const sampler = setInterval(() => {
    const now = workerdMemory();
    if (now.peakRssMiB >= peakWorker.peakRssMiB) peakWorker = now;
  }, MEMORY_SAMPLE_MS);
  try {
    progress(`starting the stack in ${dataDir}`);
    stack = await startStack({ dataDir, buildUi: false, env: {}, log: (line) => (line.startsWith("carrier: ") ? undefined : progress(line)) });
    progress(`seeding ${options.rows} calls`);
    await seedCalls(stack.database.url, options.rows);
    const { cookie } = await logInAsDemoOwner(stack.url);
    const workerAtStart = workerdMemory();
    peakWorker = workerAtStart;
    progress("exporting");
    const exported = await exportAll(stack.url, cookie);
    const worker = workerdMemory();
    if (worker.peakRssMiB >= peakWorker.peakRssMiB) peakWorker = worker;
    const rows = exported.lines - 1;
    const result = {
      rows,
      rowsPerSecond: Math.round(rows / exported.seconds),
      peakRssMb: round(peakWorker.peakRssMiB),
      workerdRssBeforeExportMb: round(workerAtStart.peakRssMiB),
      seconds: round(exported.seconds),
      firstByteMs: Math.round(exported.firstByteMs),
      csvMb: round(exported.bytes / 1024 / 1024),
      chunks: exported.chunks,
      clientPeakRssMb: round(process.resourceUsage().maxRSS / 1024),
      rowsMatch: rows === options.rows,
    };
    console.log(
      options.json
        ? JSON.stringify(result)
        : [
            `report export: ${result.rows} rows (${result.csvMb} MiB of CSV in ${result.chunks} chunks), ${result.rowsPerSecond} rows/s, ${result.seconds} s, first byte after ${result.firstByteMs} ms`,
            `memory  workerd peak RSS ${result.peakRssMb} MiB (before the export ${result.workerdRssBeforeExportMb} MiB); client peak RSS ${result.clientPeakRssMb} MiB`,
            result.rowsMatch ? "rows match" : `ROWS DIFFER: expected ${options.rows}`,
          ].join("\n"),
    );
    return result.rowsMatch ? 0 : 1;
  } finally {
    clearInterval(sampler);
    progress("stopping the stack");
    await stack?.stop().catch((error: unknown) => progress(String(error)));
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Runs the benchmark as the named command (its progress lines and usage carry the name). */
export function runReportExportBench(command: ReportExportCommand): void {
  progress = (line) => process.stderr.write(`[${command}] ${line}\n`);
  runRowsBench(process.argv.slice(2), { defaultRows: 1_000_000, maxRows: 10_000_000, usage: `usage: npm run ${command} -- [--rows 1000000] [--json]` }, main);
}
