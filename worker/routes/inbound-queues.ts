// Inbound queues: supervisors and up read them, admins create, change and delete them.
// Members must belong to the organisation (and may take calls); a closed or overflow
// action that sends callers to another queue must name another queue of the organisation.
// A queue a number routes to, another queue sends callers to, or an IVR menu option names, cannot be deleted.
import { and, asc, eq, inArray, isNotNull, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import type { Queryable } from "../../db/client";
import { isUniqueViolation } from "../../db/postgres-errors";
import { inboundQueues, memberships, organizationIvrSettings, phoneNumbers } from "../../db/schema";
import { readIvrSettings } from "../../domain/ivr-settings";
import { QUEUE_DEFAULTS, queueOpenAt, queueSettingsFields, type QueueSettings } from "../../domain/inbound-queues";
import { organizationTimeZone } from "../../db/organization-time-zone";
import { queueCallerSettingsOf } from "../../objects/call/features/queue/queue-spec";
import { takesCalls } from "../../domain/roles";
import { poolRoutingOf } from "../calls/queue-admission";
import { agentPoolStub, callActorStub } from "../../objects/shared/actor-stubs";
import { queueEvent } from "../../objects/call/features/queue/queue-events";
import { changeQueue, createQueue, deleteQueue, getQueue, getQueueStats, listQueues, moveWaitingCall, setQueueMembers, type InboundQueue } from "../http/contracts/inbound-queues";
import { ApiError, conflict, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { defineRoute, member, type AppContext } from "../http/route-table";

type QueueRow = typeof inboundQueues.$inferSelect;

const queueView = ({ organizationId: _org, createdAt, updatedAt, ...row }: QueueRow): InboundQueue => ({
  ...row,
  createdAt: createdAt.toISOString(),
  updatedAt: updatedAt.toISOString(),
});

async function findQueue(db: Queryable, organizationId: string, id: string, lock = false): Promise<QueueRow> {
  const query = db.select().from(inboundQueues).where(and(eq(inboundQueues.id, id), eq(inboundQueues.organizationId, organizationId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("Queue");
  return row;
}

const invalid = (path: string, message: string) => new ApiError(400, "validation_failed", `${path}: ${message}`, [{ path, message }]);

/** Members are people of this organisation who take calls; fallbacks name another queue of it. */
async function checkReferences(db: Queryable, organizationId: string, queueId: string | null, settings: Partial<QueueSettings>): Promise<void> {
  const members = settings.members ?? [];
  if (members.length) {
    const found = await db
      .select({ userId: memberships.userId, role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.userId, members.map((m) => m.userId))));
    const roles = new Map(found.map((row) => [row.userId, row.role]));
    members.forEach((m, index) => {
      const role = roles.get(m.userId);
      if (!role) throw invalid(`members.${index}.userId`, "not a member of this organisation");
      if (!takesCalls(role)) throw invalid(`members.${index}.userId`, `a ${role} does not take calls`);
    });
  }
  for (const field of ["closedAction", "overflowAction"] as const) {
    const action = settings[field];
    if (action?.kind !== "queue") continue;
    if (action.queueId === queueId) throw invalid(`${field}.queueId`, "a queue cannot send its callers to itself");
    const [target] = await db
      .select({ id: inboundQueues.id })
      .from(inboundQueues)
      .where(and(eq(inboundQueues.id, action.queueId), eq(inboundQueues.organizationId, organizationId)));
    if (!target) throw invalid(`${field}.queueId`, "no such queue in this organisation");
  }
}

/** The pool routes the queue's waiting callers by what was just committed (its members and skills, waits, threshold). */
async function routeByNewSettings(c: AppContext, row: QueueRow): Promise<void> {
  await agentPoolStub(c.env, row.organizationId).queueRoutingChanged(row.id, await poolRoutingOf(c.var.db, row.organizationId, row));
}

/** The organisation's miss threshold changed: the pool's queues that ring agents route by it (a queue's own threshold still wins). */
export async function queuesFollowOrganization(c: AppContext): Promise<void> {
  const rows = await c.var.db.select().from(inboundQueues).where(and(eq(inboundQueues.organizationId, c.var.identity.organizationId), isNotNull(inboundQueues.agentRing)));
  for (const row of rows) await routeByNewSettings(c, row);
}

const nameTaken = (name: string | undefined) => (error: unknown) => {
  throw isUniqueViolation(error) ? conflict(`A queue named ${name} exists`) : error;
};

defineRoute(listQueues, {
  summary: "The organisation's inbound queues, by name",
  access: member("supervisor"),
  handler: async (c) => {
    const rows = await c.var.db
      .select()
      .from(inboundQueues)
      .where(eq(inboundQueues.organizationId, c.var.identity.organizationId))
      .orderBy(asc(inboundQueues.name), asc(inboundQueues.id));
    return c.json({ queues: rows.map(queueView) });
  },
});

defineRoute(getQueue, {
  summary: "One inbound queue's settings",
  access: member("supervisor"),
  resource: "queue",
  handler: async (c) => c.json({ queue: queueView(await findQueue(c.var.db, c.var.identity.organizationId, idParam(c, "Queue"))) }),
});

/**
 * A setting that is itself an object (hours, skills, an action), as one body field: a
 * problem inside is named at the field with its place in the message ("hours:
 * weekly.mon.0.to: closes after it opens"), so every rejection names a field the body has.
 */
function namedAtField<T>(schema: z.ZodType<T>) {
  return z.unknown().transform((value, ctx): T => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const inner = issue.code === "unrecognized_keys" ? `unknown field ${issue.keys.join(", ")}` : issue.message;
      ctx.addIssue({ code: "custom", message: issue.path.length ? `${issue.path.join(".")}: ${inner}` : inner });
    }
    return z.NEVER;
  });
}

const settingsBody = z.strictObject({
  ...queueSettingsFields,
  hours: namedAtField(queueSettingsFields.hours),
  requiredSkills: namedAtField(queueSettingsFields.requiredSkills),
  closedAction: namedAtField(queueSettingsFields.closedAction),
  overflowAction: namedAtField(queueSettingsFields.overflowAction),
  callback: namedAtField(queueSettingsFields.callback),
  agentRing: namedAtField(queueSettingsFields.agentRing),
});

defineRoute(createQueue, {
  summary: "Create an inbound queue (a name; every other setting has a default)",
  access: member("admin"),
  body: settingsBody.partial().required({ name: true }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const settings: QueueSettings = { ...QUEUE_DEFAULTS, ...body };
    const row = await c.var.db.transaction(async (tx) => {
      await checkReferences(tx, identity.organizationId, null, settings);
      const [created] = await tx
        .insert(inboundQueues)
        .values({ ...settings, organizationId: identity.organizationId })
        .returning()
        .catch(nameTaken(settings.name));
      await recordAudit(tx, identity.organizationId, identity, { action: "queue.created", resourceType: "queue", resourceId: created!.id, after: settings });
      return created!;
    });
    return c.json({ queue: queueView(row) }, 201);
  },
});

defineRoute(changeQueue, {
  summary: "Change an inbound queue's settings (its actor follows on its next caller)",
  access: member("admin"),
  resource: "queue",
  body: settingsBody.partial().refine((b) => Object.keys(b).length > 0, "send at least one field to change"),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const id = idParam(c, "Queue");
    const row = await c.var.db.transaction(async (tx) => {
      const before = await findQueue(tx, identity.organizationId, id, true);
      await checkReferences(tx, identity.organizationId, id, body);
      const [after] = await tx
        .update(inboundQueues)
        .set({ ...body, updatedAt: new Date() })
        .where(and(eq(inboundQueues.id, id), eq(inboundQueues.organizationId, identity.organizationId)))
        .returning()
        .catch(nameTaken(body.name));
      const changed = Object.keys(body) as (keyof typeof body)[];
      await recordAudit(tx, identity.organizationId, identity, {
        action: "queue.updated",
        resourceType: "queue",
        resourceId: id,
        before: Object.fromEntries(changed.map((key) => [key, before[key]])),
        after: body,
      });
      return after!;
    });
    await routeByNewSettings(c, row);
    return c.json({ queue: queueView(row) });
  },
});

defineRoute(getQueueStats, {
  summary: "One inbound queue live: callers waiting (answer order, wait, priority), service level within its threshold, abandons, members by state and skill",
  access: member("supervisor"),
  resource: "queue",
  handler: async (c) => {
    const row = await findQueue(c.var.db, c.var.identity.organizationId, idParam(c, "Queue"));
    const queue = await agentPoolStub(c.env, row.organizationId).queueLiveView(row.id, row.serviceLevelSeconds);
    return c.json({ queue });
  },
});

defineRoute(setQueueMembers, {
  summary: "Set an inbound queue's members and their skills (supervisors and up; callers already waiting are routed by them at once)",
  access: member("supervisor"),
  resource: "queue",
  body: z.strictObject({ members: queueSettingsFields.members }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const id = idParam(c, "Queue");
    const row = await c.var.db.transaction(async (tx) => {
      const before = await findQueue(tx, identity.organizationId, id, true);
      await checkReferences(tx, identity.organizationId, id, body);
      const [after] = await tx
        .update(inboundQueues)
        .set({ members: body.members, updatedAt: new Date() })
        .where(and(eq(inboundQueues.id, id), eq(inboundQueues.organizationId, identity.organizationId)))
        .returning();
      await recordAudit(tx, identity.organizationId, identity, { action: "queue.members_set", resourceType: "queue", resourceId: id, before: { members: before.members }, after: body });
      return after!;
    });
    await routeByNewSettings(c, row);
    return c.json({ queue: queueView(row) });
  },
});

defineRoute(moveWaitingCall, {
  summary: "Move a waiting caller into this queue from the queue of the organisation they wait in (their wait, priority and callback kept; this queue's hold message from then on); moved is null when they no longer wait anywhere",
  access: member("supervisor"),
  resource: "queue",
  body: z.strictObject({ callId: z.uuid() }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const target = await findQueue(c.var.db, identity.organizationId, idParam(c, "Queue"));
    // Closed now (its hours, in its zone or the organisation's): the caller leaves by its closed action instead of joining its line.
    const closed = !queueOpenAt(target.hours, await organizationTimeZone(c.var.db, identity.organizationId), Date.now());
    const pool = agentPoolStub(c.env, identity.organizationId);
    const routing = await poolRoutingOf(c.var.db, identity.organizationId, target);
    const fromQueueId = await pool.queueMove(target.id, routing, body.callId, target.requiredSkills, closed ? queueCallerSettingsOf(target, target.closedAction) : null);
    if (fromQueueId === null) return c.json({ moved: null });
    // The call asks this queue for its turn from now on, with its settings (hold message, overflow, callback offer). Into a
    // closed queue, the call's next turn says so itself (the old queue answers "moved", closed), so nothing is told twice.
    if (!closed) {
      await callActorStub(c.env, identity.organizationId, body.callId).receiveCarrierEvent(
        queueEvent(`moved:${crypto.randomUUID()}`, Date.now(), { kind: "moved", queueId: target.id, holdMessage: target.holdMessage, settings: queueCallerSettingsOf(target, target.overflowAction) }),
      );
    }
    await c.var.db.transaction((tx) =>
      recordAudit(tx, identity.organizationId, identity, { action: "queue.call_moved", resourceType: "queue", resourceId: target.id, after: { callId: body.callId, fromQueueId } }),
    );
    return c.json({ moved: { callId: body.callId, fromQueueId, toQueueId: target.id, ...(closed ? { closed } : {}) } });
  },
});

defineRoute(deleteQueue, {
  summary: "Delete an inbound queue no number routes to, no other queue sends callers to and nobody waits in (its live line is cleared)",
  access: member("admin"),
  resource: "queue",
  handler: async (c) => {
    const identity = c.var.identity;
    const id = idParam(c, "Queue");
    await c.var.db.transaction(async (tx) => {
      const before = await findQueue(tx, identity.organizationId, id, true);
      const numbers = await tx
        .select({ e164: phoneNumbers.e164 })
        .from(phoneNumbers)
        .where(and(eq(phoneNumbers.organizationId, identity.organizationId), eq(phoneNumbers.inboundQueueId, id)));
      if (numbers.length) throw conflict(`Numbers route to this queue: ${numbers.map((n) => n.e164).join(", ")}; route them elsewhere first`);
      const senders = await tx
        .select({ name: inboundQueues.name })
        .from(inboundQueues)
        .where(
          and(
            eq(inboundQueues.organizationId, identity.organizationId),
            ne(inboundQueues.id, id),
            or(sql`${inboundQueues.closedAction}->>'queueId' = ${id}`, sql`${inboundQueues.overflowAction}->>'queueId' = ${id}`),
          ),
        );
      if (senders.length) throw conflict(`Queues send their callers here: ${senders.map((q) => q.name).join(", ")}; change them first`);
      const [ivr] = await tx.select({ settings: organizationIvrSettings.settings }).from(organizationIvrSettings).where(eq(organizationIvrSettings.organizationId, identity.organizationId));
      const options = readIvrSettings(ivr?.settings).queueOptions.filter((option) => option.action.queueId === id);
      if (options.length) throw conflict(`The IVR menu sends callers here (${options.map((o) => `key ${o.key}: ${o.label}`).join(", ")}); change Administration → IVR first`);
      // The pool's line goes with the queue; while callers wait in it, the delete is refused naming them.
      const line = await agentPoolStub(c.env, identity.organizationId).queueRemove(id);
      if (!line.removed) throw conflict(`Callers wait in this queue: ${line.waitingFrom.join(", ")}; move them to another queue (Supervisor → Inbound queues) or wait until they are answered`);
      await tx.delete(inboundQueues).where(and(eq(inboundQueues.id, id), eq(inboundQueues.organizationId, identity.organizationId)));
      await recordAudit(tx, identity.organizationId, identity, { action: "queue.deleted", resourceType: "queue", resourceId: id, before: { name: before.name } });
    });
    return c.body(null, 204);
  },
});
