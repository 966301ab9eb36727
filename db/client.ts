// Opens the system of record for one request (or one actor's flush): a Neon serverless Pool
// over WebSocket wrapped in drizzle. In the stateless Worker a Pool must not outlive
// its request (a global one hangs the next request), so callers close it when done.
// Locally the driver reaches the embedded Postgres through scripts/lib/ws-relay.ts.
// Every opening says whose rows it may touch (db/access.ts): a tenant's, or the named bypass.
// Behind a transaction pooler (DATABASE_POOLER=transaction, or a Neon `-pooler` host) the
// scope goes on each transaction instead of on the connection (per-transaction-scope.ts).
import { Pool, neonConfig, type PoolClient } from "@neondatabase/serverless";
import { createTableRelationsHelpers, extractTablesRelationalConfig, type ExtractTablesWithRelations, type RelationalSchemaConfig } from "drizzle-orm";
import { NeonDatabase, NeonSession } from "drizzle-orm/neon-serverless";
import { PgDialect } from "drizzle-orm/pg-core";
import { logEvent } from "../domain/log";
import { behindTransactionPooler, SCOPE_CONNECTION_SQL, startupOptions, tenantAccess, type DatabaseAccess, type SystemAccess } from "./access";
import { PerTransactionScopeSession } from "./per-transaction-scope";
import * as schema from "./schema";

export type Database = NeonDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Queryable = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  close(): Promise<void>;
}

/** A member's request: the system while it reads who is asking, then one connection held as their organisation's. */
export interface RequestDatabaseHandle extends DatabaseHandle {
  /** Checks out one connection, scopes it to the organisation for good (one round trip) and returns a database over it alone. */
  scopeTo(organizationId: string): Promise<Database>;
}

export interface DatabaseEnv {
  DATABASE_URL: string;
  DATABASE_WS_PROXY?: string;
  /** `transaction` when DATABASE_URL is a transaction pooler that is not a Neon `-pooler` host (Hyperdrive, a PgBouncer); `session` to say it is not. */
  DATABASE_POOLER?: string;
}

/** maxConnections: 4 suits a request; a long-lived writer keeps exactly one. */
export function openDatabase(env: DatabaseEnv, access: DatabaseAccess, options: { maxConnections?: number } = {}): DatabaseHandle {
  // Every crossing of the wall outside a member's request leaves a line saying why (cron jobs,
  // webhooks, dispatchers, actors' writers); a request's own session lookup is not one of them.
  if (access.kind === "system") logEvent({ event: "database_system_access", why: access.why });
  const { pool, close, pooled } = openPool(env, access, options.maxConnections ?? 4);
  return { db: pooled ? scopedPerTransaction(pool, access) : databaseOver(pool), close };
}

/**
 * The Worker's per-request database. It starts as the system, because reading a session or
 * an API key (and serving login, sign-up, webhooks) is a system path; `scopeTo` then holds
 * one connection as the member's organisation for the rest of the request, so the scope is
 * set once per request, not per statement. That connection is destroyed at close, never
 * handed back to the pool where a system query could pick it up.
 */
export function openRequestDatabase(env: DatabaseEnv, access: SystemAccess): RequestDatabaseHandle {
  const { pool, close, pooled } = openPool(env, access, 4);
  if (pooled) return requestDatabaseBehindPooler(pool, access, close);
  let scoped: PoolClient | undefined;
  let closing = false;
  return {
    db: databaseOver(pool),
    async scopeTo(organizationId) {
      if (scoped) throw new Error("This request's database is already scoped to an organisation");
      const client = await pool.connect();
      // A checked-out connection dropped by the network is reported here, not to the pool's listener.
      client.on("error", (error: Error) => {
        if (!closing) logEvent({ event: "database_connection_lost", error: error.message, holder: "a member's request, scoped" });
      });
      try {
        await client.query(SCOPE_CONNECTION_SQL, [organizationId]);
      } catch (error) {
        client.release(true);
        throw error;
      }
      scoped = client;
      return databaseOver(client);
    },
    close() {
      closing = true;
      scoped?.release(true);
      return close();
    },
  };
}

