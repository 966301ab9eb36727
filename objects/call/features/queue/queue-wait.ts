// A queue call's wait as a pure fold of its events: where the caller stands now (the
// latest of joined and position events), how many position updates came (each poll that
// changed the standing is one), and how the wait ended. Order-independent: the latest
// standing is the one with the most updates behind it, not the last to arrive.
import type { CallSpec } from "../../call-spec";
import type { CarrierEvent } from "../../carrier-event";
import { isQueueEvent, type QueueStanding } from "./queue-events";
import type { QueueCallbackOffer, QueueCallSpec } from "./queue-spec";
import { CALLBACK_OFFER_TEXT, foldCallbackEvent, NO_CALLBACK, type CallbackCourse } from "./queue-callback";

/** lost: the pool no longer holds the caller (their queue's desk was reset): they hear the overflow message. */
export type WaitOutcome = "waiting" | "answered" | "abandoned" | "overflowed" | "lost";

export interface QueueWait {
  queue: QueueCallSpec;
  joinedAtMs: number;
  joinedNoted: boolean;
  standing: QueueStanding;
  positionUpdates: number;
  /** How many times the caller was moved to another queue, by a supervisor or an overflow (`queue` is the latest's). */
  moves: number;
  /** When their announcements count from: the latest move (the new queue is announced at once), else joining. */
  announcedFromMs: number;
  outcome: WaitOutcome;
  /** When the wait overflowed (null: it has not). */
  overflowedAtMs: number | null;
  /** "Press 1 for a callback", or a callback the queue overflowed them to: its course (queue-callback.ts). */
  callback: CallbackCourse;
  /** The policy their callback follows: an overflow callback's queue's, else the offer they pressed 1 at (null: none). */
  callbackOffer: QueueCallbackOffer | null;
  /** They overflowed to the IVR menu; `ivrHandedOver`: what the wait said is over, the menu begins. */
  overflowedTo: "ivr" | null;
  ivrHandedOver: boolean;
}

/** The queue a call waits in, if it is a queue call. */
export const queueOf = (spec: CallSpec): QueueCallSpec | null => (spec.inbound?.action === "queue" ? spec.queue ?? null : null);

/** An IVR caller who chose a queue in the menu: the queue the call put them in (its `joined` event, from "ivr"), else null. */
export function ivrJoinedQueue(spec: CallSpec, events: readonly CarrierEvent[]): { queue: QueueCallSpec; joinedAtMs: number; eventId: string } | null {
  if (spec.inbound?.action !== "ivr") return null;
  for (const event of events) {
    if (!isQueueEvent(event) || event.queue.kind !== "joined" || event.queue.from !== "ivr" || !event.queue.settings) continue;
    const { queueId, position, expectedWaitSeconds, settings, reasons } = event.queue;
    return { queue: { queueId, joined: { position, expectedWaitSeconds }, ...settings, ...(reasons?.length ? { reasons } : {}) }, joinedAtMs: event.occurredAtMs, eventId: event.id };
  }
  return null;
}

/** Why the caller may be calling, as the agent's call card shows it: read when they joined their queue. */
export function queueReasonsOf(spec: CallSpec, events: readonly CarrierEvent[]): QueueCallSpec["reasons"] {
  return queueOf(spec)?.reasons ?? ivrJoinedQueue(spec, events)?.queue.reasons;
}

