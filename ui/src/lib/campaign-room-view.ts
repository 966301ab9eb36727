// What the supervisor's live campaign room derives from a CampaignSnapshot: agents grouped by
// state, time in a state on the server's clock, the abandon gauge's level against the cap,
// the alert that says the cap is near, which controls a status allows, and the words and
// number formats the room shows. Pure, so it is tested without a browser.
// Relative import (not $protocol): node tests and the root tsc read this file too.
import { reasonLabel } from "../../../domain/refusal-reasons";
import type { RefusalReason } from "../../../domain/refusal-reasons";
import { REFUSAL_REASONS } from "../../../domain/refusal-reasons";
import type { CampaignAgentView, CampaignCallAlert, CampaignCallView, CampaignSnapshot, CampaignStatus } from "../../../objects/campaign/protocol";
import { ivrProgressText } from "../../../domain/ivr-progress";
import { aiRoomStateText } from "../../../domain/ai-agent";

export type AgentState = CampaignAgentView["state"];
export type CallPhase = CampaignSnapshot["calls"][number]["phase"];

/** Board order: who can take a call, who is busy, who is away. */
export const AGENT_STATE_ORDER: readonly AgentState[] = ["available", "previewing", "on_call", "wrap_up", "break", "offline"];

export function agentStateLabel(state: AgentState): string {
  return state.replace("_", " ");
}

export interface AgentGroup {
  state: AgentState;
  agents: CampaignAgentView[];
}

/** Every state in board order (empty ones too, for the counts); longest in the state first. */
export function groupAgentsByState(agents: readonly CampaignAgentView[]): AgentGroup[] {
  return AGENT_STATE_ORDER.map((state) => ({
    state,
    agents: agents.filter((a) => a.state === state).sort((a, b) => a.since - b.since || a.name.localeCompare(b.name)),
  }));
}

/**
 * Milliseconds since a server-clock instant, read on this browser's clock plus the offset
 * (serverNow − Date.now() at the last snapshot). Never negative: skew must not show "-0:02".
 */
export function elapsedOnServerClock(sinceServerMs: number, localNowMs: number, clockOffsetMs: number): number {
  return Math.max(0, localNowMs + clockOffsetMs - sinceServerMs);
}

/** Above this share of the cap the gauge turns amber and the room warns. */
export const ABANDON_WARNING_SHARE_OF_CAP = 0.8;

export type GaugeLevel = "ok" | "warning" | "critical";

/** ok below 80 % of the cap, warning above it, critical at or over the cap. Rates are fractions. */
export function abandonGaugeLevel(rate: number, capRate: number): GaugeLevel {
  if (capRate <= 0) return rate > 0 ? "critical" : "ok";
  if (rate >= capRate) return "critical";
  if (rate > ABANDON_WARNING_SHARE_OF_CAP * capRate) return "warning";
  return "ok";
}

/** The gauge's full scale: the cap sits at 80 % of the bar, and a rate beyond it still fits. */
export function gaugeScale(rate: number, capRate: number): number {
  return Math.max(capRate / 0.8, rate, 1e-9);
}

/** Why the gauge shows a dash: before the first live answer there is no rate, which is not 0 %. */
export const NO_LIVE_ANSWERS_YET = "No live answers yet: there is no abandon rate until a person answers";

/** Everything one abandon gauge shows, from its rate (a fraction, or null before any live answer). */
export interface AbandonGaugeView {
  level: GaugeLevel;
  /** "2.34 %", or "—" while there is no rate. */
  text: string;
  /** The tooltip that says why a dash is a dash; null when there is a rate. */
  title: string | null;
  /** The bar's fill and the cap's mark, in percent of the bar's width. */
  fillPercent: number;
  capPercent: number;
  /** The bar's full scale as a fraction (the meter's maximum). */
  scale: number;
  /** Where the rate stands against the cap, in words. */
  levelWord: string;
  /** The meter's reading for assistive technology. */
  valueText: string;
}

