// Billing (domain/billing-plans.ts): the organisation's plan with its usage this billing
// period and the plans it may change to; Stripe Checkout to subscribe or change plan; a
// link to Stripe's billing portal.
import { z } from "zod";
import { PLAN_FEATURES, PLAN_IDS, SUBSCRIPTION_STATUSES } from "../../../domain/billing-plans";
import { instant, routeContract } from "./contract";

export const billingPlan = z.strictObject({
  id: z.enum(PLAN_IDS),
  name: z.string(),
  priceCents: z.number().int(),
  seats: z.number().int(),
  features: z.array(z.enum(PLAN_FEATURES)),
  includedCallMinutes: z.number().int(),
});

export const billingOverview = z.strictObject({
  plan: billingPlan,
  /** unsubscribed: never subscribed (every feature, see the README); subscription: a live one; lapsed: it ended. */
  source: z.enum(["unsubscribed", "subscription", "lapsed"]),
  subscription: z
    .strictObject({ plan: z.enum(PLAN_IDS), status: z.enum(SUBSCRIPTION_STATUSES), currentPeriodStart: instant.nullable(), currentPeriodEnd: instant.nullable() })
    .nullable(),
  seatsUsed: z.number().int(),
  /** The billing period usage is counted in: the subscription's, else the calendar month (UTC). */
  period: z.strictObject({ from: instant, to: instant }),
  usage: z.strictObject({ callMinutes: z.number().int(), aiTurns: z.number().int(), paymentsTaken: z.number().int(), paymentsCents: z.number().int() }),
  /**
   * Call minutes above the plan's included ones this period and what they cost
   * (domain/billing-overage.ts); charged: a live subscription pays them through Stripe's
   * meter, reportedMinutes of them already accepted by Stripe (the rest within the quarter hour).
   */
  overage: z.strictObject({
    includedCallMinutes: z.number().int(),
    minutes: z.number().int(),
    centsPerMinute: z.number().int(),
    cents: z.number().int(),
    charged: z.boolean(),
    reportedMinutes: z.number().int(),
  }),
  plans: z.array(billingPlan),
  /** Whether plans can be bought here: false when payments are off (PAYMENTS_MODE=off). */
  checkoutAvailable: z.boolean(),
});
export type BillingOverview = z.infer<typeof billingOverview>;

export const getBilling = routeContract({ method: "GET", path: "/api/billing", response: { 200: z.strictObject({ billing: billingOverview }) }, errors: [] });
/** conflict: already subscribed to that plan; service_unavailable: payments are off or Stripe did not answer. */
export const startBillingCheckout = routeContract({
  method: "POST",
  path: "/api/billing/checkout",
  response: { 201: z.strictObject({ url: z.string(), sessionId: z.string() }) },
  errors: ["conflict", "service_unavailable"],
});
/** conflict: the organisation has no Stripe customer yet (subscribe first). */
export const openBillingPortal = routeContract({
  method: "POST",
  path: "/api/billing/portal",
  response: { 201: z.strictObject({ url: z.string() }) },
  errors: ["conflict", "service_unavailable"],
});

export const billingRoutes = [getBilling, startBillingCheckout, openBillingPortal] as const;
