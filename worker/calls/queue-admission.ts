// Putting an inbound caller in a queue's line: the organisation's agent pool holds its
// queues (objects/queue/queue-desk.ts), so the caller joins there with the skills they
// need (the queue's, and their account's language when it routes by language), the
// number's priority, and the moment they called. A repeated call.initiated joins nobody twice.
import type { Queryable } from "../../db/client";
import { skillsNeeded } from "../../domain/inbound-queues";
import { agentPoolStub } from "../../objects/shared/actor-stubs";
import { queueRoutingOf } from "../../objects/queue/queue-desk";
import { findIvrCaller, type AdmitToQueue, type NumberRoute } from "./inbound";

export function queueAdmission(env: Env, db: Queryable, route: NumberRoute, call: { callId: string; from: string; enteredAtMs: number }): AdmitToQueue {
  return async (queueId, queue) => {
    const caller = queue.routeByLanguage ? await findIvrCaller(db, route.organizationId, call.from) : null;
    const routing = queueRoutingOf(queue);
    return agentPoolStub(env, route.organizationId).queueArrive(queueId, routing, {
      callId: call.callId,
      priority: route.inboundQueuePriority,
      needs: skillsNeeded(queue, caller?.preferredLanguage ?? null),
      from: call.from,
      enteredAtMs: call.enteredAtMs,
    });
  };
}
