// Opens the system of record for one request (or one actor's flush): a Neon serverless Pool
// over WebSocket wrapped in drizzle. In the stateless Worker a Pool must not outlive
// its request (a global one hangs the next request), so callers close it when done.
// Locally the driver reaches the embedded Postgres through scripts/lib/ws-relay.ts.
import { Pool, neonConfig } from "@neondatabase/serverless";
import { drizzle, type NeonDatabase } from "drizzle-orm/neon-serverless";
import { logEvent } from "../domain/log";
import * as schema from "./schema";

export type Database = NeonDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Queryable = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  close(): Promise<void>;
}

export interface DatabaseEnv {
  DATABASE_URL: string;
  DATABASE_WS_PROXY?: string;
}

/** maxConnections: 4 suits a request; a long-lived writer keeps exactly one. */
export function openDatabase(env: DatabaseEnv, options: { maxConnections?: number } = {}): DatabaseHandle {
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
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: options.maxConnections ?? 4 });
  // An idle connection dropped by the network is not a failed request: without a
  // listener the Pool would rethrow it as an uncaught error. Once we end the pool, its
  // connections closing is what we asked for, not news (the driver reports it as lost).
  let ending = false;
  pool.on("error", (error: Error) => {
    if (!ending) logEvent({ event: "database_connection_lost", error: error.message });
  });
  const close = () => {
    ending = true;
    return endWithin(pool, CLOSE_TIMEOUT_MS);
  };
  return { db: drizzle({ client: pool, schema }), close };
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
