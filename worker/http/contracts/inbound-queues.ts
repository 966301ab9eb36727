// Inbound queues: an organisation's queues (domain/inbound-queues.ts), read by supervisors
// and changed by admins.
import { z } from "zod";
import { agentRingPolicy, queueCallbackPolicy, queueFallback, queueMember, skillLevels, storedQueueHours } from "../../../domain/inbound-queues";
import { queueLiveView } from "../../../objects/agent-pool/protocol";
import { NO_BODY, id, instant, routeContract } from "./contract";

export const inboundQueue = z.strictObject({
  id,
  name: z.string(),
  priority: z.number().int(),
  hours: storedQueueHours,
  members: z.array(queueMember),
  requiredSkills: skillLevels,
  routeByLanguage: z.boolean(),
  skillRelaxSeconds: z.number().int(),
  serviceLevelSeconds: z.number().int(),
  maxWaitSeconds: z.number().int(),
  maxWaiting: z.number().int(),
  holdMessage: z.string(),
  closedAction: queueFallback,
  overflowAction: queueFallback,
  callback: queueCallbackPolicy,
  agentRing: agentRingPolicy.nullable(),
  createdAt: instant,
  updatedAt: instant,
});
export type InboundQueue = z.infer<typeof inboundQueue>;

const queueBody = z.strictObject({ queue: inboundQueue });

export const listQueues = routeContract({ method: "GET", path: "/api/queues", response: { 200: z.strictObject({ queues: z.array(inboundQueue) }) }, errors: [] });
export const getQueue = routeContract({ method: "GET", path: "/api/queues/:id", response: { 200: queueBody }, errors: [] });
/** conflict: the organisation has a queue of that name. */
export const createQueue = routeContract({ method: "POST", path: "/api/queues", response: { 201: queueBody }, errors: ["conflict"] });
export const changeQueue = routeContract({ method: "PATCH", path: "/api/queues/:id", response: { 200: queueBody }, errors: ["conflict"] });
/** conflict: a number routes to the queue, or another queue sends its callers there. */
export const deleteQueue = routeContract({ method: "DELETE", path: "/api/queues/:id", response: { 204: NO_BODY }, errors: ["conflict"] });

/** The queue live: who waits, its numbers (service level within its threshold, abandons), its members by state and skill. */
export const getQueueStats = routeContract({ method: "GET", path: "/api/queues/:id/stats", response: { 200: z.strictObject({ queue: queueLiveView }) }, errors: [] });
/** A supervisor sets the queue's members and their skills; waiting callers are routed by them at once. */
export const setQueueMembers = routeContract({ method: "PATCH", path: "/api/queues/:id/members", response: { 200: queueBody }, errors: [] });

/** A supervisor moves a waiting caller into this queue from the one they wait in (their wait kept); moved is null when they no longer wait. */
export const moveWaitingCall = routeContract({
  method: "POST",
  path: "/api/queues/:id/move-in",
  /** closed: the queue was closed, so the caller left by its closed action instead of joining its line. */
  response: { 200: z.strictObject({ moved: z.strictObject({ callId: id, fromQueueId: id, toQueueId: id, closed: z.literal(true).optional() }).nullable() }) },
  errors: [],
});

export const inboundQueueRoutes = [listQueues, getQueue, createQueue, changeQueue, deleteQueue, getQueueStats, setQueueMembers, moveWaitingCall] as const;
