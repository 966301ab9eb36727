// The KPIs operations run the business on, each defined once: its name, unit, formula in
// words and what counts. The analytics API computes them in SQL over the record
// (worker/analytics/), the console shows these definitions next to the numbers, and the
// live campaign room reads the same formulas (abandon rate from metrics.ts, AHT from
// here), so the room and the reports never disagree. KPIs whose data the product does not
// record yet are declared with what they need, never shown as a zero.
import { AGENT_PRESENCE_STATUSES, type AgentPresence } from "./agent-presence";
import { abandonRate } from "./metrics";
import type { RefusalReason } from "./refusal-reasons";

export { abandonRate };

/** The dispositions that say the agent reached the person the account is about. */
export const RIGHT_PARTY_DISPOSITIONS = ["promise_to_pay", "paid", "callback", "refused", "dispute"] as const;

/**
 * The refusals an agent's own Dial can cause: the lead could be dialled when preview pacing
 * offered it, and the time became one the rules forbid while the agent held it. Refusals for
 * who the callee is (do-not-call, consent) or how often they were called are no agent's doing.
 */
export const AGENT_CAUSED_SKIP_REASONS = ["outside_calling_window", "inconvenient_time"] as const satisfies readonly RefusalReason[];

/** What makes a compliance skip an agent's, in the words the KPI glossary and the scorecard show. */
export const AGENT_CAUSED_SKIP =
  "An agent caused a skip when their own Dial on a lead previewed to them was refused because the time had become one the rules forbid (outside the callee's calling hours, or a time the consumer said is inconvenient): the lead could be dialled when it was offered, and they waited. Refusals for who the callee is (do-not-call, consent) or how often they were called, and skips of leads the dialer chose, are nobody's.";

/** The agent who caused the refusal of a dial `dialingAgent` asked for themselves (null: the dialer chose the lead); null when it is nobody's. */
export function skipCausedBy(reason: RefusalReason, dialingAgent: string | null): string | null {
  return dialingAgent !== null && (AGENT_CAUSED_SKIP_REASONS as readonly RefusalReason[]).includes(reason) ? dialingAgent : null;
}

/** The rolling window of the abandon rate, in days of the organisation's calendar (47 CFR 64.1200(a)(7) measures 30 days). */
export const ABANDON_ROLLING_DAYS = 30;

/**
 * What an agent's presence state counts as, for occupancy, idle time and contacts per agent
 * hour (the spans of `agent_presence_spans`). Handling: a contact is the agent's (a lead on
 * screen, a call, its wrap-up). Idle: ready and waiting. Logged in: every state but
 * offline, breaks included (paid time); available for calls: logged in less breaks.
 */
export const PRESENCE_HANDLING = ["previewing", "on_call", "wrap_up"] as const satisfies readonly AgentPresence[];
export const PRESENCE_IDLE = ["available"] as const satisfies readonly AgentPresence[];
export const PRESENCE_BREAK = ["break"] as const satisfies readonly AgentPresence[];
export const PRESENCE_LOGGED_IN: readonly AgentPresence[] = AGENT_PRESENCE_STATUSES.filter((status) => status !== "offline");

const PRESENCE_COUNTS =
  "Agents' presence as the agent pool recorded it (agent_presence_spans), each span cut at the row's day boundaries in the organisation's zone, a span still open counted until now. Agents' time belongs to no campaign: by campaign, or for one campaign, there is no value.";

export const KPI_UNITS = ["count", "seconds", "fraction", "cents", "per_hour"] as const;
export type KpiUnit = (typeof KPI_UNITS)[number];

/**
 * What a KPI cannot be computed without, until the product records it. None today: a KPI
 * declared before its data exists names its need here and is listed, never shown as a zero.
 */
export const KPI_NEEDS = [] as const satisfies readonly string[];
export type KpiNeed = (typeof KPI_NEEDS)[number];

export const KPI_NEED_LABELS: Record<KpiNeed, string> = {};

export interface KpiDefinition {
  name: string;
  unit: KpiUnit;
  formula: string;
  counts: string;
  /** Absent: computed today. */
  needs?: KpiNeed;
}

