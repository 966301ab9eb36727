// Translations reach the agent in the order the lines were said, even when the model's
// answers come back out of order (a retried segment answers after later ones), and in
// batches: the first line that can be delivered opens a batch, pushed 500 ms later with
// every line in order by then (one view change instead of one per line). Derived from
// the call's events each time (what is in line, what returned, what was delivered), so
// it survives an eviction; the time is the caller's (the actor's alarm, a test's clock).
import type { TranslatedLine } from "./intelligence-events";

/** A batch is pushed this long after its first line could be delivered. */
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

/** The lines in order that can go now (stopping at the first still waiting on the model), and when they are due. */
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
  // The head could go once it returned and the batch before it was pushed.
  const openedAtMs = Math.max(head.atMs, state.lastDeliveredAtMs ?? head.atMs);
  return { lines, dueAtMs: openedAtMs + TRANSLATION_BATCH_MS };
}

/** The batch due at `nowMs`, if one is. */
export function dueBatch(state: DeliveryState, nowMs: number): TranslatedLine[] | null {
  const batch = pendingBatch(state);
  return batch && nowMs >= batch.dueAtMs ? batch.lines : null;
}
