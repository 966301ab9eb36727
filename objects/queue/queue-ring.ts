// The agent's ring in one queue's book, pure: when the queue rings agents (its `agentRing`
// setting), a caller chosen for an agent stays in line, in their place, rung on that agent's
// console until `untilMs`. Accepting answers them (their wait ends then); a reject or no
// answer puts them back to be offered to the next agent, the one who passed tried last
// (routing.ts). The pool keeps the agent reserved while the ring lasts (so nobody else is
// given them, and they are given nobody else), and counts an unanswered ring as a miss:
// `missesBeforeBreak` in a row is a break (`afterMiss`).
import type { RingInForce } from "../../domain/inbound-queues";
import { answered, type BookedCaller, type QueueBook } from "./queue-book";

/** The caller rings this agent until `untilMs`. */
export function ringCaller(book: QueueBook, callId: string, userId: string, untilMs: number): QueueBook {
  return { ...book, waiting: book.waiting.map((c) => (c.callId === callId ? { ...c, ringing: { userId, untilMs } } : c)) };
}

/** The caller ringing this agent's console now, if any. */
export const ringingFor = (book: QueueBook, userId: string): BookedCaller | null => book.waiting.find((c) => c.ringing?.userId === userId) ?? null;

/** Every caller ringing an agent now. */
export const ringsOf = (book: QueueBook): (BookedCaller & { ringing: { userId: string; untilMs: number } })[] =>
  book.waiting.flatMap((c) => (c.ringing ? [{ ...c, ringing: c.ringing }] : []));

/** The agent accepted the ring of `callId`: the caller is answered by them now (null: that caller no longer rings them here). */
export function acceptRing(book: QueueBook, userId: string, callId: string, nowMs: number): QueueBook | null {
  const caller = ringingFor(book, userId);
  if (!caller || caller.callId !== callId) return null;
  const unrung = { ...book, waiting: book.waiting.map((c) => (c === caller ? { ...c, ringing: null } : c)) };
  return answered(unrung, caller.callId, userId, nowMs);
}

/** The agent rejected, or the ring ran out: the caller waits on in their place, offered to the next agent first (null: no such ring). */
export function passRing(book: QueueBook, userId: string, callId: string): QueueBook | null {
  const caller = ringingFor(book, userId);
  if (!caller || caller.callId !== callId) return null;
  const declinedBy = [...new Set([...(caller.declinedBy ?? []), userId])];
  return { ...book, waiting: book.waiting.map((c) => (c === caller ? { ...c, ringing: null, declinedBy } : c)) };
}

/** The rings that have run out by now. */
export const expiredRings = (book: QueueBook, nowMs: number): { userId: string; callId: string }[] =>
  ringsOf(book).flatMap((c) => (c.ringing.untilMs <= nowMs ? [{ userId: c.ringing.userId, callId: c.callId }] : []));

/** When the next ring runs out (the pool's named timer), or null. */
export function soonestRingEndMs(book: QueueBook): number | null {
  const ends = ringsOf(book).map((c) => c.ringing.untilMs);
  return ends.length ? Math.min(...ends) : null;
}

/**
 * An agent left a ring unanswered: their misses in a row, and whether this one puts them on
 * a break (then the count starts again). A reject is a choice, not a miss: it counts nothing;
 * an accepted ring (or the agent choosing their status) clears the count.
 */
export function afterMiss(missesInARow: number, policy: RingInForce | null | undefined): { misses: number; onBreak: boolean } {
  const misses = missesInARow + 1;
  const onBreak = policy !== null && policy !== undefined && misses >= policy.missesBeforeBreak;
  return { misses: onBreak ? 0 : misses, onBreak };
}
