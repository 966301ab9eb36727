// Global setup for the e2e suite: a fresh stack per run (its own temporary data
// directory, so an empty database and empty actor state), torn down afterwards. The
// console must already be built (`npm run test:e2e` builds it first).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startStack } from "../../scripts/lib/stack.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The console and API of the stack under test, e.g. http://127.0.0.1:8787 */
    baseUrl: string;
    /** The carrier simulator's API base the Worker was given, e.g. http://127.0.0.1:8789/v2 */
    carrierBaseUrl: string;
    /** The Stripe simulator's origin (its control API: pay a Checkout Session), e.g. http://127.0.0.1:8790 */
    stripeControlUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "wib-e2e-"));
  const startedAt = Date.now();
  const stack = await startStack({
    dataDir,
    buildUi: false,
    // Always the offline defaults, whatever DATABASE_URL, CARRIER_MODE or OPENAI_* this shell has.
    env: {},
    log: (line) => console.log(`[e2e stack] ${line}`),
  }).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  console.log(`[e2e stack] ready at ${stack.url} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  project.provide("baseUrl", stack.url);
  project.provide("carrierBaseUrl", stack.carrier.baseUrl);
  project.provide("stripeControlUrl", stack.payments.controlUrl ?? "");
  return async () => {
    try {
      await stack.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  };
}
