// Chunked account imports, for files too large for one request (a collections list of
// hundreds of thousands of rows): no request may parse half a million rows in a Worker's
// CPU budget, so the console cuts the file (domain/account-import-chunks.ts) and sends
//   POST /api/account-imports { dryRun, header, fileName, totalBytes }   → the session
//   POST /api/account-imports/:id/chunks { index, firstRow, csv }        → one chunk applied
//   POST /api/account-imports/:id/finish                                 → the whole report
//   GET  /api/account-imports/:id                                        → progress
// Each chunk is planned with the one-request import's rules and stored in its own
// transaction (a real run writes its accounts, debts and campaign notices there); a chunk
// sent again with the same text is answered from its stored report and applied once. Chunks
// come in order: a gap or an overlap (by index, or by the row the chunk starts on) is a 400
// naming the field. A real run's one audit row is written at finish, for the whole file.
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import type { Queryable } from "../../db/client";
import { sha256Hex } from "../../domain/sha256";
import { whyNotCsvText } from "../accounts/csv-text";
import { applyChanges, readChanges } from "../accounts/import-apply";
import { forgetRefs, headerRecord, planChunk, rememberRefs } from "../accounts/import-chunk";
import { addChunk, emptyTally, reportOf } from "../accounts/import-report";
import { planImport } from "../accounts/import-rows";
import { chunkReportOf, createSession, loadChunk, loadSession, markFinished, saveChunk, tallyOf, type ImportSession } from "../accounts/import-sessions";
import { deliverCampaignNotices, type QueuedNotice } from "../campaigns/campaign-notices";
import { addAccountImportChunk, finishAccountImport, getAccountImport, startAccountImport, type AccountImportView } from "../http/contracts/account-imports";
import { ApiError, conflict, notFound, type FieldError } from "../http/errors";
import { idParam } from "../http/params";
import { defineRoute, member } from "../http/route-table";
import { IMPORT_MAX_ROWS } from "./account-import";

/** A chunk's text: the console sends about 1 MiB; JSON escaping can double quotes and line ends. */
export const IMPORT_CHUNK_MAX_CHARS = 4 * 1024 * 1024;
const IMPORT_CHUNK_MAX_BODY_BYTES = 2 * IMPORT_CHUNK_MAX_CHARS;
const MAX_HEADER_CHARS = 4_096;

const badField = (path: string, message: string, summary = `${path}: ${message}`): ApiError =>
  new ApiError(400, "validation_failed", summary, [{ path, message }] satisfies FieldError[]);

defineRoute(startAccountImport, {
  summary: "Start a chunked account import (a large CSV file sent in parts): its header row and whether it is a dry run",
  access: member("supervisor"),
  body: z.strictObject({
    dryRun: z.boolean(),
    header: z.string().max(MAX_HEADER_CHARS),
    fileName: z.string().trim().min(1).max(255),
    totalBytes: z.number().int().min(0),
  }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const header = headerRecord(body.header);
    const notCsv = whyNotCsvText(body.header);
    if (!header || notCsv !== null) throw badField("header", notCsv ?? "the file is empty: it has no header row", `This is not a CSV file: ${notCsv ?? "it is empty"}`);
    // The header's own problems (a required column missing) would reject every row: say so now.
    const headerPlan = planImport([header]);
    if (headerPlan.errors.length > 0) {
      const reasons = headerPlan.errors.map((e) => `${e.field}: ${e.reason}`);
      throw new ApiError(400, "validation_failed", `The header row cannot be imported: ${reasons.join("; ")}`, reasons.map((message) => ({ path: "header", message })));
    }
    const session = await createSession(c.var.db, {
      organizationId: identity.organizationId,
      createdByUserId: identity.userId,
      createdByApiKeyId: identity.apiKeyId,
      dryRun: body.dryRun,
      fileName: body.fileName,
      totalBytes: body.totalBytes,
      header: body.header,
      tally: emptyTally(body.dryRun, headerPlan.ignoredColumns, headerPlan.consentColumn, null),
    });
    return c.json({ import: viewOf(session) }, 201);
  },
});

defineRoute(getAccountImport, {
  summary: "A chunked account import's progress and its report so far",
  access: member("supervisor"),
  resource: "accountImport",
  handler: async (c) => {
    const session = await loadSession(c.var.db, c.var.identity.organizationId, idParam(c, "Import"));
    if (!session) throw notFound("Import");
    return c.json({ import: viewOf(session) });
  },
});