export function foldQueueWait(spec: CallSpec, events: readonly CarrierEvent[]): QueueWait | null {
  const fromIvr = queueOf(spec) ? null : ivrJoinedQueue(spec, events);
  const queue = queueOf(spec) ?? fromIvr?.queue;
  if (!queue) return null;
  const joinedAtMs = fromIvr?.joinedAtMs ?? spec.createdAtMs;
  const wait: QueueWait = {
    queue,
    joinedAtMs,
    joinedNoted: false,
    standing: queue.joined,
    positionUpdates: 0,
    moves: 0,
    announcedFromMs: joinedAtMs,
    outcome: "waiting",
    overflowedAtMs: null,
    callback: NO_CALLBACK,
    callbackOffer: null,
    overflowedTo: null,
    ivrHandedOver: false,
  };
  let latestUpdate = 0;
  let latestMoveAtMs = -Infinity;
  // The key pressed at a wait's offer (any queue's they waited in); once they left the line, keys are the IVR's.
  const pressOffer = queue.callback ?? { attempts: 1, retrySeconds: 1 };
  // A caller from the IVR menu waits from their join on: the keys they pressed before were the menu's.
  let inLine = fromIvr === null;
  for (const event of events) {
    if (!inLine) {
      inLine = event.id === fromIvr!.eventId;
      if (!inLine) continue;
    }
    wait.callback = foldCallbackEvent(wait.callback, event, isQueueEvent(event) ? event.queue : null, wait.outcome === "overflowed" ? null : pressOffer);
    if (!isQueueEvent(event)) continue;
    const body = event.queue;
    switch (body.kind) {
      case "joined":
        wait.joinedNoted = true;
        break;
      case "position": {
        wait.positionUpdates += 1;
        const n = Number(event.id.split(":").at(-1));
        if (n >= latestUpdate) {
          latestUpdate = n;
          wait.standing = { position: body.position, expectedWaitSeconds: body.expectedWaitSeconds };
        }
        break;
      }
      case "overflowed":
        wait.overflowedAtMs = event.occurredAtMs;
        wait.outcome = body.kind;
        if (body.to === "ivr") wait.overflowedTo = "ivr";
        break;
      case "ivr_handover":
        wait.ivrHandedOver = true;
        break;
      case "answered":
      case "abandoned":
        wait.outcome = body.kind;
        break;
      case "lost":
        // Only a wait still under way can be lost (a late poll's answer changes no ended wait).
        if (wait.outcome === "waiting") wait.outcome = "lost";
        break;
      case "moved":
        wait.moves += 1;
        // The latest move says where they wait, whatever order the moves arrived in: that queue's settings replace the last one's.
        if (event.occurredAtMs >= latestMoveAtMs) {
          latestMoveAtMs = event.occurredAtMs;
          wait.announcedFromMs = event.occurredAtMs;
          wait.queue = body.settings ? { queueId: body.queueId, joined: wait.queue.joined, ...body.settings } : { ...wait.queue, queueId: body.queueId, holdMessage: body.holdMessage };
        }
        // Moved into a queue closed now: they leave at once by its closed action.
        if (body.closed && (wait.outcome === "waiting" || wait.outcome === "lost")) {
          wait.outcome = "overflowed";
          wait.overflowedAtMs = event.occurredAtMs;
          if (body.settings?.overflowTo === "ivr") wait.overflowedTo = "ivr";
        }
        break;
      default:
        break;
    }
  }
  wait.callbackOffer = wait.callback.byOverflow ? (wait.queue.overflowCallback ?? queue.overflowCallback ?? null) : (queue.callback ?? wait.queue.callback ?? null);
  return wait;
}

/** The expected wait as the caller is told it (empty when there is no honest number). */
const waitAsSaid = (seconds: number | null): string =>
  seconds === null ? "" : seconds < 60 ? " Your expected wait is less than a minute." : ` Your expected wait is about ${Math.ceil(seconds / 60)} minutes.`;

/** What the caller hears on joining and every QUEUE_ANNOUNCE_EVERY_MS: their place, the expected wait (said only when there is an honest number), the hold message, and the callback offer when the queue makes one. */
export function announcement(standing: QueueStanding, holdMessage: string, offersCallback = false): string {
  const place = standing.position === 1 ? "You are next in line." : `You are number ${standing.position} in line.`;
  return `${place}${waitAsSaid(standing.expectedWaitSeconds)} ${holdMessage}${offersCallback ? ` ${CALLBACK_OFFER_TEXT}` : ""}`;
}

/**
 * Two standings the caller would be told alike: the same place and the same wait as said.
 * A poll that finds the pool's figures moved within what is said records nothing: during a
 * burst the expected wait moves with every agent's status, and a position event per caller
 * per change (each stored, folded, written to Postgres) was most of what the engine did.
 */
export const saidAlike = (a: QueueStanding, b: QueueStanding): boolean => a.position === b.position && waitAsSaid(a.expectedWaitSeconds) === waitAsSaid(b.expectedWaitSeconds);
