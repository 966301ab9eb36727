// Usage above a plan's included call minutes, and how it is charged: through Stripe's
// Billing Meters (one meter of call minutes, one metered price on it that a subscription
// carries as a second item), reported as meter events whose sum over a billing period is
// what Stripe invoices. What is reported is kept in Postgres (billing_usage_reports), so
// each report is the overage so far less what was already reported: a retry sends the
// same event again (Stripe keeps one per identifier), and a crash loses nothing. The job
// is worker/billing/overage-reporting.ts; the plans' included minutes are billing-plans.ts.
import type { Plan } from "./billing-plans";

/** What a call minute above the plan's included minutes costs, in US cents, on every plan. */
export const OVERAGE_CENTS_PER_CALL_MINUTE = 2;
/** The meter's event name in Stripe (a meter is found by it, made once if missing). */
export const CALL_MINUTES_METER_EVENT = "word_is_bond_call_minutes";
/** The metered price's lookup key (found by it, made once if missing). */
export const OVERAGE_PRICE_LOOKUP_KEY = "word_is_bond_call_minutes_overage";

export interface CallMinutesOverage {
  includedCallMinutes: number;
  /** Call minutes this period above the included ones. */
  minutes: number;
  centsPerMinute: number;
  /** What they cost: minutes × centsPerMinute. */
  cents: number;
}

export function callMinutesOverage(plan: Pick<Plan, "includedCallMinutes">, callMinutes: number): CallMinutesOverage {
  const minutes = Math.max(0, callMinutes - plan.includedCallMinutes);
  return { includedCallMinutes: plan.includedCallMinutes, minutes, centsPerMinute: OVERAGE_CENTS_PER_CALL_MINUTE, cents: minutes * OVERAGE_CENTS_PER_CALL_MINUTE };
}

/**
 * The minutes the next report carries: the overage so far less what the period's reports
 * already carry. Never negative: a minute reported is never taken back (a plan upgraded
 * mid-period with more included minutes charges no less than was reported).
 */
export function minutesToReport(overageMinutes: number, reportedMinutes: number): number {
  return Math.max(0, overageMinutes - reportedMinutes);
}

/**
 * A meter event's time: now, kept inside the period the usage belongs to (Stripe puts an
 * event on the invoice of the period its timestamp falls in), in whole seconds.
 */
export function meterEventTimestampS(nowMs: number, period: { from: Date; to: Date }): number {
  const lastSecond = Math.floor(period.to.getTime() / 1000) - 1;
  const firstSecond = Math.ceil(period.from.getTime() / 1000);
  return Math.max(firstSecond, Math.min(Math.floor(nowMs / 1000), lastSecond));
}
