// Holding new dials while the engine is behind (issue 18, "the cap on every run"). The
// pacer decides from what the engine reports back, so when the engine itself is slow
// (a starved thread: starts and confirmations queue, alarms fire late, a live answer
// waits for its agent's bridge) the pacer keeps dialling into a queue it cannot see, and
// every extra dial is a live answer that may wait past the connect window: an abandon.
// At 50 agents on a machine that gave workerd a fifth of a core that broke the 3 % cap
// (9.9 %, docs/scale.md). So the tick reads what the campaign actor sees of the engine's
// speed and, while it is behind, adds no new dial: calls in flight go on (their starts,
// answers and bridges), the queue drains, and dialling resumes once the signals have
// stayed calm for RESUME_AFTER_CALM_MS. Two thresholds per signal and the calm period
// are the hysteresis: a tick near a threshold does not flip the pacer on and off.
// Pure: the runner gathers the signals (campaign-runner.ts) and keeps the state in memory
// (after an eviction the campaign starts unheld and holds again at the next slow tick).
import type { PoolMember } from "../agent-pool/protocol";
import type { CallSpec } from "../call/call-spec";
import type { InFlightCall } from "./campaign-storage";

/** A signal at or over its `hold` threshold holds new dials; all under their `calm` thresholds let them resume. */
export const DIAL_HOLD_THRESHOLDS = {
  /** The oldest dial recorded but not started yet (its Postgres confirmation and CallActor.start): normally a few hundred ms. */
  startWaitMs: { hold: 2_000, calm: 1_000 },
  /** How late the pacing tick's alarm ran (a tick is due every second). */
  tickLatenessMs: { hold: 3_000, calm: 1_000 },
  /** The oldest live answer waiting for an agent while one of the campaign's agents is available: the bridge, not the pacer's overdial, is slow. */
  answerWaitMs: { hold: 3_000, calm: 1_000 },
} as const;
/**
 * New dials whose start (Postgres confirmation, CallActor.start) may be under way at once.
 * Holding reacts only once starts have waited seconds; a pacer with many agents free (a
 * shift's first tick: 200 agents asked for ~460 dials at once in a rehearsal) would queue
 * them all in one tick, and the engine sank under its own burst (webhooks refused, the run
 * lost). Capping what is under way lets a fast engine still start this many a tick and a
 * slow one fewer, without a rate to tune per machine.
 */
export const MAX_STARTS_UNDER_WAY = 25;

/** How many new dials this tick may add, with `unstarted` starts already under way. */
export const startRoom = (unstarted: number): number => Math.max(0, MAX_STARTS_UNDER_WAY - unstarted);

/** Dials resume once every signal has been calm this long (two ticks). */
export const RESUME_AFTER_CALM_MS = 2_000;

export interface EngineSignals {
  /** Dials recorded but not yet started, and how long the oldest has waited. */
  startsWaiting: number;
  oldestStartWaitMs: number;
  /** How late this tick ran against its alarm; null when unknown (the first tick of an instance, an RPC's pass). */
  tickLatenessMs: number | null;
  /** Live answers waiting for an agent while an agent is available, and how long the oldest has waited. */
  answersWaiting: number;
  oldestAnswerWaitMs: number;
}

export type DialHold =
  | { holding: false }
  | {
      holding: true;
      sinceMs: number;
      /** What the room and the engine's figures show, e.g. "holding dials: engine behind, 3 starts waiting 4.2 s". */
      reason: string;
      /** When every signal last became calm (null: not calm now). */
      calmSinceMs: number | null;
    };

export const NOT_HOLDING: DialHold = { holding: false };

/** The signals of one tick, from the calls not yet started, the calls in flight and the agents as the pool showed them. */
export function engineSignals(unstarted: readonly CallSpec[], calls: readonly InFlightCall[], members: readonly PoolMember[], tickLatenessMs: number | null, now: number): EngineSignals {
  const oldest = (times: readonly number[]) => (times.length === 0 ? 0 : Math.max(0, now - Math.min(...times)));
  const agentFree = members.some((m) => m.status === "available");
  const waiting = agentFree ? calls.filter((c) => c.phase === "waiting") : [];
  return {
    startsWaiting: unstarted.length,
    oldestStartWaitMs: oldest(unstarted.map((s) => s.createdAtMs)),
    tickLatenessMs,
    answersWaiting: waiting.length,
    oldestAnswerWaitMs: oldest(waiting.map((c) => c.sinceMs)),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What is behind, worst first; empty when no signal is at its `level` threshold. */
function behind(signals: EngineSignals, level: "hold" | "calm"): string[] {
  const t = DIAL_HOLD_THRESHOLDS;
  const found: string[] = [];
  if (signals.startsWaiting > 0 && signals.oldestStartWaitMs >= t.startWaitMs[level]) {
    found.push(`${plural(signals.startsWaiting, "start", "starts")} waiting ${seconds(signals.oldestStartWaitMs)}`);
  }
  if (signals.answersWaiting > 0 && signals.oldestAnswerWaitMs >= t.answerWaitMs[level]) {
    found.push(`${plural(signals.answersWaiting, "answered call", "answered calls")} waiting ${seconds(signals.oldestAnswerWaitMs)} for a free agent's bridge`);
  }
  if (signals.tickLatenessMs !== null && signals.tickLatenessMs >= t.tickLatenessMs[level]) {
    found.push(`the pacing tick ran ${seconds(signals.tickLatenessMs)} late`);
  }
  return found;
}

const reasonOf = (found: readonly string[]) => `Holding dials: engine behind, ${found.join("; ")}`;

/**
 * The next state: hold when any signal reaches its hold threshold; while held, the reason
 * follows the signals, and dials resume once every signal has stayed under its calm
 * threshold for RESUME_AFTER_CALM_MS.
 */
export function nextDialHold(previous: DialHold, signals: EngineSignals, now: number): DialHold {
  const over = behind(signals, "hold");
  if (!previous.holding) return over.length === 0 ? NOT_HOLDING : { holding: true, sinceMs: now, reason: reasonOf(over), calmSinceMs: null };
  const notCalm = behind(signals, "calm");
  if (notCalm.length > 0) return { ...previous, reason: reasonOf(notCalm), calmSinceMs: null };
  const calmSinceMs = previous.calmSinceMs ?? now;
  if (now - calmSinceMs >= RESUME_AFTER_CALM_MS) return NOT_HOLDING;
  return { ...previous, reason: `Holding dials: the engine is catching up (calm for ${seconds(now - calmSinceMs)})`, calmSinceMs };
}
