// Global setup for the workerd tests: a fresh embedded PostgreSQL cluster per run
// (deleted afterwards), migrated, behind the WebSocket relay the Worker's Neon driver
// uses. Ports are chosen by the config (it must bind them into the Worker's env).
import os from "node:os";
import path from "node:path";
import { startLocalPostgres } from "../../scripts/lib/local-postgres.ts";
import { applyMigrations } from "../../scripts/lib/migrate.ts";
import { startWsRelay } from "../../scripts/lib/ws-relay.ts";

export const TEST_DATABASE = "wib_test";

export default async function setup(): Promise<() => Promise<void>> {
  const postgresPort = Number(process.env.WIB_TEST_PG_PORT);
  const relayPort = Number(process.env.WIB_TEST_RELAY_PORT);
  const dataDir = path.join(os.tmpdir(), `wib-test-${process.pid}-${Date.now()}`, "pg");
  const postgres = await startLocalPostgres({ dataDir, port: postgresPort, persistent: false });
  await postgres.createDatabaseIfMissing(TEST_DATABASE);
  await applyMigrations(postgres.urlFor(TEST_DATABASE));
  const relay = await startWsRelay({ port: relayPort, postgresPort });
  return async () => {
    await relay.close();
    await postgres.stop();
  };
}