const CALL_DAY = "A call counts on the day (in the organisation's time zone) it was dialled or, inbound, arrived.";

export const KPI_DEFINITIONS = {
  dials: {
    name: "Dials",
    unit: "count",
    formula: "Outbound calls placed.",
    counts: `Every outbound call (dialer, preview, manual), whatever its outcome. ${CALL_DAY}`,
  },
  connects: {
    name: "Connects",
    unit: "count",
    formula: "Calls in which the customer was connected to an agent.",
    counts: "Outbound and inbound calls bridged to an agent (the campaign room's conversations). Machines, abandoned and unanswered calls do not count.",
  },
  rightPartyContacts: {
    name: "Right-party contacts",
    unit: "count",
    formula: "Connects whose disposition says the right person was reached.",
    counts: `Connects dispositioned ${RIGHT_PARTY_DISPOSITIONS.join(", ")}. The call's current disposition counts (a changed disposition counts as changed), on the call's day.`,
  },
  talkSeconds: {
    name: "Talk time",
    unit: "seconds",
    formula: "Sum over connects of (call end − moment the agent was connected).",
    counts: "Connects only; a call still in progress adds nothing until it ends.",
  },
  ahtSeconds: {
    name: "Average handle time (AHT)",
    unit: "seconds",
    formula: "(Talk time + wrap-up time) ÷ connects, with each connect's wrap-up the time set for it (its campaign's, else the organisation's).",
    counts: "Connects that have ended. No connects: no AHT (not zero). The live campaign room computes it the same way.",
  },
  abandonRate: {
    name: "Abandon rate (period)",
    unit: "fraction",
    formula: "Abandoned ÷ live answered, over the row's calls (0.03 is 3 %).",
    counts: "Live answered: a person answered (not machines, not faxes). Abandoned: of those, no agent within 2 s (the safe-harbor message played). Nobody answered: no rate (not 0 %).",
  },
  abandonRate30d: {
    name: "Abandon rate (rolling 30 days)",
    unit: "fraction",
    formula: `Abandoned ÷ live answered over the ${ABANDON_ROLLING_DAYS} calendar days ending with the row's last day (for totals and non-day rows, the report's last day).`,
    counts: "The same calls as the period abandon rate, over the window the law measures.",
  },
  promisesToPay: {
    name: "Promises to pay",
    unit: "count",
    formula: "Calls dispositioned promise to pay, and the sum of their promised amounts (cents).",
    counts: "The call's current disposition, on the call's day (not the promised date).",
  },
  complianceSkips: {
    name: "Compliance skips",
    unit: "count",
    formula: "Dials the compliance rules refused, by reason.",
    counts: "Every refusal recorded on the day it happened. Skips belong to a campaign: not shown for one agent's or one team's calls (see compliance skips caused).",
  },
  complianceSkipsCaused: {
    name: "Compliance skips caused",
    unit: "count",
    formula: "Compliance skips an agent caused.",
    counts: `${AGENT_CAUSED_SKIP} By agent and team: the agent's (the team's members'); on the day the skip happened.`,
  },
  occupancy: {
    name: "Occupancy",
    unit: "fraction",
    formula: "Handling time ÷ (handling time + idle time): the share of the time available for calls spent on them (0.85 is 85 %).",
    counts: `Handling: previewing a lead, on a call, in wrap-up. Idle: ready. Breaks and logged-out time do not count. No time available: no occupancy (not 0 %). ${PRESENCE_COUNTS}`,
  },
  idleSeconds: {
    name: "Idle time",
    unit: "seconds",
    formula: "Time agents spent ready and waiting for a call.",
    counts: `Agents' time in the ready state. ${PRESENCE_COUNTS}`,
  },
  contactsPerAgentHour: {
    name: "Contacts per agent hour",
    unit: "per_hour",
    formula: "Right-party contacts ÷ agents' logged-in hours.",
    counts: `Logged in: every state but logged out, breaks included. The right-party contacts are the row's (its days, its agent or team). No logged-in time: no value (not 0). ${PRESENCE_COUNTS}`,
  },
  promiseKeptRate: {
    name: "Promise kept rate",
    unit: "fraction",
    formula: "Promises kept ÷ promises due. Kept: the account paid (a payment not wholly refunded or disputed) after the promise was made and by the end of its date.",
    counts: "Calls dispositioned promise to pay whose promised date is before today (the organisation's calendar), on the call's day. None due: no rate (not 0 %).",
  },
  paymentsCollected: {
    name: "Payments collected",
    unit: "cents",
    formula: "Sum of payments' amounts less what was refunded or disputed, and how many payments.",
    counts: "Every payment of the ledger, on the day (the organisation's calendar) it was paid; by campaign, agent or team through the call it was paid on (none: no campaign, no agent).",
  },
  conversion: {
    name: "Conversion",
    unit: "fraction",
    formula: "Right-party contacts with a payment on the call ÷ right-party contacts.",
    counts: "Right-party contacts whose call a payment names (IVR, link or agent), not wholly refunded or disputed, on the call's day. No right-party contact: no rate.",
  },
  aiHandledCalls: {
    name: "AI-handled calls",
    unit: "count",
    formula: "Calls the AI voice agent answered.",
    counts: `A call counts once the AI agent answered it, whatever happened next (a call a person took over still counts). ${CALL_DAY}`,
  },
  aiTakeoverRate: {
    name: "AI takeovers",
    unit: "fraction",
    formula: "AI-handled calls a person took over ÷ AI-handled calls.",
    counts: "A takeover: a supervisor or agent took the call from the AI (Take over on the call's page, or POST /api/calls/:id/ai-agent), once per call however often it was handed back. A person the AI itself asked for (the caller wanted one, the model failed) is not a takeover. No AI-handled call: no rate (not 0 %).",
  },
} as const satisfies Record<string, KpiDefinition>;

