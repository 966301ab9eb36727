// The rows of a chunked import: the session (account_imports) with where the file has got
// to and its report so far, and each applied chunk (account_import_chunks) with its digest
// and report, so a chunk sent again is recognised and answered without being applied twice.
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "../../db/client";
import { accountImportChunks, accountImports } from "../../db/schema";
import { importReport } from "../http/contracts/accounts";
import type { ImportReport, ImportTally } from "./import-report";

const storedTally = z.object({ report: importReport, chunks: z.number().int(), rejectedRowsTruncated: z.boolean() });

/** A session's report so far, as stored in its jsonb column. */
export const tallyOf = (session: ImportSession): ImportTally => storedTally.parse(session.report);
/** A chunk's report, as stored. */
export const chunkReportOf = (chunk: StoredChunk): ImportReport => importReport.parse(chunk.report);

export type ImportSession = typeof accountImports.$inferSelect;
export type StoredChunk = typeof accountImportChunks.$inferSelect;

export interface NewSession {
  organizationId: string;
  createdByUserId: string | null;
  createdByApiKeyId: string | null;
  dryRun: boolean;
  fileName: string;
  totalBytes: number;
  header: string;
  tally: ImportTally;
}

export async function createSession(db: Queryable, session: NewSession): Promise<ImportSession> {
  const { tally, ...columns } = session;
  const [row] = await db.insert(accountImports).values({ ...columns, report: tally }).returning();
  return row!;
}

/** The organisation's session, locked for the rest of `tx` when `lock` (one chunk at a time). */
export async function loadSession(db: Queryable, organizationId: string, id: string, lock = false): Promise<ImportSession | null> {
  const query = db
    .select()
    .from(accountImports)
    .where(and(eq(accountImports.id, id), eq(accountImports.organizationId, organizationId)));
  const [row] = lock ? await query.for("update") : await query;
  return row ?? null;
}

export async function loadChunk(db: Queryable, importId: string, index: number): Promise<StoredChunk | null> {
  const [row] = await db
    .select()
    .from(accountImportChunks)
    .where(and(eq(accountImportChunks.importId, importId), eq(accountImportChunks.index, index)));
  return row ?? null;
}

export interface AppliedChunk {
  index: number;
  firstRow: number;
  nextRow: number;
  csvSha256: string;
  report: ImportReport;
}

/** Records the chunk and moves the session past it, with the new tally. */
export async function saveChunk(tx: Queryable, session: ImportSession, chunk: AppliedChunk, tally: ImportTally): Promise<ImportSession> {
  await tx.insert(accountImportChunks).values({ importId: session.id, ...chunk });
  const [row] = await tx
    .update(accountImports)
    .set({ chunksDone: chunk.index + 1, nextRow: chunk.nextRow, report: tally })
    .where(eq(accountImports.id, session.id))
    .returning();
  return row!;
}

export async function markFinished(tx: Queryable, session: ImportSession): Promise<ImportSession> {
  const [row] = await tx
    .update(accountImports)
    .set({ status: "finished", finishedAt: sql`now()` })
    .where(eq(accountImports.id, session.id))
    .returning();
  return row!;
}
