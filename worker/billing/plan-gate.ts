// The engine's plan checks: which plan an organisation is on (its subscription row, read
// per request so an upgrade counts at once), a feature its plan lacks refused with 402
// plan_required naming the plan needed, and seats counted when someone is invited or
// joins. The plans themselves are domain/billing-plans.ts.
import { and, count, eq, gt, isNull } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { billingSubscriptions, invites, memberships } from "../../db/schema";
import { featureOfPacingMode, featureRefusal, planInForce, seatRefusal, type Plan, type PlanFeature, type PlanSource } from "../../domain/billing-plans";
import { ApiError } from "../http/errors";

export type SubscriptionRow = typeof billingSubscriptions.$inferSelect;

export interface OrganizationPlan {
  plan: Plan;
  source: PlanSource;
  subscription: SubscriptionRow | null;
}

export async function organizationPlan(db: Queryable, organizationId: string): Promise<OrganizationPlan> {
  const [subscription] = await db.select().from(billingSubscriptions).where(eq(billingSubscriptions.organizationId, organizationId));
  return { ...planInForce(subscription ?? null), subscription: subscription ?? null };
}

export const planRequired = (message: string) => new ApiError(402, "plan_required", message);

/** Refuses with 402 unless the organisation's plan has the feature. */
export async function requireFeature(db: Queryable, organizationId: string, feature: PlanFeature): Promise<void> {
  const { plan } = await organizationPlan(db, organizationId);
  const refusal = featureRefusal(plan, feature);
  if (refusal) throw planRequired(refusal.message);
}

/** Refuses with 402 a campaign whose pacing mode needs a feature the plan lacks. */
export async function requirePacingMode(db: Queryable, organizationId: string, pacingMode: string): Promise<void> {
  const feature = featureOfPacingMode(pacingMode);
  if (feature) await requireFeature(db, organizationId, feature);
}

/** Members and invitations still open: the seats in use. */
export async function seatsInUse(db: Queryable, organizationId: string): Promise<number> {
  const [members] = await db.select({ n: count() }).from(memberships).where(eq(memberships.organizationId, organizationId));
  const [open] = await db
    .select({ n: count() })
    .from(invites)
    .where(and(eq(invites.organizationId, organizationId), isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, new Date())));
  return (members?.n ?? 0) + (open?.n ?? 0);
}

/**
 * Refuses with 402 when `adding` more seats would not fit the plan. `adding` is 0 for an
 * invitation being accepted: its seat was counted while it was open.
 */
export async function requireSeats(db: Queryable, organizationId: string, adding: number): Promise<void> {
  const { plan } = await organizationPlan(db, organizationId);
  const refusal = seatRefusal(plan, (await seatsInUse(db, organizationId)) + adding);
  if (refusal) throw planRequired(refusal.message);
}