defineRoute(addAccountImportChunk, {
  summary: "Apply one chunk of a chunked account import (its rows, numbered from firstRow); a chunk sent again is applied once",
  access: member("supervisor"),
  resource: "accountImport",
  maxBodyBytes: IMPORT_CHUNK_MAX_BODY_BYTES,
  body: z.strictObject({
    index: z.number().int().min(0),
    /** The file row of the chunk's first line (the header is row 1, so the first chunk starts on 2). */
    firstRow: z.number().int().min(2),
    csv: z.string().min(1).max(IMPORT_CHUNK_MAX_CHARS),
  }),
  handler: async (c, { body }) => {
    const organizationId = c.var.identity.organizationId;
    const id = idParam(c, "Import");
    const digest = await sha256Hex(body.csv);
    const outcome = await c.var.db.transaction(async (tx) => {
      const session = await loadSession(tx, organizationId, id, true);
      if (!session) throw notFound("Import");
      if (body.index < session.chunksDone) {
        const earlier = await loadChunk(tx, id, body.index);
        if (earlier && earlier.firstRow === body.firstRow && earlier.csvSha256 === digest) {
          const chunk = { index: earlier.index, firstRow: earlier.firstRow, nextRow: earlier.nextRow, replayed: true, report: chunkReportOf(earlier) };
          return { chunk, session, notices: [] as QueuedNotice[] };
        }
        throw badField("index", `chunk ${body.index} was already applied with other rows; the next chunk is ${session.chunksDone}`);
      }
      if (session.status === "finished") throw conflict("This import is finished; start a new one to import more rows");
      if (body.index > session.chunksDone) {
        throw badField("index", `chunks ${session.chunksDone}–${body.index - 1} are missing; the next chunk is ${session.chunksDone}`);
      }
      if (body.firstRow !== session.nextRow) {
        const problem =
          body.firstRow > session.nextRow
            ? `rows ${session.nextRow}–${body.firstRow - 1} are missing`
            : `rows ${body.firstRow}–${session.nextRow - 1} were already sent`;
        throw badField("firstRow", `${problem}; chunk ${body.index} must start on row ${session.nextRow}`);
      }
      return applyChunk(tx, session, body, digest);
    });
    await deliverCampaignNotices(c, outcome.notices);
    return c.json({ chunk: outcome.chunk, import: viewOf(outcome.session) });
  },
});

defineRoute(finishAccountImport, {
  summary: "Finish a chunked account import: its whole report, and for a real run one audit row for the file",
  access: member("supervisor"),
  resource: "accountImport",
  handler: async (c) => {
    const identity = c.var.identity;
    const id = idParam(c, "Import");
    const finished = await c.var.db.transaction(async (tx) => {
      const session = await loadSession(tx, identity.organizationId, id, true);
      if (!session) throw notFound("Import");
      if (session.status === "finished") return session;
      await forgetRefs(tx, session.id);
      if (!session.dryRun) {
        const { report, chunks } = tallyOf(session);
        await recordAudit(tx, identity.organizationId, identity, {
          action: "account.imported",
          resourceType: "account",
          resourceId: null,
          after: { importId: session.id, fileName: session.fileName, chunks, rowsRead: report.rows.read, rowsRejected: report.rows.rejected, accounts: report.accounts, debts: report.debts },
        });
      }
      return markFinished(tx, session);
    });
    return c.json({ import: viewOf(finished) });
  },
});

async function applyChunk(tx: Queryable, session: ImportSession, body: { index: number; firstRow: number; csv: string }, digest: string) {
  const startedAt = Date.now();
  const organizationId = session.organizationId;
  const header = headerRecord(session.header)!;
  const notCsv = whyNotCsvText(`${session.header}\n${body.csv}`);
  if (notCsv !== null) throw badField("csv", `not CSV text (or not UTF-8): ${notCsv}`, `Chunk ${body.index} is not CSV text (or not UTF-8): ${notCsv}`);
  const { plan, nextRow } = await planChunk(tx, session.id, header, body.csv, body.firstRow);
  if (plan.rowsRead > IMPORT_MAX_ROWS) throw badField("csv", `at most ${IMPORT_MAX_ROWS} rows in one chunk (this one has ${plan.rowsRead})`);
  const changes = await readChanges(tx, organizationId, plan);
  // A chunked import's accounts share one batch: the session's id.
  const importBatchId = session.dryRun ? null : session.id;
  const notices = importBatchId === null ? [] : await applyChanges(tx, organizationId, changes, importBatchId);
  await rememberRefs(tx, session.id, plan);
  const report = reportOf(plan, changes, session.dryRun, startedAt, importBatchId);
  const saved = await saveChunk(tx, session, { index: body.index, firstRow: body.firstRow, nextRow, csvSha256: digest, report }, addChunk(tallyOf(session), report));
  return { chunk: { index: body.index, firstRow: body.firstRow, nextRow, replayed: false, report }, session: saved, notices };
}

function viewOf(session: ImportSession): AccountImportView {
  const { report, chunks, rejectedRowsTruncated } = tallyOf(session);
  return {
    id: session.id,
    dryRun: session.dryRun,
    status: session.status,
    fileName: session.fileName,
    totalBytes: session.totalBytes,
    chunksDone: session.chunksDone,
    nextRow: session.nextRow,
    report: { ...report, rejectedRows: [...report.rejectedRows], errors: [...report.errors], ignoredColumns: [...report.ignoredColumns], chunks, rejectedRowsTruncated },
    createdAt: session.createdAt.toISOString(),
    finishedAt: session.finishedAt?.toISOString() ?? null,
  };
}
