// Row-level security behind a transaction pooler (Neon's `-pooler` endpoint: PgBouncer in
// transaction mode; Hyperdrive): a server connection serves whoever runs the next
// transaction, and startup options never reach Postgres, so the scope (role, organisation)
// cannot live on the connection. Here every transaction opens with `begin; select
// set_config(..., true)…` (one round trip, the one `begin` costs anyway) and the scope ends
// at its commit or rollback. A statement outside a transaction gets one of its own (two round
// trips more than on a scoped connection: the price of the pooler, paid only there).
import type { Pool, PoolClient, QueryConfig } from "@neondatabase/serverless";
import type { TablesRelationalConfig, RelationalSchemaConfig } from "drizzle-orm";
import { NeonSession, NeonTransaction } from "drizzle-orm/neon-serverless";
import type { PgDialect, PgTransactionConfig } from "drizzle-orm/pg-core";
import { scopeTransactionSql, type DatabaseAccess } from "./access";

/** What drizzle's prepared queries call on their client: a query, with its parameters. */
interface StatementRunner {
  query(config: QueryConfig | string, values?: unknown[]): Promise<unknown>;
}

/** Runs one statement in a transaction of its own, scoped first; the connection goes back to the pool after. */
function scopedStatements(pool: Pool, access: DatabaseAccess): StatementRunner {
  return {
    async query(config, values) {
      return inScopedTransaction(pool, access, "begin", (client) => client.query(config as QueryConfig, values));
    },
  };
}

async function inScopedTransaction<T>(pool: Pool, access: DatabaseAccess, begin: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let healthy = true;
  try {
    await client.query(scopeTransactionSql(access, begin));
    try {
      const result = await work(client);
      await client.query("commit");
      return result;
    } catch (error) {
      await client.query("rollback").catch(() => (healthy = false));
      throw error;
    }
  } catch (error) {
    // A connection that failed to begin or to roll back is not handed to the next caller.
    if (!(error instanceof Error) || !("code" in error)) healthy = false;
    throw error;
  } finally {
    client.release(!healthy);
  }
}

/** `begin` with drizzle's transaction options (its own builder for them is internal). */
function beginWith(config: PgTransactionConfig | undefined): string {
  const parts = ["begin"];
  if (config?.isolationLevel) parts.push(`isolation level ${config.isolationLevel}`);
  if (config?.accessMode) parts.push(config.accessMode);
  if (typeof config?.deferrable === "boolean") parts.push(config.deferrable ? "deferrable" : "not deferrable");
  return parts.join(" ");
}

/** drizzle's Neon session, with every statement and transaction scoped as it starts. */
export class PerTransactionScopeSession<TFullSchema extends Record<string, unknown>, TSchema extends TablesRelationalConfig> extends NeonSession<TFullSchema, TSchema> {
  constructor(
    private readonly pool: Pool,
    private readonly access: DatabaseAccess,
    private readonly pgDialect: PgDialect,
    private readonly relational: RelationalSchemaConfig<TSchema>,
  ) {
    // Statements outside a transaction go through the runner; it is not a Pool, so drizzle's
    // own transaction() would not check out a connection: ours below does.
    super(scopedStatements(pool, access) as unknown as Pool, pgDialect, relational);
  }

  override transaction<T>(transaction: (tx: NeonTransaction<TFullSchema, TSchema>) => Promise<T>, config?: PgTransactionConfig): Promise<T> {
    return inScopedTransaction(this.pool, this.access, beginWith(config), (client) => {
      const session = new NeonSession<TFullSchema, TSchema>(client, this.pgDialect, this.relational);
      return transaction(new NeonTransaction<TFullSchema, TSchema>(this.pgDialect, session, this.relational));
    });
  }
}
