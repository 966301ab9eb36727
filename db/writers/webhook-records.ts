// Outbound webhooks in Postgres: the outbox the sources write in their own transactions
// (`queueWebhookEvent`: one message, a delivery per subscribed enabled endpoint), and
// what the organisation's WebhookDispatcher reads and records (due deliveries, each
// attempt with its outcome, the endpoint disabled when it is gone or failing too long).
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Database, Queryable, Transaction } from "../client";
import { recordAudit } from "../audit/record";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookMessages } from "../schema";
import { subscriptionsReceiving, type WebhookEventType, type WebhookPayload } from "../../domain/webhook-events";
import { endpointFailingAfter } from "../../domain/webhook-retry";

export interface WebhookEvent {
  organizationId: string;
  type: WebhookEventType;
  /** The same key twice is one message: "call.completed:<call id>". */
  dedupeKey: string;
  occurredAt: Date;
  data: Record<string, unknown>;
}

type Executor = Pick<Database, "execute">;

/**
 * Queues an event for every enabled endpoint of its organisation subscribed to its type,
 * in the caller's transaction. Nothing is written when nobody subscribes. Returns whether
 * deliveries were queued (the caller then wakes the organisation's dispatcher).
 */
export async function queueWebhookEvent(tx: Executor, event: WebhookEvent): Promise<boolean> {
  const body = JSON.stringify({ type: event.type, timestamp: event.occurredAt.toISOString(), data: event.data } satisfies WebhookPayload);
  const subscriptions = `{${subscriptionsReceiving(event.type).map((s) => `"${s}"`).join(",")}}`;
  const result = await tx.execute(sql`
    with endpoints as (
      select id from ${webhookEndpoints}
      where organization_id = ${event.organizationId} and enabled and event_types && ${subscriptions}::text[]
    ), message as (
      insert into ${webhookMessages} (id, organization_id, event_type, dedupe_key, body, occurred_at)
      select ${newMessageId()}, ${event.organizationId}, ${event.type}, ${event.dedupeKey}, ${body}, ${event.occurredAt.toISOString()}::timestamptz
      where exists (select 1 from endpoints)
      on conflict (organization_id, dedupe_key) do nothing
      returning id
    )
    insert into ${webhookDeliveries} (organization_id, endpoint_id, message_id, next_attempt_at)
    select ${event.organizationId}, endpoints.id, message.id, now() from endpoints cross join message
    returning id`);
  return result.rows.length > 0;
}

/** Of these organisations, those with an enabled endpoint: a source with many rows asks once before queueing. */
export async function organizationsWithEndpoints(db: Queryable, organizationIds: readonly string[]): Promise<Set<string>> {
  if (organizationIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ organizationId: webhookEndpoints.organizationId })
    .from(webhookEndpoints)
    .where(and(inArray(webhookEndpoints.organizationId, [...new Set(organizationIds)]), eq(webhookEndpoints.enabled, true)));
  return new Set(rows.map((row) => row.organizationId));
}

/** A delivery due now, with what sending it needs. */
export interface DueDelivery {
  deliveryId: string;
  endpointId: string;
  messageId: string;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  body: string;
  occurredAt: Date;
  attempts: number;
  failingSince: Date | null;
}

export async function loadDueDeliveries(db: Queryable, organizationId: string, now: Date, limit: number): Promise<DueDelivery[]> {
  return db
    .select({
      deliveryId: webhookDeliveries.id,
      endpointId: webhookEndpoints.id,
      messageId: webhookMessages.id,
      url: webhookEndpoints.url,
      secret: webhookEndpoints.secret,
      previousSecret: webhookEndpoints.previousSecret,
      previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt,
      body: webhookMessages.body,
      occurredAt: webhookMessages.occurredAt,
      attempts: webhookDeliveries.attempts,
      failingSince: webhookEndpoints.failingSince,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(webhookMessages, eq(webhookMessages.id, webhookDeliveries.messageId))
    .where(
      and(
        eq(webhookDeliveries.organizationId, organizationId),
        eq(webhookDeliveries.status, "pending"),
        lte(webhookDeliveries.nextAttemptAt, now),
        eq(webhookEndpoints.enabled, true),
      ),
    )
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit);
}

/** When the organisation's next delivery is due (enabled endpoints only), or null. */
export async function nextDueAt(db: Queryable, organizationId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<string | null>`min(${webhookDeliveries.nextAttemptAt})` })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(and(eq(webhookDeliveries.organizationId, organizationId), eq(webhookDeliveries.status, "pending"), eq(webhookEndpoints.enabled, true)));
  return row?.at ? new Date(row.at) : null;
}

/** Organisations with a delivery overdue by `graceMs`: the sweep wakes their dispatchers (a lost wake-up). */
export async function organizationsWithOverdueDeliveries(db: Queryable, now: Date, graceMs: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ organizationId: webhookDeliveries.organizationId })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, new Date(now.getTime() - graceMs))))
    .limit(1000);
  return rows.map((row) => row.organizationId);
}

