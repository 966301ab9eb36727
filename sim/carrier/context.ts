// What every part of the simulator shares: the clock, the random source, the settings
// the control API changes (speed, chaos, default webhook URL) and the stores. One
// object, built by carrier.ts, passed to the pure call logic so none of it needs HTTP.
import type { CallRegistry, Leg } from "./calls.ts";
import type { PersonaDirectory } from "./personas.ts";
import type { Prng } from "./prng.ts";
import type { RecordingStore } from "./recordings.ts";
import type { Scheduler } from "./scheduler.ts";
import type { WebhookDispatcher } from "./webhooks.ts";

/** Rates are probabilities in [0, 1], drawn from the seeded generator. */
export interface ChaosSettings {
  /** Deliver the same event (same data.id) twice. */
  duplicateRate: number;
  /** Hold an event back and deliver it after the call's next event. */
  reorderRate: number;
  /** Deliver an event lateMs after it happened. */
  lateRate: number;
  lateMs: number;
  /** Answer a command 500 without performing it. */
  commandFailureRate: number;
  /** Perform a command but answer only after commandTimeoutMs. */
  commandTimeoutRate: number;
  commandTimeoutMs: number;
}

export const NO_CHAOS: ChaosSettings = {
  duplicateRate: 0,
  reorderRate: 0,
  lateRate: 0,
  lateMs: 3_000,
  commandFailureRate: 0,
  commandTimeoutRate: 0,
  commandTimeoutMs: 5_000,
};

export interface SimSettings {
  /** Persona and call-flow durations are divided by this (10 = ten times faster). */
  speed: number;
  /**
   * A speed of its own for the calls of some far-end numbers (PUT /control/speed with
   * `numbers`): one rehearsal, or one test, can run its callees fast without changing
   * the pace of every other call the simulator is carrying.
   */
  speedByNumber: Map<string, number>;
  /** A speed of its own for a number range (a console rehearsal's leads, by their prefix), beside the rest of the world's. */
  speedByPrefix: Map<string, number>;
  chaos: ChaosSettings;
  seed: number;
  /** Where webhooks go for calls dialled without their own webhook_url. */
  defaultWebhookUrl: string | null;
  /** http://127.0.0.1:<port>, for recording URLs. */
  origin: string;
  /** The simulator's clock when it started (or was last reset), for relative log times. */
  startedAtMs: number;
}

export interface SimContext {
  readonly scheduler: Scheduler;
  readonly prng: Prng;
  readonly settings: SimSettings;
  readonly calls: CallRegistry;
  readonly personas: PersonaDirectory;
  readonly recordings: RecordingStore;
  readonly webhooks: WebhookDispatcher;
  readonly log: (line: string) => void;
}

/** A call-world duration on a leg: seconds from a persona or a request, compressed by the speed of the leg's far-end number. */
export function callTimeMs(ctx: SimContext, leg: Pick<Leg, "direction" | "from" | "to">, seconds: number): number {
  const farEnd = leg.direction === "outgoing" ? leg.to : leg.from;
  return (seconds * 1000) / speedOfNumber(ctx.settings, farEnd);
}

/** The speed a far-end number's calls run at: its own, its range's, or the general one. */
export function speedOfNumber(settings: Pick<SimSettings, "speed" | "speedByNumber" | "speedByPrefix">, number: string): number {
  const own = settings.speedByNumber.get(number);
  if (own !== undefined) return own;
  for (const [prefix, factor] of settings.speedByPrefix) if (number.startsWith(prefix)) return factor;
  return settings.speed;
}

/** Milliseconds since the simulator started (or was reset), for logs that must repeat run to run. */
export function simElapsedMs(ctx: SimContext): number {
  return ctx.scheduler.now() - ctx.settings.startedAtMs;
}
