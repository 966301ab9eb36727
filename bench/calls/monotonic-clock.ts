// One clock for every timestamp the bench takes, in milliseconds with sub-millisecond
// precision: the process's monotonic clock, which the main thread (simulator, webhook
// stopwatch) and the load-client thread (sockets, API, health) share, so a time taken
// in one thread can be subtracted from a time taken in the other.
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;
