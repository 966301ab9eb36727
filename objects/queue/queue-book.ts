// One queue's book, pure: who waits (in answer order: priority, then arrival), who asked
// for a callback and keeps their place (they may hang up: a callback is never abandoned),
// and how each stay ended: answered (by an agent, or by the callback), abandoned (hung up
// while waiting, with the wait) or overflowed (waited past the queue's longest wait). The
// QueueActor is to keep this in its storage; its numbers are `domain/queue-stats.ts`'s.
import type { CallerReason } from "../../domain/caller-reason";
import type { QueueStay } from "../../domain/queue-stats";
import { answerOrder, type WaitingCaller } from "./routing";
import type { QueueCallerSettings } from "../call/features/queue/queue-spec";

export interface BookedCaller extends WaitingCaller {
  /** Where a callback rings: the number they called from. */
  from: string;
  /** Their account, matched by that number (the ringing agent's pop), if known. */
  accountId?: string | null;
  /** Why they may be calling (domain/caller-reason.ts): the ringing agent's console shows it. */
  reasons?: CallerReason[];
  callbackRequested: boolean;
  /** When they reached this queue, if they came from another (moved, or overflowed): its longest wait counts from here; their place from `enteredAtMs`. */
  queueEnteredAtMs?: number;
  /** The queues they overflowed out of, in order (objects/queue/overflow-hops.ts: no loops, at most MAX_OVERFLOW_HOPS). */
  overflowedFrom?: string[];
}

/**
 * Where an overflowed caller went: another queue, keeping their wait (its hold message and
 * caller settings from then on); `closed`: it was closed, so they left by its closed action;
 * `by`: a supervisor moved them there.
 */
export interface OverflowedTo {
  queueId: string;
  holdMessage: string;
  caller?: QueueCallerSettings;
  closed?: boolean;
  by?: "supervisor";
}

export interface EndedStay extends QueueStay {
  callId: string;
  agentUserId: string | null;
  /** A callback's caller as they waited, to put them back in line if the attempt does not reach them. */
  caller?: Pick<BookedCaller, "priority" | "needs" | "from">;
  /** An overflowed caller moved to another queue. */
  movedTo?: OverflowedTo;
}

export interface QueueBook {
  waiting: readonly BookedCaller[];
  ended: readonly EndedStay[];
}

export const EMPTY_BOOK: QueueBook = { waiting: [], ended: [] };

const secondsBetween = (fromMs: number, toMs: number) => Math.max(0, (toMs - fromMs) / 1000);

/** A caller joins (a repeated join changes nothing). */
export function join(book: QueueBook, caller: Omit<BookedCaller, "callbackRequested">): QueueBook {
  if (book.waiting.some((c) => c.callId === caller.callId) || book.ended.some((s) => s.callId === caller.callId)) return book;
  return { ...book, waiting: [...book.waiting, { ...caller, callbackRequested: false }] };
}

/** The caller pressed 1: they keep their place and will be called back when it comes. */
export function requestCallback(book: QueueBook, callId: string): QueueBook {
  return { ...book, waiting: book.waiting.map((c) => (c.callId === callId ? { ...c, callbackRequested: true } : c)) };
}

function end(book: QueueBook, callId: string, ending: (caller: BookedCaller) => Omit<EndedStay, "callId" | "enteredAtMs" | "callbackRequested">): QueueBook {
  const caller = book.waiting.find((c) => c.callId === callId);
  if (!caller) return book;
  const stay: EndedStay = { callId, enteredAtMs: caller.enteredAtMs, callbackRequested: caller.callbackRequested, ...ending(caller) };
  return { waiting: book.waiting.filter((c) => c !== caller), ended: [...book.ended, stay] };
}

/** The caller hung up: a queue abandon with their wait, unless a callback keeps their place. */
export function hungUp(book: QueueBook, callId: string, nowMs: number): QueueBook {
  if (book.waiting.find((c) => c.callId === callId)?.callbackRequested) return book;
  return end(book, callId, (c) => ({ outcome: "abandoned", waitSeconds: secondsBetween(c.enteredAtMs, nowMs), agentUserId: null }));
}

/** An agent was reserved for the caller (for a callback: the agent is rung first, then the caller). */
export function answered(book: QueueBook, callId: string, agentUserId: string, nowMs: number): QueueBook {
  return end(book, callId, (c) => ({
    outcome: c.callbackRequested ? "callback_answered" : "answered",
    waitSeconds: secondsBetween(c.enteredAtMs, nowMs),
    agentUserId,
    ...(c.callbackRequested ? { caller: { priority: c.priority, needs: c.needs, from: c.from } } : {}),
  }));
}

const lastCallbackStay = (book: QueueBook, callId: string) => book.ended.findLastIndex((s) => s.callId === callId && s.outcome === "callback_answered" && s.caller !== undefined);

/**
 * A callback attempt did not reach the caller: they are back in line where they stood
 * (their first arrival, so their place is kept) for the next attempt. False when the book
 * has no such callback (already put back, or never booked).
 */
export function requeueCallback(book: QueueBook, callId: string): QueueBook | null {
  const index = lastCallbackStay(book, callId);
  const stay = book.ended[index];
  if (!stay?.caller) return null;
  const caller: BookedCaller = { callId, enteredAtMs: stay.enteredAtMs, ...stay.caller, callbackRequested: true };
  return { waiting: [...book.waiting, caller], ended: book.ended.filter((_, i) => i !== index) };
}

/** The callback's last attempt did not reach the caller either: the stay ends unreached. */
export function callbackUnreached(book: QueueBook, callId: string): QueueBook | null {
  const index = lastCallbackStay(book, callId);
  if (index < 0) return null;
  return { ...book, ended: book.ended.map((s, i) => (i === index ? { ...s, outcome: "callback_unreached" as const } : s)) };
}

/** Callers in line past the queue's longest wait leave by its overflow action (a callback never does, nor a caller ringing an agent now: their ring ends first). */
export function overflowDue(book: QueueBook, maxWaitSeconds: number, nowMs: number): BookedCaller[] {
  return book.waiting.filter((c) => !c.callbackRequested && !c.ringing && secondsBetween(c.queueEnteredAtMs ?? c.enteredAtMs, nowMs) > maxWaitSeconds);
}

/** The caller overflowed: out of this line (the queue counts it), to the overflow action, or moved to `movedTo`. */
export function overflowed(book: QueueBook, callId: string, nowMs: number, movedTo?: OverflowedTo): QueueBook {
  return end(book, callId, (c) => ({ outcome: "overflowed", waitSeconds: secondsBetween(c.enteredAtMs, nowMs), agentUserId: null, ...(movedTo ? { movedTo } : {}) }));
}

/** The caller's place in the answer order (1 = next), or null when they no longer wait. */
export function positionOf(book: QueueBook, callId: string): number | null {
  const index = answerOrder(book.waiting).findIndex((c) => c.callId === callId);
  return index < 0 ? null : index + 1;
}

/** Every stay, waiting and ended, as the queue's numbers read them. */
export const staysOf = (book: QueueBook): QueueStay[] => [
  ...book.waiting.map((c) => ({ enteredAtMs: c.enteredAtMs, outcome: null, waitSeconds: null, callbackRequested: c.callbackRequested })),
  ...book.ended,
];