/**
 * drizzle() over a pool or one connection, without working out the schema's relations
 * again: drizzle() does that on every call, and a request builds two databases (the
 * pool's, then the scoped connection's), which was 6 % of the isolate's time under 200
 * calls. The relations and the dialect depend only on the schema, so they are built
 * once per isolate; what drizzle() adds besides (a logger, a cache) we do not use.
 */
function databaseOver(client: Pool | PoolClient): Database {
  relational ??= relationalSchema();
  const session = new NeonSession(client, dialect, relational);
  return new NeonDatabase(dialect, session, relational) as Database;
}

/**
 * Behind a transaction pooler no connection can be held as the organisation's (the pooler
 * gives it to others between transactions): the request's database after `scopeTo` scopes
 * each of its transactions to the organisation instead.
 */
function requestDatabaseBehindPooler(pool: Pool, access: SystemAccess, close: () => Promise<void>): RequestDatabaseHandle {
  let scoped = false;
  return {
    db: scopedPerTransaction(pool, access),
    async scopeTo(organizationId) {
      if (scoped) throw new Error("This request's database is already scoped to an organisation");
      scoped = true;
      return scopedPerTransaction(pool, tenantAccess(organizationId));
    },
    close,
  };
}

function scopedPerTransaction(pool: Pool, access: DatabaseAccess): Database {
  relational ??= relationalSchema();
  return new NeonDatabase(dialect, new PerTransactionScopeSession(pool, access, dialect, relational), relational) as Database;
}

type SchemaRelations = ExtractTablesWithRelations<typeof schema>;
const dialect = new PgDialect();
let relational: RelationalSchemaConfig<SchemaRelations> | undefined;

function relationalSchema(): RelationalSchemaConfig<SchemaRelations> {
  const tables = extractTablesRelationalConfig<SchemaRelations>(schema, createTableRelationsHelpers);
  return { fullSchema: schema, schema: tables.tables, tableNamesMap: tables.tableNamesMap };
}

function openPool(env: DatabaseEnv, access: DatabaseAccess, maxConnections: number): { pool: Pool; close: () => Promise<void>; pooled: boolean } {
  if (!env.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set: run `npm start` locally or `wrangler secret put DATABASE_URL`");
  }
  if (env.DATABASE_WS_PROXY) {
    const proxy = env.DATABASE_WS_PROXY;
    neonConfig.wsProxy = () => proxy;
    // The local relay speaks plain ws:// and cannot take pipelined startup messages.
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
    neonConfig.pipelineTLS = false;
  }
  // A transaction pooler does not pass startup options on: there each transaction scopes itself.
  const pooled = behindTransactionPooler(env);
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: maxConnections, ...(pooled ? {} : { options: startupOptions(access) }) });
  // An idle connection dropped by the network is not a failed request: without a
  // listener the Pool would rethrow it as an uncaught error. Once we end the pool, its
  // connections closing is what we asked for, not news (the driver reports it as lost).
  let ending = false;
  pool.on("error", (error: Error) => {
    // Who held it (a writer, a dispatcher, a request), so a bench run's count says who drops.
    if (!ending) logEvent({ event: "database_connection_lost", error: error.message, holder: access.kind === "system" ? access.why : "an organisation's connection" });
  });
  const close = () => {
    ending = true;
    return endWithin(pool, CLOSE_TIMEOUT_MS);
  };
  return { pool, close, pooled };
}

/** Ending a pool takes a round trip (Terminate, then the server closes); a caller that awaits it must not hang. */
const CLOSE_TIMEOUT_MS = 2000;

async function endWithin(pool: Pool, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  try {
    await Promise.race([pool.end(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
