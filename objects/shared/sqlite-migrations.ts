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
  const bookkeeping = new Set(
    sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('_migrations', '_schema_version')")
      .toArray()
      .map((row) => row.name),
  );
  // A fresh actor (every call is one) takes the whole list and its bookkeeping in one batch:
  // replaying it statement by statement was a dozen round trips into SQLite per new call.
  if (bookkeeping.size === 0) {
    sql.exec(freshSchemaBatch(migrations));
    return;
  }
  if (!bookkeeping.has("_migrations")) sql.exec(MIGRATIONS_TABLE_SQL);
  let applied = sql.exec<AppliedRow>("SELECT position, id, sql_hash FROM _migrations ORDER BY position").toArray();
  if (applied.length === 0) applied = adoptCountedSchema(sql, migrations, bookkeeping.has("_schema_version"));
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
  if (!bookkeeping.has("_schema_version")) sql.exec(SCHEMA_VERSION_TABLE_SQL);
  const counted = sql.exec<{ version: number }>("SELECT version FROM _schema_version").toArray();
  if (counted.length === 1 && counted[0]!.version === migrations.length) return;
  sql.exec("DELETE FROM _schema_version");
  sql.exec("INSERT INTO _schema_version (version) VALUES (?)", migrations.length);
}

const MIGRATIONS_TABLE_SQL = "CREATE TABLE IF NOT EXISTS _migrations (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, sql_hash TEXT NOT NULL);";
const SCHEMA_VERSION_TABLE_SQL = "CREATE TABLE IF NOT EXISTS _schema_version (version INTEGER NOT NULL);";
/** What may be written into the batch as a literal: ids are code constants, hashes base 36. */
const LITERAL = /^[A-Za-z0-9._-]+$/;

/**
 * Every migration, then the rows saying they ran, as one exec: the same statements the
 * step-by-step path runs for empty storage, in the same order, so a fresh actor's schema
 * is the replayed one by construction. Built once per list (a list is a module constant).
 */
function freshSchemaBatch(migrations: readonly SqliteMigration[]): string {
  const known = freshBatches.get(migrations);
  if (known) return known;
  const statements = [MIGRATIONS_TABLE_SQL];
  migrations.forEach((migration, position) => {
    const hash = statementHash(migration.sql);
    if (!LITERAL.test(migration.id)) throw new Error(`Migration id "${migration.id}" may only use letters, digits, ".", "_" and "-"`);
    statements.push(migration.sql.trim().replace(/;?$/, ";"), `INSERT INTO _migrations (position, id, sql_hash) VALUES (${position}, '${migration.id}', '${hash}');`);
  });
  statements.push(SCHEMA_VERSION_TABLE_SQL, `INSERT INTO _schema_version (version) VALUES (${migrations.length});`);
  const batch = statements.join("\n");
  freshBatches.set(migrations, batch);
  return batch;
}

const freshBatches = new WeakMap<readonly SqliteMigration[], string>();

/** The count-only runner stored how many migrations ran: record those as applied, run nothing. */
function adoptCountedSchema(sql: SqlDatabase, migrations: readonly SqliteMigration[], hasCount: boolean): AppliedRow[] {
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
  let hash = hashes.get(statement);
  if (hash === undefined) {
    hash = cyrb53(statement);
    hashes.set(statement, hash);
  }
  return hash;
}

/**
 * Hashes by statement text, for the isolate's life: every actor start checks its whole
 * list, and hashing it again each time was 5 % of the isolate's time under 200 calls
 * (new call actors, each starting several times a call). The texts are the lists' own
 * constants, so this holds a few dozen entries.
 */
const hashes = new Map<string, string>();

function cyrb53(statement: string): string {
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
