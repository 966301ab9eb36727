// Row-level security, the second wall behind the route guards (db/access.ts), proved on a
// real PostgreSQL for every table the schema declares (never a hand-kept list): each tenant
// table has RLS enabled and forced with the tenant and system policies; and with a row of
// two organisations in every one of them, a tenant connection sees and writes only its own
// organisation's, a tenant connection without its organisation sees nothing and writes
// nothing, and the named system bypass sees both. A new table fails here until it is
// classified below and, if it is a tenant's, its migration calls wib_enforce_tenant_isolation().
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../scripts/lib/free-port";
import { startLocalPostgres, type LocalPostgres } from "../../../scripts/lib/local-postgres";
import { applyMigrations } from "../../../scripts/lib/migrate";
import * as schema from "../../../db/schema";
import { SCOPE_CONNECTION_SQL, scopeTransactionSql, startupOptions, systemAccess, tenantAccess, SYSTEM_ROLE, TENANT_ROLE, type DatabaseAccess } from "../../../db/access";
import { neonConfig } from "@neondatabase/serverless";
import { sql } from "drizzle-orm";
import ws from "ws";
import { openDatabase, openRequestDatabase, type Database } from "../../../db/client";
import { accounts } from "../../../db/schema";
import { startWsRelay, type WsRelay } from "../../../scripts/lib/ws-relay";

/** Tenant tables without an organization_id column: whose rows they are, and how the policy knows. */
const TENANT_TABLES_WITHOUT_ORGANIZATION_COLUMN: Record<string, string> = {
  organizations: "an organisation is its own tenant (id)",
  account_import_chunks: "visible when its import is (import_id)",
  account_import_refs: "visible when its import is (import_id)",
};

/**
 * Tables that are no tenant's, and why. A person (users) may belong to several organisations,
 * and timelines keep showing a removed member's name: their row is reached only by id from a
 * tenant's rows (memberships, calls, audit entries), which are isolated.
 */
const SHARED_TABLES: Record<string, string> = {
  users: "a person spans organisations; reached by id from isolated rows",
};

const schemaTables = (Object.values(schema) as unknown[])
  .filter((value): value is PgTable => value instanceof PgTable)
  .map((table) => getTableConfig(table))
  .filter((config) => (config.schema ?? "public") === "public");
const tenantTables = schemaTables.filter((t) => !(t.name in SHARED_TABLES)).map((t) => t.name);
const organizationTables = schemaTables.filter((t) => t.columns.some((c) => c.name === "organization_id")).map((t) => t.name);

let postgres: LocalPostgres;
let url: string;
const clients: pg.Client[] = [];
const orgA = crypto.randomUUID();
const orgB = crypto.randomUUID();
const importOf: Record<string, string> = { [orgA]: crypto.randomUUID(), [orgB]: crypto.randomUUID() };

async function connect(access?: DatabaseAccess): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, ...(access ? { options: startupOptions(access) } : {}) });
  await client.connect();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  const dataDir = path.join(os.tmpdir(), `wib-rls-pg-${process.pid}-${Date.now()}`, "pg");
  postgres = await startLocalPostgres({ dataDir, port: await freePort(), persistent: false });
  await postgres.createDatabaseIfMissing("rls");
  url = postgres.urlFor("rls");
  await applyMigrations(url);
  // A second run of the migration's function changes nothing (a later migration calls it again).
  const admin = await connect();
  await admin.query("select wib_enforce_tenant_isolation()");
  await seedEveryTenantTable(admin);
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await postgres?.stop();
});

