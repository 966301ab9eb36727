// The one secret key the Stripe simulator accepts in the workerd tests: bound into the
// Worker (vitest.workers.config.ts) and given to the simulator (test-services.ts).
export const TEST_STRIPE_SECRET_KEY = "sk_test_wib_tests";
