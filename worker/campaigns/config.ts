// Between the campaigns row, the API's view of a campaign, and the CampaignActor's
// configuration. The actor gets its messages with the placeholders filled in, because
// what it plays is what the callee hears.
import type { CampaignConfig, ReminderIvr } from "../../objects/campaign/protocol";
import { DEFAULT_IVR_SETTINGS, ivrLanguageFor, type IvrSettings } from "../../domain/ivr-settings";
import { isPaymentReminder } from "../../domain/payment-reminders";
import { isAiAgentCampaign } from "../../domain/ai-agent-campaigns";
import { DEFAULT_AI_AGENT_SETTINGS, type AiAgentSettings } from "../../domain/ai-agent-settings";
import type { campaigns } from "../../db/schema";
import { campaignWrapUpPolicy } from "../../domain/wrap-up";
import { renderMessage, type CampaignSettings } from "./settings";

export type CampaignRow = typeof campaigns.$inferSelect;

/** The API's shape of a campaign (the calling window as one object). */
export function campaignView(row: CampaignRow) {
  return {
    id: row.id,
    ...settingsOf(row),
    status: row.status,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    startedAt: row.startedAt,
    stoppedAt: row.stoppedAt,
  };
}
export type CampaignView = ReturnType<typeof campaignView>;

export function settingsOf(row: CampaignRow): CampaignSettings {
  return {
    name: row.name,
    pacingMode: row.pacingMode,
    maxLinesPerAgent: row.maxLinesPerAgent,
    abandonCapPercent: row.abandonCapPercent,
    ringTimeoutSeconds: row.ringTimeoutSeconds,
    callingWindow: { from: row.callingWindowFrom, to: row.callingWindowTo },
    voicemailScript: row.voicemailScript,
    safeHarborMessage: row.safeHarborMessage,
    retryMaxAttempts: row.retryMaxAttempts,
    retrySpacingMinutes: row.retrySpacingMinutes,
    dialUnknownConsent: row.dialUnknownConsent,
    maxConcurrentCalls: row.maxConcurrentCalls,
    accountSelection: row.accountSelection,
    segmentId: row.segmentId,
    agentUserIds: row.agentUserIds,
    wrapUpSeconds: row.wrapUpSeconds,
    endWrapUpOnSave: row.endWrapUpOnSave,
    wrapUpExtensionSeconds: row.wrapUpExtensionSeconds,
    dispositionRequired: row.dispositionRequired,
  };
}

/** The row's columns for (some) settings. */
export function columnsOf(settings: Partial<CampaignSettings>): Partial<CampaignRow> {
  const { callingWindow, ...rest } = settings;
  return {
    ...rest,
    ...(callingWindow ? { callingWindowFrom: callingWindow.from, callingWindowTo: callingWindow.to } : {}),
  };
}

export interface CallerIdentity {
  organizationName: string;
  /** The campaign's caller id; null when the organisation has none yet. */
  fromNumber: string | null;
}

/** What the campaign takes from its organisation when it runs: who calls, and the default wrap-up. */
export interface CampaignOrganization extends CallerIdentity {
  fromNumber: string;
  wrapUpSeconds: number;
  /** The organisation's IANA time zone: the campaign room counts its days on that calendar. */
  timeZone: string;
  /** Said before recording to callees in all-party-consent states (absent: the default). */
  recordingDisclosure?: string;
}

/** The messages as the callee would hear them now. */
export function renderedMessages(settings: CampaignSettings, caller: CallerIdentity) {
  const values = { organization: caller.organizationName, callbackNumber: caller.fromNumber };
  return {
    safeHarborMessage: renderMessage(settings.safeHarborMessage, values),
    voicemailScript: renderMessage(settings.voicemailScript, values),
  };
}

/** `ivr`: the organisation's IVR settings, which a payment-reminder campaign's answered calls hear; `ai`: its AI agent settings, which talk with an AI-agent campaign's. */
export function campaignConfig(row: CampaignRow, caller: CampaignOrganization, ivr: IvrSettings = DEFAULT_IVR_SETTINGS, ai: AiAgentSettings = DEFAULT_AI_AGENT_SETTINGS): CampaignConfig {
  const settings = settingsOf(row);
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: settings.name,
    pacingMode: settings.pacingMode,
    maxLinesPerAgent: settings.pacingMode === "predictive" ? settings.maxLinesPerAgent : 1,
    abandonCapPercent: settings.abandonCapPercent,
    ringTimeoutSeconds: settings.ringTimeoutSeconds,
    callingWindow: settings.callingWindow,
    ...renderedMessages(settings, caller),
    retryMaxAttempts: settings.retryMaxAttempts,
    retrySpacingMinutes: settings.retrySpacingMinutes,
    dialUnknownConsent: settings.dialUnknownConsent,
    maxConcurrentCalls: settings.maxConcurrentCalls,
    agentUserIds: settings.agentUserIds,
    fromNumber: caller.fromNumber,
    timeZone: caller.timeZone,
    // The first start loads the lead queue from it; a resume adds accounts that newly match.
    accountSelection: settings.accountSelection,
    wrapUp: campaignWrapUpPolicy(settings, caller.wrapUpSeconds),
    // The campaign lists the segment's members itself, at start and every few minutes while running.
    segmentId: settings.segmentId,
    reminderIvr: isPaymentReminder(settings) ? reminderIvr(ivr) : null,
    ...(isAiAgentCampaign(settings) ? { aiAgent: { settings: ai, organizationName: caller.organizationName } } : {}),
    ...(caller.recordingDisclosure ? { recordingDisclosure: caller.recordingDisclosure } : {}),
  };
}

/** What a reminder call's IVR says: the organisation's prompts in every language it has them (each call picks its account's), the default language's as the fallback. */
function reminderIvr(settings: IvrSettings): ReminderIvr {
  const language = ivrLanguageFor(settings, null);
  return {
    language,
    prompts: settings.prompts[language] ?? DEFAULT_IVR_SETTINGS.prompts[language]!,
    paymentHoldMs: settings.paymentHoldSeconds * 1000,
    promptsByLanguage: settings.prompts,
    menuOptions: settings.menuOptions,
  };
}
