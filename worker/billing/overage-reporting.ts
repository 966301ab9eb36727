// The job that charges usage above a plan's included call minutes (domain/billing-overage.ts):
// run by a Cron Trigger (worker/cron-schedules.ts; `npm start` fires it locally), for each
// organisation with a live subscription. Durable in two steps, an outbox in Postgres:
// (1) under the organisation's billing lock, the overage so far this period less what its
// reports already carry is written as a new billing_usage_reports row; (2) every row not
// yet accepted is sent to Stripe as a meter event whose identifier is the row's id (and
// the request's idempotency key), then marked. A crash between the two steps leaves the
// row to send next run; a resend of an accepted one is the same event to Stripe (kept once
// per identifier), so usage is never lost and never charged twice. The meter, its
// metered price and the subscription's metered item are found or made once (stripe-metering.ts).
import { and, asc, eq, inArray, isNull, isNotNull, sql, sum } from "drizzle-orm";
import type Stripe from "stripe";
import { systemAccess } from "../../db/access";
import { openDatabase, type Database } from "../../db/client";
import { billingSubscriptions, billingUsageReports } from "../../db/schema";
import { CALL_MINUTES_METER_EVENT, callMinutesOverage, meterEventTimestampS, minutesToReport } from "../../domain/billing-overage";
import { LIVE_SUBSCRIPTION_STATUSES, planInForce } from "../../domain/billing-plans";
import { logEvent } from "../../domain/log";
import { stripeClient } from "../../objects/shared/stripe-client";
import { ensureOverageItem, ensureOveragePrice } from "./stripe-metering";
import { usageInPeriod } from "./usage";

export interface OverageRunOptions {
  now?: Date;
  /** Only these organisations (a test's own); every organisation with a live subscription otherwise. */
  organizationIds?: readonly string[];
}

/** Minutes sent per organisation this run. */
export type OverageRunResult = Record<string, number>;

export async function reportOverage(env: Env, options: OverageRunOptions = {}): Promise<OverageRunResult> {
  // Without Stripe there is no subscription to charge (an organisation cannot subscribe).
  if (env.PAYMENTS_MODE === "off" || !env.STRIPE_SECRET_KEY) return {};
  const database = openDatabase(env, systemAccess("the overage report reads every organisation's live subscription and usage"), { maxConnections: 1 });
  try {
    return await reportOverageOn(database.db, stripeClient(env), options);
  } finally {
    await database.close();
  }
}

export async function reportOverageOn(db: Database, stripe: Stripe, options: OverageRunOptions = {}): Promise<OverageRunResult> {
  const now = options.now ?? new Date();
  const only = options.organizationIds ? new Set(options.organizationIds) : null;
  const live = await db
    .select({ organizationId: billingSubscriptions.organizationId })
    .from(billingSubscriptions)
    .where(inArray(billingSubscriptions.status, [...LIVE_SUBSCRIPTION_STATUSES]));
  // Rows still to send belong to organisations whose subscription may have ended since.
  const waiting = await db.selectDistinct({ organizationId: billingUsageReports.organizationId }).from(billingUsageReports).where(isNull(billingUsageReports.reportedAt));
  const organizations = new Set([...live, ...waiting].map((row) => row.organizationId).filter((id) => !only || only.has(id)));
  const result: OverageRunResult = {};
  let price: Stripe.Price | null = null;
  for (const organizationId of organizations) {
    try {
      await recordOverage(db, organizationId, now);
      const pending = await db
        .select()
        .from(billingUsageReports)
        .where(and(eq(billingUsageReports.organizationId, organizationId), isNull(billingUsageReports.reportedAt)))
        .orderBy(asc(billingUsageReports.createdAt));
      if (pending.length === 0) continue;
      price ??= await ensureOveragePrice(stripe);
      result[organizationId] = await sendReports(db, stripe, price, pending);
    } catch (error) {
      // One organisation's failure never stops the others; its rows wait for the next run.
      logEvent({ event: "billing_overage_failed", organizationId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}

/** Step 1: the period's overage not yet in a report becomes one, under the organisation's billing lock (one writer at a time). */
export async function recordOverage(db: Database, organizationId: string, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`billing:${organizationId}`}, 0))`);
    const [subscription] = await tx.select().from(billingSubscriptions).where(eq(billingSubscriptions.organizationId, organizationId));
    if (!subscription?.currentPeriodStart || !subscription.currentPeriodEnd || !LIVE_SUBSCRIPTION_STATUSES.has(subscription.status)) return 0;
    const period = { from: subscription.currentPeriodStart, to: subscription.currentPeriodEnd };
    const usage = await usageInPeriod(tx, organizationId, period.from, period.to);
    const overage = callMinutesOverage(planInForce(subscription).plan, usage.callMinutes);
    const reported = await reportedMinutes(tx, organizationId, subscription.stripeSubscriptionId, period.from, false);
    const minutes = minutesToReport(overage.minutes, reported);
    if (minutes === 0) return 0;
    await tx.insert(billingUsageReports).values({
      organizationId,
      stripeSubscriptionId: subscription.stripeSubscriptionId,
      stripeCustomerId: subscription.stripeCustomerId,
      periodStart: period.from,
      minutes,
      eventAt: new Date(meterEventTimestampS(now.getTime(), period) * 1000),
    });
    return minutes;
  });
}

/** The minutes a period's reports carry: every report written (what the next report subtracts), or only those Stripe accepted. */
export async function reportedMinutes(db: Pick<Database, "select">, organizationId: string, subscriptionId: string, periodStart: Date, acceptedOnly: boolean): Promise<number> {
  const [row] = await db
    .select({ n: sum(billingUsageReports.minutes) })
    .from(billingUsageReports)
    .where(
      and(
        eq(billingUsageReports.organizationId, organizationId),
        eq(billingUsageReports.stripeSubscriptionId, subscriptionId),
        eq(billingUsageReports.periodStart, periodStart),
        acceptedOnly ? isNotNull(billingUsageReports.reportedAt) : undefined,
      ),
    );
  return Number(row?.n ?? 0);
}

type ReportRow = typeof billingUsageReports.$inferSelect;

/** Step 2: each row as its meter event (the row's id its identifier), marked once Stripe accepted it. */
async function sendReports(db: Database, stripe: Stripe, price: Stripe.Price, pending: ReportRow[]): Promise<number> {
  let sent = 0;
  const itemReady = new Set<string>();
  for (const report of pending) {
    if (!itemReady.has(report.stripeSubscriptionId)) {
      await ensureOverageItem(stripe, report.stripeSubscriptionId, price);
      itemReady.add(report.stripeSubscriptionId);
    }
    await stripe.billing.meterEvents.create(
      {
        event_name: CALL_MINUTES_METER_EVENT,
        payload: { stripe_customer_id: report.stripeCustomerId, value: String(report.minutes) },
        identifier: report.id,
        timestamp: Math.floor(report.eventAt.getTime() / 1000),
      },
      { idempotencyKey: `meter-event-${report.id}` },
    );
    await db.update(billingUsageReports).set({ reportedAt: new Date() }).where(eq(billingUsageReports.id, report.id));
    logEvent({ event: "billing_overage_reported", organizationId: report.organizationId, reportId: report.id, minutes: report.minutes });
    sent += report.minutes;
  }
  return sent;
}
