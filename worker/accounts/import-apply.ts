// What an import does with a planned file (or chunk): reads the stored accounts and debts
// it names, works out the changes, and (for a real run) writes them and queues the notices
// running campaigns need, all in the caller's transaction. Shared by the one-request import
// and each chunk of a chunked import.
import { loadLeads } from "../../db/writers/campaign-records";
import type { Queryable } from "../../db/client";
import { queueCampaignNotices, type QueuedNotice } from "../campaigns/campaign-notices";
import { diffImport, type ImportChanges } from "./import-changes";
import type { ImportPlan } from "./import-rows";
import { loadStoredAccounts, loadStoredDebts, writeAccounts, writeDebts } from "./import-store";

export async function readChanges(db: Queryable, organizationId: string, plan: ImportPlan): Promise<ImportChanges> {
  const storedAccounts = await loadStoredAccounts(db, organizationId, plan.accounts.map((a) => a.externalRef));
  const storedDebts = await loadStoredDebts(db, organizationId, plan.debts.map((d) => d.externalRef));
  return diffImport(plan.accounts, plan.debts, storedAccounts, storedDebts);
}

/** Writes the changes; answers the campaign notices queued in `tx`, to deliver after the commit. */
export async function applyChanges(tx: Queryable, organizationId: string, changes: ImportChanges, importBatchId: string): Promise<QueuedNotice[]> {
  const writtenIds = await writeAccounts(tx, organizationId, changes.accountWrites, importBatchId);
  const accountIds = new Map([...changes.storedAccountIds, ...writtenIds]);
  await writeDebts(tx, organizationId, changes.debtWrites, accountIds);
  return noticesOfImport(tx, organizationId, changes);
}

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