export function abandonGaugeView(rate: number | null, capRate: number): AbandonGaugeView {
  const scale = gaugeScale(rate ?? 0, capRate);
  const capPercent = Math.min(100, (capRate / scale) * 100);
  const cap = formatPercent(capRate, 1);
  if (rate === null) {
    return { level: "ok", text: "—", title: NO_LIVE_ANSWERS_YET, fillPercent: 0, capPercent, scale, levelWord: "no rate yet", valueText: `No live answers yet, cap ${cap}` };
  }
  const level = abandonGaugeLevel(rate, capRate);
  const levelWord = level === "critical" ? "at or over the cap" : level === "warning" ? "near the cap" : "within the cap";
  const text = formatPercent(rate);
  return { level, text, title: null, fillPercent: Math.min(100, (rate / scale) * 100), capPercent, scale, levelWord, valueText: `${text}, ${levelWord} of ${cap}` };
}

export interface AbandonAlert {
  level: Exclude<GaugeLevel, "ok">;
  message: string;
}

/**
 * The room's own alert about the cap, from today's and the rolling 30 days' rates (fractions,
 * null before any live answer: no rate, nothing to warn about); the 30-day rate is the legal
 * measure, so it speaks first when both are high. Null when both are ok.
 */
export function abandonAlert(today: number | null, rolling30d: number | null, capRate: number): AbandonAlert | null {
  const levels = [
    { name: "rolling 30-day", rate: rolling30d },
    { name: "today's", rate: today },
  ].flatMap(({ name, rate }) => (rate === null ? [] : [{ name, rate, level: abandonGaugeLevel(rate, capRate) }]));
  const worst = levels.find((l) => l.level === "critical") ?? levels.find((l) => l.level === "warning");
  if (!worst || worst.level === "ok") return null;
  const cap = formatPercent(capRate, 1);
  return worst.level === "critical"
    ? { level: "critical", message: `The ${worst.name} abandon rate is ${formatPercent(worst.rate)}, at or over the ${cap} cap. The pacer dials progressively.` }
    : { level: "warning", message: `The ${worst.name} abandon rate is ${formatPercent(worst.rate)}, nearing the ${cap} cap. The pacer is throttling toward progressive.` };
}

/**
 * The actor's alerts the room lists under its banner, newest first. The banner already tells
 * the abandon rate against the cap, so the actor's alert about the same condition is left
 * out rather than shown twice.
 */
export function listedAlerts(alerts: CampaignSnapshot["alerts"]): CampaignSnapshot["alerts"] {
  return alerts.filter((alert) => alert.kind !== "abandon_rate").sort((a, b) => b.at - a.at);
}

/**
 * The room's feed of its calls' alerts: the snapshot's with the ones pushed since (a
 * `call_alert` message may arrive before the snapshot that carries it), each condition of
 * a call once, newest first.
 */
export function callAlertFeed(fromSnapshot: readonly CampaignCallAlert[], pushed: readonly CampaignCallAlert[]): CampaignCallAlert[] {
  const byCondition = new Map<string, CampaignCallAlert>();
  for (const alert of [...pushed, ...fromSnapshot]) byCondition.set(`${alert.callId}\u0000${alert.key}`, alert);
  return [...byCondition.values()].sort((a, b) => b.at - a.at);
}

/** What the feed says an alert is about, in a word. */
export function callAlertLabel(rule: string): string {
  const labels: Record<string, string> = { cease_contact: "Stop calling", legal_threat: "Lawyer", low_sentiment: "Upset customer", objection: "Objection" };
  return labels[rule] ?? rule;
}

export interface CampaignControls {
  pause: boolean;
  resume: boolean;
  stop: boolean;
}

/** Which of pause / resume / stop a status allows (stopped is for good; drafts start elsewhere). */
export function controlsFor(status: CampaignStatus): CampaignControls {
  return { pause: status === "running", resume: status === "paused", stop: status === "running" || status === "paused" };
}

