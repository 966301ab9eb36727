// `npm run bench:import [-- --rows 500000] [--json]`: a large account file through the real
// Worker on a fresh local stack, as the console sends it (domain/account-import-chunks.ts:
// the header once, then ~5,000-row chunks to a chunked import session): a dry run, then the
// import. Prints rows/s for each, the peak resident memory of the Worker (workerd) and of this
// process, and checks the account count in Postgres afterwards. Loopback only; it measures,
// it asserts nothing (a wrong count is printed as such, with a non-zero exit).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { z } from "zod";
import { splitImportFile, type ImportFileParts } from "../../domain/account-import-chunks.ts";
import { startStack, type Stack } from "../../scripts/lib/stack.ts";
import { generateAccountsFile } from "./generate.ts";
import { workerdMemory, type WorkerMemory } from "./worker-memory.ts";
import { logInAsDemoOwner } from "../shared/demo-owner.ts";
import { runRowsBench, type RowsOptions } from "../shared/rows-option.ts";

const MEMORY_SAMPLE_MS = 500;
const USAGE = "usage: npm run bench:import -- [--rows 500000] [--json]";
const progress = (line: string) => process.stderr.write(`[bench:import] ${line}\n`);


const importView = z.object({
  import: z.object({
    id: z.string(),
    report: z.object({
      rows: z.object({ read: z.number(), accepted: z.number(), rejected: z.number() }),
      accounts: z.object({ created: z.number(), updated: z.number(), unchanged: z.number() }),
      debts: z.object({ created: z.number(), updated: z.number(), unchanged: z.number() }),
      errors: z.array(z.unknown()),
      chunks: z.number(),
      durationMs: z.number(),
    }),
  }),
});
type ImportReportSeen = z.infer<typeof importView>["import"]["report"];

interface RunResult {
  seconds: number;
  rowsPerSecond: number;
  chunks: number;
  slowestChunkMs: number;
  /** Time the Worker spent in the chunks' handlers (the report's durationMs). */
  serverSeconds: number;
  report: Omit<ImportReportSeen, "errors"> & { errorsListed: number };
}

class Api {
  constructor(
    readonly url: string,
    readonly cookie: string,
  ) {}