export interface AttemptRecord {
  organizationId: string;
  delivery: Pick<DueDelivery, "deliveryId" | "endpointId" | "attempts" | "failingSince">;
  attemptedAt: Date;
  durationMs: number;
  responseStatus: number | null;
  error: string | null;
  /** What follows (domain/webhook-retry.ts), with the endpoint disabled for "gone" or "failing". */
  outcome: { kind: "succeeded" } | { kind: "retry"; at: Date } | { kind: "failed" };
  disableEndpoint: "gone" | "failing" | null;
}

/**
 * A batch of attempts (a dispatcher pass's, as they finish) in one transaction: their log
 * rows, each delivery's new state, and each endpoint's health as its attempts leave it
 * (domain/webhook-retry.ts endpointFailingAfter), the endpoint disabled when one says so.
 * A few statements per batch, not per delivery: the round trips were the dispatcher's limit.
 */
export async function recordAttempts(db: Database, records: readonly AttemptRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values(
      records.map((record) => ({
        organizationId: record.organizationId,
        deliveryId: record.delivery.deliveryId,
        attempt: record.delivery.attempts + 1,
        responseStatus: record.responseStatus,
        error: record.error,
        durationMs: record.durationMs,
        attemptedAt: record.attemptedAt,
      })),
    );
    const states = records.map(({ delivery, outcome, disableEndpoint, attemptedAt, responseStatus, error }) => ({
      id: delivery.deliveryId,
      // A delivery to an endpoint disabled now stays pending: re-enabling it sends it.
      status: outcome.kind === "retry" || disableEndpoint ? "pending" : outcome.kind,
      attempts: delivery.attempts + 1,
      next_attempt_at: disableEndpoint ? attemptedAt.toISOString() : outcome.kind === "retry" ? outcome.at.toISOString() : null,
      last_status: responseStatus,
      last_error: error,
      last_attempt_at: attemptedAt.toISOString(),
    }));
    await tx.execute(sql`
      update ${webhookDeliveries} d set status = v.status, attempts = v.attempts, next_attempt_at = v.next_attempt_at,
        last_status = v.last_status, last_error = v.last_error, last_attempt_at = v.last_attempt_at
      from jsonb_to_recordset(${JSON.stringify(states)}::jsonb)
        as v(id uuid, status text, attempts integer, next_attempt_at timestamptz, last_status integer, last_error text, last_attempt_at timestamptz)
      where d.id = v.id`);
    const byEndpoint = new Map<string, AttemptRecord[]>();
    for (const record of records) byEndpoint.set(record.delivery.endpointId, [...(byEndpoint.get(record.delivery.endpointId) ?? []), record]);
    for (const [endpointId, attempts] of byEndpoint) {
      const health = endpointFailingAfter(attempts.map((a) => ({ at: a.attemptedAt, succeeded: a.outcome.kind === "succeeded" })));
      await tx
        .update(webhookEndpoints)
        .set({
          failingSince:
            health.kind === "healthy" ? null : health.kind === "failing_since" ? health.since : sql`coalesce(${webhookEndpoints.failingSince}, ${health.since.toISOString()}::timestamptz)`,
        })
        .where(eq(webhookEndpoints.id, endpointId));
      const disabling = attempts.find((a) => a.disableEndpoint);
      if (disabling) await disableEndpoint(tx, disabling.organizationId, endpointId, disabling.disableEndpoint!, disabling.attemptedAt);
    }
  });
}

/**
 * The engine disables an endpoint and tells the organisation: the endpoint says why
 * (`disabledReason`, shown in the console) and the audit log has the entry.
 */
async function disableEndpoint(tx: Transaction, organizationId: string, endpointId: string, reason: "gone" | "failing", at: Date): Promise<void> {
  const result = await tx.execute(sql`
    update ${webhookEndpoints} set enabled = false, disabled_reason = ${reason}, disabled_at = ${at.toISOString()}::timestamptz, updated_at = now()
    where id = ${endpointId} and enabled
    returning url`);
  const row = result.rows[0] as { url: string } | undefined;
  if (!row) return;
  await recordAudit(tx, organizationId, { kind: "system" }, {
    action: "webhook_endpoint.disabled",
    resourceType: "webhook_endpoint",
    resourceId: endpointId,
    before: { enabled: true },
    after: {
      enabled: false,
      reason,
      url: row.url,
      explanation: reason === "gone" ? "the receiver answered 410 Gone" : "every delivery failed for 3 days",
    },
  });
}

/** A new message id: the `webhook-id` header (Standard Webhooks suggests a prefixed unique id). */
function newMessageId(): string {
  return `msg_${crypto.randomUUID().replaceAll("-", "")}`;
}
