// Outbound webhook endpoints (admins only): subscribe a URL to event types, with a
// secret shown once; enable and disable; rotate the secret (the old one signs too for a
// day); the delivery log; and replays, which send the same message again (same
// webhook-id) through the organisation's dispatcher.
import { and, desc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import type { Queryable } from "../../db/client";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookMessages } from "../../db/schema";
import { webhookSubscription } from "../../domain/webhook-events";
import { SECRET_ROLL_WINDOW_MS } from "../../domain/webhook-retry";
import { checkWebhookUrl } from "../../domain/webhook-targets";
import { newWebhookSecret } from "../../objects/webhook-dispatcher/signature";
import {
  changeWebhookEndpoint,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  replayWebhookDelivery,
  replayWebhookRange,
  rotateWebhookSecret,
  type WebhookDelivery,
} from "../http/contracts/webhook-endpoints";
import { ApiError, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { defineRoute, member, type AppContext } from "../http/route-table";
import { wakeWebhookDispatcher } from "../outbound-webhooks/wake";

const endpointColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  events: webhookEndpoints.eventTypes,
  description: webhookEndpoints.description,
  enabled: webhookEndpoints.enabled,
  disabledReason: webhookEndpoints.disabledReason,
  disabledAt: webhookEndpoints.disabledAt,
  previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt,
  failingSince: webhookEndpoints.failingSince,
  createdAt: webhookEndpoints.createdAt,
};

const urlField = z.string().trim().min(1).max(2000);
const eventsField = z.array(webhookSubscription).min(1, "subscribe to at least one event type").max(50);
const DELIVERIES_LIST_LIMIT = 200;

/** The SSRF guard's URL check (loopback only where the deployment allows it): a 400 naming `url`. */
function checkedUrl(c: AppContext, url: string): string {
  const verdict = checkWebhookUrl(url, { allowLoopback: c.env.WEBHOOK_ALLOW_LOOPBACK === "true" });
  if (!verdict.ok) throw new ApiError(400, "validation_failed", `url ${verdict.reason}`, [{ path: "url", message: verdict.reason }]);
  return verdict.url.toString();
}

defineRoute(listWebhookEndpoints, {
  summary: "The organisation's webhook endpoints (never their secrets)",
  access: member("admin"),
  handler: async (c) => {
    const endpoints = await c.var.db
      .select(endpointColumns)
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.organizationId, c.var.identity.organizationId))
      .orderBy(desc(webhookEndpoints.createdAt));
    return c.json({ endpoints });
  },
});

defineRoute(createWebhookEndpoint, {
  summary: "Subscribe a URL to event types; the signing secret is returned once",
  access: member("admin"),
  body: z.strictObject({ url: urlField, events: eventsField, description: z.string().max(500).default("") }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const url = checkedUrl(c, body.url);
    const secret = newWebhookSecret();
    const endpoint = await c.var.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(webhookEndpoints)
        .values({ organizationId: identity.organizationId, url, eventTypes: [...new Set(body.events)], description: body.description, secret })
        .returning(endpointColumns);
      await recordAudit(tx, identity.organizationId, identity, {
        action: "webhook_endpoint.created",
        resourceType: "webhook_endpoint",
        resourceId: row!.id,
        after: { url, events: row!.events },
      });
      return row!;
    });
    return c.json({ endpoint, secret }, 201);
  },
});

