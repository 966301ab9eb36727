// How much faster than real time the carrier simulator runs in the workerd tests: set by
// test-services.ts, and what a test's manual clock advances are divided by.
/** Personas' talk compressed 20x: a one-minute call takes three seconds. */
export const TEST_SIMULATOR_SPEED = 20;
