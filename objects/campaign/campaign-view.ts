// Pure derivations for the CampaignActor: the pacing snapshot a tick hands the pacing
// module, and the live numbers the supervisor's room shows. Both read only agents,
// calls in flight and counters: O(agents + calls in flight).
import { countAgents, linesInUse, type AgentView, type PacingSnapshot } from "./pacing/snapshot";
import type { ObservedStats } from "./pacing/observed-stats";
import type { PoolMember } from "../agent-pool/protocol";
import type { DayCounts, InFlightCall } from "./campaign-storage";
import type { CampaignAgentView, CampaignConfig, CampaignHistoryPoint, CampaignSnapshot, CampaignStats } from "./protocol";
import { CONNECT_WINDOW_MS } from "../../domain/legal";
import { abandonRate } from "../../domain/metrics";
import { ABANDON_ROLLING_DAYS, averageHandleSeconds } from "../../domain/kpis";
import { dayIn, windowFirstDay, ZONE_BEFORE_ORGANIZATION_CALENDAR, type CalendarDate } from "../../domain/calendar-days";

/** The abandon rate alert fires at this share of the cap. */
export const ABANDON_ALERT_SHARE = 0.8;

/**
 * The day an instant counts on for this campaign: a date of its organisation's calendar, the
 * reports' day (domain/calendar-days.ts). Without a configuration (an outcome arriving after
 * the campaign's storage lost it), UTC's.
 */
export const campaignDay = (config: Pick<CampaignConfig, "timeZone"> | null, ms: number): CalendarDate => dayIn(config?.timeZone ?? ZONE_BEFORE_ORGANIZATION_CALENDAR, ms);
/** The first day of the rolling 30 days that end today, on the campaign's calendar (the KPI report's window). */
export const rolling30dFirstDay = (config: Pick<CampaignConfig, "timeZone">, nowMs: number): CalendarDate => windowFirstDay(campaignDay(config, nowMs), ABANDON_ROLLING_DAYS);

/** `accountName` names this campaign's leads; another campaign's lead shows as previewing without a name. */
export function agentViews(members: readonly PoolMember[], agentUserIds: readonly string[], accountName: (campaignId: string, accountId: string) => string | null = () => null): CampaignAgentView[] {
  const byId = new Map(members.map((m) => [m.userId, m]));
  return agentUserIds.map((userId) => {
    const member = byId.get(userId);
    if (!member) return { userId, name: "(never connected)", state: "offline" as const, since: 0, callId: null, wrapUpEndsAt: null, dispositionOwed: false, preview: null };
    const preview = member.preview ? { ...member.preview, accountName: accountName(member.preview.campaignId, member.preview.accountId) } : null;
    return {
      userId,
      name: member.name,
      state: member.status,
      since: member.statusSince,
      callId: member.callId,
      wrapUpEndsAt: member.wrapUpEndsAt,
      dispositionOwed: member.dispositionOwed,
      preview,
    };
  });
}

export interface PacingInputs {
  nowMs: number;
  agents: readonly CampaignAgentView[];
  calls: readonly InFlightCall[];
  stats: ObservedStats;
  today: DayCounts;
  rolling30d: DayCounts;
  config: Pick<CampaignConfig, "pacingMode" | "maxLinesPerAgent" | "abandonCapPercent">;
}

export function pacingSnapshot(input: PacingInputs): PacingSnapshot {
  const seconds = (ms: number) => Math.max(0, ms / 1000);
  // A previewing agent is logged in but not free for a dialled call: the pacer counts them like a break.
  const agents: AgentView[] = input.agents.map((a) => ({ state: a.state === "previewing" ? "break" : a.state, secondsInState: seconds(input.nowMs - a.since) }));
  return {
    nowSeconds: input.nowMs / 1000,
    agents,
    callsInFlight: input.calls
      .filter((c) => c.phase === "ringing" || c.phase === "amd")
      .map((c) => ({ phase: c.phase as "ringing" | "amd", ageSeconds: seconds(input.nowMs - c.dialedAtMs), phaseSeconds: seconds(input.nowMs - c.sinceMs) })),
    waitingCalls: input.calls.filter((c) => c.phase === "waiting").map((c) => ({ waitingSeconds: seconds(input.nowMs - c.sinceMs) })),
    stats: input.stats,
    budget: {
      today: { liveAnswered: input.today.liveAnswered, abandoned: input.today.abandoned },
      rolling30d: { liveAnswered: input.rolling30d.liveAnswered, abandoned: input.rolling30d.abandoned },
      dialsResolvedToday: input.today.resolved,
    },
    limits: {
      // Progressive and preview never hold more than one line per agent.
      maxLinesPerAgent: input.config.pacingMode === "predictive" ? input.config.maxLinesPerAgent : 1,
      abandonCap: input.config.abandonCapPercent / 100,
      connectWindowSeconds: CONNECT_WINDOW_MS / 1000,
    },
  };
}

