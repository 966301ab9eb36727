// Named timers behind an actor's one alarm. Each concern says when it next wants to run
// (task retry, outbox retry, watchdog, heartbeat, ...); the alarm is set to the soonest,
// and the name says why it fired in logs and tests. A timer's time is in the past when it
// is already due: the alarm is then set a millisecond ahead, never in the past.
export type TimerTimes<Name extends string> = { readonly [N in Name]: number | null };

export interface SoonestTimer<Name extends string> {
  name: Name;
  atMs: number;
}

export function soonestAlarm<Name extends string>(timers: TimerTimes<Name>, nowMs: number): SoonestTimer<Name> | null {
  let soonest: SoonestTimer<Name> | null = null;
  for (const name in timers) {
    const atMs = timers[name];
    if (atMs !== null && (soonest === null || atMs < soonest.atMs)) soonest = { name, atMs };
  }
  return soonest && { name: soonest.name, atMs: Math.max(nowMs + 1, soonest.atMs) };
}

/** The part of Durable Object storage that holds the alarm. */
export interface AlarmStorage {
  setAlarm(scheduledTimeMs: number): Promise<void>;
  deleteAlarm(): Promise<void>;
}

/** Sets the storage alarm to the soonest timer, or deletes it when no timer is set; returns the one chosen. */
export async function setSoonestAlarm<Name extends string>(storage: AlarmStorage, timers: TimerTimes<Name>, nowMs: number): Promise<SoonestTimer<Name> | null> {
  const soonest = soonestAlarm(timers, nowMs);
  if (soonest) await storage.setAlarm(soonest.atMs);
  else await storage.deleteAlarm();
  return soonest;
}
