// Reads and writes what an account import touches, in batches: one statement per few
// hundred rows instead of one per row, so a 5,000-row file is a few dozen round trips.
// Writes are upserts on (organisation, external reference), so a repeated import
// updates instead of duplicating, even when two imports race.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { accounts, debts } from "../../db/schema";
import type { AccountWrite, DebtValues, StoredAccount, StoredDebt } from "./import-changes";

/** Rows per statement: ~10 parameters a row stays far below Postgres's 65,535 per statement. */
export const IMPORT_BATCH_ROWS = 500;
/** References per lookup statement. */
const LOOKUP_BATCH = 1_000;

export async function loadStoredAccounts(db: Queryable, organizationId: string, refs: readonly string[]): Promise<StoredAccount[]> {
  const found: StoredAccount[] = [];
  for (const batch of batches(refs, LOOKUP_BATCH)) {
    const rows = await db
      .select({
        id: accounts.id,
        externalRef: accounts.externalRef,
        name: accounts.name,
        phones: accounts.phones,
        timeZone: accounts.timeZone,
        state: accounts.state,
        balanceDueCents: accounts.balanceDueCents,
        preferredLanguage: accounts.preferredLanguage,
        doNotCall: accounts.doNotCall,
        consent: accounts.consent,
        phoneLineTypes: accounts.phoneLineTypes,
      })
      .from(accounts)
      .where(and(eq(accounts.organizationId, organizationId), inArray(accounts.externalRef, batch)));
    for (const row of rows) if (row.externalRef !== null) found.push({ ...row, externalRef: row.externalRef });
  }
  return found;
}

export async function loadStoredDebts(db: Queryable, organizationId: string, refs: readonly string[]): Promise<StoredDebt[]> {
  const found: StoredDebt[] = [];
  for (const batch of batches(refs, LOOKUP_BATCH)) {
    const rows = await db
      .select({
        id: debts.id,
        externalRef: debts.externalRef,
        accountRef: accounts.externalRef,
        creditor: debts.creditor,
        balanceCents: debts.balanceCents,
      })
      .from(debts)
      .innerJoin(accounts, eq(accounts.id, debts.accountId))
      .where(and(eq(debts.organizationId, organizationId), inArray(debts.externalRef, batch)));
    for (const row of rows) if (row.externalRef !== null) found.push({ ...row, externalRef: row.externalRef });
  }
  return found;
}

/** Inserts or updates the accounts, each stamped with the import's batch (a segment filters by it); answers the id of each, by external reference. */
export async function writeAccounts(db: Queryable, organizationId: string, rows: readonly AccountWrite[], importBatchId: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const batch of batches(rows, IMPORT_BATCH_ROWS)) {
    const written = await db
      .insert(accounts)
      .values(batch.map((row) => ({ ...row, organizationId, importBatchId })))
      .onConflictDoUpdate({
        target: [accounts.organizationId, accounts.externalRef],
        set: {
          name: sql`excluded.name`,
          phones: sql`excluded.phones`,
          phoneLineTypes: sql`excluded.phone_line_types`,
          timeZone: sql`excluded.time_zone`,
          state: sql`excluded.state`,
          balanceDueCents: sql`excluded.balance_due_cents`,
          preferredLanguage: sql`excluded.preferred_language`,
          doNotCall: sql`excluded.do_not_call`,
          consent: sql`excluded.consent`,
          importBatchId: sql`excluded.import_batch_id`,
          updatedAt: sql`now()`,
        },
      })
      .returning({ id: accounts.id, externalRef: accounts.externalRef });
    for (const row of written) ids.set(row.externalRef!, row.id);
  }
  return ids;
}

/** Inserts or updates the debts; `accountIds` maps each debt's account reference to its id. */
export async function writeDebts(
  db: Queryable,
  organizationId: string,
  rows: readonly DebtValues[],
  accountIds: ReadonlyMap<string, string>,
): Promise<void> {
  for (const batch of batches(rows, IMPORT_BATCH_ROWS)) {
    await db
      .insert(debts)
      .values(
        batch.map((row) => ({
          organizationId,
          accountId: accountIds.get(row.accountRef)!,
          externalRef: row.externalRef,
          creditor: row.creditor,
          balanceCents: row.balanceCents,
        })),
      )
      .onConflictDoUpdate({
        target: [debts.organizationId, debts.externalRef],
        set: {
          accountId: sql`excluded.account_id`,
          creditor: sql`excluded.creditor`,
          balanceCents: sql`excluded.balance_cents`,
          updatedAt: sql`now()`,
        },
      });
  }
}

function* batches<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
