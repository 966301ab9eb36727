// Account CSV import: POST /api/accounts/import { csv, dryRun }. A dry run reports what
// the file would do (row errors, accounts and debts to create or update) and stores
// nothing; a real run stores every good row and leaves the bad ones out, in one
// transaction with one audit row for the whole import. Importing a file again updates
// what changed and creates nothing twice (upserts by external reference).
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { loadLeads } from "../../db/writers/campaign-records";
import { deliverCampaignNotices, queueCampaignNotices, type QueuedNotice } from "../campaigns/campaign-notices";
import { parseCsv } from "../accounts/csv";
import { whyNotCsvText } from "../accounts/csv-text";
import { diffImport, type ImportChanges } from "../accounts/import-changes";
import { planImport, type ImportPlan, type RowError } from "../accounts/import-rows";
import { loadStoredAccounts, loadStoredDebts, writeAccounts, writeDebts } from "../accounts/import-store";
import type { Queryable } from "../../db/client";
import { ApiError } from "../http/errors";
import { importAccounts } from "../http/contracts/accounts";
import { defineRoute, member } from "../http/route-table";

/** A 2 MiB body: about 15,000 typical rows. The API's default limit (64 KiB) is ~500 rows. */
export const IMPORT_MAX_BODY_BYTES = 2 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 10_000;
/** Errors listed in the report; `rejectedRows` still names every bad row. */
export const IMPORT_MAX_ERRORS_LISTED = 1_000;

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
  durationMs: number;
  importBatchId: string | null;
}

defineRoute(importAccounts, {
  summary: "Import accounts and debts from CSV text; dryRun reports without storing",
  access: member("supervisor"),
  maxBodyBytes: IMPORT_MAX_BODY_BYTES,
  body: z.strictObject({
    csv: z.string().max(IMPORT_MAX_BODY_BYTES),
    dryRun: z.boolean(),
  }),
  handler: async (c, { body }) => {
    const startedAt = Date.now();
    const identity = c.var.identity;
    const organizationId = identity.organizationId;
    const notCsv = whyNotCsvText(body.csv);
    if (notCsv !== null) {
      throw new ApiError(400, "validation_failed", `This is not a CSV file (or not UTF-8): ${notCsv}`, [{ path: "csv", message: `not a CSV file (or not UTF-8): ${notCsv}` }]);
    }
    const plan = planImport(parseCsv(body.csv));
    if (plan.rowsRead > IMPORT_MAX_ROWS) {
      throw new ApiError(400, "validation_failed", `The file has ${plan.rowsRead} rows; import at most ${IMPORT_MAX_ROWS} at a time`, [
        { path: "csv", message: `at most ${IMPORT_MAX_ROWS} rows` },
      ]);
    }

    const changesIn = (db: Queryable) => readChanges(db, organizationId, plan);
    if (body.dryRun) return c.json(report(plan, await changesIn(c.var.db), true, startedAt));

    const importBatchId = crypto.randomUUID();
    const { changes, notices } = await c.var.db.transaction(async (tx) => {
      const found = await changesIn(tx);
      const writtenIds = await writeAccounts(tx, organizationId, found.accountWrites, importBatchId);
      const accountIds = new Map([...found.storedAccountIds, ...writtenIds]);
      await writeDebts(tx, organizationId, found.debtWrites, accountIds);
      await recordAudit(tx, organizationId, identity, {
        action: "account.imported",
        resourceType: "account",
        resourceId: null,
        after: {
          importBatchId,
          rowsRead: plan.rowsRead,
          rowsRejected: plan.rejectedRows.length,
          accounts: found.accounts,
          debts: found.debts,
        },
      });
      return { changes: found, notices: await noticesOfImport(tx, organizationId, found) };
    });
    await deliverCampaignNotices(c, notices);
    return c.json(report(plan, changes, false, startedAt, importBatchId));
  },
});

/**
 * Live campaigns keep a copy of the accounts in their queue: every stored account the
 * import changed (its details, or its debts) follows, durably. New accounts join a
 * campaign's queue when it next starts, or, for a campaign targeting a segment they
 * match, at its next listing (within a minute: objects/campaign/segment-listing.ts).
 */
async function noticesOfImport(tx: Queryable, organizationId: string, changes: ImportChanges): Promise<QueuedNotice[]> {
  const touchedRefs = new Set([...changes.accountWrites.map((a) => a.externalRef), ...changes.debtWrites.map((d) => d.accountRef)]);
  const accountIds = [...touchedRefs].flatMap((ref) => changes.storedAccountIds.get(ref) ?? []);
  if (accountIds.length === 0) return [];
  const leads = await loadLeads(tx, organizationId, { accountIds });
  return queueCampaignNotices(tx, organizationId, leads.map((lead) => ({ kind: "lead", payload: lead }) as const));
}

async function readChanges(db: Queryable, organizationId: string, plan: ImportPlan): Promise<ImportChanges> {
  const storedAccounts = await loadStoredAccounts(db, organizationId, plan.accounts.map((a) => a.externalRef));
  const storedDebts = await loadStoredDebts(db, organizationId, plan.debts.map((d) => d.externalRef));
  return diffImport(plan.accounts, plan.debts, storedAccounts, storedDebts);
}

function report(plan: ImportPlan, changes: ImportChanges, dryRun: boolean, startedAt: number, importBatchId: string | null = null): ImportReport {
  return {
    dryRun,
    rows: { read: plan.rowsRead, accepted: plan.rowsRead - plan.rejectedRows.length, rejected: plan.rejectedRows.length },
    accounts: changes.accounts,
    debts: changes.debts,
    rejectedRows: plan.rejectedRows,
    errors: plan.errors.slice(0, IMPORT_MAX_ERRORS_LISTED),
    errorsTruncated: plan.errors.length > IMPORT_MAX_ERRORS_LISTED,
    ignoredColumns: plan.ignoredColumns,
    durationMs: Date.now() - startedAt,
    importBatchId,
  };
}
