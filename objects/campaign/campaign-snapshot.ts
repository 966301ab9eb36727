// The campaign as its room sees it, read from storage: the pacing inputs a tick hands the
// pacer (agents as the pool showed them, calls in flight, statistics, today's and the
// rolling 30 days' counters), the snapshot the room and the API get, and the chart point
// saved each tick. Synchronous reads, O(agents + calls in flight); the derivations
// themselves are pure, in campaign-view.ts.
import type { CampaignStorage } from "./campaign-storage";
import { agentViews, campaignAlerts, campaignStats, historyPoint, rolling30dFirstDay, campaignDay, type PacingInputs } from "./campaign-view";
import { initialObservedStats } from "./pacing/observed-stats";
import type { CampaignConfig, CampaignServerMessage, CampaignSnapshot, CampaignStatus } from "./protocol";

export const NOT_DIALLING_YET = "Not dialling yet";

export function campaignStatusOf(store: CampaignStorage): CampaignStatus {
  return store.meta.get("status") ?? "draft";
}

export function pacingInputs(store: CampaignStorage, config: CampaignConfig, now: number): PacingInputs {
  const members = store.meta.get("agents") ?? [];
  // An agent previewing one of this campaign's leads shows its name; another campaign's lead stays nameless.
  const accountName = (campaignId: string, accountId: string) => (campaignId === config.id ? (store.leads.get(accountId)?.input.name ?? null) : null);
  return {
    nowMs: now,
    agents: agentViews(members, config.agentUserIds, accountName),
    calls: store.calls.all(),
    stats: store.meta.get("stats") ?? initialObservedStats(),
    today: store.days.since(campaignDay(config, now)),
    rolling30d: store.days.since(rolling30dFirstDay(config, now)),
    config,
  };
}

/** The room's picture of the campaign now; null before its first start. */
export function campaignSnapshot(store: CampaignStorage, now: number): CampaignSnapshot | null {
  const config = store.meta.get("config");
  if (!config) return null;
  const inputs = pacingInputs(store, config, now);
  const stats = campaignStats({
    ...inputs,
    queueLeft: store.leads.left(),
    skipsToday: store.days.skipsOn(campaignDay(config, now)),
    timeZone: config.timeZone,
    pacingExplanation: store.meta.get("pacing") ?? NOT_DIALLING_YET,
  });
  const status = campaignStatusOf(store);
  const accountNames = new Map<string, string>();
  const sentiments = store.calls.sentiments();
  const calls = inputs.calls.map((call) => {
    if (!accountNames.has(call.accountId)) accountNames.set(call.accountId, store.leads.get(call.accountId)?.input.name ?? "");
    return {
      callId: call.callId,
      accountId: call.accountId,
      accountName: accountNames.get(call.accountId) ?? "",
      phone: call.phone,
      phase: call.phase,
      since: call.sinceMs,
      agentUserId: inputs.agents.find((a) => a.callId === call.callId)?.userId ?? call.agentUserId,
      sentiment: sentiments.get(call.callId) ?? null,
      ivr: call.ivr,
      ai: call.ai,
    };
  });
  return {
    campaign: { id: config.id, name: config.name, status, pacingMode: config.pacingMode, abandonCapPercent: config.abandonCapPercent },
    stats,
    agents: [...inputs.agents],
    calls,
    history: store.points.all(),
    alerts: campaignAlerts(now, status, stats, inputs.agents),
    callAlerts: store.callAlerts.newestFirst(),
    serverNow: now,
  };
}

/** The snapshot as the room's message (what every console in the room is sent). */
export const snapshotMessage = (snapshot: CampaignSnapshot): string => JSON.stringify({ type: "snapshot", snapshot } satisfies CampaignServerMessage);

/** Saves this minute's chart point (one a minute, the last hour kept). */
export function saveChartPoint(store: CampaignStorage, now: number): void {
  const snapshot = campaignSnapshot(store, now);
  if (!snapshot) return;
  const minute = Math.floor(now / 60_000);
  store.points.save(minute, historyPoint(now, snapshot.stats, snapshot.agents, snapshot.calls.length), minute - 59);
}
