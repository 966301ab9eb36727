// Append-only schema migrations for an actor's SQLite storage. The list only ever
// grows: an actor whose storage is ahead of its code refuses to start rather than
// guess. Run inside blockConcurrencyWhile (partyserver's onStart is).
export function runSqliteMigrations(sql: SqlStorage, migrations: readonly string[]): void {
  sql.exec("CREATE TABLE IF NOT EXISTS _schema_version (version INTEGER NOT NULL)");
  const row = sql.exec<{ version: number }>("SELECT version FROM _schema_version").toArray()[0];
  const current = row?.version ?? 0;
  if (current > migrations.length) {
    throw new Error(`Storage schema v${current} is newer than this code knows (v${migrations.length})`);
  }
  for (let version = current; version < migrations.length; version++) sql.exec(migrations[version]!);
  if (!row) sql.exec("INSERT INTO _schema_version (version) VALUES (?)", migrations.length);
  else sql.exec("UPDATE _schema_version SET version = ?", migrations.length);
}
