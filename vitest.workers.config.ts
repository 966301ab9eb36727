// Tests that run inside workerd (the Worker, its routes and its actors) against a
// real PostgreSQL and the carrier simulator, started by tests/setup/test-services.ts.
// Ports and the webhook signing key are chosen here because they are bound into the
// Worker's environment; they are chosen once per process (vitest.config.ts loads this
// file for two projects that share one set of services).
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { randomBytes } from "node:crypto";
import { freePort } from "./scripts/lib/free-port.ts";
import { TEST_STRIPE_SECRET_KEY } from "./tests/setup/stripe-test-key.ts";
import { generateSigningKeys } from "./tests/setup/webhook-mailbox.ts";
import { fixTestPoolProxyNesting } from "./tests/setup/test-pool-proxy-fix.ts";

fixTestPoolProxyNesting();

const env = process.env;
if (!env.WIB_TEST_PG_PORT) {
  const signingKeys = generateSigningKeys();
  Object.assign(env, {
    WIB_TEST_PG_PORT: String(await freePort()),
    WIB_TEST_RELAY_PORT: String(await freePort()),
    WIB_TEST_CARRIER_PORT: String(await freePort()),
    WIB_TEST_MAILBOX_PORT: String(await freePort()),
    WIB_TEST_STRIPE_PORT: String(await freePort()),
    WIB_TEST_STRIPE_WEBHOOK_SECRET: `whsec_test_${randomBytes(16).toString("hex")}`,
    WIB_TEST_MODEL_PORT: String(await freePort()),
    WIB_TEST_SIGNING_PUBLIC_KEY: signingKeys.publicKeyBase64,
    WIB_TEST_SIGNING_PRIVATE_KEY: signingKeys.privateKeyPem,
  });
}

/**
 * Test files that change what the whole run shares (the simulator's chaos, the database's
 * availability) or read the carrier's command log or the database's session count as a whole. They run one at a time,
 * in a run before the others (vitest.config.ts); every other file only touches its own
 * organisation's rows, calls and actors, and its own numbers' speed, so two of them can
 * run side by side.
 */
export const SHARED_STATE_FILES = ["tests/workers/call-robustness.test.ts", "tests/workers/stripe-webhook.test.ts", "tests/workers/room-postgres-sessions.test.ts"];

export function workersProject(project: { name: string; include: string[]; exclude?: string[]; maxWorkers: number; groupOrder?: number }): TestProjectInlineConfiguration {
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            DATABASE_URL: `postgres://postgres:word-is-bond-local@127.0.0.1:${env.WIB_TEST_PG_PORT}/wib_test`,
            DATABASE_WS_PROXY: `127.0.0.1:${env.WIB_TEST_RELAY_PORT}/v2`,
            DATABASE_MODE: "embedded",
            CARRIER_MODE: "simulator",
            PAYMENTS_MODE: "simulator",
            TELNYX_API_KEY: "sim-key",
            TELNYX_BASE_URL: `http://127.0.0.1:${env.WIB_TEST_CARRIER_PORT}/v2`,
            TELNYX_CONNECTION_ID: "sim-connection",
            TELNYX_CREDENTIAL_CONNECTION_ID: "sim-credentials",
            TELNYX_FROM_NUMBER: "+15550001000",
            // The Worker trusts the mailbox's test key: tests deliver (and forge) webhooks through it.
            TELNYX_PUBLIC_KEY: env.WIB_TEST_SIGNING_PUBLIC_KEY!,
            STRIPE_API_BASE: `http://127.0.0.1:${env.WIB_TEST_STRIPE_PORT}`,
            STRIPE_SECRET_KEY: TEST_STRIPE_SECRET_KEY,
            STRIPE_WEBHOOK_SECRET: env.WIB_TEST_STRIPE_WEBHOOK_SECRET!,
            TEST_STRIPE_ORIGIN: `http://127.0.0.1:${env.WIB_TEST_STRIPE_PORT}`,
            OPENAI_BASE_URL: `http://127.0.0.1:${env.WIB_TEST_MODEL_PORT}/v1`,
            OPENAI_MODEL: "wib-sim-1",
            OPENAI_API_KEY: "sim-key",
            LLM_MODE: "simulator",
            TEST_MODEL_ORIGIN: `http://127.0.0.1:${env.WIB_TEST_MODEL_PORT}`,
            TEST_MAILBOX_URL: `http://127.0.0.1:${env.WIB_TEST_MAILBOX_PORT}`,
            TEST_CARRIER_ORIGIN: `http://127.0.0.1:${env.WIB_TEST_CARRIER_PORT}`,
            // Outbound webhooks go to the mailbox's receivers on 127.0.0.1.
            WEBHOOK_ALLOW_LOOPBACK: "true",
            // Opens the local Cron Trigger path npm start uses (worker/local-scheduled.ts).
            LOCAL_SCHEDULED_TOKEN: "test-scheduled-token",
          },
        },
      }),
    ],
    test: {
      name: project.name,
      sequence: project.groupOrder === undefined ? {} : { groupOrder: project.groupOrder },
      // Each test file imports the Worker afresh; pre-bundling its large dependencies makes
      // that one module each instead of hundreds (telnyx alone is ~700 files), which halved
      // the import time per file (libphonenumber-js/max is ~150 modules of metadata and code).
      // telnyx's webhook helper imports node's crypto lazily.
      deps: {
        optimizer: {
          ssr: {
            enabled: true,
            include: ["zod", "drizzle-orm", "drizzle-orm/neon-serverless", "drizzle-orm/pg-core", "hono", "hono/cookie", "hono/http-exception", "hono/utils/cookie", "partyserver", "@neondatabase/serverless", "telnyx", "libphonenumber-js/max"],
            rolldownOptions: { external: ["crypto"] },
          },
        },
      },
      // Actors log from their own request contexts. vitest's console capture sends each
      // line to the pool over the runner's socket, and a line sent from a context that
      // ends first never arrives: the file then waits for it forever and holds its worker
      // slot (seen in about four runs of ten). workerd's own stdout carries the lines.
      disableConsoleIntercept: true,
      // One workerd runtime per worker slot, reused file after file: a runtime of its own cost
      // each file ~12 s of importing the Worker again (vitest's "import": 791 s summed over a
      // clean-clone run, 176 s shared; `npm test` 981 s → 653 s on this 2-core machine, quiet).
      // Reverted once because files late in a runtime's life timed out; the cause was the test
      // pool's proxy nesting (tests/setup/test-pool-proxy-fix.ts), which made every request and
      // actor slower the more a runtime had served. Late files are still somewhat slower (the
      // generated route tests: bad-input 38 s → 67 s) while earlier files' calls wind down.
      isolate: false,
      include: project.include,
      exclude: project.exclude ?? [],
      globalSetup: ["./tests/setup/test-services.ts"],
      maxWorkers: project.maxWorkers,
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
}

// Run alone (`vitest run --config vitest.workers.config.ts [file]`): every file, one at a time.
export default defineConfig(workersProject({ name: "workers", include: ["tests/workers/**/*.test.ts"], maxWorkers: 1 }));
