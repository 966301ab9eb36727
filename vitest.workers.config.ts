// Tests that run inside workerd (the Worker, its routes and its actors) against a
// real PostgreSQL started by tests/setup/test-database.ts.
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { freePort } from "./scripts/lib/free-port.ts";

const postgresPort = await freePort();
const relayPort = await freePort();
process.env.WIB_TEST_PG_PORT = String(postgresPort);
process.env.WIB_TEST_RELAY_PORT = String(relayPort);

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          DATABASE_URL: `postgres://postgres:word-is-bond-local@127.0.0.1:${postgresPort}/wib_test`,
          DATABASE_WS_PROXY: `127.0.0.1:${relayPort}/v2`,
          DATABASE_MODE: "embedded",
          CARRIER_MODE: "simulator",
          PAYMENTS_MODE: "simulator",
        },
      },
    }),
  ],
  test: {
    include: ["tests/workers/**/*.test.ts"],
    globalSetup: ["./tests/setup/test-database.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
