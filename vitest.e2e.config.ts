// End-to-end tests: the whole local product (scripts/lib/stack.ts: Postgres, relay,
// carrier simulator, `wrangler dev` serving the built console) driven by Chromium.
// `npm run test:e2e` builds the console first; the setup starts a fresh stack.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["./tests/e2e/setup.ts"],
    // One stack, one browser per file, shared rate limits: files run one at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
