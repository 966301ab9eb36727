// The question a campaign asks Postgres just before a batch of dials, and the answer:
// which of the batch's numbers are on a do-not-call list now, each account's
// do-not-call flag and consent as stored now, and whether the organisation's plan takes
// payments on calls now (a plan downgraded mid-campaign stops offering the IVR's payment
// step on the next call, not at the next start). Asked by objects/campaign/dial-confirmation.ts,
// answered by db/writers/campaign-records.ts (loadDialListing) through a RecordWriter.
import type { Consent } from "./consent";

/** What a batch asks Postgres about: the numbers and accounts about to be dialled. */
export interface DialBatchQuestion {
  organizationId: string;
  campaignId: string;
  phones: string[];
  accountIds: string[];
}

/** What Postgres says now about a batch's numbers and accounts. */
export interface DialListing {
  /** Numbers of the batch on the organisation's do-not-call list. */
  orgListed: string[];
  /** Numbers of the batch on this campaign's do-not-call list. */
  campaignListed: string[];
  /** The batch's accounts as stored now (an account not found is not listed). */
  accounts: { accountId: string; doNotCall: boolean; consent: Consent }[];
  /** Whether the organisation's plan in force has payments on calls (domain/billing-plans.ts "ivr_payments"). */
  paymentsOnCalls: boolean;
}
