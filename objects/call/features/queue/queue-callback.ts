// "Press 1 for a callback, keep your place", as a pure fold of the queue call's events:
// the caller's key (the announcement's gather ended with "1"), the pool's answer (booked:
// they keep their place and may hang up; refused: they were no longer in line), then each
// attempt: the pool reserved an agent when the caller's turn came (callback_dialing, with
// the callback call's id), the callback call told us how it ended (callback_ended), and,
// when it did not reach the caller, the caller put back in line for the next attempt
// `retrySeconds` later (callback_requeued), until `attempts` are spent (callback_unreached).
// Never abandoned: nothing here gives up on a caller before the policy's last attempt.
import type { CarrierEvent } from "../../carrier-event";
import type { QueueEventBody } from "./queue-events";
import type { QueueCallbackOffer } from "./queue-spec";

/** The key a waiting caller presses for a callback. */
export const CALLBACK_KEY = "1";

export interface CallbackAttempt {
  attempt: number;
  agentUserId: string;
  agentAddress: string;
  callbackCallId: string;
  dialedAtMs: number;
  ended: { reached: boolean; status: string; atMs: number } | null;
}

export interface CallbackCourse {
  /** The caller pressed the key while the wait offered a callback. */
  asked: boolean;
  /** The pool's answer to the request (null: not asked yet). */
  booked: boolean | null;
  attempts: CallbackAttempt[];
  requeued: ReadonlySet<number>;
  unreachedNoted: boolean;
  /** Why the pool no longer holds the booked caller (null: it does). */
  lost: string | null;
  /** The queue overflowed them to a callback (they did not press 1): booked by the pool, never asked. */
  byOverflow: boolean;
}

export const NO_CALLBACK: CallbackCourse = { asked: false, booked: null, attempts: [], requeued: new Set(), unreachedNoted: false, lost: null, byOverflow: false };

/** Where a callback stands now. */
export type CallbackPhase =
  | { kind: "none" }
  /** Pressed 1; the pool has not answered yet. */
  | { kind: "booking" }
  | { kind: "refused" }
  /** In line (their place kept): the pool is asked for their turn. */
  | { kind: "waiting"; nextAttempt: number }
  /** An agent is reserved: the callback call rings them, then the caller. */
  | { kind: "dialing"; attempt: CallbackAttempt }
  /** The last attempt did not reach the caller: they go back in line at `atMs`. */
  | { kind: "retry_due"; attempt: number; atMs: number }
  | { kind: "reached"; attempt: number }
  | { kind: "unreached"; attempts: number; noted: boolean }
  /** The pool no longer holds them (their queue's desk was lost): it ends here, the reason on the timeline. */
  | { kind: "lost"; reason: string };

/** Folds one event into the course (any order: attempts are keyed by number). */
export function foldCallbackEvent(course: CallbackCourse, event: CarrierEvent, body: QueueEventBody | null, offer: QueueCallbackOffer | null): CallbackCourse {
  if (!body) {
    const pressed = event.type === "call.gather.ended" && event.leg === "customer" && "digits" in event && event.digits === CALLBACK_KEY;
    return pressed && offer ? { ...course, asked: true } : course;
  }
  switch (body.kind) {
    case "callback_booked":
      return body.by === "overflow" ? { ...course, asked: true, booked: true, byOverflow: true } : { ...course, booked: true };
    case "callback_refused":
      return { ...course, booked: course.booked ?? false };
    case "callback_dialing": {
      const existing = course.attempts.find((a) => a.attempt === body.attempt);
      const attempt: CallbackAttempt = { attempt: body.attempt, agentUserId: body.agentUserId, agentAddress: body.agentAddress, callbackCallId: body.callbackCallId, dialedAtMs: event.occurredAtMs, ended: existing?.ended ?? null };
      return { ...course, attempts: [...course.attempts.filter((a) => a.attempt !== body.attempt), attempt].sort((a, b) => a.attempt - b.attempt) };
    }
    case "callback_ended": {
      const ended = { reached: body.reached, status: body.status, atMs: event.occurredAtMs };
      return { ...course, attempts: course.attempts.map((a) => (a.attempt === body.attempt ? { ...a, ended } : a)) };
    }
    case "callback_requeued":
      return { ...course, requeued: new Set([...course.requeued, body.attempt]) };
    case "callback_unreached":
      return { ...course, unreachedNoted: true };
    case "lost":
      return { ...course, lost: body.reason };
    default:
      return course;
  }
}

export function callbackPhase(course: CallbackCourse, offer: QueueCallbackOffer | null): CallbackPhase {
  if (!course.asked || !offer) return { kind: "none" };
  if (course.booked === null) return { kind: "booking" };
  if (!course.booked) return { kind: "refused" };
  const last = course.attempts.at(-1);
  // Only a poll between attempts finds them lost: an attempt under way ends first.
  if (course.lost !== null && (!last || last.ended)) return { kind: "lost", reason: course.lost };
  if (!last) return { kind: "waiting", nextAttempt: 1 };
  if (!last.ended) return { kind: "dialing", attempt: last };
  if (last.ended.reached) return { kind: "reached", attempt: last.attempt };
  if (last.attempt >= offer.attempts) return { kind: "unreached", attempts: last.attempt, noted: course.unreachedNoted };
  if (course.requeued.has(last.attempt)) return { kind: "waiting", nextAttempt: last.attempt + 1 };
  return { kind: "retry_due", attempt: last.attempt, atMs: last.ended.atMs + offer.retrySeconds * 1000 };
}

/** The callback's course as the call's timeline says it. */
export function callbackTimelineText(body: QueueEventBody): string | null {
  switch (body.kind) {
    case "callback_booked":
      return body.by === "overflow" ? "Queue: waited past the queue's longest wait; kept as a callback (their place kept)" : "Queue: caller pressed 1 for a callback; they keep their place";
    case "callback_refused":
      return "Queue: caller pressed 1, but an agent was already on the way";
    case "callback_dialing":
      return `Queue: callback attempt ${body.attempt}: their turn came, agent reserved, ringing the agent first`;
    case "callback_ended":
      return body.reached ? `Queue: callback attempt ${body.attempt} reached the caller` : `Queue: callback attempt ${body.attempt} did not reach the caller (${body.status}); the agent is released`;
    case "callback_requeued":
      return `Queue: callback back in line for attempt ${body.attempt + 1}, keeping their place`;
    case "callback_unreached":
      return `Queue: callback gave up after ${body.attempts} attempts`;
    case "lost":
      return `Queue: ended: ${body.reason}`;
    default:
      return null;
  }
}

/** What a caller who pressed 1 hears before we hang up. */
export const CALLBACK_CONFIRMATION = "Thank you. We will call you back on this number when your turn comes, and you keep your place in line. Goodbye.";
/** What a caller the queue overflows to a callback hears before we hang up. */
export const OVERFLOW_CALLBACK_CONFIRMATION = "All our agents are still busy. We will call you back on this number when your turn comes, and you keep your place in line. Goodbye.";
/** Added to the announcement while a callback is offered. */
export const CALLBACK_OFFER_TEXT = "To be called back when your turn comes, without losing your place, press 1.";
