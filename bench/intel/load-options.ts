// The load mode's options and their defaults (the proof: 100 concurrent calls, the
// model simulator at 300 ms to first token), apart from load.ts so the accuracy mode does
// not load the stack.
export interface LoadOptions {
  calls: number;
  seconds: number;
  /** The carrier simulator's speed factor (1: the persona talks in real time, as the model answers). */
  speed: number;
  ttftMs: number;
  tokensPerSecond: number;
  json: boolean;
  /**
   * Where the stack's throwaway state goes (Postgres, the actors' SQLite). Default the OS
   * temp directory; /dev/shm keeps the local-only cost of workerd committing each actor's
   * SQLite with an fsync on the isolate's one thread out of the numbers.
   */
  dataDir?: string;
  /**
   * Through wrangler dev's proxy, as a browser on `npm start` goes. By default requests go
   * straight to the Worker's workerd (scripts/lib/engine-url.ts): the overhead measured is
   * the engine's, and a deployment has no such proxy in front of it.
   */
  viaProxy: boolean;
  /** Write every webhook's timing and the sockets' first-seen times here as JSON (to find what a slow line waited behind). */
  timingsFile?: string;
  /** Write a V8 CPU profile of the Worker's isolate over the measured window here (and list its top functions on stderr). */
  profileCpu?: string;
}

/**
 * 90 s: about 300 lines after the ramp, so the p99 rests on three lines, not on the
 * second-slowest of the ~110 a 30 s window gave.
 */
export const DEFAULT_LOAD_OPTIONS: Omit<LoadOptions, "json"> = { calls: 100, seconds: 90, speed: 1, ttftMs: 300, tokensPerSecond: 50, viaProxy: false };
