// The call's named timers behind its one alarm: each feature's own wake time, the task
// queue's and the outbox's retries, and a heartbeat while the call is live (so a call
// whose carrier went quiet is still looked at). The actor sets the alarm to the soonest.
import { TERMINAL_STATUSES } from "../../domain/call-status";
import type { CallSituation } from "./features/feature";
import { featureWakeTimes } from "./features/registry";

/** While a call is live, look at it at least this often even if nothing happens. */
export const HEARTBEAT_MS = 60_000;
/**
 * The heartbeat moves in steps of this, not with every pass: it falls between half a
 * heartbeat and a heartbeat from now, and passes within one step ask for the same time,
 * so the alarm is not rewritten after every event of a live call (KeptAlarm).
 */
export const HEARTBEAT_STEP_MS = HEARTBEAT_MS / 2;

/** The next heartbeat: within HEARTBEAT_MS of now, the same for every pass in a step. */
export function heartbeatAtMs(nowMs: number): number {
  return Math.floor(nowMs / HEARTBEAT_STEP_MS) * HEARTBEAT_STEP_MS + HEARTBEAT_MS;
}

/** When the queue and the outbox next want to try again (null: nothing waiting). */
export interface CallRetryTimes {
  taskRetryAtMs: number | null;
  outboxRetryAtMs: number | null;
}

export function callTimers(situation: CallSituation, retries: CallRetryTimes): Record<string, number | null> {
  const live = !TERMINAL_STATUSES.has(situation.record.status);
  return {
    ...featureWakeTimes(situation),
    taskRetry: retries.taskRetryAtMs,
    outboxRetry: retries.outboxRetryAtMs,
    heartbeat: live ? heartbeatAtMs(situation.nowMs) : null,
  };
}
