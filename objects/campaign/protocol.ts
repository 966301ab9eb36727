// The CampaignActor's contract: its configuration (from the campaigns row), what a call
// tells its campaign, and the messages of the supervisor's live campaign room
// (`<orgId>:<campaignId>`). Imported by objects/, worker/ and ui/. The room is read-only
// for consoles: pause, resume and stop go through the audited REST API.
import { ivrProgress } from "../../domain/ivr-progress";
import { aiRoomState } from "../../domain/ai-agent";
import { z } from "zod";
import type { AccountSelection } from "../../domain/account-selection";
import type { CampaignWrapUpSettings, WrapUpPolicy } from "../../domain/wrap-up";
// The statuses from domain/, not the pool protocol: that protocol carries the campaign's call rows (its live AI calls).
import { AGENT_PRESENCE_STATUSES } from "../../domain/agent-presence";
import type { IvrLanguage, IvrMenuOption, IvrPromptSet } from "../../domain/ivr-settings";
import type { AiAgentSettings } from "../../domain/ai-agent-settings";

export const campaignStatus = z.enum(["draft", "running", "paused", "stopped"]);
export type CampaignStatus = z.infer<typeof campaignStatus>;
export const pacingMode = z.enum(["preview", "progressive", "predictive", "payment_reminder", "ai_agent"]);
export type PacingMode = z.infer<typeof pacingMode>;

/** A campaign's settings, whole: what a campaigns row holds and the API's rules judge. */
export interface CampaignSettings extends CampaignWrapUpSettings {
  name: string;
  pacingMode: PacingMode;
  maxLinesPerAgent: number;
  /** Percent, ≤ 3. */
  abandonCapPercent: number;
  ringTimeoutSeconds: number;
  callingWindow: { from: string; to: string };
  voicemailScript: string;
  safeHarborMessage: string;
  retryMaxAttempts: number;
  retrySpacingMinutes: number;
  /**
   * Progressive and predictive pacing dial accounts whose consent is unknown only when
   * this is true (the list was consented outside this system); preview always may.
   */
  dialUnknownConsent: boolean;
  /** Payment-reminder pacing only: the calls kept in flight at once. */
  maxConcurrentCalls: number;
  /** Which accounts the campaign calls (when it targets no segment). */
  accountSelection: AccountSelection;
  /** The saved segment the campaign calls; its members are listed live (null: accountSelection decides). */
  segmentId: string | null;
  agentUserIds: string[];
}

/**
 * What the actor needs: the settings plus who and from where, and the wrap-up resolved
 * (the campaign's own time or the organisation's). The API hands it over on start, resume and edits.
 */
export interface CampaignConfig extends Omit<CampaignSettings, keyof CampaignWrapUpSettings> {
  id: string;
  organizationId: string;
  /** Caller id for the campaign's dials. */
  fromNumber: string;
  /** The organisation's IANA time zone: the room's "today" and rolling 30 days are days of its calendar (domain/calendar-days.ts), as the reports' are. */
  timeZone: string;
  /** How the campaign's agents wrap up after each call. */
  wrapUp: WrapUpPolicy;
  /** Payment-reminder pacing: what the IVR says to whoever answers (the organisation's IVR settings at start); null otherwise. */
  reminderIvr: ReminderIvr | null;
  /** AI-agent pacing: the organisation's AI agent settings and name when the campaign started (each call adds its account); absent or null otherwise. */
  aiAgent?: CampaignAiAgent | null;
  /** The organisation's recording disclosure when the campaign started (absent: the default), said first to callees in all-party-consent states. */
  recordingDisclosure?: string;
}

/** The organisation's AI agent as an AI-agent campaign's calls use it. */
export interface CampaignAiAgent {
  settings: AiAgentSettings;
  organizationName: string;
}

/** The organisation's IVR as a reminder campaign's calls use it (the account's part is added per call). */
export interface ReminderIvr {
  /** The organisation's default language and its prompts. */
  language: IvrLanguage;
  prompts: IvrPromptSet;
  paymentHoldMs: number;
  /** Every language the organisation has prompts in: a call to an account preferring one of them speaks it. Absent from configs stored before. */
  promptsByLanguage?: Partial<Record<IvrLanguage, IvrPromptSet>>;
  /** The menu options offered (absent from configs stored before: all three). */
  menuOptions?: IvrMenuOption[];
}

