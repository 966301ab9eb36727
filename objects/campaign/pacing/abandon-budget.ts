// How much of the abandon cap is left to spend. The pacer aims a little under the cap
// (the target), credits a few live answers before any are seen (a prior, so one early
// abandon is not read as a 100 % rate), and counts the abandons already at risk in
// calls in flight as if they had happened. Both the day and the legal 30-day window
// must have room; the tighter wins. The credit fades as real answers come in: kept all
// day it let a small team end the day over the cap by exactly its worth (40 answers ×
// 3 % = 1.2 abandons: 25 of 794 = 3.15 % on a held-out workload).
import type { AbandonBudget, AbandonCounts } from "./snapshot";

/** Aim this far under the cap: the day's last abandons are random and cannot be taken back. */
export const TARGET_SHARE_OF_CAP = 0.9;
/** Live answers credited before any are seen. */
export const CREDIT_LIVE_ANSWERS = 40;
/** Real live answers over which the credit fades to nothing. */
export const CREDIT_FADES_OVER_ANSWERS = 200;

/** The prior's worth once `liveAnswered` real answers were seen. */
export const creditedAnswers = (liveAnswered: number) => CREDIT_LIVE_ANSWERS * Math.max(0, 1 - liveAnswered / CREDIT_FADES_OVER_ANSWERS);

export interface BudgetPosition {
  targetRate: number;
  /** Abandons that may still happen, after those at risk in flight, staying at the target rate. */
  leftAtTarget: number;
  /** The same against the cap itself. */
  leftAtCap: number;
}

function left(counts: AbandonCounts, rate: number): number {
  return rate * (counts.liveAnswered + creditedAnswers(counts.liveAnswered)) - counts.abandoned;
}

export function budgetPosition(budget: AbandonBudget, abandonCap: number, abandonsAtRisk: number): BudgetPosition {
  const targetRate = abandonCap * TARGET_SHARE_OF_CAP;
  return {
    targetRate,
    leftAtTarget: Math.min(left(budget.today, targetRate), left(budget.rolling30d, targetRate)) - abandonsAtRisk,
    leftAtCap: Math.min(left(budget.today, abandonCap), left(budget.rolling30d, abandonCap)) - abandonsAtRisk,
  };
}
