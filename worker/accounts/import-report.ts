// An account import's report (what a file would do, or did), built from one plan and its
// changes, and summed over the chunks of a chunked import. Summing is field by field through
// REPORT_SUMS, whose type names every field of ImportReport: a field added to the report
// does not compile until it says how two chunks' values add up.
import type { ImportChanges } from "./import-changes";
import type { ImportPlan, RowError } from "./import-rows";

/** Errors listed in a report; `rows.rejected` still counts every bad row. */
export const IMPORT_MAX_ERRORS_LISTED = 1_000;
/** Rejected rows listed in a chunked import's report (one request's report lists all of its own). */
export const IMPORT_MAX_REJECTED_ROWS_LISTED = 10_000;

export interface ImportReport {
  dryRun: boolean;
  rows: { read: number; accepted: number; rejected: number };
  /** For a dry run: what the import would do. */
  accounts: ImportChanges["accounts"];
  debts: ImportChanges["debts"];
  rejectedRows: readonly number[];
  errors: readonly RowError[];
  errorsTruncated: boolean;
  ignoredColumns: readonly string[];
  /** Whether the file had a consent column at all. */
  consentColumn: boolean;
  /** Good rows that did not say whether the person consented: stored as unknown. */
  rowsWithoutConsent: number;
  durationMs: number;
  /** The batch a real import stamped on the accounts it wrote (a segment filters by it); null for a dry run. */
  importBatchId: string | null;
}

export function reportOf(plan: ImportPlan, changes: ImportChanges, dryRun: boolean, startedAt: number, importBatchId: string | null = null): ImportReport {
  return {
    dryRun,
    rows: { read: plan.rowsRead, accepted: plan.rowsRead - plan.rejectedRows.length, rejected: plan.rejectedRows.length },
    accounts: changes.accounts,
    debts: changes.debts,
    rejectedRows: plan.rejectedRows,
    errors: plan.errors.slice(0, IMPORT_MAX_ERRORS_LISTED),
    errorsTruncated: plan.errors.length > IMPORT_MAX_ERRORS_LISTED,
    ignoredColumns: plan.ignoredColumns,
    consentColumn: plan.consentColumn,
    rowsWithoutConsent: plan.rowsWithoutConsent,
    durationMs: Date.now() - startedAt,
    importBatchId,
  };
}

/** The report of a chunked import so far: the chunks' reports summed. */
export interface ImportTally {
  report: ImportReport;
  chunks: number;
  /** `report.rejectedRows` lists only the first IMPORT_MAX_REJECTED_ROWS_LISTED. */
  rejectedRowsTruncated: boolean;
}

export const emptyTally = (dryRun: boolean, ignoredColumns: readonly string[], consentColumn: boolean, importBatchId: string | null): ImportTally => ({
  report: {
    dryRun,
    rows: { read: 0, accepted: 0, rejected: 0 },
    accounts: { created: 0, updated: 0, unchanged: 0 },
    debts: { created: 0, updated: 0, unchanged: 0 },
    rejectedRows: [],
    errors: [],
    errorsTruncated: false,
    ignoredColumns,
    consentColumn,
    rowsWithoutConsent: 0,
    durationMs: 0,
    importBatchId,
  },
  chunks: 0,
  rejectedRowsTruncated: false,
});

/** Adds one chunk's report (of the chunk that follows the tallied ones) to the tally. */
export function addChunk(tally: ImportTally, chunk: ImportReport): ImportTally {
  const report = Object.fromEntries(
    (Object.keys(REPORT_SUMS) as (keyof ImportReport)[]).map((field) => [field, sumField(field, tally.report, chunk)]),
  ) as unknown as ImportReport;
  const rejectedListed = tally.report.rejectedRows.length + chunk.rejectedRows.length;
  return {
    report,
    chunks: tally.chunks + 1,
    rejectedRowsTruncated: tally.rejectedRowsTruncated || rejectedListed > IMPORT_MAX_REJECTED_ROWS_LISTED,
  };
}

function sumField(field: keyof ImportReport, earlier: ImportReport, next: ImportReport): unknown {
  // REPORT_SUMS[field] takes that field's type; TypeScript cannot follow the key through the union.
  const sum = REPORT_SUMS[field] as unknown as Sum<unknown>;
  return sum(earlier[field], next[field], { earlier, next });
}

type Sum<T> = (earlier: T, next: T, reports: { earlier: ImportReport; next: ImportReport }) => T;
type ReportSums = { [K in keyof ImportReport]-?: Sum<ImportReport[K]> };

const counts = <T extends { [P in keyof T]: number }>(earlier: T, next: T): T =>
  Object.fromEntries((Object.keys(earlier) as (keyof T)[]).map((key) => [key, earlier[key] + next[key]])) as T;
const capped = <T>(limit: number) => (earlier: readonly T[], next: readonly T[]): readonly T[] =>
  earlier.length >= limit ? earlier : [...earlier, ...next].slice(0, limit);

/** How each report field of two consecutive chunks adds up. */
const REPORT_SUMS: ReportSums = {
  dryRun: (earlier) => earlier,
  rows: counts,
  accounts: counts,
  debts: counts,
  rejectedRows: capped(IMPORT_MAX_REJECTED_ROWS_LISTED),
  errors: capped(IMPORT_MAX_ERRORS_LISTED),
  errorsTruncated: (earlier, next, { earlier: a, next: b }) => earlier || next || a.errors.length + b.errors.length > IMPORT_MAX_ERRORS_LISTED,
  // Every chunk is read with the same header.
  ignoredColumns: (earlier) => earlier,
  consentColumn: (earlier) => earlier,
  rowsWithoutConsent: (earlier, next) => earlier + next,
  durationMs: (earlier, next) => earlier + next,
  // One batch for the whole chunked import (its session's id), named by every real chunk.
  importBatchId: (earlier, next) => earlier ?? next,
};
