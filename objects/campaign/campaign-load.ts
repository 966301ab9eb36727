// Loading a campaign from Postgres at start and resume (db/writers/campaign-records.ts): its leads
// (a later start adds new accounts only), the do-not-call lists, the contact history
// Regulation F looks back at, and on the first load the abandon counts of the last 30
// days. The only time the actor opens a connection of its own.
import { openDatabase, type Database, type DatabaseEnv } from "../../db/client";
import { tenantAccess } from "../../db/access";
import type { CampaignStorage } from "./campaign-storage";
import { loadAbandonDays, loadContactHistory, loadDnc, loadLeads, loadSegmentLeads } from "../../db/writers/campaign-records";
import { REG_F_LOOKBACK_MS } from "./compliance";
import type { CampaignConfig } from "./protocol";

const ROLLING_DAYS_MS = 30 * 86_400_000;

/** Opens a connection for the load and closes it afterwards (the close is handed to `keepAlive`, e.g. ctx.waitUntil). */
export async function loadCampaignFromPostgres(env: DatabaseEnv, keepAlive: (closing: Promise<unknown>) => void, store: CampaignStorage, config: CampaignConfig, now: number): Promise<void> {
  // One campaign, one organisation: the load runs as that organisation's tenant.
  const handle = openDatabase(env, tenantAccess(config.organizationId));
  try {
    await loadCampaign(handle.db, store, config, now);
  } finally {
    keepAlive(handle.close().catch(() => undefined));
  }
}

export async function loadCampaign(db: Database, store: CampaignStorage, config: CampaignConfig, now: number): Promise<void> {
  const firstLoad = store.meta.get("loadedAt") === null;
  const since = now - REG_F_LOOKBACK_MS;
  const [leads, dnc, history, days] = await Promise.all([
    config.segmentId ? loadSegmentLeads(db, config.organizationId, config.segmentId, now) : loadLeads(db, config.organizationId, config.accountSelection),
    loadDnc(db, config.organizationId, config.id),
    loadContactHistory(db, config.organizationId, since),
    firstLoad ? loadAbandonDays(db, config.id, now - ROLLING_DAYS_MS) : Promise.resolve([]),
  ]);
  store.leads.add(leads);
  store.dnc.replace("org", dnc.org);
  store.dnc.replace("campaign", dnc.campaign);
  for (const call of history) {
    store.history.add("attempt", call.callId, call.accountId, call.atMs, call.debtIds, call.phone, call.campaignId);
    if (call.conversation) store.history.add("conversation", call.callId, call.accountId, call.atMs, call.debtIds, call.phone, call.campaignId);
  }
  for (const day of days) store.days.add(day.day, { dials: day.dials, resolved: day.dials, liveAnswered: day.liveAnswered, abandoned: day.abandoned });
  store.history.prune(since);
  store.calls.pruneResolved(since);
  store.meta.set("loadedAt", Date.now());
  if (config.segmentId) store.meta.set("segmentListedAt", now);
}
