// Plans, the one place they are defined: each plan's name, price, seats, the features it
// gates and its included usage; which plan an organisation is on from its Stripe
// subscription (its metadata, or the price a plan was switched to in Stripe's billing
// portal); and the plan a refused feature needs. The engine enforces them in
// worker/billing/plan-gate.ts (402 plan_required); Stripe subscriptions reach the
// organisation's row through worker/billing/subscription-events.ts.

import { AI_AGENT_MODE } from "./ai-agent-campaigns";

export const PLAN_IDS = ["starter", "growth", "scale"] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export const PLAN_FEATURES = ["predictive_dialer", "ai_agent", "ivr_payments"] as const;
export type PlanFeature = (typeof PLAN_FEATURES)[number];

/** How a refusal and the console name a feature. */
export const FEATURE_LABELS: Record<PlanFeature, string> = {
  predictive_dialer: "The predictive dialer",
  ai_agent: "The AI voice agent",
  ivr_payments: "Payments on calls (the IVR's payment step and payment links)",
};

export interface Plan {
  id: PlanId;
  name: string;
  /** Per month, in US cents, billed through Stripe. */
  priceCents: number;
  /** Members of the organisation, open invitations included. */
  seats: number;
  features: readonly PlanFeature[];
  /** Included each billing period. */
  includedCallMinutes: number;
}

/** In ascending order: a plan includes every feature of the plans before it. */
export const PLANS: readonly Plan[] = [
  { id: "starter", name: "Starter", priceCents: 4_900, seats: 5, features: [], includedCallMinutes: 2_000 },
  { id: "growth", name: "Growth", priceCents: 29_900, seats: 25, features: ["predictive_dialer", "ivr_payments"], includedCallMinutes: 20_000 },
  { id: "scale", name: "Scale", priceCents: 99_900, seats: 250, features: ["predictive_dialer", "ivr_payments", "ai_agent"], includedCallMinutes: 100_000 },
];

export const planById = (id: PlanId): Plan => PLANS.find((plan) => plan.id === id)!;
export const isPlanId = (value: string): value is PlanId => (PLAN_IDS as readonly string[]).includes(value);

/**
 * The plan of an organisation that never subscribed: every organisation that existed
 * before billing (the demo's, every test's) uses the predictive dialer, the AI agent and
 * IVR payments, and a self-hosted engine without Stripe has no way to subscribe, so
 * taking those away would break what works. Only a Stripe subscription narrows it.
 */
export const UNSUBSCRIBED_PLAN: PlanId = "scale";
/** What an organisation whose subscription ended (cancelled, unpaid) keeps. */
export const LAPSED_PLAN: PlanId = "starter";

/** Stripe's subscription statuses. */
export const SUBSCRIPTION_STATUSES = ["incomplete", "incomplete_expired", "trialing", "active", "past_due", "canceled", "unpaid", "paused"] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** A subscription in these gives its plan: Stripe is still collecting (past_due retries for days). */
export const LIVE_SUBSCRIPTION_STATUSES: ReadonlySet<SubscriptionStatus> = new Set(["trialing", "active", "past_due"]);

export interface SubscriptionState {
  plan: PlanId;
  status: SubscriptionStatus;
}

export type PlanSource = "unsubscribed" | "subscription" | "lapsed";

/** The plan in force: the subscription's while it lives, the lapsed plan after, the unsubscribed plan without one. */
export function planInForce(subscription: SubscriptionState | null): { plan: Plan; source: PlanSource } {
  if (!subscription) return { plan: planById(UNSUBSCRIBED_PLAN), source: "unsubscribed" };
  if (LIVE_SUBSCRIPTION_STATUSES.has(subscription.status)) return { plan: planById(subscription.plan), source: "subscription" };
  // Incomplete: the first payment has not gone through yet, so nothing is bought.
  return { plan: planById(LAPSED_PLAN), source: "lapsed" };
}

/** The feature a campaign's pacing mode uses, if any: predictive over-dials; a payment reminder takes payments in its IVR; an AI-agent campaign's calls talk with the AI. */
export function featureOfPacingMode(pacingMode: string): PlanFeature | null {
  if (pacingMode === "predictive") return "predictive_dialer";
  if (pacingMode === "payment_reminder") return "ivr_payments";
  if (pacingMode === AI_AGENT_MODE) return "ai_agent";
  return null;
}

export const planAllows = (plan: Plan, feature: PlanFeature): boolean => plan.features.includes(feature);

/** The cheapest plan with the feature (every feature is on the top plan). */
export const cheapestPlanWith = (feature: PlanFeature): Plan => PLANS.find((plan) => planAllows(plan, feature))!;