defineRoute(changeWebhookEndpoint, {
  summary: "Enable or disable an endpoint, or change its URL, events or description",
  access: member("admin"),
  resource: "webhookEndpoint",
  body: z
    .strictObject({ enabled: z.boolean(), url: urlField, events: eventsField, description: z.string().max(500) })
    .partial()
    .refine((b) => Object.keys(b).length > 0, "send enabled, url, events or description"),
  handler: async (c, { body }) => {
    const id = idParam(c, "Webhook endpoint");
    const identity = c.var.identity;
    const url = body.url === undefined ? undefined : checkedUrl(c, body.url);
    const endpoint = await c.var.db.transaction(async (tx) => {
      const before = await findEndpoint(tx, identity.organizationId, id, true);
      const [after] = await tx
        .update(webhookEndpoints)
        .set({
          ...(url !== undefined ? { url } : {}),
          ...(body.events ? { eventTypes: [...new Set(body.events)] } : {}),
          ...(body.description !== undefined ? { description: body.description } : {}),
          ...(body.enabled === true ? { enabled: true, disabledReason: null, disabledAt: null, failingSince: null } : {}),
          ...(body.enabled === false && before.enabled ? { enabled: false, disabledReason: "manual", disabledAt: new Date() } : {}),
          updatedAt: new Date(),
        })
        .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.organizationId, identity.organizationId)))
        .returning(endpointColumns);
      // Re-enabled: what waited for it starts a new round of attempts, due now.
      if (body.enabled === true && !before.enabled) {
        await tx
          .update(webhookDeliveries)
          .set(REPLAY)
          .where(and(eq(webhookDeliveries.endpointId, id), eq(webhookDeliveries.organizationId, identity.organizationId), eq(webhookDeliveries.status, "pending")));
      }
      const changed = Object.keys(body) as (keyof typeof body)[];
      await recordAudit(tx, identity.organizationId, identity, {
        action: "webhook_endpoint.updated",
        resourceType: "webhook_endpoint",
        resourceId: id,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after![k]])),
      });
      return after!;
    });
    // Re-enabled: what waited for it goes out now.
    if (body.enabled === true) wakeWebhookDispatcher(c.env, c.executionCtx, identity.organizationId);
    return c.json({ endpoint });
  },
});

defineRoute(deleteWebhookEndpoint, {
  summary: "Delete an endpoint, its pending deliveries and its log",
  access: member("admin"),
  resource: "webhookEndpoint",
  handler: async (c) => {
    const id = idParam(c, "Webhook endpoint");
    const identity = c.var.identity;
    await c.var.db.transaction(async (tx) => {
      const before = await findEndpoint(tx, identity.organizationId, id, true);
      await tx.delete(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.organizationId, identity.organizationId)));
      await recordAudit(tx, identity.organizationId, identity, {
        action: "webhook_endpoint.deleted",
        resourceType: "webhook_endpoint",
        resourceId: id,
        before: { url: before.url, events: before.events },
      });
    });
    return c.body(null, 204);
  },
});

defineRoute(rotateWebhookSecret, {
  summary: "Rotate the signing secret: the new one is returned once; the old one also signs for 24 h",
  access: member("admin"),
  resource: "webhookEndpoint",
  handler: async (c) => {
    const id = idParam(c, "Webhook endpoint");
    const identity = c.var.identity;
    const secret = newWebhookSecret();
    const endpoint = await c.var.db.transaction(async (tx) => {
      await findEndpoint(tx, identity.organizationId, id, true);
      const [row] = await tx
        .update(webhookEndpoints)
        .set({
          previousSecret: webhookEndpoints.secret,
          previousSecretExpiresAt: new Date(Date.now() + SECRET_ROLL_WINDOW_MS),
          secret,
          updatedAt: new Date(),
        })
        .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.organizationId, identity.organizationId)))
        .returning(endpointColumns);
      await recordAudit(tx, identity.organizationId, identity, { action: "webhook_endpoint.secret_rotated", resourceType: "webhook_endpoint", resourceId: id });
      return row!;
    });
    return c.json({ endpoint, secret });
  },
});

defineRoute(listWebhookDeliveries, {
  summary: "An endpoint's deliveries, newest first, each with its request body and every attempt (status, timing)",
  access: member("admin"),
  resource: "webhookEndpoint",
  query: z.strictObject({
    status: z.enum(["pending", "succeeded", "failed"]).optional(),
    limit: z.coerce.number().int().min(1).max(DELIVERIES_LIST_LIMIT).default(50),
  }),
  handler: async (c, { query }) => {
    const id = idParam(c, "Webhook endpoint");
    const organizationId = c.var.identity.organizationId;
    await findEndpoint(c.var.db, organizationId, id);
    const deliveries = await loadDeliveries(c.var.db, organizationId, {
      endpointId: id,
      ...(query.status ? { status: query.status } : {}),
      limit: query.limit,
    });
    return c.json({ deliveries });
  },
});

