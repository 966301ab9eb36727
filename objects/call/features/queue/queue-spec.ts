// What a call to a queue knows when it starts: the queue it waits in, what is said while it
// waits and when it overflows, and where it stood on joining (the pool's answer when the
// Worker put it in line).
import { z } from "zod";

export interface QueueCallSpec {
  queueId: string;
  holdMessage: string;
  /** Said before hanging up when the caller waited past the queue's longest wait. */
  overflowMessage: string;
  joined: { position: number; expectedWaitSeconds: number | null };
}

export const queueCallSpecSchema = z.object({
  queueId: z.string(),
  holdMessage: z.string(),
  overflowMessage: z.string(),
  joined: z.object({ position: z.number().int().positive(), expectedWaitSeconds: z.number().nonnegative().nullable() }),
}) satisfies z.ZodType<QueueCallSpec>;

/** The pool's answer to a waiting call asking for its turn (objects/queue/queue-desk.ts `Turn`, with the agent's address). */
export type QueueTurnAnswer =
  | { kind: "waiting"; position: number; expectedWaitSeconds: number | null }
  | { kind: "agent"; agent: { userId: string; address: string; name: string | null } }
  | { kind: "overflowed" }
  | { kind: "gone" };
