// An account's data export as a download that is written while it is read: the JSON
// document (every table of account-data.ts, one key each) or one table as CSV. It reads on
// a connection of its own, since the stream outlives the request's pool, and writes each
// page only when the reader has taken the last (the TransformStream's backpressure).
import { openDatabase, type DatabaseEnv } from "../../db/client";
import { tenantAccess } from "../../db/access";
import { logEvent } from "../../domain/log";
import { csvLines } from "../reports/csv-export";
import { ACCOUNT_DATA_TABLES, accountDataRows, type AccountDataTable } from "./account-data";

export interface AccountExport {
  body: ReadableStream<Uint8Array>;
  done: Promise<void>;
}

type Subject = { organizationId: string; accountId: string };

/** A JSON value that survives CSV: objects and arrays as JSON text, dates as ISO strings. */
const cellOf = (value: unknown): unknown => (value !== null && typeof value === "object" && !(value instanceof Date) ? JSON.stringify(value) : value);

function exportStream(env: DatabaseEnv, subject: Subject, format: string, write: (db: ReturnType<typeof openDatabase>["db"], put: (text: string) => Promise<void>) => Promise<void>): AccountExport {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const encoder = new TextEncoder();
  const put = async (text: string) => {
    await writer.ready;
    await writer.write(encoder.encode(text));
  };
  const done = (async () => {
    // A member's export, streamed after the response: their organisation's rows only.
    const handle = openDatabase(env, tenantAccess(subject.organizationId), { maxConnections: 1 });
    try {
      await write(handle.db, put);
      await writer.close();
      logEvent({ event: "account_exported", organizationId: subject.organizationId, accountId: subject.accountId, format });
    } catch (error) {
      logEvent({ event: "account_export_failed", organizationId: subject.organizationId, accountId: subject.accountId, error: error instanceof Error ? error.message : String(error) });
      await writer.abort(error).catch(() => undefined);
    } finally {
      await handle.close();
    }
  })();
  return { body: readable, done };
}

/** `{ "exportedAt", "account": {…}, "consents": […], "debts": […], … }`, table by table. */
export function streamAccountJson(env: DatabaseEnv, subject: Subject, exportedAt: Date): AccountExport {
  return exportStream(env, subject, "json", async (db, put) => {
    await put(`{"exportedAt":${JSON.stringify(exportedAt.toISOString())},"accountId":${JSON.stringify(subject.accountId)}`);
    for (const table of ACCOUNT_DATA_TABLES) {
      await put(table === "account" ? `,"account":` : `,${JSON.stringify(table)}:[`);
      let first = true;
      for await (const page of accountDataRows(db, subject.organizationId, subject.accountId, table)) {
        if (table === "account") {
          await put(JSON.stringify(page[0] ?? null));
          continue;
        }
        for (const row of page) {
          await put(`${first ? "" : ","}${JSON.stringify(row)}`);
          first = false;
        }
      }
      if (table !== "account") await put("]");
    }
    await put("}\n");
  });
}

/** One table as CSV: a header of its columns, then its rows (formula-looking cells defused). */
export function streamAccountCsv(env: DatabaseEnv, subject: Subject, table: AccountDataTable): AccountExport {
  return exportStream(env, subject, `csv:${table}`, async (db, put) => {
    let columns: string[] | null = null;
    for await (const page of accountDataRows(db, subject.organizationId, subject.accountId, table)) {
      if (page.length === 0) continue;
      const header = columns === null;
      columns ??= Object.keys(page[0]!);
      await put(csvLines(page.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, cellOf(value)]))), columns, header));
    }
    if (columns === null) await put("\n"); // no rows: an empty file says so
  });
}