defineRoute(replayWebhookRange, {
  summary: "Send again every delivery of the endpoint created in [since, until] (same webhook-ids)",
  access: member("admin"),
  resource: "webhookEndpoint",
  body: z
    .strictObject({ since: z.iso.datetime({ offset: true }), until: z.iso.datetime({ offset: true }) })
    .refine((b) => Date.parse(b.since) <= Date.parse(b.until), { path: ["until"], message: "must not be before since" }),
  handler: async (c, { body }) => {
    const id = idParam(c, "Webhook endpoint");
    const identity = c.var.identity;
    const replayed = await c.var.db.transaction(async (tx) => {
      await findEndpoint(tx, identity.organizationId, id, true);
      const rows = await tx
        .update(webhookDeliveries)
        .set(REPLAY)
        .where(
          and(
            eq(webhookDeliveries.organizationId, identity.organizationId),
            eq(webhookDeliveries.endpointId, id),
            gte(webhookDeliveries.createdAt, new Date(body.since)),
            lte(webhookDeliveries.createdAt, new Date(body.until)),
          ),
        )
        .returning({ id: webhookDeliveries.id });
      await recordAudit(tx, identity.organizationId, identity, {
        action: "webhook_endpoint.replayed",
        resourceType: "webhook_endpoint",
        resourceId: id,
        after: { since: body.since, until: body.until, deliveries: rows.length },
      });
      return rows.length;
    });
    wakeWebhookDispatcher(c.env, c.executionCtx, identity.organizationId);
    return c.json({ replayed }, 202);
  },
});

defineRoute(replayWebhookDelivery, {
  summary: "Send one delivery again (same webhook-id)",
  access: member("admin"),
  resource: "webhookDelivery",
  handler: async (c) => {
    const id = idParam(c, "Webhook delivery");
    const identity = c.var.identity;
    await c.var.db.transaction(async (tx) => {
      const [row] = await tx
        .update(webhookDeliveries)
        .set(REPLAY)
        .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.organizationId, identity.organizationId)))
        .returning({ endpointId: webhookDeliveries.endpointId });
      if (!row) throw notFound("Webhook delivery");
      await recordAudit(tx, identity.organizationId, identity, { action: "webhook_delivery.replayed", resourceType: "webhook_delivery", resourceId: id });
    });
    wakeWebhookDispatcher(c.env, c.executionCtx, identity.organizationId);
    const [delivery] = await loadDeliveries(c.var.db, identity.organizationId, { deliveryId: id, limit: 1 });
    return c.json({ delivery: delivery! }, 202);
  },
});

/** A replay starts a new round of attempts, due now, for the same message. */
const REPLAY = { status: "pending" as const, attempts: 0, nextAttemptAt: sql`now()` };

async function findEndpoint(db: Queryable, organizationId: string, id: string, forUpdate = false) {
  const query = db
    .select(endpointColumns)
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.organizationId, organizationId)));
  const [row] = forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound("Webhook endpoint");
  return row;
}

async function loadDeliveries(
  db: Queryable,
  organizationId: string,
  filter: { endpointId?: string; deliveryId?: string; status?: "pending" | "succeeded" | "failed"; limit: number },
): Promise<WebhookDelivery[]> {
  const rows = await db
    .select({
      id: webhookDeliveries.id,
      endpointId: webhookDeliveries.endpointId,
      messageId: webhookDeliveries.messageId,
      eventType: webhookMessages.eventType,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      createdAt: webhookDeliveries.createdAt,
      requestBody: webhookMessages.body,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookMessages, eq(webhookMessages.id, webhookDeliveries.messageId))
    .where(
      and(
        eq(webhookDeliveries.organizationId, organizationId),
        filter.endpointId ? eq(webhookDeliveries.endpointId, filter.endpointId) : undefined,
        filter.deliveryId ? eq(webhookDeliveries.id, filter.deliveryId) : undefined,
        filter.status ? eq(webhookDeliveries.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(filter.limit);
  const attempts = rows.length
    ? await db
        .select({
          deliveryId: webhookAttempts.deliveryId,
          attempt: webhookAttempts.attempt,
          attemptedAt: webhookAttempts.attemptedAt,
          responseStatus: webhookAttempts.responseStatus,
          error: webhookAttempts.error,
          durationMs: webhookAttempts.durationMs,
        })
        .from(webhookAttempts)
        .where(and(eq(webhookAttempts.organizationId, organizationId), inArray(webhookAttempts.deliveryId, rows.map((row) => row.id))))
        .orderBy(webhookAttempts.id)
    : [];
  return rows.map((row) => ({
    ...row,
    eventType: row.eventType as WebhookDelivery["eventType"],
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    log: attempts
      .filter((a) => a.deliveryId === row.id)
      .map(({ deliveryId: _, attemptedAt, ...a }) => ({ ...a, attemptedAt: attemptedAt.toISOString() })),
  }));
}
