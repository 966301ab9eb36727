import { describe, expect, it } from "vitest";
import { addChunk, emptyTally, IMPORT_MAX_ERRORS_LISTED, IMPORT_MAX_REJECTED_ROWS_LISTED, type ImportReport } from "../../../worker/accounts/import-report";

const chunkReport = (firstRow: number, rejected: number, overrides: Partial<ImportReport> = {}): ImportReport => {
  const rejectedRows = Array.from({ length: rejected }, (_, i) => firstRow + i);
  return {
    dryRun: true,
    rows: { read: rejected + 10, accepted: 10, rejected },
    accounts: { created: 4, updated: 2, unchanged: 1 },
    debts: { created: 3, updated: 0, unchanged: 5 },
    rejectedRows,
    errors: rejectedRows.map((row) => ({ row, field: "phone", reason: "required" })),
    errorsTruncated: false,
    ignoredColumns: ["notes"],
    consentColumn: false,
    rowsWithoutConsent: 10,
    durationMs: 40,
    importBatchId: null,
    ...overrides,
  };
};

describe("a chunked import's report", () => {
  it("sums the chunks' counts field by field and lists their errors in file order", () => {
    const tally = addChunk(addChunk(emptyTally(true, ["notes"], false, null), chunkReport(2, 2)), chunkReport(100, 1));
    expect(tally.chunks).toBe(2);
    expect(tally.report).toEqual({
      dryRun: true,
      rows: { read: 23, accepted: 20, rejected: 3 },
      accounts: { created: 8, updated: 4, unchanged: 2 },
      debts: { created: 6, updated: 0, unchanged: 10 },
      rejectedRows: [2, 3, 100],
      errors: [2, 3, 100].map((row) => ({ row, field: "phone", reason: "required" })),
      errorsTruncated: false,
      ignoredColumns: ["notes"],
      consentColumn: false,
      rowsWithoutConsent: 20,
      durationMs: 80,
      importBatchId: null,
    });
  });

  it("lists errors and rejected rows up to their caps, and says the lists were cut", () => {
    let tally = emptyTally(false, [], true, null);
    for (let chunk = 0; chunk < 3; chunk++) tally = addChunk(tally, chunkReport(2 + chunk * 5_000, 4_000, { dryRun: false, errors: chunkReport(2 + chunk * 5_000, 600).errors }));
    expect(tally.report.rows.rejected).toBe(12_000);
    expect(tally.report.errors).toHaveLength(IMPORT_MAX_ERRORS_LISTED);
    expect(tally.report.errorsTruncated).toBe(true);
    expect(tally.report.rejectedRows).toHaveLength(IMPORT_MAX_REJECTED_ROWS_LISTED);
    expect(tally.rejectedRowsTruncated).toBe(true);
  });

  it("keeps a chunk's own truncation", () => {
    const tally = addChunk(emptyTally(true, [], true, null), chunkReport(2, 1, { errorsTruncated: true }));
    expect(tally.report.errorsTruncated).toBe(true);
    expect(tally.rejectedRowsTruncated).toBe(false);
  });
});
