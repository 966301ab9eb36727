// Migrations with ids against a real SQLite: applied once, checked on every start, and
// storage from the count-only runner adopted without running anything again.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runSqliteMigrations } from "../../../../objects/shared/sqlite-migrations";
import { CALL_MIGRATIONS } from "../../../../objects/call/call-storage";
import { openTestSqlStorage, type TestSqlStorage } from "../../support/sqlite-storage";

const FIRST = { id: "0001-notes", sql: "CREATE TABLE notes (id TEXT PRIMARY KEY, text TEXT NOT NULL);" };
const SECOND = { id: "0002-note-authors", sql: "ALTER TABLE notes ADD COLUMN author TEXT;" };
const THIRD = { id: "0003-tags", sql: "CREATE TABLE tags (name TEXT PRIMARY KEY);" };

let sql: TestSqlStorage;
beforeEach(async () => (sql = await openTestSqlStorage()));
afterEach(() => sql.close());

const tables = () => sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name").toArray().map((r) => r.name);

describe("SQLite migrations with ids", () => {
  it("runs each migration once, however often the actor starts", () => {
    runSqliteMigrations(sql, [FIRST, SECOND]);
    runSqliteMigrations(sql, [FIRST, SECOND]);
    runSqliteMigrations(sql, [FIRST, SECOND, THIRD]);
    expect(tables()).toEqual(["notes", "tags"]);
    sql.exec("INSERT INTO notes (id, text, author) VALUES ('n1', 'hello', 'ann')");
  });

  it("refuses a migration edited after it ran", () => {
    runSqliteMigrations(sql, [FIRST, SECOND]);
    expect(() => runSqliteMigrations(sql, [FIRST, { ...SECOND, sql: "ALTER TABLE notes ADD COLUMN writer TEXT;" }])).toThrow(/edited/);
  });

  it("does not count re-indenting as an edit", () => {
    runSqliteMigrations(sql, [FIRST]);
    expect(() => runSqliteMigrations(sql, [{ ...FIRST, sql: "CREATE TABLE notes (id TEXT PRIMARY KEY,\n     text TEXT NOT NULL);" }])).not.toThrow();
  });

  it("refuses a reordered, renamed or shortened list", () => {
    runSqliteMigrations(sql, [FIRST, SECOND]);
    expect(() => runSqliteMigrations(sql, [SECOND, FIRST])).toThrow(/reordered/);
    expect(() => runSqliteMigrations(sql, [FIRST, { ...SECOND, id: "0002-authors" }])).toThrow(/reordered or renamed/);
    expect(() => runSqliteMigrations(sql, [FIRST])).toThrow(/does not know \(0002-note-authors\)/);
  });

  it("refuses a list that names one id twice", () => {
    expect(() => runSqliteMigrations(sql, [FIRST, { ...SECOND, id: FIRST.id }])).toThrow(/twice/);
  });

  it("adopts storage the count-only runner wrote: nothing runs again, the rest run", () => {
    // What the earlier runner left: the first migration applied and a count of 1.
    sql.exec(FIRST.sql);
    sql.exec("CREATE TABLE _schema_version (version INTEGER NOT NULL)");
    sql.exec("INSERT INTO _schema_version (version) VALUES (1)");
    sql.exec("INSERT INTO notes (id, text) VALUES ('kept', 'from before')");

    runSqliteMigrations(sql, [FIRST, SECOND]);
    expect(sql.exec<{ text: string }>("SELECT text FROM notes WHERE id = 'kept'").one().text).toBe("from before");
    expect(sql.exec<{ version: number }>("SELECT version FROM _schema_version").one().version).toBe(2);
    // From now on the ids are what is checked.
    expect(() => runSqliteMigrations(sql, [SECOND, FIRST])).toThrow(/reordered/);
  });

  it("refuses count-only storage that is ahead of the list", () => {
    sql.exec("CREATE TABLE _schema_version (version INTEGER NOT NULL)");
    sql.exec("INSERT INTO _schema_version (version) VALUES (3)");
    expect(() => runSqliteMigrations(sql, [FIRST, SECOND])).toThrow(/newer than this code/);
  });

  it("gives a fresh storage, in one batch, the schema and records a replay of the list gives", async () => {
    // An actor stored when the list was one migration long, then upgraded step by step.
    const upgraded = await openTestSqlStorage();
    try {
      runSqliteMigrations(upgraded, [FIRST]);
      runSqliteMigrations(upgraded, [FIRST, SECOND, THIRD]);
      runSqliteMigrations(sql, [FIRST, SECOND, THIRD]);
      const everything = (db: TestSqlStorage) => ({
        schema: db.exec("SELECT type, name, sql FROM sqlite_master ORDER BY name").toArray(),
        applied: db.exec("SELECT position, id, sql_hash FROM _migrations ORDER BY position").toArray(),
        counted: db.exec("SELECT version FROM _schema_version").toArray(),
      });
      expect(everything(sql)).toEqual(everything(upgraded));
      expect(everything(sql).applied.map((row) => row.id)).toEqual([FIRST.id, SECOND.id, THIRD.id]);
      // And it is checked like any other from then on.
      expect(() => runSqliteMigrations(sql, [FIRST, { ...SECOND, sql: "ALTER TABLE notes ADD COLUMN writer TEXT;" }, THIRD])).toThrow(/edited/);
    } finally {
      upgraded.close();
    }
  });

  it("upgrades a call actor stored before its outbox backoff moved: the backoff under way is kept", () => {
    runSqliteMigrations(sql, CALL_MIGRATIONS.slice(0, 1));
    sql.exec("INSERT INTO meta (key, value) VALUES ('outbox_retry_at_ms', '123456'), ('outbox_failures', '3'), ('version', '7')");

    runSqliteMigrations(sql, CALL_MIGRATIONS);
    expect(sql.exec("SELECT id, retry_at_ms, failures FROM outbox_backoff").toArray()).toEqual([{ id: 1, retry_at_ms: 123456, failures: 3 }]);
    expect(sql.exec("SELECT key, value FROM meta").toArray()).toEqual([{ key: "version", value: "7" }]);
    expect(sql.exec<{ id: string }>("SELECT id FROM _migrations ORDER BY position").toArray().map((row) => row.id)).toEqual(CALL_MIGRATIONS.map((m) => m.id));
  });
});
