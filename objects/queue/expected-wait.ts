// The wait a caller is told: computed from the queue's staffing and its recent handle
// times, never guessed. Agents free up at about `busy / AHT` per second (each busy agent's
// call ends in AHT on average, memoryless), so the k-th caller not covered by a free agent
// waits about k × AHT / busy. Without a handle time yet, or with nobody busy who could free
// up, there is no honest number and the caller hears their position alone.
import { averageHandleSeconds } from "../../domain/kpis";

/** Handle times the estimate learns from: the queue's most recent answered calls. */
export const RECENT_HANDLE_TIMES = 20;

export interface WaitInputs {
  /** The caller's place in the answer order, 1 = next. */
  position: number;
  /** Members who could take them and are free now. */
  freeNow: number;
  /** Members who could take them, on a call or in wrap-up now (they will free up). */
  busyNow: number;
  /** Handle times (talk + wrap-up, seconds) of the queue's recent answered calls, newest last. */
  recentHandleSeconds: readonly number[];
}

export function expectedWaitSeconds({ position, freeNow, busyNow, recentHandleSeconds }: WaitInputs): number | null {
  if (position <= freeNow) return 0;
  const recent = recentHandleSeconds.slice(-RECENT_HANDLE_TIMES);
  const aht = averageHandleSeconds({ handleSeconds: recent.reduce((sum, seconds) => sum + seconds, 0), connects: recent.length });
  if (aht === null || busyNow <= 0) return null;
  return Math.round(((position - freeNow) * aht) / busyNow);
}

/** How an expected wait is said: whole minutes rounded up, "less than a minute" under 60 s. */
export function waitAsSaid(seconds: number | null): { kind: "unknown" } | { kind: "under_a_minute" } | { kind: "minutes"; minutes: number } {
  if (seconds === null) return { kind: "unknown" };
  if (seconds < 60) return { kind: "under_a_minute" };
  return { kind: "minutes", minutes: Math.ceil(seconds / 60) };
}
