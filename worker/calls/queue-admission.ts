// Putting an inbound caller in a queue's line: the organisation's agent pool holds its
// queues (objects/queue/queue-desk.ts), so the caller joins there with the skills they
// need (the queue's, and their account's language when it routes by language), the
// number's priority, and the moment they called. A repeated call.initiated joins nobody twice.
// The queue's routing carries the queue it overflows to (when that is another queue, and
// that one's in turn: up to MAX_OVERFLOW_HOPS), so the pool moves a caller waiting past the
// longest wait there itself, keeping their wait.
import { and, eq } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { inboundQueues, organizations } from "../../db/schema";
import { DEFAULT_RING_MISSES_BEFORE_BREAK, skillsNeeded, type QueueFallback } from "../../domain/inbound-queues";
import { agentPoolStub } from "../../objects/shared/actor-stubs";
import { queueRoutingOf, type OverflowQueue, type QueueRouting } from "../../objects/queue/queue-desk";
import { MAX_OVERFLOW_HOPS } from "../../objects/queue/overflow-hops";
import { callerReasonsFor } from "./caller-history";
import { queueCallerSettingsOf } from "../../objects/call/features/queue/queue-spec";
import { organizationTimeZone } from "../../db/organization-time-zone";
import { findIvrCaller, type AdmitToQueue, type AdmittedQueue, type IvrCaller, type NumberRoute } from "./inbound";
import type { IvrCallSpec, IvrQueueChoice } from "../../objects/call/call-spec";

/** The organisation's unanswered rings in a row before a break, for queues that set none of their own. */
export async function organizationRingMisses(db: Queryable, organizationId: string): Promise<number> {
  const [row] = await db.select({ misses: organizations.ringMissesBeforeBreak }).from(organizations).where(eq(organizations.id, organizationId));
  return row?.misses ?? DEFAULT_RING_MISSES_BEFORE_BREAK;
}

/**
 * The queue a queue overflows to, with what the pool routes it by and, in turn, the queue that
 * one overflows to (up to MAX_OVERFLOW_HOPS deep: a caller is never carried further, and the
 * pool refuses a move back into a queue they came from; null: the action is not another
 * queue, or that queue is gone).
 */
export async function overflowQueueOf(db: Queryable, organizationId: string, action: QueueFallback, organizationMisses: number, depth = 1): Promise<OverflowQueue | null> {
  if (action.kind !== "queue") return null;
  const target = await queueRowOf(db, organizationId, action.queueId);
  return target ? overflowQueueFrom(db, organizationId, target, organizationMisses, depth) : null;
}

/** The organisation's queue row, or undefined when it is gone (or another organisation's). */
async function queueRowOf(db: Queryable, organizationId: string, queueId: string): Promise<typeof inboundQueues.$inferSelect | undefined> {
  const [row] = await db
    .select()
    .from(inboundQueues)
    .where(and(eq(inboundQueues.id, queueId), eq(inboundQueues.organizationId, organizationId)));
  return row;
}

/** What the pool needs of a queue it may move a caller into, from its row (its own overflow chain read on). */
async function overflowQueueFrom(db: Queryable, organizationId: string, target: typeof inboundQueues.$inferSelect, organizationMisses: number, depth: number): Promise<OverflowQueue> {
  const next = depth < MAX_OVERFLOW_HOPS ? await overflowQueueOf(db, organizationId, target.overflowAction, organizationMisses, depth + 1) : null;
  const routing = queueRoutingOf({ ...target, overflowToCallback: target.overflowAction.kind === "callback", overflowQueue: next }, organizationMisses);
  const timeZone = target.hours.timeZone ?? (await organizationTimeZone(db, organizationId));
  return {
    queueId: target.id,
    holdMessage: target.holdMessage,
    requiredSkills: target.requiredSkills,
    routing,
    // What an overflowed caller takes there: its settings, or (closed when they reach it) its closed action's.
    caller: queueCallerSettingsOf(target, target.overflowAction),
    hours: { hours: target.hours, timeZone, closedCaller: queueCallerSettingsOf(target, target.closedAction) },
  };
}

/** A queue's routing for the pool, with its overflow queue; a ring's miss threshold is the queue's own, else the organisation's. */
export async function poolRoutingOf(db: Queryable, organizationId: string, queue: Omit<AdmittedQueue, "requiredSkills" | "routeByLanguage">): Promise<QueueRouting> {
  const organizationMisses = await organizationRingMisses(db, organizationId);
  return { ...queueRoutingOf({ ...queue, overflowToCallback: queue.overflowAction.kind === "callback" }, organizationMisses), overflowQueue: await overflowQueueOf(db, organizationId, queue.overflowAction, organizationMisses) };
}

export function queueAdmission(env: Env, db: Queryable, route: NumberRoute, call: { callId: string; from: string; enteredAtMs: number }): AdmitToQueue {
  return async (queueId, queue) => {
    // The caller's account: their language to route by, the pop on a ringing agent's console,
    // and with their number why they may be calling (on the ring and the agent's call card).
    const caller = await findIvrCaller(db, route.organizationId, call.from);
    const accountId = caller?.accountId ?? null;
    const reasons = await callerReasonsFor(db, route.organizationId, { from: call.from, accountId }, call.enteredAtMs, route.timeZone);
    const routing = await poolRoutingOf(db, route.organizationId, queue);
    const joined = await agentPoolStub(env, route.organizationId).queueArrive(queueId, routing, {
      callId: call.callId,
      priority: route.inboundQueuePriority,
      needs: skillsNeeded(queue, caller?.preferredLanguage ?? null),
      from: call.from,
      accountId,
      reasons,
      enteredAtMs: call.enteredAtMs,
    });
    return joined && { ...joined, reasons };
  };
}

/**
 * An IVR call's options of the organisation's own that send the caller to a queue, each with
 * what the pool needs to put this caller in its line when they key it (the queue's routing and
 * overflow chain, caller settings and hours; the skills they need there; the number's
 * priority), and why they may be calling. An option whose queue is gone is not offered.
 */
export async function ivrQueueChoices(db: Queryable, route: NumberRoute, caller: IvrCaller | null, from: string, nowMs: number): Promise<Pick<IvrCallSpec, "queueOptions" | "callerReasons">> {
  const options = route.ivrSettings.queueOptions;
  if (route.inboundAction !== "ivr" || !options.length) return {};
  const organizationMisses = await organizationRingMisses(db, route.organizationId);
  const queueOptions: IvrQueueChoice[] = [];
  for (const option of options) {
    const row = await queueRowOf(db, route.organizationId, option.action.queueId);
    if (!row) continue;
    const queue = await overflowQueueFrom(db, route.organizationId, row, organizationMisses, 1);
    queueOptions.push({ key: option.key, label: option.label, queue, needs: skillsNeeded(row, caller?.preferredLanguage ?? null), priority: route.inboundQueuePriority });
  }
  const callerReasons = await callerReasonsFor(db, route.organizationId, { from, accountId: caller?.accountId ?? null }, nowMs, route.timeZone);
  return { queueOptions, ...(callerReasons.length ? { callerReasons } : {}) };
}
