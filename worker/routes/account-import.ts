// Account CSV import: POST /api/accounts/import { csv, dryRun }. A dry run reports what
// the file would do (row errors, accounts and debts to create or update) and stores
// nothing; a real run stores every good row and leaves the bad ones out, in one
// transaction with one audit row for the whole import. Importing a file again updates
// what changed and creates nothing twice (upserts by external reference).
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { deliverCampaignNotices } from "../campaigns/campaign-notices";
import { parseCsv } from "../accounts/csv";
import { whyNotCsvText } from "../accounts/csv-text";
import { applyChanges, readChanges } from "../accounts/import-apply";
import { planImport } from "../accounts/import-rows";
import { reportOf } from "../accounts/import-report";
import type { Queryable } from "../../db/client";
import { ApiError } from "../http/errors";
import { importAccounts } from "../http/contracts/accounts";
import { defineRoute, member } from "../http/route-table";

/** A 2 MiB body: about 15,000 typical rows. The API's default limit (64 KiB) is ~500 rows. */
export const IMPORT_MAX_BODY_BYTES = 2 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 10_000;

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
    if (body.dryRun) return c.json(reportOf(plan, await changesIn(c.var.db), true, startedAt));

    const importBatchId = crypto.randomUUID();
    const { changes, notices } = await c.var.db.transaction(async (tx) => {
      const found = await changesIn(tx);
      const queued = await applyChanges(tx, organizationId, found, importBatchId);
      await recordAudit(tx, organizationId, identity, {
        action: "account.imported",
        resourceType: "account",
        resourceId: null,
        after: {
          importBatchId,
          rowsRead: plan.rowsRead,
          rowsRejected: plan.rejectedRows.length,
          rowsWithoutConsent: plan.rowsWithoutConsent,
          accounts: found.accounts,
          debts: found.debts,
        },
      });
      return { changes: found, notices: queued };
    });
    await deliverCampaignNotices(c, notices);
    return c.json(reportOf(plan, changes, false, startedAt, importBatchId));
  },
});
