// One CSV import in the console, as reactive state: read the file in the browser, cut it into
// row-aligned chunks (domain/account-import-chunks.ts: the header once, an account's rows
// together, ~5,000 rows or ~1 MiB each) and send them to a chunked import session, once as a
// dry run (the report) and once for real. The progress bar counts the rows the server has
// answered for, in both runs. A chunk whose answer was lost is sent again: the server applies
// a chunk once, so a retry never doubles anything.
import { api, ApiError, errorMessage } from "./api";
import type { AccountImportView, ChunkedImportReport } from "$contracts/account-imports";
import { splitImportFile, type ImportFileParts } from "$domain/account-import-chunks";

export type ImportPhase = "idle" | "checking" | "checked" | "importing" | "done";

/** Sending a chunk again after a network failure or a 5xx (safe: the server applies it once). */
const CHUNK_ATTEMPTS = 3;

export class AccountImport {
  phase = $state<ImportPhase>("idle");
  fileName = $state<string | null>(null);
  /** The dry run's report. */
  report = $state<ChunkedImportReport | null>(null);
  /** Rows the server has answered for in the current run, of `rowsTotal`. */
  rowsDone = $state(0);
  rowsTotal = $state(0);
  /** The real import's report. */
  summary = $state<ChunkedImportReport | null>(null);
  error = $state<string | null>(null);

  #file: File | null = null;
  #parts: ImportFileParts | null = null;

  /** Reads the file and runs the dry run. */
  async check(file: File): Promise<void> {
    this.reset();
    this.fileName = file.name;
    this.#file = file;
    this.phase = "checking";
    try {
      this.#parts = splitImportFile(await file.text());
      this.rowsTotal = this.#parts.records;
      this.report = await this.#send(true);
      this.phase = "checked";
    } catch (e) {
      this.error = errorMessage(e);
      this.phase = "idle";
    }
  }

  /** Imports the checked file: the good rows are stored, the bad ones left out again. */
  async run(): Promise<void> {
    if (this.phase !== "checked" || !this.#parts) return;
    this.phase = "importing";
    this.error = null;
    try {
      this.summary = await this.#send(false);
      this.phase = "done";
    } catch (e) {
      // What was stored stays stored; importing the same file again finishes the rest without duplicates.
      this.error = `${errorMessage(e)} ${this.rowsDone} of ${this.rowsTotal} rows were processed; import the same file again to finish (nothing is duplicated).`;
      this.phase = "checked";
    }
  }

  async #send(dryRun: boolean): Promise<ChunkedImportReport> {
    const parts = this.#parts!;
    this.rowsDone = 0;
    const started = await api.post("/api/account-imports", {
      body: { dryRun, header: parts.header, fileName: this.fileName ?? "import.csv", totalBytes: this.#file?.size ?? 0 },
    });
    const id = started.import.id;
    for (const chunk of parts.chunks) {
      await sendWithRetry(id, { index: chunk.index, firstRow: chunk.firstRow, csv: chunk.csv });
      this.rowsDone += chunk.records;
    }
    const finished = await api.post("/api/account-imports/:id/finish", { params: { id } });
    return finished.import.report;
  }

  reset(): void {
    this.phase = "idle";
    this.fileName = null;
    this.report = null;
    this.rowsDone = 0;
    this.rowsTotal = 0;
    this.summary = null;
    this.error = null;
    this.#file = null;
    this.#parts = null;
  }
}

async function sendWithRetry(id: string, body: { index: number; firstRow: number; csv: string }): Promise<AccountImportView> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await api.post("/api/account-imports/:id/chunks", { params: { id }, body })).import;
    } catch (e) {
      const transient = e instanceof ApiError && (e.status === 0 || e.status >= 500);
      if (!transient || attempt >= CHUNK_ATTEMPTS) throw e;
    }
  }
}
