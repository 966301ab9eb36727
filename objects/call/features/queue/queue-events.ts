// The queue's own call events, all of one type (`wib.queue`) with a body by kind, so the
// call's timeline says where the caller stood and how their wait ended: joined (position
// and expected wait), a new position, answered by an agent, abandoned (hung up while
// waiting, with the wait: a queue abandon, never the dialer's), overflowed; and a
// callback's course: booked (the caller pressed 1 and keeps their place) or refused (they
// were no longer in line), each attempt dialled (the agent reserved, the callback call's
// id) and how it ended, put back in line for the next attempt, or given up; and lost (the
// pool no longer holds them: the wait or the callback ends with the reason).
import { z } from "zod";
import type { CarrierEvent } from "../../carrier-event";
import { queueCallerSettingsSchema } from "./queue-spec";
import { callerReason, type CallerReason } from "../../../../domain/caller-reason";

export const QUEUE_EVENT_TYPE = "wib.queue" as const;

const standing = { position: z.number().int().positive(), expectedWaitSeconds: z.number().nonnegative().nullable() };

export const queueEventBodySchema = z.discriminatedUnion("kind", [
  /**
   * from "ivr": the caller chose a queue in the IVR menu and the call put them in line itself,
   * so the event carries what the wait needs (the queue's caller settings, why they call, the
   * option they keyed); a call to a queue's number has them in its spec, and its joined event
   * carries only why they call (so the call's stored events say it: GET /api/calls/:id).
   */
  z.object({
    kind: z.literal("joined"),
    queueId: z.string(),
    ...standing,
    from: z.literal("ivr").optional(),
    settings: queueCallerSettingsSchema.optional(),
    reasons: z.array(callerReason).optional(),
    ivrOption: z.object({ key: z.string(), label: z.string() }).optional(),
  }),
  /** The caller chose a queue in the IVR menu and it could not take them (closed now, or its line full): back to the menu. */
  z.object({ kind: z.literal("ivr_refused"), queueId: z.string(), reason: z.enum(["closed", "full"]), attempt: z.number().int().positive() }),
  z.object({ kind: z.literal("position"), ...standing }),
  z.object({ kind: z.literal("answered"), agentUserId: z.string(), waitSeconds: z.number().nonnegative() }),
  z.object({ kind: z.literal("abandoned"), waitSeconds: z.number().nonnegative() }),
  /** voicemail: the greeting is followed by their message, recorded; to "ivr": they leave the line for the IVR menu. */
  z.object({ kind: z.literal("overflowed"), voicemail: z.boolean().optional(), to: z.literal("ivr").optional() }),
  /** An overflow to the IVR: what the wait said (and the callback key it listened for) is over, so the menu begins now. */
  z.object({ kind: z.literal("ivr_handover") }),
  /**
   * A supervisor moved the waiting caller to another queue, or (by "overflow") they waited past
   * the longest wait and the queue overflows to another: its caller settings from then on
   * (`settings`; events from before them carry only the hold message), their wait kept.
   * `closed`: that queue was closed, so they leave at once by its closed action (in `settings`).
   */
  z.object({ kind: z.literal("moved"), queueId: z.string(), holdMessage: z.string(), by: z.enum(["supervisor", "overflow"]).optional(), settings: queueCallerSettingsSchema.optional(), closed: z.boolean().optional() }),
  /** by "overflow": the queue overflowed them to a callback (they did not press 1). */
  z.object({ kind: z.literal("callback_booked"), by: z.literal("overflow").optional() }),
  z.object({ kind: z.literal("callback_refused") }),
  z.object({ kind: z.literal("callback_dialing"), attempt: z.number().int().positive(), agentUserId: z.string(), agentAddress: z.string(), callbackCallId: z.string() }),
  z.object({ kind: z.literal("callback_ended"), attempt: z.number().int().positive(), reached: z.boolean(), status: z.string() }),
  z.object({ kind: z.literal("callback_requeued"), attempt: z.number().int().positive() }),
  z.object({ kind: z.literal("callback_unreached"), attempts: z.number().int().positive() }),
  /** The pool no longer holds the caller (their queue's desk was reset or lost): the wait, or the callback, ends here, saying why. */
  z.object({ kind: z.literal("lost"), reason: z.string() }),
]);
export type QueueEventBody = z.infer<typeof queueEventBodySchema>;
export type QueueStanding = { position: number; expectedWaitSeconds: number | null };

export type QueueEvent = Extract<CarrierEvent, { type: typeof QUEUE_EVENT_TYPE }>;

/** A queue event; `key` makes its id (a repeated key is a duplicate the inbox ignores). */
export function queueEvent(key: string, atMs: number, queue: QueueEventBody): QueueEvent {
  return { id: `${QUEUE_EVENT_TYPE}:${key}`, type: QUEUE_EVENT_TYPE, occurredAtMs: atMs, leg: "customer", callControlId: "", callSessionId: null, payload: { ...queue }, queue };
}

/**
 * Why the caller is calling, from the call's stored queue events' bodies (in the order they
 * happened): the first join that says (a call joins one line first; a later one is a move or
 * another menu try). Bodies no build can read are skipped. Empty when none says.
 */
export function whyCallingFromJoins(bodies: readonly unknown[]): CallerReason[] {
  for (const body of bodies) {
    const parsed = queueEventBodySchema.safeParse(body);
    if (parsed.success && parsed.data.kind === "joined" && parsed.data.reasons?.length) return parsed.data.reasons;
  }
  return [];
}

export const isQueueEvent = (event: CarrierEvent): event is QueueEvent => event.type === QUEUE_EVENT_TYPE && "queue" in event;
