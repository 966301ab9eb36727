// Chunked account imports: a file too large for POST /api/accounts/import is sent as a
// session (the header row once), then its rows in numbered chunks, then finished; the
// session's report is the sum of its chunks' reports, in the shape of one import's report.
import { z } from "zod";
import { importReport } from "./accounts";
import { id, instant, routeContract } from "./contract";

/** The report so far: one import's report, plus how many chunks it sums. */
export const chunkedImportReport = importReport.extend({
  chunks: z.number().int(),
  /** `rejectedRows` lists only the first 10,000 (`rows.rejected` counts them all). */
  rejectedRowsTruncated: z.boolean(),
});
export type ChunkedImportReport = z.infer<typeof chunkedImportReport>;

export const accountImport = z.strictObject({
  id,
  dryRun: z.boolean(),
  status: z.enum(["open", "finished"]),
  fileName: z.string(),
  totalBytes: z.number().int(),
  chunksDone: z.number().int(),
  /** The file row the next chunk must start on (the header is row 1). */
  nextRow: z.number().int(),
  report: chunkedImportReport,
  createdAt: instant,
  finishedAt: instant.nullable(),
});
export type AccountImportView = z.infer<typeof accountImport>;

export const importChunkResult = z.strictObject({
  chunk: z.strictObject({
    index: z.number().int(),
    firstRow: z.number().int(),
    nextRow: z.number().int(),
    /** The chunk had been applied before (a retry): nothing was done again. */
    replayed: z.boolean(),
    report: importReport,
  }),
  import: accountImport,
});
export type ImportChunkResult = z.infer<typeof importChunkResult>;

const importBody = z.strictObject({ import: accountImport });

export const startAccountImport = routeContract({ method: "POST", path: "/api/account-imports", response: { 201: importBody }, errors: [] });
export const getAccountImport = routeContract({ method: "GET", path: "/api/account-imports/:id", response: { 200: importBody }, errors: [] });
export const addAccountImportChunk = routeContract({
  method: "POST",
  path: "/api/account-imports/:id/chunks",
  response: { 200: importChunkResult },
  errors: ["conflict"],
});
export const finishAccountImport = routeContract({ method: "POST", path: "/api/account-imports/:id/finish", response: { 200: importBody }, errors: [] });

export const accountImportRoutes = [startAccountImport, getAccountImport, addAccountImportChunk, finishAccountImport] as const;
