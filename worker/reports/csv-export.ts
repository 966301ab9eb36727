// A report's rows as a CSV download that never holds the result: a server-side cursor in
// one read-only transaction on a connection of its own (the request's pool closes when
// the handler returns, the stream outlives it), fetched a page at a time, each page
// written only when the reader has taken the last (the TransformStream's backpressure).
// Cells a spreadsheet would run as a formula (=, +, -, @, tab, CR first, or their
// full-width forms) are prefixed with ', except a plain signed number (a phone number in
// E.164, a negative amount), which no spreadsheet runs as anything but a number.
import { sql, type SQL } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import { openDatabase, type DatabaseEnv } from "../../db/client";
import { tenantAccess } from "../../db/access";
import { logEvent } from "../../domain/log";

/** Rows per FETCH: a page is a few hundred KiB of CSV at most. */
export const EXPORT_PAGE_ROWS = 2_000;

const CSV_OPTIONS = {
  cast: {
    date: (value: Date) => value.toISOString(),
    boolean: (value: boolean) => (value ? "true" : "false"),
  },
};

/** One CSV record per row, in the columns' order; the header first. */
export function csvLines(rows: readonly Record<string, unknown>[], columns: readonly string[], header: boolean): string {
  const records = rows.map((row) => columns.map((column) => guardCell(row[column])));
  return stringify(header ? [columns, ...records] : records, CSV_OPTIONS);
}

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const SIGNED_NUMBER = /^[+-]\d+(\.\d+)?$/;

/** A cell as written: empty for null, a formula-looking text defused. */
export function guardCell(value: unknown): unknown {
  if (value === null || value === undefined) return "";
  if (typeof value === "string" && FORMULA_START.test(value) && !SIGNED_NUMBER.test(value)) return `'${value}`;
  return value;
}

export interface CsvExport {
  body: ReadableStream<Uint8Array>;
  /** Settles when the last row is written (or the export failed and the stream was aborted). */
  done: Promise<void>;
}

export function streamCsv(env: DatabaseEnv, query: SQL, columns: readonly string[], context: { organizationId: string; what: string }): CsvExport {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const encoder = new TextEncoder();
  const done = (async () => {
    // A member's export, streamed after the response: their organisation's rows only.
    const handle = openDatabase(env, tenantAccess(context.organizationId), { maxConnections: 1 });
    let rows = 0;
    try {
      await writer.write(encoder.encode(csvLines([], columns, true)));
      await handle.db.transaction(
        async (tx) => {
          await tx.execute(sql`declare report_rows no scroll cursor for ${query}`);
          for (;;) {
            // FETCH's count cannot be a bound parameter; it is this module's constant.
            const page = await tx.execute<Record<string, unknown>>(sql`fetch forward ${sql.raw(String(EXPORT_PAGE_ROWS))} from report_rows`);
            if (page.rows.length === 0) break;
            rows += page.rows.length;
            await writer.ready;
            await writer.write(encoder.encode(csvLines(page.rows, columns, false)));
          }
          await tx.execute(sql`close report_rows`);
        },
        { accessMode: "read only" },
      );
      await writer.close();
      logEvent({ event: "report_exported", organizationId: context.organizationId, report: context.what, rows });
    } catch (error) {
      logEvent({ event: "report_export_failed", organizationId: context.organizationId, report: context.what, rows, error: error instanceof Error ? error.message : String(error) });
      await writer.abort(error).catch(() => undefined);
    } finally {
      await handle.close();
    }
  })();
  return { body: readable, done };
}