export type KpiKey = keyof typeof KPI_DEFINITIONS;

/** The KPIs computed today, and those declared with what they need. */
export const UNAVAILABLE_KPIS = (Object.entries(KPI_DEFINITIONS) as [KpiKey, KpiDefinition][])
  .filter(([, d]) => d.needs !== undefined)
  .map(([kpi, d]) => ({ kpi, needs: d.needs!, reason: KPI_NEED_LABELS[d.needs!] }));

/**
 * AHT in seconds: (talk + wrap-up) ÷ connects; null with no connects, which is not the
 * same as 0 s. The live campaign room and the reports both divide here.
 */
export function averageHandleSeconds(handle: { handleSeconds: number; connects: number }): number | null {
  return handle.connects > 0 ? handle.handleSeconds / handle.connects : null;
}

/** Handling ÷ (handling + idle); null with no time available for calls (not 0). */
export function occupancy(time: { handlingSeconds: number; idleSeconds: number }): number | null {
  const available = time.handlingSeconds + time.idleSeconds;
  return available > 0 ? time.handlingSeconds / available : null;
}

/** Right-party contacts per logged-in hour; null with no logged-in time (not 0). */
export function contactsPerAgentHour(work: { rightPartyContacts: number; loggedInSeconds: number }): number | null {
  return work.loggedInSeconds > 0 ? work.rightPartyContacts / (work.loggedInSeconds / 3600) : null;
}

/** AI-handled calls a person took over ÷ AI-handled calls; null with none (not 0). */
export function aiTakeoverRate(calls: { handled: number; takenOver: number }): number | null {
  return calls.handled > 0 ? calls.takenOver / calls.handled : null;
}

/** Promises kept ÷ promises due; null with none due (not 0). */
export function promiseKeptRate(promises: { due: number; kept: number }): number | null {
  return promises.due > 0 ? promises.kept / promises.due : null;
}

/** Right-party contacts with a payment ÷ right-party contacts; null with none. */
export function conversionRate(contacts: { rightPartyContacts: number; converted: number }): number | null {
  return contacts.rightPartyContacts > 0 ? contacts.converted / contacts.rightPartyContacts : null;
}

export const KPI_GROUPINGS = ["day", "week", "campaign", "agent", "team"] as const;
export type KpiGrouping = (typeof KPI_GROUPINGS)[number];
