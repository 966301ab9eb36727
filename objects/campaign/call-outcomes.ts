// What a campaign call's outcome does to the campaign, once per call: it is counted
// (outcome-stats.ts), its lead moves on (lead-rules.ts) and then takes a disposition that
// arrived first, and a number a fax machine answered goes on the organisation's
// do-not-call list, here at once and in Postgres through the outbox. Synchronous over
// the storage, so nothing interleaves between counting a call and moving its lead.
import type { CampaignStorage, StoredLead } from "./campaign-storage";
import type { CampaignRecordRow } from "../../db/writers/campaign-records";
import { afterOutcome } from "./lead-rules";
import { applyDisposition, takePendingDisposition } from "./notice-inbox";
import { countOutcome } from "./outcome-stats";
import type { CampaignCallOutcome, CampaignConfig } from "./protocol";

export interface ResolvedCall {
  /** The number went on the do-not-call list: its row waits in the outbox. */
  faxListed: boolean;
}

/** Applies a call's outcome; null when this call's outcome was already applied. */
export function resolveCall(store: CampaignStorage, outcome: CampaignCallOutcome, now: number): ResolvedCall | null {
  if (!store.calls.markResolved(outcome.callId, now)) return null;
  const config = store.meta.get("config");
  countOutcome(store, config, outcome, store.calls.verdictLearned(outcome.callId));
  if (config) moveLeadOn(store, config, outcome, now);
  const faxListed = config !== null && listFaxNumber(store, config, outcome);
  store.calls.remove(outcome.callId);
  return { faxListed };
}

/** The lead of a call that ended moves on, then any disposition that waited for this outcome is applied. */
function moveLeadOn(store: CampaignStorage, config: CampaignConfig, outcome: CampaignCallOutcome, now: number): void {
  const lead = store.leads.get(outcome.accountId);
  if (lead?.state !== "dialing") return;
  const change = afterOutcome(progressOf(lead), outcome, config, now);
  store.leads.move(outcome.accountId, change.next, change.badPhone);
  const pending = takePendingDisposition(store, outcome.accountId);
  if (pending) applyDisposition(store, config, pending, now);
}

/**
 * The fax → do-not-call rule: a number a fax machine answered never reaches a person, so
 * it goes on the organisation's list (this campaign's copy at once, Postgres through the
 * outbox with an audit entry). True when the outcome was a fax.
 */
export function listFaxNumber(store: CampaignStorage, config: CampaignConfig, outcome: CampaignCallOutcome): boolean {
  if (outcome.result !== "fax") return false;
  store.dnc.add("org", outcome.phone);
  store.outbox.enqueue(`fax:${outcome.phone}`, {
    table: "fax",
    organizationId: config.organizationId,
    campaignId: config.id,
    phone: outcome.phone,
    callId: outcome.callId,
  } satisfies CampaignRecordRow);
  return true;
}

const progressOf = (lead: StoredLead) => ({ attempts: lead.attempts, phones: lead.input.phones, badPhones: lead.badPhones });
