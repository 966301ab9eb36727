// Plans one chunk of a chunked import: the session's header row applied to the chunk's
// lines, numbered as rows of the whole file from the chunk's first row. The per-row rules
// are planImport's, unchanged; what this adds is the one thing a chunk cannot see alone:
// an account or debt reference an earlier chunk already accepted. Such a row is left out
// with an error naming that earlier row (counted or stored twice it would be wrong: a dry
// run would count the account created twice, a real run would replace the first chunk's
// phones with the second's). The console's chunker keeps an account's consecutive rows in
// one chunk, so only a file with an account's rows far apart meets this.
import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { accountImportRefs } from "../../db/schema";
import { parseCsv, readCsvLines, type CsvRecord } from "./csv";
import { normalizeColumnName, planImport, type ImportPlan, type RowError } from "./import-rows";


export interface PlannedChunk {
  plan: ImportPlan;
  /** The row the next chunk must start on. */
  nextRow: number;
}

type RefKind = "account" | "debt";
const REF_COLUMNS: Record<RefKind, string> = { account: "account_ref", debt: "debt_ref" };

/** The header record of a session (row 1), or null for an empty header. */
export function headerRecord(header: string): CsvRecord | null {
  return parseCsv(header)[0] ?? null;
}

export async function planChunk(db: Queryable, importId: string, header: CsvRecord, csv: string, firstRow: number): Promise<PlannedChunk> {
  const { records, nextRow } = readCsvLines(csv, firstRow);
  const columns = header.fields.map(normalizeColumnName);
  const refOf = (record: CsvRecord, kind: RefKind) => {
    const position = columns.indexOf(REF_COLUMNS[kind]);
    return position < 0 ? "" : (record.fields[position] ?? "").trim();
  };

  const earlier = await earlierRefs(db, importId, {
    account: records.map((r) => refOf(r, "account")),
    debt: records.map((r) => refOf(r, "debt")),
  });
  const repeatErrors: RowError[] = [];
  const kept = records.filter((record) => {
    for (const kind of ["account", "debt"] as const) {
      const ref = refOf(record, kind);
      const firstGiven = ref === "" ? undefined : earlier[kind].get(ref);
      if (firstGiven === undefined) continue;
      repeatErrors.push({
        row: record.row,
        field: REF_COLUMNS[kind],
        reason: `${kind} ${ref} is already given on row ${firstGiven}, in an earlier chunk of this import; keep an account's rows next to each other (sort the file by account_ref)`,
      });
      return false;
    }
    return true;
  });

  const plan = planImport([header, ...kept]);
  if (repeatErrors.length === 0) return { plan, nextRow };
  const repeatRows = repeatErrors.map((e) => e.row);
  return {
    plan: {
      ...plan,
      rowsRead: plan.rowsRead + repeatRows.length,
      rejectedRows: [...plan.rejectedRows, ...repeatRows].sort((a, b) => a - b),
      errors: [...plan.errors, ...repeatErrors].sort((a, b) => a.row - b.row),
    },
    nextRow,
  };
}

/**
 * Remembers the references this chunk accepted, so later chunks see them as given. One
 * statement per kind with two array parameters (unnest): thousands of rows as separate
 * parameters cost a second a chunk.
 */
export async function rememberRefs(tx: Queryable, importId: string, plan: ImportPlan): Promise<void> {
  const byKind: Record<RefKind, { refs: string[]; rows: number[] }> = {
    account: { refs: plan.accounts.map((a) => a.externalRef), rows: plan.accounts.map((a) => a.rows[0]!) },
    debt: { refs: plan.debts.map((d) => d.externalRef), rows: plan.debts.map((d) => d.row) },
  };
  for (const kind of ["account", "debt"] as const) {
    const { refs, rows } = byKind[kind];
    if (refs.length === 0) continue;
    await tx.execute(sql`
      insert into account_import_refs (import_id, kind, ref, row)
      select ${importId}::uuid, ${kind}, ref, row from unnest(${sql.param(refs)}::text[], ${sql.param(rows)}::int[]) as given(ref, row)
      on conflict do nothing`);
  }
}

export async function forgetRefs(tx: Queryable, importId: string): Promise<void> {
  await tx.delete(accountImportRefs).where(eq(accountImportRefs.importId, importId));
}

async function earlierRefs(db: Queryable, importId: string, refs: Record<RefKind, string[]>): Promise<Record<RefKind, Map<string, number>>> {
  const found: Record<RefKind, Map<string, number>> = { account: new Map(), debt: new Map() };
  for (const kind of ["account", "debt"] as const) {
    const distinct = [...new Set(refs[kind].filter((ref) => ref !== ""))];
    if (distinct.length === 0) continue;
    const rows = await db
      .select({ ref: accountImportRefs.ref, row: accountImportRefs.row })
      .from(accountImportRefs)
      .where(and(eq(accountImportRefs.importId, importId), eq(accountImportRefs.kind, kind), sql`${accountImportRefs.ref} = any(${sql.param(distinct)}::text[])`));
    for (const row of rows) found[kind].set(row.ref, row.row);
  }
  return found;
}