/** The cheapest plan with room for `members` seats, or null when none has. */
export const cheapestPlanWithSeats = (members: number): Plan | null => PLANS.find((plan) => plan.seats >= members) ?? null;

/** Why the feature is refused on this plan ("… needs the Growth plan or above; this organisation is on Starter"), or null when allowed. */
export function featureRefusal(plan: Plan, feature: PlanFeature): { message: string; requiredPlan: PlanId } | null {
  if (planAllows(plan, feature)) return null;
  const needed = cheapestPlanWith(feature);
  const above = needed.id === PLANS.at(-1)!.id ? "" : " or above";
  return { message: `${FEATURE_LABELS[feature]} needs the ${needed.name} plan${above}; this organisation is on ${plan.name}`, requiredPlan: needed.id };
}

/** Why `seatsWanted` members do not fit the plan, or null when they do. */
export function seatRefusal(plan: Plan, seatsWanted: number): { message: string; requiredPlan: PlanId | null } | null {
  if (seatsWanted <= plan.seats) return null;
  const needed = cheapestPlanWithSeats(seatsWanted);
  return {
    message: `The ${plan.name} plan has ${plan.seats} seats (members and open invitations), and this would make ${seatsWanted}${needed ? `: the ${needed.name} plan has ${needed.seats}` : ""}`,
    requiredPlan: needed?.id ?? null,
  };
}

/** What the engine keeps of an organisation's Stripe subscription. */
export interface KnownSubscription {
  subscriptionId: string;
  /** Stripe's `created` of the subscription, in seconds. */
  createdS: number;
  status: SubscriptionStatus;
  /** When the Checkout that sold it was opened (our clock, ms; in its metadata), or null for one we did not open. */
  checkoutOpenedAtMs?: number | null;
}

/**
 * Prices made in Stripe's dashboard for the plans its billing portal offers carry the lookup
 * key `word_is_bond_<plan>`: a plan changed in the portal is read back by it (Checkout's own
 * prices have none; the subscription's metadata names their plan).
 */
export const PLAN_PRICE_LOOKUP_KEY_PREFIX = "word_is_bond_";
export const planPriceLookupKey = (plan: PlanId): string => `${PLAN_PRICE_LOOKUP_KEY_PREFIX}${plan}`;

/** The plan a price is for, from its lookup key, or null when it names none. */
export function planOfPrice(lookupKey: string | null | undefined): PlanId | null {
  if (!lookupKey?.startsWith(PLAN_PRICE_LOOKUP_KEY_PREFIX)) return null;
  const plan = lookupKey.slice(PLAN_PRICE_LOOKUP_KEY_PREFIX.length);
  return isPlanId(plan) ? plan : null;
}

/**
 * Which of two live subscriptions is newer: Stripe's `created` (whole seconds); in the same
 * second, the one from the Checkout opened last (the customer's latest choice), and only
 * when neither says (not ours, or both opened in one millisecond) the greater id.
 */
function isNewer(a: KnownSubscription, b: KnownSubscription): boolean {
  if (a.createdS !== b.createdS) return a.createdS > b.createdS;
  const openedA = a.checkoutOpenedAtMs ?? -1;
  const openedB = b.checkoutOpenedAtMs ?? -1;
  if (openedA !== openedB) return openedA > openedB;
  return a.subscriptionId > b.subscriptionId;
}

/**
 * Which subscription is the organisation's once Stripe has shown us `seen` (read from
 * Stripe just now, so its state is Stripe's latest), and which live one to cancel because
 * a newer replaced it. Order-independent: the same subscription's state is always taken
 * (it is the newest there is); another subscription ending never touches the kept one;
 * of two live subscriptions the newer is kept (isNewer: created, then the Checkout opened
 * last), so a late event of an older one never downgrades a newer state.
 */
export function subscriptionToKeep(stored: KnownSubscription | null, seen: KnownSubscription): { keep: "seen" | "stored"; cancel: string | null } {
  if (!stored || stored.subscriptionId === seen.subscriptionId) return { keep: "seen", cancel: null };
  const seenLive = LIVE_SUBSCRIPTION_STATUSES.has(seen.status);
  const storedLive = LIVE_SUBSCRIPTION_STATUSES.has(stored.status);
  if (!seenLive) return { keep: "stored", cancel: null };
  if (!storedLive) return { keep: "seen", cancel: null };
  return isNewer(seen, stored) ? { keep: "seen", cancel: stored.subscriptionId } : { keep: "stored", cancel: seen.subscriptionId };
}
