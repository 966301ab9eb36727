// Global setup for the workerd tests: a fresh embedded PostgreSQL cluster per run
// (deleted afterwards), migrated, behind the WebSocket relay the Worker's Neon driver
// uses; the carrier simulator, sped up; the Stripe and model simulators; and the webhook mailbox.
import os from "node:os";
import path from "node:path";
import { startLocalPostgres } from "../../scripts/lib/local-postgres.ts";
import { applyMigrations } from "../../scripts/lib/migrate.ts";
import { startWsRelay } from "../../scripts/lib/ws-relay.ts";
import { startCarrierSimulator } from "../../sim/carrier/server.ts";
import { startStripeSimulator } from "../../sim/stripe/server.ts";
import { TEST_STRIPE_SECRET_KEY } from "./stripe-test-key.ts";
import { TEST_SIMULATOR_SPEED } from "./simulator-speed.ts";
import { startModelSimulator } from "../../sim/model/server.ts";
import { startWebhookMailbox } from "./webhook-mailbox.ts";
import { useTestServices } from "./services-handle.ts";

export const TEST_DATABASE = "wib_test";

/** A run of vitest.config.ts may hold both workerd projects: they share one set of services (services-handle.ts). */
export default function setup(): Promise<() => Promise<void>> {
  return useTestServices(startServices);
}

async function startServices(): Promise<() => Promise<void>> {
  const env = process.env;
  const postgresPort = Number(env.WIB_TEST_PG_PORT);
  const dataDir = path.join(os.tmpdir(), `wib-test-${process.pid}-${Date.now()}`, "pg");
  const postgres = await startLocalPostgres({ dataDir, port: postgresPort, persistent: false });
  await postgres.createDatabaseIfMissing(TEST_DATABASE);
  await applyMigrations(postgres.urlFor(TEST_DATABASE));
  const relay = await startWsRelay({ port: Number(env.WIB_TEST_RELAY_PORT), postgresPort });
  const mailbox = await startWebhookMailbox({
    port: Number(env.WIB_TEST_MAILBOX_PORT),
    keys: { publicKeyBase64: env.WIB_TEST_SIGNING_PUBLIC_KEY!, privateKeyPem: env.WIB_TEST_SIGNING_PRIVATE_KEY! },
    setDatabaseAvailable: (available) => relay.setAvailable(available),
  });
  const carrier = await startCarrierSimulator({
    port: Number(env.WIB_TEST_CARRIER_PORT),
    webhookUrl: `${mailbox.url}/hook`,
    speed: TEST_SIMULATOR_SPEED,
    seed: 7,
  });
  // Stripe's webhooks also land in the mailbox (tests hand them to the Worker); keys from vitest.workers.config.ts.
  const stripe = await startStripeSimulator({
    port: Number(env.WIB_TEST_STRIPE_PORT),
    webhookUrl: `${mailbox.url}/stripe-hook`,
    webhookSecret: env.WIB_TEST_STRIPE_WEBHOOK_SECRET!,
    apiKey: TEST_STRIPE_SECRET_KEY,
    seed: 7,
  });
  // Real clock, no pacing: workerd tests read whole replies; latency is rehearsed in Node tests and the bench.
  const model = await startModelSimulator({
    port: Number(env.WIB_TEST_MODEL_PORT),
    seed: 7,
    timing: { timeToFirstTokenMs: 0, tokensPerSecond: 100_000 },
  });
  return async () => {
    await model.close();
    await stripe.close();
    await carrier.close();
    await mailbox.close();
    await relay.close();
    await postgres.stop();
  };
}
