// Translations reach the agent in the order the lines were said, even when the model's
// answers come back out of order (a retried segment answers after later ones), and in
// batches at most one per 500 ms: a line that can go after a quiet spell is pushed at
// once, and lines that can go within 500 ms of a push wait for the next, 500 ms after it
// (one view change per half second at most, never a line held longer than that). The
// first version held every batch 500 ms after its first line, which bench:intel --load
// measured as a flat 500 ms on every line's end to end (settle → delivery p50 500 ms).
// Derived from the call's events each time (what is in line, what returned, what was
// delivered), so it survives an eviction; the time is the caller's (the actor's alarm, a
// test's clock).
import type { TranslatedLine } from "./intelligence-events";

/** At most one batch is pushed per this long: lines that can go sooner after a push wait for the next. */
export const TRANSLATION_BATCH_MS = 500;

export interface DeliveryState {
  /** The segments waiting for a translation, in the order said. */
  inLine: readonly string[];
  /** The model's answers (or give-ups) so far, by segment. */
  returned: ReadonlyMap<string, TranslatedLine>;
  /** Segments already pushed. */
  delivered: ReadonlySet<string>;
  /** When the last batch was pushed; null before the first. */
  lastDeliveredAtMs: number | null;
}

export interface PendingBatch {
  lines: TranslatedLine[];
  /** When it is pushed. */
  dueAtMs: number;
}

/** The lines in order that can go (stopping at the first still waiting on the model), and when they are due. */
export function pendingBatch(state: DeliveryState): PendingBatch | null {
  const lines: TranslatedLine[] = [];
  for (const segmentId of state.inLine) {
    if (state.delivered.has(segmentId)) continue;
    const line = state.returned.get(segmentId);
    if (!line) break;
    lines.push(line);
  }
  const head = lines[0];
  if (!head) return null;
  // The head goes when it returned, or 500 ms after the last push if that is later.
  const nextPushAtMs = state.lastDeliveredAtMs === null ? head.atMs : state.lastDeliveredAtMs + TRANSLATION_BATCH_MS;
  return { lines, dueAtMs: Math.max(head.atMs, nextPushAtMs) };
}

/** The batch due at `nowMs`, if one is. */
export function dueBatch(state: DeliveryState, nowMs: number): TranslatedLine[] | null {
  const batch = pendingBatch(state);
  return batch && nowMs >= batch.dueAtMs ? batch.lines : null;
}
