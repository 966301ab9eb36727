// The command line of `npm run bench:calls -- [--calls N] [--seconds S] [--speed F] [--json]`,
// plus diagnostics that change the stack (off by default; the report names them).
import type { PostgresAuth } from "./tuned-postgres.ts";

export interface BenchOptions {
  /** Simulated calls kept in flight at once. */
  calls: number;
  /** Length of the measured window, after the ramp. */
  seconds: number;
  /** The simulator's speed factor: every persona duration is divided by it. */
  speed: number;
  /** One JSON object on stdout instead of the table. */
  json: boolean;
  /** Diagnostic: run against our own embedded Postgres with this client authentication… */
  pgAuth: PostgresAuth | null;
  /** …and this connection limit. */
  pgMaxConnections: number | null;
  /** Diagnostic: WRANGLER_LOG=warn, which turns off wrangler's per-request log (and our reading of it). */
  quietWrangler: boolean;
  /**
   * Diagnostic: webhooks, API calls and sockets go straight to the Worker's workerd, past
   * wrangler dev's proxy (scripts/lib/engine-url.ts), as a deployment's traffic does.
   */
  direct: boolean;
  /** Diagnostic: our own Postgres with pg_stat_statements; the report lists the window's top statements per webhook. */
  profileSql: boolean;
  /** The overload run: OVERLOAD's calls and speed unless given, and the report judges the burst (issue 18). */
  overload: boolean;
  /** Diagnostic: a V8 CPU profile of the Worker's isolate over the window, written to this file (cpu-profile.ts). */
  profileCpu: string | null;
  /** --data-dir: where the stack's state lives (bench/shared/scratch-dir.ts); null: its default. */
  dataDir: string | null;
  /** The floor instead of the engine: a minimal Worker + actor under the same load (floor/run.ts). */
  floor: boolean;
  /** With --floor: one outbound POST per webhook (a carrier command's stand-in), to see what a subrequest costs. */
  floorSubrequest: boolean;
}

/**
 * About twice what this 2-core machine takes when quiet (133 webhooks/s measured): 200
 * calls at speed 5 offer ~250 webhooks/s. On a busier machine it is more than twice.
 */
export const OVERLOAD = { calls: 200, speed: 5 } as const;

export const DEFAULT_OPTIONS: BenchOptions = { calls: 200, seconds: 60, speed: 8, json: false, pgAuth: null, pgMaxConnections: null, quietWrangler: false, direct: false, overload: false, profileSql: false, profileCpu: null, dataDir: null, floor: false, floorSubrequest: false };

export const USAGE = `usage: npm run bench:calls -- [--calls ${DEFAULT_OPTIONS.calls}] [--seconds ${DEFAULT_OPTIONS.seconds}] [--speed ${DEFAULT_OPTIONS.speed}] [--json]

  --calls N     concurrent simulated calls kept in flight (1-1000)
  --seconds S   measured window in seconds, after a ramp of one call length (5-600)
  --speed F     simulator speed factor: a live-human call (4 s ring + 60 s) lasts 64/F s (1-100)
  --json        print one JSON object instead of the table (use npm run -s, or npx tsx bench/calls/run.ts)
  --data-dir DIR  where the throwaway stack lives (default /dev/shm, in memory, where it exists)
  --overload    about twice the machine's capacity (--calls ${OVERLOAD.calls} --speed ${OVERLOAD.speed} unless given):
                the report judges the burst (webhook ack p99 < 1 s, none timed out, the backlog drained)
  --floor       not the engine: a minimal Worker + actor on the same wrangler/workerd (verify the signature,
                RPC, one SQLite insert, one hibernated-socket message) under the same calls and speed;
                its workerd CPU per webhook (bench/calls/floor/)
  --floor-subrequest  with --floor: the Worker also POSTs once per webhook to a sink in this process

diagnostics (they change the stack under test; the report says so):
  --pg-auth scram-sha-256|password   our own embedded Postgres with this authentication
                                     (the stack's own uses password, as Neon's proxy does)
  --pg-max-connections N             our own embedded Postgres with this limit (the stack's own: 200)
  --quiet-wrangler                   WRANGLER_LOG=warn: no per-request log from wrangler dev
  --direct                           past wrangler dev's proxy, straight to the Worker's workerd
                                     (a deployment has no such proxy; no "inside workerd" rows: they
                                     come from the proxy's request log)
  --profile-sql                      our own embedded Postgres with pg_stat_statements: the window's
                                     statements by total time, with calls and time per webhook
  --profile-cpu FILE                 a V8 CPU profile of the Worker's isolate over the window, through
                                     wrangler's inspector: written to FILE (.cpuprofile), top functions printed`;

