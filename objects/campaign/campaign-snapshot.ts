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
  const stats = statsOf(store, config, inputs, now);
  const status = campaignStatusOf(store);
  const accountNames = new Map<string, string>();
  const sentiments = store.calls.sentiments();
  // The agent on each call, looked up once: a find per call was O(calls x agents) per snapshot.
  const agentOnCall = new Map<string, string>();
  for (const agent of inputs.agents) if (agent.callId && !agentOnCall.has(agent.callId)) agentOnCall.set(agent.callId, agent.userId);
  const calls = inputs.calls.map((call) => {
    if (!accountNames.has(call.accountId)) accountNames.set(call.accountId, store.leads.get(call.accountId)?.input.name ?? "");
    return {
      callId: call.callId,
      accountId: call.accountId,
      accountName: accountNames.get(call.accountId) ?? "",
      phone: call.phone,
      phase: call.phase,
      since: call.sinceMs,
      agentUserId: agentOnCall.get(call.callId) ?? call.agentUserId,
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

/**
 * Saves this minute's chart point (one a minute, the last hour kept), every tick. From the
 * pacing inputs and the figures alone: it built the room's whole snapshot (each call's
 * account read for its name, the alerts, the hour's chart) to keep four numbers, over half
 * of a tick's CPU at 200 agents (docs/scale.md, 2026-12-07 (200 agents)).
 */
export function saveChartPoint(store: CampaignStorage, now: number): void {
  const config = store.meta.get("config");
  if (!config) return;
  const inputs = pacingInputs(store, config, now);
  const minute = Math.floor(now / 60_000);
  store.points.save(minute, historyPoint(now, statsOf(store, config, inputs, now), inputs.agents, inputs.calls.length), minute - 59);
}

function statsOf(store: CampaignStorage, config: CampaignConfig, inputs: PacingInputs, now: number) {
  return campaignStats({
    ...inputs,
    queueLeft: store.leads.left(),
    skipsToday: store.days.skipsOn(campaignDay(config, now)),
    timeZone: config.timeZone,
    pacingExplanation: store.meta.get("pacing") ?? NOT_DIALLING_YET,
  });
}
