// The per-campaign compliance summary: what was dialed, what was talked about, what the
// engine refused to dial and why, and the abandon rate against the 3 % cap (47 CFR
// 64.1200(a)(7): abandoned calls over live-answered calls, per campaign). It proves what
// was enforced from the records themselves; the caller picks the period (e.g. 30 days).
import { REFUSAL_REASONS, type ContactAttempt, type Conversation, type EpochMs, type RefusalReason } from "./types";

export const ABANDON_RATE_CAP = 0.03;

export interface AttemptRecord extends ContactAttempt {
  readonly accountId: string;
}

export interface ConversationRecord extends Conversation {
  readonly accountId: string;
  readonly campaignId: string;
}

export interface SkipRecord {
  readonly at: EpochMs;
  readonly accountId: string;
  readonly campaignId: string;
  readonly reason: RefusalReason;
  readonly nextEligibleAt: EpochMs | null;
}

export interface AnswerCounts {
  readonly campaignId: string;
  readonly liveAnswered: number;
  readonly abandoned: number;
}

export interface ComplianceReportInput {
  readonly attempts: readonly AttemptRecord[];
  readonly conversations: readonly ConversationRecord[];
  readonly skips: readonly SkipRecord[];
  readonly answers: readonly AnswerCounts[];
  /** Only records at or after `from` and before `to` count, when given. */
  readonly from?: EpochMs;
  readonly to?: EpochMs;
}

export interface CampaignComplianceSummary {
  readonly campaignId: string;
  readonly attempts: number;
  readonly accountsDialed: number;
  readonly conversations: number;
  readonly skips: { readonly total: number; readonly byReason: Readonly<Record<RefusalReason, number>> };
  readonly abandon: {
    readonly liveAnswered: number;
    readonly abandoned: number;
    /** abandoned / liveAnswered; null before any live answer. */
    readonly rate: number | null;
    readonly cap: number;
    readonly withinCap: boolean;
  };
}

interface Tally {
  attempts: number;
  accounts: Set<string>;
  conversations: number;
  skipsByReason: Record<RefusalReason, number>;
  liveAnswered: number;
  abandoned: number;
}

function emptyTally(): Tally {
  const skipsByReason = Object.fromEntries(REFUSAL_REASONS.map((reason) => [reason, 0])) as Record<RefusalReason, number>;
  return { attempts: 0, accounts: new Set(), conversations: 0, skipsByReason, liveAnswered: 0, abandoned: 0 };
}

export function complianceReport(input: ComplianceReportInput): CampaignComplianceSummary[] {
  const inPeriod = (at: EpochMs) => (input.from === undefined || at >= input.from) && (input.to === undefined || at < input.to);
  const tallies = new Map<string, Tally>();
  const tallyFor = (campaignId: string) => {
    let tally = tallies.get(campaignId);
    if (!tally) {
      tally = emptyTally();
      tallies.set(campaignId, tally);
    }
    return tally;
  };

  for (const attempt of input.attempts) {
    if (!inPeriod(attempt.at)) continue;
    const tally = tallyFor(attempt.campaignId);
    tally.attempts += 1;
    tally.accounts.add(attempt.accountId);
  }
  for (const conversation of input.conversations) {
    if (inPeriod(conversation.at)) tallyFor(conversation.campaignId).conversations += 1;
  }
  for (const skip of input.skips) {
    if (inPeriod(skip.at)) tallyFor(skip.campaignId).skipsByReason[skip.reason] += 1;
  }
  for (const counts of input.answers) {
    const tally = tallyFor(counts.campaignId);
    tally.liveAnswered += counts.liveAnswered;
    tally.abandoned += counts.abandoned;
  }

  return [...tallies.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([campaignId, tally]) => {
      const rate = tally.liveAnswered > 0 ? tally.abandoned / tally.liveAnswered : null;
      const total = Object.values(tally.skipsByReason).reduce((sum, count) => sum + count, 0);
      return {
        campaignId,
        attempts: tally.attempts,
        accountsDialed: tally.accounts.size,
        conversations: tally.conversations,
        skips: { total, byReason: tally.skipsByReason },
        abandon: {
          liveAnswered: tally.liveAnswered,
          abandoned: tally.abandoned,
          rate,
          cap: ABANDON_RATE_CAP,
          // No live answers means nothing was abandoned against the cap yet.
          withinCap: rate === null ? tally.abandoned === 0 : rate <= ABANDON_RATE_CAP,
        },
      };
    });
}
