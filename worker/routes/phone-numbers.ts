// An organisation's phone numbers: the caller id of its outbound calls, and where
// inbound calls to each number go (ring one agent, play a message, the IVR, or a queue:
// inboundAction "queue" needs the number's inboundQueueId, a queue of the organisation; an
// "ai_agent" number may name one too: its members are who the AI hands a caller to).
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { INBOUND_ACTIONS, type InboundAction } from "../../domain/inbound-routing";
import { recordAudit } from "../../db/audit/record";
import { inboundQueues, memberships, phoneNumbers } from "../../db/schema";
import type { Queryable } from "../../db/client";
import { ApiError, conflict, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { addPhoneNumber, changePhoneNumber, listPhoneNumbers } from "../http/contracts/phone-numbers";
import { defineRoute, member } from "../http/route-table";
import { requireFeature } from "../billing/plan-gate";
import { e164Field } from "./validation";

const numberColumns = {
  id: phoneNumbers.id,
  e164: phoneNumbers.e164,
  label: phoneNumbers.label,
  inboundAction: phoneNumbers.inboundAction,
  inboundAgentUserId: phoneNumbers.inboundAgentUserId,
  inboundMessage: phoneNumbers.inboundMessage,
  inboundQueueId: phoneNumbers.inboundQueueId,
  inboundQueuePriority: phoneNumbers.inboundQueuePriority,
  createdAt: phoneNumbers.createdAt,
};

const numberFields = {
  label: z.string().trim().min(1).max(100),
  inboundAction: z.enum(INBOUND_ACTIONS),
  inboundAgentUserId: z.uuid().nullable(),
  inboundMessage: z.string().trim().min(1).max(1000),
  inboundQueueId: z.uuid().nullable(),
  inboundQueuePriority: z.number().int().min(0).max(100),
};

defineRoute(listPhoneNumbers, {
  summary: "The organisation's phone numbers and where their inbound calls go",
  access: member("viewer"),
  handler: async (c) => {
    const rows = await c.var.db
      .select(numberColumns)
      .from(phoneNumbers)
      .where(eq(phoneNumbers.organizationId, c.var.identity.organizationId))
      .orderBy(asc(phoneNumbers.createdAt));
    return c.json({ phoneNumbers: rows });
  },
});

defineRoute(addPhoneNumber, {
  summary: "Add a number the organisation owns at the carrier",
  access: member("admin"),
  body: z.strictObject({
    e164: e164Field,
    ...numberFields,
    inboundAgentUserId: numberFields.inboundAgentUserId.optional(),
    inboundMessage: numberFields.inboundMessage.optional(),
    inboundAction: numberFields.inboundAction.default("message"),
    inboundQueueId: numberFields.inboundQueueId.optional(),
    inboundQueuePriority: numberFields.inboundQueuePriority.optional(),
  }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const created = await c.var.db.transaction(async (tx) => {
      if (body.inboundAction === "ai_agent") await requireFeature(tx, identity.organizationId, "ai_agent");
      if (body.inboundAgentUserId) await assertAgent(tx, identity.organizationId, body.inboundAgentUserId);
      await assertQueueRoute(tx, identity.organizationId, body.inboundAction, body.inboundQueueId ?? null);
      const [row] = await tx
        .insert(phoneNumbers)
        .values({ ...body, organizationId: identity.organizationId })
        .onConflictDoNothing()
        .returning(numberColumns);
      if (!row) throw conflict(`${body.e164} is already in use`);
      await recordAudit(tx, identity.organizationId, identity, { action: "phone_number.added", resourceType: "phone_number", resourceId: row.id, after: body });
      return row;
    });
    return c.json({ phoneNumber: created }, 201);
  },
});

defineRoute(changePhoneNumber, {
  summary: "Change a number's label or where its inbound calls go",
  access: member("admin"),
  resource: "phoneNumber",
  body: z.strictObject(numberFields).partial(),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const id = idParam(c, "Phone number");
    const updated = await c.var.db.transaction(async (tx) => {
      const [before] = await tx
        .select(numberColumns)
        .from(phoneNumbers)
        .where(and(eq(phoneNumbers.id, id), eq(phoneNumbers.organizationId, identity.organizationId)))
        .for("update");
      if (!before) throw notFound("Phone number");
      if (body.inboundAction === "ai_agent" && before.inboundAction !== "ai_agent") await requireFeature(tx, identity.organizationId, "ai_agent");
      if (body.inboundAgentUserId) await assertAgent(tx, identity.organizationId, body.inboundAgentUserId);
      const action = body.inboundAction ?? before.inboundAction;
      // A number routed away from its queue lets go of it (else the queue could never be
      // deleted: "Numbers route to this queue"); an AI number keeps its queue for the people it hands callers to.
      const queueId = body.inboundQueueId !== undefined ? body.inboundQueueId : QUEUE_NAMING_ACTIONS.has(action) ? before.inboundQueueId : null;
      await assertQueueRoute(tx, identity.organizationId, action, queueId);
      const [after] = await tx.update(phoneNumbers).set({ ...body, inboundQueueId: queueId }).where(eq(phoneNumbers.id, id)).returning(numberColumns);
      await recordAudit(tx, identity.organizationId, identity, { action: "phone_number.updated", resourceType: "phone_number", resourceId: id, before, after: body });
      return after!;
    });
    return c.json({ phoneNumber: updated });
  },
});

async function assertAgent(db: Queryable, organizationId: string, userId: string): Promise<void> {
  const [found] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  if (!found) throw new ApiError(400, "validation_failed", "Not a member of this organisation", [{ path: "inboundAgentUserId", message: "not a member" }]);
}

/** The routes that name a queue: its callers wait in it, or an AI number's callers are handed to its members. */
const QUEUE_NAMING_ACTIONS: ReadonlySet<InboundAction> = new Set<InboundAction>(["queue", "ai_agent"]);

/** A number routed to a queue names one of the organisation's queues. */
async function assertQueueRoute(db: Queryable, organizationId: string, action: string, queueId: string | null): Promise<void> {
  if (action === "queue" && queueId === null) {
    throw new ApiError(400, "validation_failed", "inboundQueueId: a number routed to a queue names it", [{ path: "inboundQueueId", message: "required when inboundAction is queue" }]);
  }
  if (queueId === null) return;
  const [found] = await db
    .select({ id: inboundQueues.id })
    .from(inboundQueues)
    .where(and(eq(inboundQueues.id, queueId), eq(inboundQueues.organizationId, organizationId)));
  if (!found) throw new ApiError(400, "validation_failed", "inboundQueueId: no such queue in this organisation", [{ path: "inboundQueueId", message: "no such queue in this organisation" }]);
}
