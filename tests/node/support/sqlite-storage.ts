// A real SQLite (sql.js, compiled to wasm) behind the part of Durable Object `SqlStorage`
// actor storage modules use: exec with bound parameters (several `;`-separated statements
// when nothing is bound, as migrations do), toArray, one, rowsWritten. For unit tests of
// storage modules in Node, without workerd. Values come back as SQLite gives them
// (INTEGER and REAL as numbers, BLOB as ArrayBuffer), as in a Durable Object.
import initSqlJs, { type Database, type SqlValue as SqlJsValue } from "sql.js";
import type { SqlDatabase, SqlRows, SqlValue } from "../../../objects/shared/durable/sql";

let sqlJs: ReturnType<typeof initSqlJs> | null = null;

export interface TestSqlStorage extends SqlDatabase {
  /** Closes the database (its memory is freed; nothing is on disk). */
  close(): void;
}

/** A fresh, empty in-memory database. */
export async function openTestSqlStorage(): Promise<TestSqlStorage> {
  sqlJs ??= initSqlJs();
  const db = new (await sqlJs).Database();
  return {
    exec: <Row extends Record<string, SqlValue>>(query: string, ...bindings: SqlValue[]) => execute<Row>(db, query, bindings),
    close: () => db.close(),
  };
}

function execute<Row extends Record<string, SqlValue>>(db: Database, query: string, bindings: SqlValue[]): SqlRows<Row> {
  const changesBefore = totalChanges(db);
  const rows: Record<string, SqlValue>[] = [];
  if (bindings.length === 0) {
    // Possibly several statements: the last one's rows are the result, as in workerd.
    const results = db.exec(query);
    const last = results.at(-1);
    if (last) for (const values of last.values) rows.push(toRow(last.columns, values));
  } else {
    const statement = db.prepare(query);
    try {
      statement.bind(bindings.map(toSqlJs));
      while (statement.step()) rows.push(toRow(statement.getColumnNames(), statement.get()));
    } finally {
      statement.free();
    }
  }
  const rowsWritten = totalChanges(db) - changesBefore;
  return {
    toArray: () => rows.map((row) => row as Row),
    one: () => {
      if (rows.length !== 1) throw new Error(`Expected exactly one row, got ${rows.length}: ${query}`);
      return rows[0] as Row;
    },
    rowsWritten,
  };
}

function totalChanges(db: Database): number {
  const value = db.exec("SELECT total_changes()")[0]?.values[0]?.[0];
  return typeof value === "number" ? value : 0;
}

function toRow(columns: string[], values: SqlJsValue[]): Record<string, SqlValue> {
  return Object.fromEntries(columns.map((column, i) => [column, fromSqlJs(values[i] ?? null)]));
}

const toSqlJs = (value: SqlValue): SqlJsValue => (value instanceof ArrayBuffer ? new Uint8Array(value) : value);

function fromSqlJs(value: SqlJsValue): SqlValue {
  if (value instanceof Uint8Array) return value.slice().buffer;
  return value;
}
