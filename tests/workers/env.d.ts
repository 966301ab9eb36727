// Bindings only the workerd tests have (see vitest.workers.config.ts).
declare namespace Cloudflare {
  interface Env {
    TEST_MAILBOX_URL: string;
    TEST_CARRIER_ORIGIN: string;
    TEST_STRIPE_ORIGIN: string;
    TEST_MODEL_ORIGIN: string;
  }
}