  async post(pathname: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}${pathname}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: this.cookie, origin: this.url },
      body: JSON.stringify(body),
    });
    const answer: unknown = await response.json();
    if (!response.ok) throw new Error(`POST ${pathname} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  }
}

async function runImport(api: Api, parts: ImportFileParts, dryRun: boolean, fileBytes: number): Promise<RunResult> {
  const startedAt = performance.now();
  const started = importView.parse(await api.post("/api/account-imports", { dryRun, header: parts.header, fileName: "bench.csv", totalBytes: fileBytes }));
  const id = started.import.id;
  let slowestChunkMs = 0;
  let rowsDone = 0;
  let lastLog = startedAt;
  for (const chunk of parts.chunks) {
    const chunkStart = performance.now();
    await api.post(`/api/account-imports/${id}/chunks`, { index: chunk.index, firstRow: chunk.firstRow, csv: chunk.csv });
    slowestChunkMs = Math.max(slowestChunkMs, performance.now() - chunkStart);
    rowsDone += chunk.records;
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      progress(`${dryRun ? "dry run" : "import"}: ${rowsDone} of ${parts.records} rows`);
    }
  }
  const finished = importView.parse(await api.post(`/api/account-imports/${id}/finish`, {}));
  const seconds = (performance.now() - startedAt) / 1000;
  const { errors, ...report } = finished.import.report;
  return {
    seconds: round(seconds),
    rowsPerSecond: Math.round(parts.records / seconds),
    chunks: parts.chunks.length,
    slowestChunkMs: Math.round(slowestChunkMs),
    serverSeconds: round(report.durationMs / 1000),
    report: { ...report, errorsListed: errors.length },
  };
}

async function logIn(apiUrl: string): Promise<Api> {
  return new Api(apiUrl, (await logInAsDemoOwner(apiUrl)).cookie);
}

async function countAccounts(databaseUrl: string, tag: string): Promise<{ accounts: number; debts: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const prefix = `BENCH-${tag}-%`;
    const accounts = await client.query<{ n: number }>("select count(*)::int as n from accounts where external_ref like $1", [prefix]);
    const debts = await client.query<{ n: number }>("select count(*)::int as n from debts where external_ref like $1", [prefix]);
    return { accounts: accounts.rows[0]!.n, debts: debts.rows[0]!.n };
  } finally {
    await client.end();
  }
}

const round = (n: number) => Math.round(n * 10) / 10;
const mib = (bytes: number) => round(bytes / 1024 / 1024);

async function main(options: RowsOptions): Promise<number> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "wib-bench-import-"));
  let stack: Stack | undefined;
  let peakWorker: WorkerMemory = { peakRssMiB: 0, processes: [] };
  const sampler = setInterval(() => {
    const now = workerdMemory();
    if (now.peakRssMiB >= peakWorker.peakRssMiB) peakWorker = now;
  }, MEMORY_SAMPLE_MS);
  try {
    const tag = Date.now().toString(36).toUpperCase();
    progress(`generating ${options.rows} rows`);
    const file = generateAccountsFile(options.rows, tag);
    const fileBytes = Buffer.byteLength(file.text);
    const parts = splitImportFile(file.text);
    progress(`${mib(fileBytes)} MiB, ${parts.chunks.length} chunks; starting the stack in ${dataDir}`);
    stack = await startStack({ dataDir, buildUi: false, env: {}, log: (line) => (line.startsWith("carrier: ") ? undefined : progress(line)) });
    const api = await logIn(stack.url);
    const workerAtStart = workerdMemory();

    progress("dry run");
    const dryRun = await runImport(api, parts, true, fileBytes);
    progress(`dry run: ${dryRun.rowsPerSecond} rows/s; import`);
    const imported = await runImport(api, parts, false, fileBytes);
    progress(`import: ${imported.rowsPerSecond} rows/s; counting in Postgres`);
    const stored = await countAccounts(stack.database.url, tag);
    const worker = workerdMemory();
    if (worker.peakRssMiB >= peakWorker.peakRssMiB) peakWorker = worker;

    const result = {
      rows: file.rows,
      fileMiB: mib(fileBytes),
      chunks: parts.chunks.length,
      dryRun,
      import: imported,
      memory: {
        workerdPeakRssMiB: round(peakWorker.peakRssMiB),
        workerdRssAtStartMiB: round(workerAtStart.peakRssMiB),
        workerdProcesses: peakWorker.processes.map((p) => ({ pid: p.pid, peakRssMiB: round(p.peakRssMiB) })),
        // This process: the file and its chunks, and the in-process database relay startStack runs.
        clientPeakRssMiB: round(process.resourceUsage().maxRSS / 1024),
      },
      postgres: { expectedAccounts: file.accounts, accounts: stored.accounts, debts: stored.debts, expectedRejectedRows: file.badRows },
      countsMatch: stored.accounts === file.accounts && imported.report.rows.rejected === file.badRows,
    };
    console.log(options.json ? JSON.stringify(result, null, 2) : formatResult(result));
    return result.countsMatch ? 0 : 1;
  } finally {
    clearInterval(sampler);
    progress("stopping the stack");
    await stack?.stop().catch((error: unknown) => progress(String(error)));
    await rm(dataDir, { recursive: true, force: true });
  }
}

function formatResult(r: {
  rows: number;
  fileMiB: number;
  chunks: number;
  dryRun: RunResult;
  import: RunResult;
  memory: { workerdPeakRssMiB: number; workerdRssAtStartMiB: number; clientPeakRssMiB: number };
  postgres: { expectedAccounts: number; accounts: number; debts: number; expectedRejectedRows: number };
  countsMatch: boolean;
}): string {
  const run = (name: string, x: RunResult) =>
    `${name.padEnd(8)} ${String(x.rowsPerSecond).padStart(8)} rows/s  ${String(x.seconds).padStart(7)} s  (Worker ${x.serverSeconds} s, slowest chunk ${x.slowestChunkMs} ms)  ` +
    `accounts +${x.report.accounts.created} ~${x.report.accounts.updated} =${x.report.accounts.unchanged}, rows rejected ${x.report.rows.rejected}`;
  return [
    `account import: ${r.rows} rows, ${r.fileMiB} MiB, ${r.chunks} chunks`,
    run("dry run", r.dryRun),
    run("import", r.import),
    `memory   workerd peak RSS ${r.memory.workerdPeakRssMiB} MiB (at start ${r.memory.workerdRssAtStartMiB} MiB); client peak RSS ${r.memory.clientPeakRssMiB} MiB`,
    `postgres ${r.postgres.accounts} accounts (expected ${r.postgres.expectedAccounts}), ${r.postgres.debts} debts: ${r.countsMatch ? "counts match" : "COUNTS DIFFER"}`,
  ].join("\n");
}

runRowsBench(process.argv.slice(2), { defaultRows: 500_000, maxRows: 5_000_000, usage: USAGE }, main);