const NUMBERS = { calls: [1, 1000], seconds: [5, 600], speed: [1, 100], "pg-max-connections": [10, 5000] } as const;

export function parseOptions(argv: readonly string[]): { ok: true; options: BenchOptions } | { ok: false; message: string } {
  const options = { ...DEFAULT_OPTIONS };
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") return { ok: false, message: USAGE };
    const flags = { "--json": "json", "--quiet-wrangler": "quietWrangler", "--direct": "direct", "--overload": "overload", "--profile-sql": "profileSql", "--floor": "floor", "--floor-subrequest": "floorSubrequest" } as const;
    if (arg in flags) {
      options[flags[arg as keyof typeof flags]] = true;
      continue;
    }
    const [flag, inline] = arg.split("=", 2) as [string, string | undefined];
    const name = flag.replace(/^--/, "");
    const text = inline ?? argv[++i];
    if (name === "profile-cpu") {
      if (!text || text.startsWith("--")) return { ok: false, message: `--profile-cpu takes the file to write the profile to\n\n${USAGE}` };
      options.profileCpu = text;
      continue;
    }
    if (name === "data-dir") {
      if (!text || text.startsWith("--")) return { ok: false, message: `--data-dir takes a directory\n\n${USAGE}` };
      options.dataDir = text;
      continue;
    }
    if (name === "pg-auth") {
      if (text !== "scram-sha-256" && text !== "password") return { ok: false, message: `--pg-auth takes scram-sha-256 or password\n\n${USAGE}` };
      options.pgAuth = text;
      continue;
    }
    if (!(name === "calls" || name === "seconds" || name === "speed" || name === "pg-max-connections")) {
      return { ok: false, message: `unknown option ${arg}\n\n${USAGE}` };
    }
    const value = Number(text);
    const [min, max] = NUMBERS[name];
    if (text === undefined || !Number.isFinite(value) || value < min || value > max || (name !== "speed" && !Number.isInteger(value))) {
      return { ok: false, message: `--${name} needs ${name === "speed" ? "a number" : "an integer"} from ${min} to ${max}\n\n${USAGE}` };
    }
    if (name === "pg-max-connections") options.pgMaxConnections = value;
    else options[name] = value;
    given.add(name);
  }
  if (options.overload) {
    if (!given.has("calls")) options.calls = OVERLOAD.calls;
    if (!given.has("speed")) options.speed = OVERLOAD.speed;
  }
  return { ok: true, options };
}

/** What the run changed about the stack, for the report's first line ("" when nothing). */
export function diagnosticsLabel(options: BenchOptions): string {
  const changes = [
    usesOwnPostgres(options)
      ? `own Postgres (auth ${options.pgAuth ?? "password"}, max_connections ${options.pgMaxConnections ?? 200}${options.profileSql ? ", pg_stat_statements" : ""})`
      : null,
    options.quietWrangler ? "WRANGLER_LOG=warn" : null,
    options.direct ? "past wrangler dev's proxy" : null,
    options.profileCpu ? `V8 CPU profile of the isolate (${options.profileCpu})` : null,
  ].filter((change) => change !== null);
  return changes.join(", ");
}

/** The diagnostics that need the bench's own Postgres instead of the stack's. */
export function usesOwnPostgres(options: BenchOptions): boolean {
  return options.pgAuth !== null || options.pgMaxConnections !== null || options.profileSql;
}
