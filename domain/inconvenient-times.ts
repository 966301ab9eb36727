// Times a consumer said are inconvenient to call, in their local time (12 CFR 1006.6(b)(1)):
// stored on the account, validated by the API, enforced by the dialer's compliance check.
// Local wall-clock values are strings so they read the same in storage, the console and a CSV.

/** A local wall-clock time "HH:MM" (00:00–23:59; "24:00" is accepted as the end of a day). */
export type LocalTimeText = string;

/** A local calendar date "YYYY-MM-DD". */
export type LocalDateText = string;

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * A recurring weekly window the consumer said is inconvenient, in their local time:
 * from `from` (inclusive) to `to` (exclusive) on `day`. When `to` is not after `from` the
 * window runs past midnight into the next day ("sat 20:00–09:00" is Saturday evening to
 * Sunday 09:00; equal times mean 24 hours).
 */
export interface WeeklyInconvenientWindow {
  readonly kind: "weekly";
  readonly day: Weekday;
  readonly from: LocalTimeText;
  readonly to: LocalTimeText;
}

/** Whole local days the consumer said are inconvenient, both ends inclusive. */
export interface InconvenientDateRange {
  readonly kind: "dates";
  readonly fromDate: LocalDateText;
  readonly toDate: LocalDateText;
}

export type InconvenientTime = WeeklyInconvenientWindow | InconvenientDateRange;
