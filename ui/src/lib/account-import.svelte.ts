// One CSV import in the console, as reactive state: read the file, ask the API for a dry-run
// report, then store the good rows chunk by chunk (whole accounts per request, see
// import-chunks.ts) so the progress is the server's, and add up a summary. Errors the server
// finds during the real run are mapped back to the file's own row numbers.
import { api, errorMessage } from "./api";
import type { ImportChangeCounts, ImportReport, ImportRowError } from "$contracts/accounts";
import { importChunks } from "./import-chunks";

/** The import route's body limit (worker/routes/account-import.ts IMPORT_MAX_BODY_BYTES). */
export const MAX_IMPORT_BODY_BYTES = 2 * 1024 * 1024;

export type ImportPhase = "idle" | "checking" | "checked" | "importing" | "done";

export interface ImportSummary {
  rowsImported: number;
  rowsLeftOut: number;
  accounts: ImportChangeCounts;
  debts: ImportChangeCounts;
  /** Problems found while storing (rare: the data changed since the dry run), in file rows. */
  errors: ImportRowError[];
}

const noChanges = (): ImportChangeCounts => ({ created: 0, updated: 0, unchanged: 0 });
const addCounts = (a: ImportChangeCounts, b: ImportChangeCounts): ImportChangeCounts => ({
  created: a.created + b.created,
  updated: a.updated + b.updated,
  unchanged: a.unchanged + b.unchanged,
});

export class AccountImport {
  phase = $state<ImportPhase>("idle");
  fileName = $state<string | null>(null);
  report = $state<ImportReport | null>(null);
  /** Good rows stored so far, of `rowsToImport`. */
  rowsSent = $state(0);
  rowsToImport = $state(0);
  summary = $state<ImportSummary | null>(null);
  error = $state<string | null>(null);

  #text = "";

  /** Reads the file and asks for the dry-run report. */
  async check(file: File): Promise<void> {
    this.reset();
    this.fileName = file.name;
    const tooLarge = `${file.name} is larger than 2 MB. Split it into smaller files and import them one after another.`;
    if (file.size > MAX_IMPORT_BODY_BYTES) {
      this.error = tooLarge;
      return;
    }
    this.phase = "checking";
    try {
      this.#text = await file.text();
      const body = { csv: this.#text, dryRun: true };
      // Quotes and line breaks grow when the text is sent as JSON: measure what is really sent.
      if (new Blob([JSON.stringify(body)]).size > MAX_IMPORT_BODY_BYTES) {
        this.error = tooLarge;
        this.phase = "idle";
        return;
      }
      this.report = await api.post("/api/accounts/import", { body });
      this.phase = "checked";
    } catch (e) {
      this.error = errorMessage(e);
      this.phase = "idle";
    }
  }

  /** Stores the good rows of the checked file, one chunk of whole accounts per request. */
  async run(): Promise<void> {
    const report = this.report;
    if (this.phase !== "checked" || !report) return;
    const chunks = importChunks(this.#text, report.rejectedRows);
    this.phase = "importing";
    this.error = null;
    this.rowsSent = 0;
    this.rowsToImport = chunks.reduce((sum, chunk) => sum + chunk.fileRows.length, 0);
    const summary: ImportSummary = { rowsImported: 0, rowsLeftOut: report.rows.rejected, accounts: noChanges(), debts: noChanges(), errors: [] };
    try {
      for (const chunk of chunks) {
        const result = await api.post("/api/accounts/import", { body: { csv: chunk.csv, dryRun: false } });
        summary.rowsImported += result.rows.accepted;
        summary.rowsLeftOut += result.rows.rejected;
        summary.accounts = addCounts(summary.accounts, result.accounts);
        summary.debts = addCounts(summary.debts, result.debts);
        // The chunk's row r is its data row r - 2, which is file row fileRows[r - 2].
        summary.errors.push(...result.errors.map((e) => ({ ...e, row: chunk.fileRows[e.row - 2] ?? e.row })));
        this.rowsSent += chunk.fileRows.length;
      }
      this.summary = summary;
      this.phase = "done";
    } catch (e) {
      // What was stored stays stored; importing the file again finishes the rest without duplicates.
      this.summary = summary;
      this.error = `${errorMessage(e)} ${summary.rowsImported} rows were stored; import the same file again to finish (nothing is duplicated).`;
      this.phase = "done";
    }
  }

  reset(): void {
    this.phase = "idle";
    this.fileName = null;
    this.report = null;
    this.rowsSent = 0;
    this.rowsToImport = 0;
    this.summary = null;
    this.error = null;
    this.#text = "";
  }
}
