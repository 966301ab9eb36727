// Applying campaign notices (notices.ts) to the campaign's storage: a do-not-call
// change, an account's new details, an agent's disposition. Each notice is applied at
// most once, and never after a newer one about the same subject (CampaignStorage
// claimNotice), whether it came from the Worker at once or from a later pull
// (pullNotices). Applying is synchronous over the storage, like lead-dialing.ts, so
// nothing interleaves with a tick's choices.
import type { CampaignStorage } from "./campaign-storage";
import { afterDisposition, phoneToDial } from "./lead-rules";
import { noticeSubject, readNotices, type CampaignNotice, type DispositionNotice } from "./notices";
import type { CampaignConfig } from "./protocol";
import { logEvent } from "../../domain/log";
import { retryDelayMs } from "../shared/durable/backoff";

/** Where undelivered notices wait: a RecordWriter (its kept connection), or a fake in tests. */
export interface NoticeSource {
  pendingCampaignNotices(organizationId: string, campaignId: string): Promise<unknown[]>;
  deleteDeliveredCampaignNotices(organizationId: string, campaignId: string, ids: number[]): Promise<void>;
}

/**
 * Pulls the notices the Worker could not deliver, applies them and marks them
 * delivered; a failed pull waits a backoff before the next. True when the room should
 * see a change.
 */
export async function pullNotices(store: CampaignStorage, config: CampaignConfig, source: NoticeSource, now: number): Promise<boolean> {
  const backoff = store.meta.get("noticePull") ?? { failures: 0, nextAtMs: 0 };
  if (now < backoff.nextAtMs) return false;
  try {
    const { notices, unreadable } = readNotices(await source.pendingCampaignNotices(config.organizationId, config.id));
    // An unreadable notice (a newer build's kind) is logged and left for that build.
    if (unreadable.length) logEvent({ event: "campaign_notice_unreadable", count: unreadable.length });
    const changed = applyNotices(store, config, notices, Date.now());
    if (notices.length) await source.deleteDeliveredCampaignNotices(config.organizationId, config.id, notices.map((n) => n.id));
    if (backoff.failures) store.meta.delete("noticePull");
    return changed;
  } catch (error) {
    const failures = backoff.failures + 1;
    store.meta.set("noticePull", { failures, nextAtMs: now + retryDelayMs(failures) });
    logEvent({ event: "campaign_notices_not_pulled", failures, error: String(error) });
    return false;
  }
}

/** Applies the notices not applied yet, oldest first; true when the room should see a change. */
export function applyNotices(store: CampaignStorage, config: CampaignConfig | null, notices: readonly CampaignNotice[], now: number): boolean {
  let changed = false;
  for (const notice of [...notices].sort((a, b) => a.id - b.id)) {
    if (!store.notices.claim(noticeSubject(notice), notice.id, now)) continue;
    switch (notice.kind) {
      case "dnc":
        if (notice.payload.listed) store.dnc.add(notice.payload.scope, notice.payload.phone);
        else store.dnc.remove(notice.payload.scope, notice.payload.phone);
        break;
      case "lead":
        store.leads.updateInput(notice.payload);
        break;
      case "disposition":
        changed = applyDisposition(store, config, notice.payload, now) || changed;
        break;
    }
  }
  return changed;
}

/**
 * An agent's disposition of a campaign call moves its lead on (a callback time, a wrong
 * number, …). If the call's outcome has not arrived yet, the disposition waits for it
 * (takePendingDisposition). True when the lead moved.
 */
export function applyDisposition(store: CampaignStorage, config: CampaignConfig | null, notice: DispositionNotice, now: number): boolean {
  const lead = store.leads.get(notice.accountId);
  if (!config || !lead) return false;
  if (lead.state === "dialing") {
    // The agent was quicker than the call's outcome: applied when the outcome arrives.
    store.meta.setFor("pendingDisposition", notice.accountId, notice);
    return false;
  }
  const phone = notice.phone ?? store.calls.get(notice.callId)?.phone ?? phoneToDial({ phones: lead.input.phones, badPhones: lead.badPhones }) ?? "";
  const change = afterDisposition({ attempts: lead.attempts, phones: lead.input.phones, badPhones: lead.badPhones }, phone, notice.disposition, notice.details, config, now);
  if (change) store.leads.move(notice.accountId, change.next, change.badPhone);
  return true;
}

/** The disposition that waited for this account's call outcome, if any (read once). */
export function takePendingDisposition(store: CampaignStorage, accountId: string): DispositionNotice | null {
  // Read through its schema (an older build's notice lacks the call's number): never cast.
  const pending = store.meta.getFor("pendingDisposition", accountId);
  store.meta.deleteFor("pendingDisposition", accountId);
  return pending;
}
