// One queue as the agent pool holds it, pure: its routing settings (as of the latest
// caller's arrival), its book (queue-book.ts) and the handle times of its recent answered
// calls. What a caller arriving, asking for their turn, hanging up, and an answered call
// ending do to it. The pool's shell runs each of these and reserves the chosen agents in
// the same synchronous step (no await between the choice and the reservation), so an agent
// is never given to two callers, nor a caller to two agents.
import { z } from "zod";
import { callerReason, type CallerReason } from "../../domain/caller-reason";
import { queueOpenAt, ringInForce, ringInForceFor, skillLevels, storedQueueHours, queueMember, type AgentRingPolicy, type QueueHours, type QueueMember, type SkillLevels } from "../../domain/inbound-queues";
import { overflowHop } from "./overflow-hops";
import { queueCallerSettingsSchema, type QueueCallerSettings } from "../call/features/queue/queue-spec";
import { acceptRing, expiredRings, passRing, ringCaller } from "./queue-ring";
import { answered, callbackUnreached, EMPTY_BOOK, type BookedCaller, hungUp, join, overflowDue, overflowed, type OverflowedTo, positionOf, requestCallback, requeueCallback, type QueueBook } from "./queue-book";
import { QUEUE_WAIT_OUTCOMES } from "../../domain/queue-stats";
import { answerOrder, canTake, chooseAssignments, type Assignment, type FreeAgent } from "./routing";
import { expectedWaitSeconds, RECENT_HANDLE_TIMES } from "./expected-wait";

/** What the pool needs of a queue's settings to route its callers (with its overflow queue: `QueueRouting`). */
const targetRouting = z.object({
  members: z.array(queueMember),
  skillRelaxSeconds: z.number().int().nonnegative(),
  maxWaiting: z.number().int().positive(),
  maxWaitSeconds: z.number().int().positive(),
  /** The service level's threshold, for the live view (desks stored before it have none: the default). */
  serviceLevelSeconds: z.number().int().positive().optional(),
  /** The agent's ring (accept / reject on the console), its miss threshold settled; absent or null: the chosen agent is connected at once. */
  agentRing: ringInForce.nullish(),
  /** The queue overflows to a callback: a caller past the longest wait (or arriving at a full line) keeps their place as a callback instead of leaving. */
  overflowToCallback: z.boolean().optional(),
});

/**
 * The queue a caller waiting past the longest wait moves to (its overflow action is another
 * queue): its routing, so the pool can start its desk (with the queue it overflows to in turn,
 * up to MAX_OVERFLOW_HOPS deep: overflow-hops.ts), the skills it requires of every caller, the
 * hold message and caller settings the moved caller takes (desks stored before them have only
 * the hold message), and its hours in its zone with the caller settings of its closed action:
 * a caller overflowing into it while it is closed leaves by that at once.
 */
export interface OverflowQueue {
  queueId: string;
  holdMessage: string;
  requiredSkills: SkillLevels;
  routing: QueueRouting;
  caller?: QueueCallerSettings;
  hours?: { hours: QueueHours; timeZone: string; closedCaller: QueueCallerSettings };
}
export type QueueRouting = z.infer<typeof targetRouting> & { overflowQueue?: OverflowQueue | null };

export const overflowQueue: z.ZodType<OverflowQueue> = z.lazy(() =>
  z.object({
    queueId: z.string(),
    holdMessage: z.string(),
    requiredSkills: skillLevels,
    routing: queueRouting,
    caller: queueCallerSettingsSchema.optional(),
    hours: z.object({ hours: storedQueueHours, timeZone: z.string(), closedCaller: queueCallerSettingsSchema }).optional(),
  }),
);

export const queueRouting: z.ZodType<QueueRouting> = targetRouting.extend({ overflowQueue: z.lazy(() => overflowQueue).nullish() });

/**
 * The part of a queue's settings the pool routes by (from its Postgres row), with the queue it
 * overflows to, if another queue; its ring's miss threshold is the queue's own, else the organisation's.
 */
export const queueRoutingOf = (
  queue: Omit<QueueRouting, "agentRing"> & { agentRing?: AgentRingPolicy | null },
  organizationMissesBeforeBreak: number,
): QueueRouting => ({
  members: queue.members,
  skillRelaxSeconds: queue.skillRelaxSeconds,
  maxWaiting: queue.maxWaiting,
  maxWaitSeconds: queue.maxWaitSeconds,
  serviceLevelSeconds: queue.serviceLevelSeconds,
  agentRing: ringInForceFor(queue.agentRing, organizationMissesBeforeBreak),
  ...(queue.overflowToCallback ? { overflowToCallback: true } : {}),
  overflowQueue: queue.overflowQueue ?? null,
});