/** Skip reasons as the compliance module names them, most frequent first. */
export function skipsByReason(skips: Record<string, number>): { reason: string; label: string; count: number }[] {
  return Object.entries(skips)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => ({ reason, label: skipReasonLabel(reason), count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** A readable reason, in the compliance module's own words; unknown codes become words. */
export function skipReasonLabel(reason: string): string {
  const words = isRefusalReason(reason) ? reasonLabel(reason) : reason.replace(/[_-]+/g, " ").trim();
  return words.length === 0 ? reason : words[0]!.toUpperCase() + words.slice(1);
}

function isRefusalReason(reason: string): reason is RefusalReason {
  return (REFUSAL_REASONS as readonly string[]).includes(reason);
}

/** 0.0234 → "2.34 %" (a fraction shown as a percent). */
export function formatPercent(fraction: number, digits = 2): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)} %` : "—";
}

/** Dial level, lines per logged-in agent: "1.85". */
export function formatDialLevel(level: number): string {
  return Number.isFinite(level) ? level.toFixed(2) : "—";
}

/** Average handle time in seconds as a clock: 267 → "4:27". */
export function formatAht(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return "—";
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

export function callPhaseLabel(phase: CallPhase): string {
  switch (phase) {
    case "amd":
      return "machine detection";
    case "safe_harbor":
      return "safe-harbor message";
    default:
      return phase.replace("_", " ");
  }
}

/** The names of agents by user id, for the live calls table. */
export function agentNames(agents: readonly Pick<CampaignAgentView, "userId" | "name">[]): Map<string, string> {
  return new Map(agents.map((a) => [a.userId, a.name]));
}

/** How the room's live calls are listed: longest in their phase first, or the unhappiest customer first. */
export const CALL_ORDERS = ["time", "sentiment"] as const;
export type CallOrder = (typeof CALL_ORDERS)[number];

/**
 * The live calls in the chosen order. By sentiment: the lowest live score first (the call a
 * supervisor should look at), calls whose customer has not spoken yet last; ties, and the
 * time order, longest in the phase first.
 */
export function orderCalls(calls: readonly CampaignCallView[], order: CallOrder): CampaignCallView[] {
  const byTime = (a: CampaignCallView, b: CampaignCallView) => a.since - b.since;
  if (order === "time") return calls.slice().sort(byTime);
  const score = (call: CampaignCallView) => call.sentiment?.score ?? Number.POSITIVE_INFINITY;
  return calls.slice().sort((a, b) => score(a) - score(b) || byTime(a, b));
}

/** The live calls table has an IVR column when any call in it is answered by the IVR (a payment-reminder campaign's). */
export const showsIvrColumn = (calls: readonly CampaignCallView[]): boolean => calls.some((call) => call.ivr !== null);

/** A call's IVR cell: its step and how its payment stands ("Paying" / "Link for $150.00 texted, waiting for payment"); null for a call the IVR does not answer. */
export function liveCallIvrCell(call: CampaignCallView): { step: string; payment: string | null; paid: boolean } | null {
  if (!call.ivr) return null;
  return { ...ivrProgressText(call.ivr), paid: call.ivr.payment?.status === "paid" };
}

/** The live calls table has an AI column when any call in it is an AI-agent campaign's (the AI has started on it). */
export const showsAiColumn = (calls: readonly CampaignCallView[]): boolean => calls.some((call) => call.ai !== null);

/** Whether the AI holds the call, so a person may take it over now (talking, or again after a hand-back). */
export const aiHoldsCall = (call: CampaignCallView): boolean => call.ai?.state === "talking" || call.ai?.state === "handed_back";

/** A call's AI cell: what the AI is doing ("AI talking", "Human active", "Handed back to AI"), a person on the call stands out; null for a call the AI does not answer. */
export function liveCallAiCell(call: CampaignCallView): { label: string; tone: "info" | "warning" | "success" } | null {
  if (!call.ai) return null;
  const tone = call.ai.state === "human_active" || call.ai.state === "connecting_human" ? "warning" : call.ai.state === "handed_back" ? "success" : "info";
  return { label: aiRoomStateText(call.ai), tone };
}