describe("row-level security on every tenant table", () => {
  it("classifies every table in the schema: a tenant's (an organisation column, or named with its rule) or shared (named with why)", () => {
    const unclassified = schemaTables
      .map((t) => t.name)
      .filter((name) => !organizationTables.includes(name) && !(name in TENANT_TABLES_WITHOUT_ORGANIZATION_COLUMN) && !(name in SHARED_TABLES));
    expect(unclassified, "a table with no organization_id: add it to a list above, with its policy in a migration").toEqual([]);
    expect(tenantTables.length).toBeGreaterThan(40);
  });

  it("has RLS enabled and forced on every tenant table, with the tenant's and the system's policies", async () => {
    const admin = await connect();
    const { rows } = await admin.query<{ table: string; enabled: boolean; forced: boolean; policies: string[] }>(
      `select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
              coalesce(array_agg(p.policyname || ':' || array_to_string(p.roles, ',') order by p.policyname) filter (where p.policyname is not null), '{}') as policies
       from pg_class c join pg_namespace n on n.oid = c.relnamespace left join pg_policies p on p.tablename = c.relname and p.schemaname = n.nspname
       where n.nspname = 'public' and c.relkind = 'r' group by c.relname, c.relrowsecurity, c.relforcerowsecurity`,
    );
    const byTable = new Map(rows.map((r) => [r.table, r]));
    const unprotected = tenantTables.filter((name) => {
      const row = byTable.get(name);
      return !row || !row.enabled || !row.forced || row.policies.join(" ") !== `system_bypass:${SYSTEM_ROLE} tenant_isolation:${TENANT_ROLE}`;
    });
    expect(unprotected, "tenant tables without forced RLS and both policies: end their migration with SELECT wib_enforce_tenant_isolation();").toEqual([]);
  });

  it("shows a tenant connection only its own organisation's row in every tenant table", async () => {
    const tenant = await connect(tenantAccess(orgA));
    const leaks: string[] = [];
    for (const table of tenantTables) {
      const { rows } = await tenant.query<{ owner: string | null }>(`select ${ownerColumn(table)} as owner from "${table}"`);
      if (rows.length !== 1 || rows[0]!.owner !== orgA) leaks.push(`${table}: ${JSON.stringify(rows.map((r) => r.owner))}`);
    }
    expect(leaks).toEqual([]);
  });

  it("scopes a system connection to one organisation with one statement, as a member's request does", async () => {
    const connection = await connect(systemAccess("this test"));
    await connection.query(SCOPE_CONNECTION_SQL, [orgB]);
    const { rows } = await connection.query<{ id: string }>("select organization_id as id from accounts");
    expect(rows).toEqual([{ id: orgB }]);
  });

  it("shows a tenant connection that has no organisation nothing at all, and refuses its writes", async () => {
    const unscoped = await connect();
    await unscoped.query(`set role ${TENANT_ROLE}`);
    const seen: string[] = [];
    for (const table of tenantTables) {
      const { rows } = await unscoped.query<{ n: number }>(`select count(*)::int as n from "${table}"`);
      if (rows[0]!.n !== 0) seen.push(`${table}: ${rows[0]!.n}`);
    }
    expect(seen).toEqual([]);
    const accepted: string[] = [];
    for (const table of tenantTables) {
      if (await insertAccepted(unscoped, table, orgA)) accepted.push(table);
    }
    expect(accepted).toEqual([]);
  });

  it("refuses a tenant connection's write of another organisation's row in every tenant table", async () => {
    const tenant = await connect(tenantAccess(orgA));
    const accepted: string[] = [];
    for (const table of tenantTables) {
      if (await insertAccepted(tenant, table, orgB)) accepted.push(table);
    }
    expect(accepted).toEqual([]);
  });

  it("lets the named system bypass see both organisations' rows", async () => {
    const system = await connect(systemAccess("this test"));
    const { rows } = await system.query<{ n: number }>(`select count(*)::int as n from accounts where organization_id in ($1, $2)`, [orgA, orgB]);
    expect(rows[0]!.n).toBe(2);
  });
});

// Behind a transaction pooler (Neon's `-pooler`, Hyperdrive) a server connection passes from
// one client's transaction to another's and carries no startup options: the scope is set at
// each transaction's start, locally, and must be gone when the transaction ends.
describe("row-level security behind a transaction pooler (scoped per transaction)", () => {
  let relay: WsRelay;
  beforeAll(async () => {
    relay = await startWsRelay({ port: await freePort(), postgresPort: postgres.port });
    neonConfig.webSocketConstructor = ws;
  });
  afterAll(async () => {
    await relay?.close();
  });

  it("passes one connection from tenant to tenant: each transaction sees and writes only its organisation's rows, and its scope ends with it", async () => {
    const shared = await connect(); // no startup options, as a pooler's server connection
    for (const [own, other] of [
      [orgA, orgB],
      [orgB, orgA],
    ] as const) {
      await shared.query(scopeTransactionSql(tenantAccess(own)));
      const leaks: string[] = [];
      for (const table of tenantTables) {
        const { rows } = await shared.query<{ owner: string | null }>(`select ${ownerColumn(table)} as owner from "${table}"`);
        if (rows.length !== 1 || rows[0]!.owner !== own) leaks.push(`${table}: ${JSON.stringify(rows.map((r) => r.owner))}`);
      }
      expect(leaks).toEqual([]);
      const { sql: insert, values } = await rowInsert("accounts", other);
      await expect(shared.query(insert, values)).rejects.toMatchObject({ code: "42501" });
      await shared.query("rollback");
      const { rows } = await shared.query<{ scoped: boolean; org: string }>(
        `select current_user <> session_user as scoped, coalesce(current_setting('wib.organization_id', true), '') as org`,
      );
      expect(rows[0]).toEqual({ scoped: false, org: "" });
    }
    await shared.query(scopeTransactionSql(systemAccess("this test")));
    const { rows } = await shared.query<{ n: number }>(`select count(*)::int as n from accounts where organization_id in ($1, $2)`, [orgA, orgB]);
    await shared.query("commit");
    expect(rows[0]!.n).toBe(2);
  });

  it("scopes db/client.ts's statements and transactions per transaction when DATABASE_POOLER=transaction", async () => {
    const env = { DATABASE_URL: url, DATABASE_WS_PROXY: `${relay.proxyHost}/v2`, DATABASE_POOLER: "transaction" };
    const owners = async (db: Database) =>
      (await db.select({ id: accounts.organizationId }).from(accounts)).map((r) => r.id).sort();
    const request = openRequestDatabase(env, systemAccess("this test"));
    try {
      expect(await owners(request.db)).toEqual([orgA, orgB].sort());
      const tenant = await request.scopeTo(orgA);
      expect(await owners(tenant)).toEqual([orgA]);
      const inTransaction = await tenant.transaction(async (tx) => ({
        owners: (await tx.select({ id: accounts.organizationId }).from(accounts)).map((r) => r.id),
        who: (await tx.execute<{ who: string }>(sql`select current_user as who`)).rows[0]!.who,
      }));
      expect(inTransaction).toEqual({ owners: [orgA], who: TENANT_ROLE });
    } finally {
      await request.close();
    }
    const tenantHandle = openDatabase(env, tenantAccess(orgB), { maxConnections: 1 });
    try {
      expect(await owners(tenantHandle.db)).toEqual([orgB]);
      // A lone statement runs in a scoped transaction of its own.
      const { rows } = await tenantHandle.db.execute<{ who: string }>(sql`select current_user as who`);
      expect(rows[0]!.who).toBe(TENANT_ROLE);
    } finally {
      await tenantHandle.close();
    }
  });
});

