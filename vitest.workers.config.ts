// Tests that run inside workerd (the Worker, its routes and its actors) against a
// real PostgreSQL and the carrier simulator, started by tests/setup/test-services.ts.
// Ports and the webhook signing key are chosen here because they are bound into the
// Worker's environment.
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { freePort } from "./scripts/lib/free-port.ts";
import { generateSigningKeys } from "./tests/setup/webhook-mailbox.ts";

const postgresPort = await freePort();
const relayPort = await freePort();
const carrierPort = await freePort();
const mailboxPort = await freePort();
const signingKeys = generateSigningKeys();
Object.assign(process.env, {
  WIB_TEST_PG_PORT: String(postgresPort),
  WIB_TEST_RELAY_PORT: String(relayPort),
  WIB_TEST_CARRIER_PORT: String(carrierPort),
  WIB_TEST_MAILBOX_PORT: String(mailboxPort),
  WIB_TEST_SIGNING_PUBLIC_KEY: signingKeys.publicKeyBase64,
  WIB_TEST_SIGNING_PRIVATE_KEY: signingKeys.privateKeyPem,
});

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
          TELNYX_API_KEY: "sim-key",
          TELNYX_BASE_URL: `http://127.0.0.1:${carrierPort}/v2`,
          TELNYX_CONNECTION_ID: "sim-connection",
          TELNYX_FROM_NUMBER: "+15550001000",
          // The Worker trusts the mailbox's test key: tests deliver (and forge) webhooks through it.
          TELNYX_PUBLIC_KEY: signingKeys.publicKeyBase64,
          TEST_MAILBOX_URL: `http://127.0.0.1:${mailboxPort}`,
          TEST_CARRIER_ORIGIN: `http://127.0.0.1:${carrierPort}`,
        },
      },
    }),
  ],
  test: {
    include: ["tests/workers/**/*.test.ts"],
    globalSetup: ["./tests/setup/test-services.ts"],
    // Files share one simulator (chaos settings) and one database switch: one file at a time.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