/** The phase of a campaign call, as the call tells its campaign. */
export const campaignCallPhase = z.enum(["ringing", "amd", "waiting", "connected", "voicemail", "safe_harbor", "ended"]);
export type CampaignCallPhase = z.infer<typeof campaignCallPhase>;

/**
 * AMD's verdict on a campaign call, sent with the call's phase reports from then on: the
 * campaign learns the dial's outcome when it is known, not when a person's call ends
 * minutes later (learning only at the end hid the people still talking, so early in a
 * shift the pacer took the answer rate for a fraction of what it was and overdialled).
 */
export const campaignCallVerdict = z.object({
  result: z.enum(["human", "machine", "fax"]),
  dialedAtMs: z.number(),
  answeredAtMs: z.number(),
  verdictAtMs: z.number(),
});
export type CampaignCallVerdict = z.infer<typeof campaignCallVerdict>;

/** How a campaign call ended, reported once (retried until the campaign has it). */
export interface CampaignCallOutcome {
  callId: string;
  accountId: string;
  phone: string;
  /** human (or not sure) / machine / fax / no answer / busy / invalid (failed). */
  result: "human" | "machine" | "fax" | "no_answer" | "busy" | "failed";
  dialedAtMs: number;
  answeredAtMs: number | null;
  /** When AMD judged the callee human: the 2-second connect window starts here. */
  humanAtMs: number | null;
  /** When AMD gave its verdict, person or machine (absent from outcomes sent before). */
  amdAtMs?: number | null;
  agentUserId: string | null;
  connectedAtMs: number | null;
  endedAtMs: number;
  abandoned: boolean;
  voicemailLeft: boolean;
}

export const campaignAgentView = z.object({
  userId: z.string(),
  name: z.string(),
  state: z.enum(AGENT_PRESENCE_STATUSES),
  /** Server epoch ms when the state began. */
  since: z.number(),
  callId: z.string().nullable(),
  /** Server epoch ms when the agent's wrap-up ends; past it while `dispositionOwed`, they are overdue (the dialer waits for them). */
  // Defaults: a console may read a snapshot from an actor of the build before these.
  wrapUpEndsAt: z.number().nullable().default(null),
  /** Wrapping up a call whose required disposition is not saved yet. */
  dispositionOwed: z.boolean().default(false),
  /** While previewing: the lead the agent is looking at (the name only when it is this campaign's). */
  preview: z.object({ campaignId: z.string(), accountId: z.string(), accountName: z.string().nullable() }).nullable(),
});
export type CampaignAgentView = z.infer<typeof campaignAgentView>;

export const sentimentTrend = z.enum(["rising", "falling", "steady"]);
/** A call's live sentiment: the customer's window score (−1..1) and its trend, as the agent's gauge shows it. */
export const callSentiment = z.object({ score: z.number().min(-1).max(1), trend: sentimentTrend });
export type CallSentiment = z.infer<typeof callSentiment>;

export const campaignCallView = z.object({
  callId: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  phone: z.string(),
  phase: campaignCallPhase,
  /** Server epoch ms when the phase began. */
  since: z.number(),
  agentUserId: z.string().nullable(),
  /** The customer's live sentiment; null before they said anything. Absent from older campaigns. */
  sentiment: callSentiment.nullish(),
  /** A reminder call's IVR step and payment status (absent from older actors). */
  ivr: ivrProgress.nullable().default(null),
  /** An AI-agent campaign's call: the AI's state (absent from older actors). */
  ai: aiRoomState.nullable().default(null),
});
export type CampaignCallView = z.infer<typeof campaignCallView>;

/**
 * Abandoned ÷ live answered; `rate` is a fraction (0.03 is 3 %), null while nobody has
 * answered live: there is no rate yet, which is not 0 % (domain/metrics.ts).
 */
const rate = z.object({ liveAnswered: z.number(), abandoned: z.number(), rate: z.number().nullable() });