/** Ended stays kept for the numbers (the stats route reads the book); older ones are dropped. */
export const ENDED_STAYS_KEPT = 500;

const waitingCaller = z.object({ callId: z.string(), accountId: z.string().nullish(), reasons: z.array(callerReason).optional(), priority: z.number(), enteredAtMs: z.number(), needs: skillLevels, from: z.string(), callbackRequested: z.boolean(), queueEnteredAtMs: z.number().optional(),
  overflowedFrom: z.array(z.string()).optional(),
  ringing: z.object({ userId: z.string(), untilMs: z.number() }).nullish(),
  declinedBy: z.array(z.string()).optional(),
});
const endedStay = z.object({
  callId: z.string(),
  enteredAtMs: z.number(),
  outcome: z.enum(QUEUE_WAIT_OUTCOMES),
  waitSeconds: z.number(),
  callbackRequested: z.boolean(),
  agentUserId: z.string().nullable(),
  caller: z.object({ priority: z.number(), needs: skillLevels, from: z.string() }).optional(),
  movedTo: z.object({ queueId: z.string(), holdMessage: z.string(), caller: queueCallerSettingsSchema.optional(), closed: z.boolean().optional(), by: z.literal("supervisor").optional() }).optional(),
});

export const queueDeskSchema: z.ZodType<QueueDesk> = z.object({
  routing: queueRouting,
  book: z.object({ waiting: z.array(waitingCaller), ended: z.array(endedStay) }),
  /** Talk seconds of the queue's recent answered calls, newest last. */
  recentHandleSeconds: z.array(z.number()),
});
export interface QueueDesk {
  routing: QueueRouting;
  book: QueueBook;
  recentHandleSeconds: readonly number[];
}

export const newDesk = (routing: QueueRouting): QueueDesk => ({ routing, book: EMPTY_BOOK, recentHandleSeconds: [] });

/** A member of the organisation's pool as the queue sees them. */
export interface PoolAgent {
  userId: string;
  status: string;
  /** When the current status began: for an available agent, idle since. */
  statusSince: number;
}

export interface Arrival {
  callId: string;
  /** The caller's account, matched by their number (popped on a ringing agent's console); absent: none known. */
  accountId?: string | null;
  /** Why they may be calling (domain/caller-reason.ts), read when they joined: shown on the ringing agent's console. */
  reasons?: CallerReason[];
  priority: number;
  needs: SkillLevels;
  from: string;
  enteredAtMs: number;
}

/** Where the caller stands: their place (1 = next) and the wait they are told (null: no honest number yet). */
export interface Standing {
  position: number;
  expectedWaitSeconds: number | null;
}

export type Turn =
  /** callbackKept: their place is kept as a callback (pressed 1, or overflowed to a callback). */
  | ({ kind: "waiting"; callbackKept?: boolean } & Standing)
  | { kind: "agent"; userId: string }
  | { kind: "overflowed" }
  /**
   * They left for another queue, keeping their wait: ask that one from now on, with its caller
   * settings (absent on desks stored before them). `closed`: that queue was closed, so they
   * leave at once by its closed action (the settings say which); `by`: a supervisor's move.
   */
  | { kind: "moved"; queueId: string; holdMessage: string; settings?: QueueCallerSettings; closed?: boolean; by?: "supervisor" }
  /** The queue no longer holds them (hung up, or never joined); `heldElsewhere`: another queue of the pool has them waiting (moved). */
  | { kind: "gone"; heldElsewhere?: boolean };

const trimmed = (book: QueueBook): QueueBook => ({ waiting: book.waiting, ended: book.ended.slice(-ENDED_STAYS_KEPT) });

function standingOf(desk: QueueDesk, callId: string, agents: readonly PoolAgent[], nowMs: number): Standing | null {
  const position = positionOf(desk.book, callId);
  const caller = desk.book.waiting.find((c) => c.callId === callId);
  if (position === null || !caller) return null;
  const members = desk.routing.members.filter((member) => canTake(member, caller, desk.routing.skillRelaxSeconds, nowMs));
  const statusOf = new Map(agents.map((agent) => [agent.userId, agent.status]));
  const count = (statuses: string[]) => members.filter((member) => statuses.includes(statusOf.get(member.userId) ?? "offline")).length;
  const freeNow = count(["available"]);
  const busyNow = count(["on_call", "wrap_up"]);
  return { position, expectedWaitSeconds: expectedWaitSeconds({ position, freeNow, busyNow, recentHandleSeconds: desk.recentHandleSeconds }) };
}

