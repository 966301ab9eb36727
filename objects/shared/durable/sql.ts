// The part of Durable Object SQLite storage (`ctx.storage.sql`) the durable modules use.
// Kept narrow on purpose: the real `SqlStorage` satisfies it as is, and a Node test can
// stand in for it with a real SQLite (tests/node/support/sqlite-storage.ts).
export type SqlValue = ArrayBuffer | string | number | null;

export interface SqlRows<Row> {
  toArray(): Row[];
  /** Exactly one row, or it throws. */
  one(): Row;
  readonly rowsWritten: number;
}

export interface SqlDatabase {
  exec<Row extends Record<string, SqlValue>>(query: string, ...bindings: SqlValue[]): SqlRows<Row>;
}