/** The column that says whose a row is, for reading back what a connection saw. */
function ownerColumn(table: string): string {
  if (table === "organizations") return "id::text";
  if (table === "account_import_chunks" || table === "account_import_refs") return `(select organization_id::text from account_imports i where i.id = "${table}".import_id)`;
  return "organization_id::text";
}

/** Whether a row of `organizationId` goes in; a refusal by row-level security is the only expected failure. */
async function insertAccepted(client: pg.Client, table: string, organizationId: string): Promise<boolean> {
  const { sql, values } = await rowInsert(table, organizationId);
  try {
    await client.query("begin");
    await client.query(sql, values);
    await client.query("rollback");
    return true;
  } catch (error) {
    await client.query("rollback");
    if ((error as { code?: string }).code !== "42501") throw new Error(`${table}: ${(error as Error).message}`);
    return false;
  }
}

const columnCache = new Map<string, { name: string; type: string; enumLabel: string | null; required: boolean }[]>();

/** One row for `table` with a value for every required column, typed from the catalogue. */
async function rowInsert(table: string, organizationId: string): Promise<{ sql: string; values: unknown[] }> {
  let columns = columnCache.get(table);
  if (!columns) {
    const admin = clients[0]!;
    const { rows } = await admin.query<{ name: string; type: string; enum_label: string | null; required: boolean }>(
      `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
              (select e.enumlabel from pg_enum e where e.enumtypid = a.atttypid order by e.enumsortorder limit 1) as enum_label,
              (a.attnotnull and not a.atthasdef and a.attidentity = '' and a.attgenerated = '') as required
       from pg_attribute a where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`,
      [`public."${table}"`],
    );
    columns = rows.map((r) => ({ name: r.name, type: r.type, enumLabel: r.enum_label, required: r.required }));
    columnCache.set(table, columns);
  }
  const chosen = columns.filter((c) => c.required || c.name === "organization_id" || c.name === "import_id" || (c.name === "id" && (table === "organizations" || table === "account_imports")));
  const values = chosen.map((c) => valueFor(table, c, organizationId));
  const sql = `insert into "${table}" (${chosen.map((c) => `"${c.name}"`).join(", ")}) values (${chosen.map((c, i) => `$${i + 1}::${c.type}`).join(", ")})`;
  return { sql, values };
}

function valueFor(table: string, column: { name: string; type: string; enumLabel: string | null }, organizationId: string): unknown {
  if (column.name === "organization_id") return organizationId;
  if (table === "organizations" && column.name === "id") return organizationId;
  if (column.name === "import_id") return importOf[organizationId];
  if (table === "account_imports" && column.name === "id") return importOf[organizationId];
  if (column.enumLabel !== null) return column.enumLabel;
  const type = column.type;
  if (type.endsWith("[]")) return "{}";
  if (type === "uuid") return crypto.randomUUID();
  if (/^(integer|bigint|smallint|numeric|real|double precision)/.test(type)) return 1;
  if (type === "boolean") return false;
  if (type.startsWith("timestamp") || type === "date") return new Date().toISOString();
  if (type === "jsonb" || type === "json") return "{}";
  if (type === "bytea") return "\\x00";
  if (type === "interval") return "1 minute";
  return `${table}-${column.name}-${crypto.randomUUID()}`;
}

/** A row of each organisation in every tenant table, written as the superuser with foreign keys off (replica mode). */
async function seedEveryTenantTable(admin: pg.Client): Promise<void> {
  await admin.query("set session_replication_role = replica");
  for (const table of ["organizations", "account_imports", ...tenantTables.filter((t) => t !== "organizations" && t !== "account_imports")]) {
    for (const organizationId of [orgA, orgB]) {
      const { sql, values } = await rowInsert(table, organizationId);
      try {
        await admin.query(sql, values);
      } catch (error) {
        throw new Error(`seeding ${table}: ${(error as Error).message}`);
      }
    }
  }
  await admin.query("set session_replication_role = origin");
}