/**
 * A caller arrives: in line with their standing, or turned away when the line is full (a
 * repeated arrival is the same caller). A full queue that overflows to a callback keeps them
 * in line as a callback instead (callbacks are not counted among those waiting): their first
 * turn tells the call so (`callbackKept`).
 */
export function arrive(desk: QueueDesk, routing: QueueRouting, arrival: Arrival, agents: readonly PoolAgent[]): { desk: QueueDesk; joined: Standing | null } {
  const withRouting = { ...desk, routing };
  const already = withRouting.book.waiting.some((c) => c.callId === arrival.callId);
  const full = !already && withRouting.book.waiting.filter((c) => !c.callbackRequested).length >= routing.maxWaiting;
  if (full && !routing.overflowToCallback) return { desk: withRouting, joined: null };
  const joinedBook = join(withRouting.book, arrival);
  const next = { ...withRouting, book: full ? requestCallback(joinedBook, arrival.callId) : joinedBook };
  return { desk: next, joined: standingOf(next, arrival.callId, agents, arrival.enteredAtMs) };
}

/** Where an overflow into `target` takes a caller now: its line, or (closed now) out by its closed action. */
function overflowInto(target: OverflowQueue, nowMs: number): { closed: boolean; movedTo: OverflowedTo } {
  const closed = target.hours !== undefined && !queueOpenAt(target.hours.hours, target.hours.timeZone, nowMs);
  const caller = closed ? target.hours!.closedCaller : target.caller;
  return { closed, movedTo: { queueId: target.queueId, holdMessage: caller?.holdMessage ?? target.holdMessage, ...(caller ? { caller } : {}), ...(closed ? { closed } : {}) } };
}

/** A caller past the longest wait whom the overflow queue would not take: the move would go round (`loop`) or too far (`hop_limit`). */
export interface OverflowStop {
  callId: string;
  toQueueId: string;
  reason: "loop" | "hop_limit";
}

/**
 * A pass over the queue: callers past the longest wait overflow (into the overflow queue,
 * when the queue has one: `overflowMoves`, for the shell to put in that queue's line in the
 * same step; a caller it would take round in a loop or past MAX_OVERFLOW_HOPS stops here
 * with the default overflow message: `overflowStops`, for the shell to log), then every
 * caller an eligible free agent can take now is answered (callers by priority, then wait).
 * The shell reserves each returned assignment at once. `queueId`: this queue's (a move back
 * into it is a loop).
 */
export function routeNow(desk: QueueDesk, agents: readonly PoolAgent[], nowMs: number, queueId: string | null = null): { desk: QueueDesk; assignments: Assignment[]; overflowMoves: BookedCaller[]; overflowStops: OverflowStop[] } {
  let book = desk.book;
  const target = desk.routing.overflowQueue ?? null;
  const into = target ? overflowInto(target, nowMs) : null;
  const late = overflowDue(book, desk.routing.maxWaitSeconds, nowMs);
  const overflowMoves: BookedCaller[] = [];
  const overflowStops: OverflowStop[] = [];
  for (const caller of late) {
    // Overflowing to a callback, they keep their place as one (never overflowing again); otherwise they leave the line.
    if (desk.routing.overflowToCallback) {
      book = requestCallback(book, caller.callId);
      continue;
    }
    const hop = target && into && !into.closed ? overflowHop(caller.overflowedFrom ?? [], queueId, target.queueId) : null;
    if (hop?.kind === "stop") {
      overflowStops.push({ callId: caller.callId, toQueueId: target!.queueId, reason: hop.reason });
      book = overflowed(book, caller.callId, nowMs);
      continue;
    }
    book = overflowed(book, caller.callId, nowMs, into?.movedTo);
    if (hop?.kind === "move") overflowMoves.push(caller);
  }
  const free: FreeAgent[] = agents.filter((agent) => agent.status === "available").map((agent) => ({ userId: agent.userId, idleSinceMs: agent.statusSince }));
  const assignments = chooseAssignments({ callers: book.waiting, members: desk.routing.members, free, skillRelaxSeconds: desk.routing.skillRelaxSeconds, nowMs });
  const ring = desk.routing.agentRing;
  // With the agent's ring, the chosen agent is rung and the caller stays in their place until they accept.
  for (const assignment of assignments) book = ring ? ringCaller(book, assignment.callId, assignment.userId, nowMs + ring.acceptSeconds * 1000) : answered(book, assignment.callId, assignment.userId, nowMs);
  return { desk: { ...desk, book: trimmed(book) }, assignments, overflowMoves, overflowStops };
}

