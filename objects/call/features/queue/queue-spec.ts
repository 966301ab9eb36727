// What a call to a queue knows when it starts: the queue it waits in, what is said while it
// waits and when it overflows, and where it stood on joining (the pool's answer when the
// Worker put it in line). What a caller hears and is offered in a queue (its caller
// settings) is one shape, built once from the queue's row (`queueCallerSettingsOf`): the
// call starts with its first queue's, and a caller moved or overflowed into another queue
// takes that queue's from the `wib.queue` moved event on.
import { z } from "zod";
import { callerReason, type CallerReason } from "../../../../domain/caller-reason";
import { QUEUE_DEFAULTS, type QueueCallbackPolicy, type QueueFallback, type QueueSettings } from "../../../../domain/inbound-queues";

/** How a callback that did not reach the caller is tried again: at most `attempts` in all, `retrySeconds` apart. */
export interface QueueCallbackOffer {
  attempts: number;
  retrySeconds: number;
}

/** What a caller hears and is offered in one queue. */
export interface QueueCallerSettings {
  holdMessage: string;
  /** Said before hanging up when the caller waited past the queue's longest wait (the voicemail greeting when `overflowVoicemail`). */
  overflowMessage: string;
  /** The queue overflows to voicemail: after the greeting the caller's message is recorded until they hang up, or VOICEMAIL_MAX_SECONDS. */
  overflowVoicemail?: boolean;
  /**
   * The queue overflows to the organisation's IVR menu (the call's `ivr` spec: the caller leaves
   * the line and hears the menu), or to a callback (the pool keeps their place as a callback;
   * they are told, hung up on, and called back by `overflowCallback`). Absent: the message or voicemail.
   */
  overflowTo?: "ivr" | "callback";
  /** How an overflow callback is retried (the queue's callback policy, offered or not). */
  overflowCallback?: QueueCallbackOffer | null;
  /** "Press 1 for a callback, keep your place" (the queue's policy); absent or null: not offered. */
  callback?: QueueCallbackOffer | null;
}

export interface QueueCallSpec extends QueueCallerSettings {
  queueId: string;
  joined: { position: number; expectedWaitSeconds: number | null };
  /** Why the caller may be calling (domain/caller-reason.ts), read when they joined: the agent's call card shows it. */
  reasons?: CallerReason[];
}

/** A callback call (agent first, then the caller): the queue call it is for, which attempt, to tell it how it ended. */
export interface QueueCallbackCallSpec {
  queueCallId: string;
  queueId: string;
  attempt: number;
}

export const queueCallbackCallSpecSchema = z.object({ queueCallId: z.string(), queueId: z.string(), attempt: z.number().int().positive() }) satisfies z.ZodType<QueueCallbackCallSpec>;

const callbackOfferSchema = z.object({ attempts: z.number().int().positive(), retrySeconds: z.number().int().positive() });

export const queueCallerSettingsSchema = z.object({
  holdMessage: z.string(),
  overflowMessage: z.string(),
  overflowVoicemail: z.boolean().optional(),
  overflowTo: z.enum(["ivr", "callback"]).optional(),
  overflowCallback: callbackOfferSchema.nullish(),
  callback: callbackOfferSchema.nullish(),
}) satisfies z.ZodType<QueueCallerSettings>;

export const queueCallSpecSchema = queueCallerSettingsSchema.extend({
  queueId: z.string(),
  joined: z.object({ position: z.number().int().positive(), expectedWaitSeconds: z.number().nonnegative().nullable() }),
  reasons: z.array(callerReason).optional(),
}) satisfies z.ZodType<QueueCallSpec>;

/** The default overflow message: said when a fallback has no words of its own (another queue's, beyond one hop). */
export const DEFAULT_OVERFLOW_MESSAGE = (QUEUE_DEFAULTS.overflowAction as { message: string }).message;

/** The callback policy as a caller's offer (null: not offered). */
const offerOf = (policy: QueueCallbackPolicy): QueueCallbackOffer => ({ attempts: policy.attempts, retrySeconds: policy.retrySeconds });

/**
 * What a caller hears and is offered in this queue, leaving by `fallback` (its overflow
 * action; a queue closed when they reach it: its closed action). Another queue is the pool's
 * to follow (one hop); a fallback it cannot follow gives the default overflow message.
 */
export function queueCallerSettingsOf(queue: Pick<QueueSettings, "holdMessage" | "callback">, fallback: QueueFallback): QueueCallerSettings {
  const base = { holdMessage: queue.holdMessage, callback: queue.callback.offered ? offerOf(queue.callback) : null };
  switch (fallback.kind) {
    case "message":
      return { ...base, overflowMessage: fallback.message };
    case "voicemail":
      return { ...base, overflowMessage: fallback.greeting, overflowVoicemail: true };
    case "ivr":
      return { ...base, overflowMessage: DEFAULT_OVERFLOW_MESSAGE, overflowTo: "ivr" };
    case "callback":
      return { ...base, overflowMessage: DEFAULT_OVERFLOW_MESSAGE, overflowTo: "callback", overflowCallback: offerOf(queue.callback) };
    case "queue":
      return { ...base, overflowMessage: DEFAULT_OVERFLOW_MESSAGE };
  }
}

/** The pool's answer to a waiting call asking for its turn (objects/queue/queue-desk.ts `Turn`, with the agent's address). */
export type QueueTurnAnswer =
  /** callbackKept: the pool keeps their place as a callback (the queue overflowed them to one). */
  | { kind: "waiting"; position: number; expectedWaitSeconds: number | null; callbackKept?: boolean }
  | { kind: "agent"; agent: { userId: string; address: string; name: string | null } }
  | { kind: "overflowed" }
  /** Overflowed into another queue, keeping their wait: its caller settings from now on; `closed`: it was closed, so they leave at once by its closed action (in `settings`). */
  | { kind: "moved"; queueId: string; holdMessage: string; settings?: QueueCallerSettings; closed?: boolean; by?: "supervisor" }
  /** The queue no longer holds them; `heldElsewhere`: another queue of the pool does (a supervisor's move under way). */
  | { kind: "gone"; heldElsewhere?: boolean };
