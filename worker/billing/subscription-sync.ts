// Stripe's subscription events (customer.subscription.*, invoice.*, a subscription-mode
// checkout.session.completed) onto the organisation's billing_subscriptions row. An event
// is only a notice: the subscription is read from Stripe under the organisation's lock,
// so what is written is Stripe's latest state whatever order, duplicates or lateness the
// events come in; which subscription is the organisation's is domain/billing-plans.ts
// subscriptionToKeep. The plan is the price's when it names one (a plan switched in Stripe's
// billing portal: domain/billing-plans.ts planOfPrice), else the metadata's. A live subscription replaced by a newer one (a plan changed through
// a second Checkout) is cancelled at Stripe after the commit; a failure answers 5xx and
// Stripe's retry of the event cancels it then.
import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import type { Database } from "../../db/client";
import { billingSubscriptions } from "../../db/schema";
import { isPlanId, planInForce, planOfPrice, SUBSCRIPTION_STATUSES, subscriptionToKeep, type KnownSubscription, type PlanId, type SubscriptionStatus } from "../../domain/billing-plans";
import { logEvent } from "../../domain/log";

const idOf = (value: string | { id: string } | null | undefined): string | null => (value == null ? null : typeof value === "string" ? value : value.id);

/** The subscription an event is about, or null when it is about none (a payment's session, a one-off invoice). */
export function subscriptionIdOf(event: Stripe.Event): string | null {
  switch (event.type) {
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
    case "customer.subscription.paused":
    case "customer.subscription.resumed":
      return event.data.object.id;
    case "invoice.paid":
    case "invoice.payment_failed":
    case "invoice.payment_succeeded":
      return idOf(event.data.object.parent?.subscription_details?.subscription);
    case "checkout.session.completed":
      return event.data.object.mode === "subscription" ? idOf(event.data.object.subscription) : null;
    default:
      return null;
  }
}

/** Our metadata on a subscription we sold (Checkout's subscription_data[metadata]). */
const subscriptionMetadata = z.object({ org_id: z.uuid(), plan: z.string().refine(isPlanId), checkout_opened_at: z.string().regex(/^\d{1,15}$/).optional() });

interface SeenSubscription extends KnownSubscription {
  organizationId: string;
  plan: PlanId;
  checkoutOpenedAtMs: number | null;
  customerId: string;
  periodStart: Date | null;
  periodEnd: Date | null;
}

function seenOf(subscription: Stripe.Subscription): SeenSubscription | null {
  const metadata = subscriptionMetadata.safeParse(subscription.metadata ?? {});
  if (!metadata.success) return null;
  const status = (SUBSCRIPTION_STATUSES as readonly string[]).includes(subscription.status) ? (subscription.status as SubscriptionStatus) : "incomplete";
  // The plan's item: a metered one (usage above the plan, overage-reporting.ts) is never the plan.
  const item = subscription.items.data.find((each) => each.price.recurring?.usage_type !== "metered") ?? subscription.items.data[0];
  return {
    organizationId: metadata.data.org_id,
    plan: planOfPrice(item?.price.lookup_key) ?? (metadata.data.plan as PlanId),
    checkoutOpenedAtMs: metadata.data.checkout_opened_at ? Number(metadata.data.checkout_opened_at) : null,
    subscriptionId: subscription.id,
    createdS: subscription.created,
    status,
    customerId: idOf(subscription.customer) ?? "",
    periodStart: item ? new Date(item.current_period_start * 1000) : null,
    periodEnd: item ? new Date(item.current_period_end * 1000) : null,
  };
}

export type SyncResult = { kind: "not_ours" } | { kind: "kept" } | { kind: "updated"; plan: PlanId; status: SubscriptionStatus };

export async function syncSubscription(db: Database, stripe: Stripe, subscriptionId: string): Promise<SyncResult> {
  const first = seenOf(await stripe.subscriptions.retrieve(subscriptionId));
  if (!first) return { kind: "not_ours" };
  const outcome = await db.transaction(async (tx) => {
    // One organisation's subscription events one at a time, each reading Stripe inside the lock.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`billing:${first.organizationId}`}, 0))`);
    const seen = seenOf(await stripe.subscriptions.retrieve(subscriptionId)) ?? first;
    const [stored] = await tx.select().from(billingSubscriptions).where(eq(billingSubscriptions.organizationId, seen.organizationId));
    const known = stored
      ? { subscriptionId: stored.stripeSubscriptionId, createdS: stored.subscriptionCreatedAt.getTime() / 1000, status: stored.status, checkoutOpenedAtMs: stored.checkoutOpenedAt?.getTime() ?? null }
      : null;
    const decision = subscriptionToKeep(known, seen);
    if (decision.keep === "stored") return { result: { kind: "kept" } as SyncResult, cancel: decision.cancel };
    const row = {
      plan: seen.plan,
      status: seen.status,
      stripeCustomerId: seen.customerId,
      stripeSubscriptionId: seen.subscriptionId,
      subscriptionCreatedAt: new Date(seen.createdS * 1000),
      checkoutOpenedAt: seen.checkoutOpenedAtMs === null ? null : new Date(seen.checkoutOpenedAtMs),
      currentPeriodStart: seen.periodStart,
      currentPeriodEnd: seen.periodEnd,
      updatedAt: new Date(),
    };
    await tx
      .insert(billingSubscriptions)
      .values({ organizationId: seen.organizationId, ...row })
      .onConflictDoUpdate({ target: billingSubscriptions.organizationId, set: row });
    const before = planInForce(stored ? { plan: stored.plan, status: stored.status } : null).plan.id;
    const after = planInForce(seen).plan.id;
    if (!stored || stored.status !== seen.status || stored.plan !== seen.plan || stored.stripeSubscriptionId !== seen.subscriptionId) {
      await recordAudit(tx, seen.organizationId, { kind: "system" }, {
        action: "billing.subscription_changed",
        resourceType: "organization",
        resourceId: seen.organizationId,
        before: stored ? { plan: stored.plan, status: stored.status, subscription: stored.stripeSubscriptionId, planInForce: before } : { planInForce: before },
        after: { plan: seen.plan, status: seen.status, subscription: seen.subscriptionId, planInForce: after },
      });
    }
    return { result: { kind: "updated", plan: seen.plan, status: seen.status } as SyncResult, cancel: decision.cancel };
  });
  if (outcome.cancel) await cancelReplaced(stripe, outcome.cancel);
  return outcome.result;
}

/** A subscription a newer one replaced; already cancelled (by an earlier try, or the customer) is done. */
async function cancelReplaced(stripe: Stripe, subscriptionId: string): Promise<void> {
  try {
    await stripe.subscriptions.cancel(subscriptionId, {}, { idempotencyKey: `replaced-${subscriptionId}` });
    logEvent({ event: "billing_subscription_replaced", subscriptionId });
  } catch (error) {
    const current = await stripe.subscriptions.retrieve(subscriptionId);
    if (current.status !== "canceled") throw error;
  }
}
