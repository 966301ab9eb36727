// How far a caller is carried from queue to queue by overflows (issue 15): a caller who
// waited past a queue's longest wait moves on to the queue it overflows to, and from there
// on again, keeping their first arrival; at most MAX_OVERFLOW_HOPS moves, and never back
// into a queue they already overflowed out of (A → B → A would go round for ever). A move
// refused stops them where they are: they leave that queue by the default overflow message
// (the pool logs why). Pure: the queues the caller overflowed out of and the target in, the
// decision out.

/** The most overflow moves one caller makes (A → B → C → D is three). */
export const MAX_OVERFLOW_HOPS = 3;

export type OverflowHop = { kind: "move" } | { kind: "stop"; reason: "loop" | "hop_limit" };

/** Whether a caller who overflowed out of `overflowedFrom` (in order) moves on from `hereQueueId` into `targetQueueId`. */
export function overflowHop(overflowedFrom: readonly string[], hereQueueId: string | null, targetQueueId: string): OverflowHop {
  if (targetQueueId === hereQueueId || overflowedFrom.includes(targetQueueId)) return { kind: "stop", reason: "loop" };
  if (overflowedFrom.length >= MAX_OVERFLOW_HOPS) return { kind: "stop", reason: "hop_limit" };
  return { kind: "move" };
}
