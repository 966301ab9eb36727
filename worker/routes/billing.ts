// Billing for admins and owners: the plan in force with its usage this period (and what
// the minutes above the plan cost, charged through Stripe's meter), Stripe
// Checkout (mode subscription) to subscribe or change plan, and Stripe's billing portal.
// The plan changes only when Stripe's webhook says the subscription is live
// (worker/billing/subscription-sync.ts), never on the redirect back from Checkout.
import type Stripe from "stripe";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { PLAN_IDS, PLANS, planById } from "../../domain/billing-plans";
import { stripeClient } from "../../objects/shared/stripe-client";
import { organizationPlan, seatsInUse } from "../billing/plan-gate";
import { callMinutesOverage } from "../../domain/billing-overage";
import { reportedMinutes } from "../billing/overage-reporting";
import { calendarMonthOf, usageInPeriod } from "../billing/usage";
import { getBilling, openBillingPortal, startBillingCheckout } from "../http/contracts/billing";
import { ApiError, conflict } from "../http/errors";
import { defineRoute, member, type AppContext } from "../http/route-table";

const BILLING_PAGE = "/admin/billing";

function stripeFor(c: AppContext): Stripe {
  if (c.env.PAYMENTS_MODE === "off" || !c.env.STRIPE_SECRET_KEY) {
    throw new ApiError(503, "service_unavailable", "Payments are off here (PAYMENTS_MODE=off or no STRIPE_SECRET_KEY): plans cannot be bought");
  }
  return stripeClient(c.env);
}

/** Stripe's refusal or silence as our 503: the admin may try again. */
async function askStripe<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(503, "service_unavailable", `Stripe did not ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

defineRoute(getBilling, {
  summary: "The organisation's plan, seats, usage this billing period and the plans it may change to",
  access: member("admin"),
  handler: async (c) => {
    const { organizationId } = c.var.identity;
    const current = await organizationPlan(c.var.db, organizationId);
    const subscription = current.subscription;
    const period =
      subscription?.currentPeriodStart && subscription.currentPeriodEnd ? { from: subscription.currentPeriodStart, to: subscription.currentPeriodEnd } : calendarMonthOf(new Date());
    const [usage, seatsUsed, reported] = await Promise.all([
      usageInPeriod(c.var.db, organizationId, period.from, period.to),
      seatsInUse(c.var.db, organizationId),
      subscription ? reportedMinutes(c.var.db, organizationId, subscription.stripeSubscriptionId, period.from, true) : 0,
    ]);
    // Only a live subscription pays for minutes above the plan (none without one, nor after it ended).
    const charged = current.source === "subscription";
    return c.json({
      billing: {
        plan: { ...current.plan, features: [...current.plan.features] },
        source: current.source,
        subscription: subscription && {
          plan: subscription.plan,
          status: subscription.status,
          currentPeriodStart: subscription.currentPeriodStart?.toISOString() ?? null,
          currentPeriodEnd: subscription.currentPeriodEnd?.toISOString() ?? null,
        },
        seatsUsed,
        period: { from: period.from.toISOString(), to: period.to.toISOString() },
        usage,
        overage: { ...callMinutesOverage(current.plan, usage.callMinutes), charged, reportedMinutes: reported },
        plans: PLANS.map((plan) => ({ ...plan, features: [...plan.features] })),
        checkoutAvailable: c.env.PAYMENTS_MODE !== "off" && Boolean(c.env.STRIPE_SECRET_KEY),
      },
    });
  },
});

defineRoute(startBillingCheckout, {
  summary: "Start a Stripe Checkout to subscribe to a plan or change to another (the plan changes when Stripe confirms)",
  access: member("admin"),
  body: z.strictObject({ plan: z.enum(PLAN_IDS) }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const stripe = stripeFor(c);
    const current = await organizationPlan(c.var.db, identity.organizationId);
    if (current.source === "subscription" && current.subscription?.plan === body.plan) throw conflict(`The organisation is already subscribed to ${planById(body.plan).name}`);
    const plan = planById(body.plan);
    const origin = new URL(c.req.url).origin;
    const session = await askStripe("start a checkout", () =>
      stripe.checkout.sessions.create({
        mode: "subscription",
        line_items: [
          { price_data: { currency: "usd", unit_amount: plan.priceCents, recurring: { interval: "month" }, product_data: { name: `Word Is Bond ${plan.name}` } }, quantity: 1 },
        ],
        // The webhook reads the organisation and the plan from the subscription's metadata, and
        // when this Checkout was opened (two paid within one Stripe second: the later-opened wins).
        subscription_data: { metadata: { org_id: identity.organizationId, plan: plan.id, checkout_opened_at: String(Date.now()) } },
        client_reference_id: identity.organizationId,
        // A plan change keeps the organisation's Stripe customer (its cards, its invoices).
        ...(current.subscription ? { customer: current.subscription.stripeCustomerId } : {}),
        success_url: `${origin}${BILLING_PAGE}?checkout=complete`,
        cancel_url: `${origin}${BILLING_PAGE}`,
      }),
    );
    await c.var.db.transaction((tx) =>
      recordAudit(tx, identity.organizationId, identity, {
        action: "billing.checkout_started",
        resourceType: "organization",
        resourceId: identity.organizationId,
        before: { plan: current.plan.id },
        after: { plan: plan.id, checkoutSession: session.id },
      }),
    );
    return c.json({ url: session.url!, sessionId: session.id }, 201);
  },
});

defineRoute(openBillingPortal, {
  summary: "A link to Stripe's billing portal for the organisation's subscription (cards, invoices, cancel)",
  access: member("admin"),
  handler: async (c) => {
    const stripe = stripeFor(c);
    const { subscription } = await organizationPlan(c.var.db, c.var.identity.organizationId);
    if (!subscription) throw conflict("The organisation has no Stripe subscription yet: subscribe to a plan first");
    const origin = new URL(c.req.url).origin;
    const portal = await askStripe("open the billing portal", () =>
      stripe.billingPortal.sessions.create({ customer: subscription.stripeCustomerId, return_url: `${origin}${BILLING_PAGE}` }),
    );
    return c.json({ url: portal.url }, 201);
  },
});
