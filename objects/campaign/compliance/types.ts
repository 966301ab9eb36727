// The compliance module's vocabulary: what a dial request carries, what contact history a
// campaign actor keeps per lead, and what a decision says. Everything is plain data so the
// CampaignActor can hold it in SQLite, send it over a socket, and replay it in tests.
//
// Instants are epoch milliseconds (`EpochMs`); local wall-clock values (HH:MM, dates) are
// strings so they read the same in storage, in the console and in a CSV import.

/** Milliseconds since 1970-01-01T00:00:00Z. */
export type EpochMs = number;

/** An E.164 number, e.g. "+12125550123". */
export type E164 = string;

// The consumer's inconvenient times are shared vocabulary (the API and Postgres speak them too).
import type { InconvenientTime, LocalDateText, LocalTimeText } from "../../../domain/inconvenient-times";
export type { InconvenientDateRange, InconvenientTime, LocalDateText, LocalTimeText, Weekday, WeeklyInconvenientWindow } from "../../../domain/inconvenient-times";

/**
 * A do-not-call list as the caller has it: the whole set (small lists, tests), or the answer
 * of a lookup the caller already made for this number (large lists live in Postgres).
 */
export type DncSource =
  | { readonly kind: "set"; readonly numbers: ReadonlySet<E164> }
  | { readonly kind: "lookup"; readonly listed: boolean };

export interface DialRequest {
  readonly accountId: string;
  readonly phone: E164;
  /** IANA zone stored on the account; when absent the number's area code decides. */
  readonly accountTimeZone?: string | null;
  /** The debts this dial concerns (every debt of the account). Empty for a sales call. */
  readonly debtIds: readonly string[];
  readonly campaignId: string;
  readonly dnc: {
    readonly org: DncSource;
    readonly campaign: DncSource;
    /** The account's own do-not-call flag. */
    readonly account: boolean;
  };
  /** The account's consent: true granted, false refused, null unknown (domain/consent.ts). */
  readonly consent: boolean | null;
  /** Whether this dial may reach an account of unknown consent (an agent's preview dial, or a campaign that allows it). */
  readonly unknownConsentAllowed: boolean;
  readonly inconvenientTimes: readonly InconvenientTime[];
  /** Campaign setting: attempts allowed per account in this campaign; null = no cap. */
  readonly maxAttempts: number | null;
  /** Campaign setting: a narrower daily window; it can only shrink 08:00–21:00, never widen it. */
  readonly callingWindow?: { readonly from: LocalTimeText; readonly to: LocalTimeText } | null;
}

export interface ContactAttempt {
  readonly at: EpochMs;
  readonly debtIds: readonly string[];
  readonly phone: E164;
  readonly campaignId: string;
}

export interface Conversation {
  readonly at: EpochMs;
  readonly debtIds: readonly string[];
}

/**
 * What a campaign actor keeps per lead. Regulation F needs only the attempts and
 * conversations of the last 8 days (see `REG_F_LOOKBACK_MS` and `pruneHistory`), so the
 * lists stay bounded; the lifetime attempt count for max-attempts is a counter, not a list.
 * The lists must hold every call about these debts (every campaign, manual dials too),
 * because Regulation F counts per debt, not per campaign.
 */
export interface ContactHistory {
  readonly attempts: readonly ContactAttempt[];
  readonly conversations: readonly Conversation[];
  /** Attempts this campaign has made to this account over its whole life. */
  readonly campaignAttemptCount: number;
}

import type { RefusalReason } from "../../../domain/refusal-reasons";

export type DialDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** The first blocking rule in `REFUSAL_REASONS` order. */
      readonly reason: RefusalReason;
      /** Earliest instant at which every rule allows this dial; null when never (as things stand). */
      readonly nextEligibleAt: EpochMs | null;
      /** e.g. "skipped: 7-in-7 (…), next eligible 2026-11-30 09:00 EST". */
      readonly explanation: string;
      /** Every rule that blocks now, in priority order (the first is `reason`). */
      readonly blockedBy: readonly RefusalReason[];
    };

/** One rule's verdict at one instant. */
export interface RuleBlock {
  readonly reason: RefusalReason;
  /** Earliest instant at which this rule alone allows the dial again; null = never. */
  readonly until: EpochMs | null;
  /** Human detail for the explanation, e.g. "7 attempts on debt D-1 since 2026-11-23". */
  readonly detail: string;
}