/**
 * Overflowed callers reach the overflow queue's line: their arrival (so their place and
 * wait) and priority kept, needing its required skills too, the queue they came from noted
 * (`overflowedFrom`: how far they have been carried); its longest wait counts from now. One
 * already in that line is not added twice.
 */
export function receiveOverflow(target: QueueDesk | null, overflow: OverflowQueue, callers: readonly BookedCaller[], nowMs: number, fromQueueId: string | null = null): QueueDesk {
  const desk = target ?? newDesk(overflow.routing);
  const fresh = callers.filter((caller) => !desk.book.waiting.some((c) => c.callId === caller.callId));
  const joined = fresh.map((caller) => ({
    ...caller,
    needs: { ...caller.needs, ...overflow.requiredSkills },
    queueEnteredAtMs: nowMs,
    ...(fromQueueId ? { overflowedFrom: [...(caller.overflowedFrom ?? []), fromQueueId] } : {}),
  }));
  return { ...desk, book: { ...desk.book, waiting: [...desk.book.waiting, ...joined] } };
}

/**
 * The agent answered the ring of `callId` on their console: accepted, the caller is theirs
 * (answered now; the call's next turn connects them); rejected, the caller waits on in their
 * place for the next agent. Null when that caller no longer rings them here.
 */
export function answerRing(desk: QueueDesk, userId: string, callId: string, answer: "accept" | "reject", nowMs: number): QueueDesk | null {
  const book = answer === "accept" ? acceptRing(desk.book, userId, callId, nowMs) : passRing(desk.book, userId, callId);
  return book && { ...desk, book: trimmed(book) };
}

/** Rings run out by now pass to the next agent, each a miss of its agent's. */
export function endDueRings(desk: QueueDesk, nowMs: number): { desk: QueueDesk; missed: { userId: string; callId: string }[] } {
  const missed = expiredRings(desk.book, nowMs);
  let book = desk.book;
  for (const ring of missed) book = passRing(book, ring.userId, ring.callId) ?? book;
  return { desk: missed.length ? { ...desk, book } : desk, missed };
}

/** What this caller's turn is, after a pass (`routeNow`). */
export function turnOf(desk: QueueDesk, callId: string, agents: readonly PoolAgent[], nowMs: number): Turn {
  const standing = standingOf(desk, callId, agents, nowMs);
  if (standing) return desk.book.waiting.find((c) => c.callId === callId)?.callbackRequested ? { kind: "waiting", ...standing, callbackKept: true } : { kind: "waiting", ...standing };
  const stay = desk.book.ended.findLast((s) => s.callId === callId);
  if (stay?.outcome === "answered" || stay?.outcome === "callback_answered") return { kind: "agent", userId: stay.agentUserId! };
  if (stay?.outcome === "overflowed" && stay.movedTo) {
    const { caller, ...movedTo } = stay.movedTo;
    return { kind: "moved", ...movedTo, ...(caller ? { settings: caller } : {}) };
  }
  if (stay?.outcome === "overflowed") return { kind: "overflowed" };
  return { kind: "gone" };
}

/**
 * The caller hung up before an agent reached them: a queue abandon with their wait while
 * they were in line; an agent already chosen for them (the call had not yet taken them)
 * is to be given back.
 */
export function leave(desk: QueueDesk, callId: string, nowMs: number): { desk: QueueDesk; abandonedWaitSeconds: number | null; agentToRelease: string | null } {
  const waiting = desk.book.waiting.find((c) => c.callId === callId);
  if (waiting) {
    const book = hungUp(desk.book, callId, nowMs);
    const stay = book.ended.findLast((s) => s.callId === callId);
    // An agent whose console was ringing for them is given back.
    return { desk: { ...desk, book: trimmed(book) }, abandonedWaitSeconds: stay?.outcome === "abandoned" ? stay.waitSeconds : null, agentToRelease: stay?.outcome === "abandoned" ? (waiting.ringing?.userId ?? null) : null };
  }
  const stay = desk.book.ended.findLast((s) => s.callId === callId);
  return { desk, abandonedWaitSeconds: null, agentToRelease: stay?.outcome === "answered" ? stay.agentUserId : null };
}

/** An answered caller's call ended: its talk time feeds the expected wait (the most recent RECENT_HANDLE_TIMES). */
export function handled(desk: QueueDesk, callId: string, nowMs: number): QueueDesk | null {
  const stay = desk.book.ended.findLast((s) => s.callId === callId && s.outcome === "answered");
  if (!stay) return null;
  const answeredAtMs = stay.enteredAtMs + (stay.waitSeconds ?? 0) * 1000;
  const seconds = Math.max(0, (nowMs - answeredAtMs) / 1000);
  return { ...desk, recentHandleSeconds: [...desk.recentHandleSeconds, seconds].slice(-RECENT_HANDLE_TIMES) };
}