const rate = (counts: DayCounts) => ({
  liveAnswered: counts.liveAnswered,
  abandoned: counts.abandoned,
  rate: abandonRate(counts),
});

export interface StatsInputs extends PacingInputs {
  queueLeft: number;
  skipsToday: Record<string, number>;
  /** The zone of the campaign's calendar (campaignDay). */
  timeZone: string;
  pacingExplanation: string;
}

export function campaignStats(input: StatsInputs): CampaignStats {
  const snapshot = pacingSnapshot(input);
  const counts = countAgents(snapshot.agents);
  const lines = linesInUse(snapshot, counts) + input.calls.filter((c) => c.phase === "voicemail" || c.phase === "safe_harbor").length;
  return {
    queueLeft: input.queueLeft,
    dialsToday: input.today.dials,
    conversationsToday: input.today.conversations,
    answerRate: input.today.resolved === 0 ? 0 : input.today.liveAnswered / input.today.resolved,
    // The reports' AHT (domain/kpis.ts); the room shows 0 s before the day's first conversation.
    ahtSeconds: averageHandleSeconds({ handleSeconds: input.today.handleSeconds, connects: input.today.conversations }) ?? 0,
    dialLevel: counts.loggedIn === 0 ? 0 : lines / counts.loggedIn,
    linesInUse: lines,
    maxLines: Math.floor(snapshot.limits.maxLinesPerAgent * counts.loggedIn),
    abandonToday: rate(input.today),
    abandon30d: rate(input.rolling30d),
    abandonCapPercent: input.config.abandonCapPercent,
    skipsToday: input.skipsToday,
    timeZone: input.timeZone,
    pacing: input.pacingExplanation,
  };
}

export function historyPoint(nowMs: number, stats: CampaignStats, agents: readonly CampaignAgentView[], callsInFlight: number): CampaignHistoryPoint {
  return {
    at: nowMs,
    dialLevel: stats.dialLevel,
    answerRate: stats.answerRate,
    abandonRate30d: stats.abandon30d.rate,
    agentsOnCall: agents.filter((a) => a.state === "on_call").length,
    callsInFlight,
  };
}

type CampaignAlert = CampaignSnapshot["alerts"][number];
const ALERT_SEVERITY: Record<CampaignAlert["level"], number> = { warning: 1, critical: 2 };

/**
 * Alerts the room shows: the abandon rate near or at the cap, and a running campaign nobody
 * can take calls for. One alert per condition: both abandon rates high (as they stay after
 * Stop) is one condition, told by the worse rate, the rolling 30 days (the legal measure)
 * first when both are as bad.
 */
export function campaignAlerts(nowMs: number, status: CampaignSnapshot["campaign"]["status"], stats: CampaignStats, agents: readonly CampaignAgentView[]): CampaignSnapshot["alerts"] {
  const alerts: CampaignAlert[] = [];
  const cap = stats.abandonCapPercent / 100;
  for (const [label, measured] of [["rolling 30 days", stats.abandon30d], ["today", stats.abandonToday]] as const) {
    // Nobody answered live yet: no rate, nothing to warn about.
    if (measured.rate === null) continue;
    const percent = (measured.rate * 100).toFixed(2);
    if (measured.rate >= cap) alerts.push({ kind: "abandon_rate", at: nowMs, level: "critical", message: `Abandon rate ${label} is ${percent} %, at or over the ${stats.abandonCapPercent} % cap: the pacer dials progressively` });
    else if (measured.rate >= cap * ABANDON_ALERT_SHARE) alerts.push({ kind: "abandon_rate", at: nowMs, level: "warning", message: `Abandon rate ${label} is ${percent} %, near the ${stats.abandonCapPercent} % cap` });
  }
  if (status === "running" && !agents.some((a) => a.state !== "offline")) {
    alerts.push({ kind: "no_agents", at: nowMs, level: "warning", message: "No agent of this campaign is logged in: nothing is dialled" });
  }
  return onePerKind(alerts);
}

/** The most severe alert of each kind, the first raised on a tie, in the order the kinds were first raised. */
function onePerKind(alerts: readonly CampaignAlert[]): CampaignAlert[] {
  const byKind = new Map<CampaignAlert["kind"], CampaignAlert>();
  for (const alert of alerts) {
    const kept = byKind.get(alert.kind);
    if (!kept || ALERT_SEVERITY[alert.level] > ALERT_SEVERITY[kept.level]) byKind.set(alert.kind, alert);
  }
  return [...byKind.values()];
}
