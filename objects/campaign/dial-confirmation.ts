// The last word before a batch of dials: the campaign's own copy of the do-not-call
// lists and of each account may lag behind Postgres (a notice not yet delivered), so
// every call is confirmed against the current lists and accounts in one query
// (db/writers/campaign-records.ts loadDialListing) just before it starts. A call that
// fails is never started: its dial is taken back (the attempt, the day's count), the refusal is
// recorded as a compliance skip like any other (dnc_org, dnc_campaign, dnc_account,
// no_consent, consent_unknown), and what was learnt goes into the campaign's copy so later ticks skip
// the number without asking. A reminder call's IVR offers its payment step only when the
// organisation's plan takes payments on calls at this moment (a plan downgraded
// mid-campaign: the caller who presses "pay" is offered a person instead, as on an
// inbound IVR call; objects/call/features/ivr/ivr-state.ts). confirmBatch is pure; cancelDial works on the storage;
// confirmDials asks Postgres (through a RecordWriter's kept connection) and does both.
import type { CallSpec } from "../call/call-spec";
import type { CampaignStorage } from "./campaign-storage";
import { campaignDay } from "./campaign-view";
import { explainRefusal } from "./compliance/explain";
import type { DialBatchQuestion, DialListing } from "../../domain/dial-listing";
import type { RefusalReason } from "../../domain/refusal-reasons";
import { recordRefusal, type Refusal } from "./lead-dialing";
import type { CampaignConfig } from "./protocol";
import { logEvent } from "../../domain/log";
import { campaignMayDialUnknownConsent, consentRefusal } from "../../domain/consent";

export interface ConfirmedBatch {
  allowed: CallSpec[];
  refused: { spec: CallSpec; refusal: Refusal }[];
}

export function batchQuestion(config: Pick<CampaignConfig, "organizationId" | "id">, specs: readonly CallSpec[]): DialBatchQuestion {
  return {
    organizationId: config.organizationId,
    campaignId: config.id,
    phones: [...new Set(specs.map((s) => s.to))],
    accountIds: [...new Set(specs.flatMap((s) => (s.accountId ? [s.accountId] : [])))],
  };
}

/** Splits a batch into the calls the current lists allow and those they refuse (with the first reason, in compliance order). */
export function confirmBatch(specs: readonly CallSpec[], listing: DialListing, unknownConsentAllowed: boolean): ConfirmedBatch {
  const orgListed = new Set(listing.orgListed);
  const campaignListed = new Set(listing.campaignListed);
  const accounts = new Map(listing.accounts.map((a) => [a.accountId, a]));
  const confirmed: ConfirmedBatch = { allowed: [], refused: [] };
  for (const spec of specs) {
    const account = spec.accountId ? accounts.get(spec.accountId) : undefined;
    const blocks: { reason: RefusalReason; detail: string }[] = [];
    if (account?.doNotCall) blocks.push({ reason: "dnc_account", detail: `account ${account.accountId} is marked do-not-call` });
    if (orgListed.has(spec.to)) blocks.push({ reason: "dnc_org", detail: `${spec.to} is on the organisation's do-not-call list` });
    if (campaignListed.has(spec.to)) blocks.push({ reason: "dnc_campaign", detail: `${spec.to} is on this campaign's do-not-call list` });
    const consent = account ? consentRefusal(account.consent, unknownConsentAllowed) : null;
    if (consent === "no_consent") blocks.push({ reason: "no_consent", detail: `account ${account!.accountId} has no consent to be called` });
    if (consent === "consent_unknown") blocks.push({ reason: "consent_unknown", detail: `account ${account!.accountId} has no recorded consent, and this campaign dials automatically` });
    const first = blocks[0];
    if (!first) {
      confirmed.allowed.push(withPlanGates(spec, listing));
      continue;
    }
    confirmed.refused.push({
      spec,
      refusal: {
        allowed: false,
        reason: first.reason,
        nextEligibleAt: null,
        explanation: explainRefusal(first.reason, first.detail, null, null),
        blockedBy: blocks.map((b) => b.reason),
      },
    });
  }
  return confirmed;
}

/** The call as the plan in force allows it: no IVR payment step on a plan without payments on calls. */
export function withPlanGates(spec: CallSpec, listing: Pick<DialListing, "paymentsOnCalls">): CallSpec {
  if (!spec.ivr || listing.paymentsOnCalls) return spec;
  return { ...spec, ivr: { ...spec.ivr, payments: false } };
}

/** Where the listing comes from: a RecordWriter (its kept connection), or a fake in tests. */
export interface DialConfirmer {
  confirmDials(question: DialBatchQuestion): Promise<DialListing>;
}

/**
 * Confirms a batch and takes back the refused dials; null when Postgres could not be
 * asked (then nothing may be dialled). tookBack: whether the room should hear of it.
 */
export async function confirmDials(store: CampaignStorage, config: CampaignConfig, confirmer: DialConfirmer, specs: readonly CallSpec[]): Promise<{ confirmed: ConfirmedBatch; tookBack: boolean } | null> {
  let listing: DialListing;
  try {
    listing = await confirmer.confirmDials(batchQuestion(config, specs));
  } catch (error) {
    logEvent({ event: "campaign_dials_unconfirmed", calls: specs.length, error: String(error) });
    return null;
  }
  // Re-read after the await: cancelDial checks each call is still waiting to start.
  const confirmed = confirmBatch(specs, listing, campaignMayDialUnknownConsent(config));
  const now = Date.now();
  let tookBack = false;
  for (const { spec, refusal } of confirmed.refused) tookBack = cancelDial(store, config, spec, refusal, listing, now) || tookBack;
  return { confirmed, tookBack };
}

/**
 * Takes back a dial the confirmation refused, before its call was started: the call,
 * its Regulation F attempt and the day's dial count go; the skip is recorded and the
 * lead closed; the campaign's copy of the lists and the account learns what Postgres
 * said. False when the call is no longer waiting to start (nothing to take back).
 */
export function cancelDial(store: CampaignStorage, config: CampaignConfig, spec: CallSpec, refusal: Refusal, listing: DialListing, now: number): boolean {
  const call = store.calls.get(spec.id);
  const lead = spec.accountId ? store.leads.get(spec.accountId) : null;
  if (!call || store.calls.isStarted(spec.id) || !lead) return false;
  store.calls.remove(spec.id);
  store.history.remove(spec.id, "attempt");
  store.days.add(campaignDay(config, spec.createdAtMs), { dials: -1 });
  for (const phone of listing.orgListed) store.dnc.add("org", phone);
  for (const phone of listing.campaignListed) store.dnc.add("campaign", phone);
  const account = listing.accounts.find((a) => a.accountId === lead.input.accountId);
  if (account) store.leads.updateInput({ ...lead.input, doNotCall: account.doNotCall, consent: account.consent });
  recordRefusal(store, config, lead, spec.to, refusal, now);
  return true;
}
