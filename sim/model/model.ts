// The simulated model without HTTP: its settings (timing, seed, scripted rules, failures
// waiting for the next requests), the one timer queue and the seeded generator shared
// with the carrier simulator's design, and the log of every request it was sent.
import { z } from "zod";
import { Prng } from "../carrier/prng.ts";
import { Scheduler, type ClockMode } from "../carrier/scheduler.ts";
import { scriptRuleSchema, type InstalledRule, type ScriptRuleInput } from "./script.ts";
import type { ScriptedReply } from "./wire.ts";

export const timingSchema = z.strictObject({
  /** From the request's arrival to the first token. */
  timeToFirstTokenMs: z.number().min(0).max(600_000).optional(),
  /** Tokens after the first one arrive at this rate. */
  tokensPerSecond: z.number().positive().max(100_000).optional(),
});
export type Timing = Required<z.infer<typeof timingSchema>>;

export const failureSchema = z.discriminatedUnion("kind", [
  /** Answer with an OpenAI error body and this status (429, 500, 503 …). */
  z.strictObject({
    kind: z.literal("error"),
    status: z.number().int().min(400).max(599).default(500),
    message: z.string().min(1).default("The simulator was told to fail this request."),
    count: z.number().int().positive().default(1),
  }),
  /** Never answer: the caller's timeout is what ends the request. */
  z.strictObject({ kind: z.literal("stall"), count: z.number().int().positive().default(1) }),
  /** Stream this many tokens, then drop the connection without finishing. */
  z.strictObject({ kind: z.literal("cut"), afterTokens: z.number().int().min(0).default(3), count: z.number().int().positive().default(1) }),
]);
export type Failure = z.output<typeof failureSchema>;
export type FailureInput = z.input<typeof failureSchema>;

export interface RequestLogEntry {
  id: string;
  atMs: number;
  model: string;
  stream: boolean;
  messages: unknown[];
  tools: string[];
  /** What was done with it: a reply (its source), or the failure injected. */
  outcome: { kind: "reply"; source: string; text: string | null; toolCalls: ScriptedReply["toolCalls"] } | { kind: Failure["kind"] } | { kind: "invalid"; message: string };
}

export interface ModelSettings {
  seed: number;
  clock: ClockMode;
  timing: Timing;
  modelId: string;
}

const LOG_LIMIT = 20_000;

export class SimulatedModel {
  readonly scheduler: Scheduler;
  readonly prng: Prng;
  rules: InstalledRule[] = [];
  readonly failures: Failure[] = [];
  readonly requests: RequestLogEntry[] = [];
  timing: Timing;
  private readonly startTiming: Timing;
  private readonly waiters: { count: number; resolve: () => void }[] = [];
  /** Requests still open (streaming or stalled): reset and close end them. */
  readonly open = new Set<() => void>();
  received = 0;

  constructor(readonly settings: ModelSettings, log: (line: string) => void) {
    this.scheduler = new Scheduler({ mode: settings.clock, onError: (label, error) => log(`timer ${label} failed: ${String(error)}`) });
    this.prng = new Prng(settings.seed);
    this.timing = { ...settings.timing };
    this.startTiming = { ...settings.timing };
  }

  setRules(rules: ScriptRuleInput[]): void {
    this.rules = rules.map((rule) => ({ rule: scriptRuleSchema.parse(rule), used: 0 }));
  }

  addFailure(input: FailureInput): void {
    const failure = failureSchema.parse(input);
    for (let i = 0; i < failure.count; i++) this.failures.push({ ...failure, count: 1 });
  }

  takeFailure(): Failure | null {
    return this.failures.shift() ?? null;
  }

  /** Counts a request in and wakes whoever waits for that many. */
  noteReceived(): void {
    this.received++;
    for (const waiter of [...this.waiters]) {
      if (this.received >= waiter.count) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  /** Resolves once `count` chat requests have arrived in all (so a test advances the clock only after). */
  waitForRequests(count: number): Promise<void> {
    if (this.received >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  log(entry: RequestLogEntry): void {
    this.requests.push(entry);
    if (this.requests.length > LOG_LIMIT) this.requests.shift();
  }

  /** Drops rules, failures, the log and open requests; restores the starting timing; re-seeds. */
  reset(): void {
    this.rules = [];
    this.failures.length = 0;
    this.requests.length = 0;
    this.timing = { ...this.startTiming };
    this.prng.reseed(this.settings.seed);
    for (const end of [...this.open]) end();
    this.scheduler.clear();
  }

  reseed(seed: number): void {
    this.settings.seed = seed;
    this.prng.reseed(seed);
  }

  close(): void {
    for (const end of [...this.open]) end();
    this.scheduler.close();
  }
}
