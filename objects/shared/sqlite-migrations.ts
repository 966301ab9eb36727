// Append-only schema migrations for an actor's SQLite storage, each with an id. The ids
// applied (and a hash of each statement) are stored, and the list is checked against
// them on every start: a migration edited, removed, renamed or moved after it ran throws
// rather than leave storage and code disagreeing about the schema. Storage written by
// the earlier count-only runner (`_schema_version`) is adopted: its first N migrations
// are recorded as applied without running them again. Run inside blockConcurrencyWhile
// (an actor's constructor or partyserver's onStart).
import type { SqlDatabase } from "./durable/sql";

export interface SqliteMigration {
  /** Stable and unique in the list, e.g. "0001-calls". Never reused. */
  id: string;
  sql: string;
}

type AppliedRow = { position: number; id: string; sql_hash: string };

export function runSqliteMigrations(sql: SqlDatabase, migrations: readonly SqliteMigration[]): void {
  assertUniqueIds(migrations);
  sql.exec("CREATE TABLE IF NOT EXISTS _migrations (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, sql_hash TEXT NOT NULL)");
  let applied = sql.exec<AppliedRow>("SELECT position, id, sql_hash FROM _migrations ORDER BY position").toArray();
  if (applied.length === 0) applied = adoptCountedSchema(sql, migrations);
  if (applied.length > migrations.length) {
    const unknown = applied.slice(migrations.length).map((row) => row.id);
    throw new Error(`Storage has migrations this code does not know (${unknown.join(", ")}): removed from the list, or storage is newer than the code`);
  }
  for (const row of applied) {
    const migration = migrations[row.position]!;
    if (migration.id !== row.id) throw new Error(`Migration ${row.position} was "${row.id}" when applied and is "${migration.id}" now: the list was reordered or renamed`);
    if (statementHash(migration.sql) !== row.sql_hash) throw new Error(`Migration "${row.id}" was edited after it was applied: add a new migration instead`);
  }
  for (let position = applied.length; position < migrations.length; position++) {
    const migration = migrations[position]!;
    sql.exec(migration.sql);
    sql.exec("INSERT INTO _migrations (position, id, sql_hash) VALUES (?, ?, ?)", position, migration.id, statementHash(migration.sql));
  }
  // The count is kept too, so a rollback to the count-only runner still finds its place.
  // Written only when it changed: every actor start runs this, and a call actor starts
  // again after each hibernation, many times a call.
  sql.exec("CREATE TABLE IF NOT EXISTS _schema_version (version INTEGER NOT NULL)");
  const counted = sql.exec<{ version: number }>("SELECT version FROM _schema_version").toArray();
  if (counted.length === 1 && counted[0]!.version === migrations.length) return;
  sql.exec("DELETE FROM _schema_version");
  sql.exec("INSERT INTO _schema_version (version) VALUES (?)", migrations.length);
}

/** The count-only runner stored how many migrations ran: record those as applied, run nothing. */
function adoptCountedSchema(sql: SqlDatabase, migrations: readonly SqliteMigration[]): AppliedRow[] {
  const hasCount = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '_schema_version'").one().n > 0;
  if (!hasCount) return [];
  const counted = sql.exec<{ version: number }>("SELECT version FROM _schema_version").toArray()[0]?.version ?? 0;
  if (counted > migrations.length) throw new Error(`Storage schema v${counted} is newer than this code knows (v${migrations.length})`);
  const adopted = migrations.slice(0, counted).map((migration, position) => ({ position, id: migration.id, sql_hash: statementHash(migration.sql) }));
  for (const row of adopted) sql.exec("INSERT INTO _migrations (position, id, sql_hash) VALUES (?, ?, ?)", row.position, row.id, row.sql_hash);
  return adopted;
}

function assertUniqueIds(migrations: readonly SqliteMigration[]): void {
  const seen = new Set<string>();
  for (const { id } of migrations) {
    if (seen.has(id)) throw new Error(`Migration id "${id}" appears twice`);
    seen.add(id);
  }
}

/**
 * A short fingerprint of a statement (53-bit cyrb53 over its text with runs of whitespace
 * collapsed, so re-indenting is not an edit). Synchronous: migrations run in a constructor.
 */
export function statementHash(statement: string): string {
  const text = statement.replace(/\s+/g, " ").trim();
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
