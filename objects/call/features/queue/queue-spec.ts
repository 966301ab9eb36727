// What a call to a queue knows when it starts: the queue it waits in, what is said while it
// waits and when it overflows, and where it stood on joining (the pool's answer when the
// Worker put it in line).
import { z } from "zod";
import { callerReason, type CallerReason } from "../../../../domain/caller-reason";

export interface QueueCallSpec {
  queueId: string;
  holdMessage: string;
  /** Said before hanging up when the caller waited past the queue's longest wait (the voicemail greeting when `overflowVoicemail`). */
  overflowMessage: string;
  /** The queue overflows to voicemail: after the greeting the caller's message is recorded until they hang up, or VOICEMAIL_MAX_SECONDS. */
  overflowVoicemail?: boolean;
  joined: { position: number; expectedWaitSeconds: number | null };
  /** "Press 1 for a callback, keep your place" (the queue's policy); absent or null: not offered. */
  callback?: QueueCallbackOffer | null;
  /** Why the caller may be calling (domain/caller-reason.ts), read when they joined: the agent's call card shows it. */
  reasons?: CallerReason[];
}

/** How a callback that did not reach the caller is tried again: at most `attempts` in all, `retrySeconds` apart. */
export interface QueueCallbackOffer {
  attempts: number;
  retrySeconds: number;
}

/** A callback call (agent first, then the caller): the queue call it is for, which attempt, to tell it how it ended. */
export interface QueueCallbackCallSpec {
  queueCallId: string;
  queueId: string;
  attempt: number;
}

export const queueCallbackCallSpecSchema = z.object({ queueCallId: z.string(), queueId: z.string(), attempt: z.number().int().positive() }) satisfies z.ZodType<QueueCallbackCallSpec>;

export const queueCallSpecSchema = z.object({
  queueId: z.string(),
  holdMessage: z.string(),
  overflowMessage: z.string(),
  overflowVoicemail: z.boolean().optional(),
  joined: z.object({ position: z.number().int().positive(), expectedWaitSeconds: z.number().nonnegative().nullable() }),
  callback: z.object({ attempts: z.number().int().positive(), retrySeconds: z.number().int().positive() }).nullish(),
  reasons: z.array(callerReason).optional(),
}) satisfies z.ZodType<QueueCallSpec>;

/** The pool's answer to a waiting call asking for its turn (objects/queue/queue-desk.ts `Turn`, with the agent's address). */
export type QueueTurnAnswer =
  | { kind: "waiting"; position: number; expectedWaitSeconds: number | null }
  | { kind: "agent"; agent: { userId: string; address: string; name: string | null } }
  | { kind: "overflowed" }
  /** Overflowed into another queue, keeping their wait. */
  | { kind: "moved"; queueId: string; holdMessage: string }
  /** The queue no longer holds them; `heldElsewhere`: another queue of the pool does (a supervisor's move under way). */
  | { kind: "gone"; heldElsewhere?: boolean };