export const campaignStats = z.object({
  /** Leads still to dial (eligible now or later). */
  queueLeft: z.number(),
  dialsToday: z.number(),
  conversationsToday: z.number(),
  /** Answered by a person ÷ resolved dials, today, as a fraction (0–1). */
  answerRate: z.number(),
  /** Average handle time (talk + wrap) in seconds, from the campaign's calls. */
  ahtSeconds: z.number(),
  /** Lines in use ÷ agents logged in. */
  dialLevel: z.number(),
  linesInUse: z.number(),
  maxLines: z.number(),
  abandonToday: rate,
  abandon30d: rate,
  /** The cap in percent (3 means 3 %), unlike the fractional rates. */
  abandonCapPercent: z.number(),
  skipsToday: z.record(z.string(), z.number()),
  /** The calendar "today" and the rolling 30 days are days of: the organisation's IANA zone (a room from an older build: UTC's). */
  timeZone: z.string().default("UTC"),
  /** The pacer's own words for its last decision. */
  pacing: z.string(),
});
export type CampaignStats = z.infer<typeof campaignStats>;

export const campaignHistoryPoint = z.object({
  at: z.number(),
  dialLevel: z.number(),
  /** Fractions (0–1), like the stats. */
  answerRate: z.number(),
  /** Null until the rolling 30 days hold a live answer, like the stats' rate. */
  abandonRate30d: z.number().nullable(),
  agentsOnCall: z.number(),
  callsInFlight: z.number(),
});
export type CampaignHistoryPoint = z.infer<typeof campaignHistoryPoint>;

/** The condition an alert is about: the room shows at most one alert of each kind. */
export const CAMPAIGN_ALERT_KINDS = ["abandon_rate", "no_agents"] as const;

export const campaignAlert = z.object({
  kind: z.enum(CAMPAIGN_ALERT_KINDS),
  at: z.number(),
  level: z.enum(["warning", "critical"]),
  message: z.string(),
});

/**
 * A live-intelligence alert raised on one of the campaign's calls (cease contact, a
 * lawyer named, a run of low sentiment, an objection while upset): the room's alert feed,
 * with the call to jump to. One per condition per call (`key`).
 */
export const campaignCallAlert = z.object({
  callId: z.string(),
  rule: z.string(),
  key: z.string(),
  message: z.string(),
  segmentId: z.string(),
  /** When the customer said it (ms since the epoch). */
  at: z.number(),
  accountName: z.string().nullable(),
  agentUserId: z.string().nullable(),
});
export type CampaignCallAlert = z.infer<typeof campaignCallAlert>;

export const campaignSnapshot = z.object({
  campaign: z.object({ id: z.string(), name: z.string(), status: campaignStatus, pacingMode, abandonCapPercent: z.number() }),
  stats: campaignStats,
  agents: z.array(campaignAgentView),
  calls: z.array(campaignCallView),
  /** One point a minute over the last hour. */
  history: z.array(campaignHistoryPoint),
  alerts: z.array(campaignAlert),
  /** The calls' alerts, newest first (the last CALL_ALERTS_KEPT). */
  callAlerts: z.array(campaignCallAlert),
  serverNow: z.number(),
});
export type CampaignSnapshot = z.infer<typeof campaignSnapshot>;

export const campaignServerMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("snapshot"), snapshot: campaignSnapshot }),
  /** Sent once, as a call's alert is raised (it is in the next snapshots' `callAlerts` too). */
  z.object({ type: z.literal("call_alert"), alert: campaignCallAlert }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
]);
export type CampaignServerMessage = z.infer<typeof campaignServerMessage>;

/** What a preview campaign answers an agent's Dial or Skip. */
export type PreviewActionResult =
  | { ok: true; callId: string | null }
  | {
      ok: false;
      /** not_offered: no such offer (withdrawn, already acted on); another_agent: offered to someone else; refused: compliance said no at dial time. */
      code: "not_offered" | "another_agent" | "refused";
      message: string;
      /** refused only: the compliance rule (dnc_org, reg_f_7_in_7, …). */
      reason: string | null;
    };

/** The campaign room: room names always start with the org id. */
export const campaignRoomName = (organizationId: string, campaignId: string) => `${organizationId}:${campaignId}`;