/**
 * Blended agents, inbound first: the available agents a waiting caller in some queue would
 * take on the next pass (each agent claimed once, callers by their queues' order as given).
 * A campaign's pacing counts them as taken, so the dialer neither dials for them nor offers
 * them a preview lead while an inbound caller waits for them.
 */
export function claimedByInbound(desks: readonly QueueDesk[], agents: readonly PoolAgent[], nowMs: number): Set<string> {
  const claimed = new Set<string>();
  for (const desk of desks) {
    const free = agents.filter((agent) => agent.status === "available" && !claimed.has(agent.userId)).map((agent) => ({ userId: agent.userId, idleSinceMs: agent.statusSince }));
    const assignments = chooseAssignments({ callers: desk.book.waiting, members: desk.routing.members, free, skillRelaxSeconds: desk.routing.skillRelaxSeconds, nowMs });
    for (const assignment of assignments) claimed.add(assignment.userId);
  }
  return claimed;
}

/** The pool's side of a callback: what the queue call asks at each step. */
export type CallbackStep = "book" | "requeue" | "unreached";

/**
 * A caller who pressed 1: "book" keeps their place (they may hang up: never an abandon);
 * "requeue" puts them back where they stood after an attempt that did not reach them;
 * "unreached" ends the stay after the last attempt. Null when the book has no such caller
 * (booking: they were already answered or gone).
 */
export function callbackStep(desk: QueueDesk, callId: string, step: CallbackStep): QueueDesk | null {
  let book: QueueBook | null;
  switch (step) {
    case "book":
      book = desk.book.waiting.some((c) => c.callId === callId) ? requestCallback(desk.book, callId) : null;
      break;
    case "requeue":
      book = requeueCallback(desk.book, callId);
      break;
    case "unreached":
      book = callbackUnreached(desk.book, callId);
      break;
  }
  return book && { ...desk, book };
}

/**
 * A supervisor moves a waiting caller to another queue: out of this line and into that
 * one with their arrival (so their wait), priority and callback kept, needing the new
 * queue's required skills too. Null when they no longer wait here.
 */
export function moveCaller(from: QueueDesk, to: QueueDesk, routing: QueueRouting, callId: string, requiredSkills: SkillLevels, nowMs?: number): { from: QueueDesk; to: QueueDesk; ringEnded: string | null } | null {
  const caller = from.book.waiting.find((c) => c.callId === callId);
  if (!caller) return null;
  // Their place keeps their first arrival; the new queue's longest wait counts from now. A
  // ring under way in the old queue ends (its agent is given back by the shell), and the
  // agents who passed on them there may well take them here.
  const { ringing, declinedBy: _declined, ...rest } = caller;
  const moved = { ...rest, needs: { ...caller.needs, ...requiredSkills }, ...(nowMs === undefined ? {} : { queueEnteredAtMs: nowMs }) };
  return {
    from: { ...from, book: { ...from.book, waiting: from.book.waiting.filter((c) => c !== caller) } },
    to: { ...to, routing, book: { ...to.book, waiting: [...to.book.waiting.filter((c) => c.callId !== callId), moved] } },
    ringEnded: ringing?.userId ?? null,
  };
}

/**
 * A supervisor moves a waiting caller to a queue closed now: they leave this line at once by
 * that queue's closed action (`closedCaller` says what they hear), their call told on its
 * next turn (`moved`, closed). Null when they no longer wait here.
 */
export function moveIntoClosed(from: QueueDesk, callId: string, toQueueId: string, closedCaller: QueueCallerSettings, nowMs: number): { from: QueueDesk; to: null; ringEnded: string | null } | null {
  const caller = from.book.waiting.find((c) => c.callId === callId);
  if (!caller) return null;
  const movedTo: OverflowedTo = { queueId: toQueueId, holdMessage: closedCaller.holdMessage, caller: closedCaller, closed: true, by: "supervisor" };
  return { from: { ...from, book: trimmed(overflowed(from.book, callId, nowMs, movedTo)) }, to: null, ringEnded: caller.ringing?.userId ?? null };
}

/** The supervisor changed the queue's members or skills: routing follows at once, the book is kept. */
export const withRouting = (desk: QueueDesk, routing: QueueRouting): QueueDesk => ({ ...desk, routing });

/** The callers still in line, in answer order (for tests and the board). */
export const lineOf = (desk: QueueDesk) => answerOrder(desk.book.waiting).map((c) => c.callId);

export type { QueueMember };
