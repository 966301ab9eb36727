// Zod schemas for what the CampaignActor keeps as JSON in its SQLite storage: the
// configuration, the pacing state and statistics, the chart points. Storage outlives a
// build (an evicted actor wakes under newer code, or older after a rollback), so every
// JSON value is read back through one of these, never cast.
import { aiAgentSettings } from "../../../domain/ai-agent-settings";
import { z } from "zod";
import { accountSelection } from "../../../domain/account-selection";
import { ZONE_BEFORE_ORGANIZATION_CALENDAR } from "../../../domain/calendar-days";
import { IVR_LANGUAGES, IVR_MENU_OPTIONS, ivrPromptSet } from "../../../domain/ivr-settings";
import { DEFAULT_CONCURRENT_CALLS } from "../../../domain/payment-reminders";
import { campaignWrapUpPolicy, DEFAULT_CAMPAIGN_WRAP_UP_SETTINGS, DEFAULT_WRAP_UP_SECONDS, wrapUpPolicy } from "../../../domain/wrap-up";
import type { ObservedStats } from "../pacing/observed-stats";
import type { PacingState } from "../pacing";
import { campaignHistoryPoint, pacingMode, type CampaignConfig } from "../protocol";

export const campaignConfigSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  fromNumber: z.string(),
  // A configuration stored before campaigns counted days on their organisation's calendar counted UTC's, until the next start, resume or edit.
  timeZone: z.string().default(ZONE_BEFORE_ORGANIZATION_CALENDAR),
  name: z.string(),
  pacingMode,
  maxLinesPerAgent: z.number(),
  abandonCapPercent: z.number(),
  ringTimeoutSeconds: z.number(),
  callingWindow: z.object({ from: z.string(), to: z.string() }),
  voicemailScript: z.string(),
  safeHarborMessage: z.string(),
  retryMaxAttempts: z.number(),
  retrySpacingMinutes: z.number(),
  // A configuration stored before the setting existed dials no unknown consent.
  dialUnknownConsent: z.boolean().default(false),
  // Stored before payment reminders existed: the default limit (only that mode reads it).
  maxConcurrentCalls: z.number().default(DEFAULT_CONCURRENT_CALLS),
  // Read leniently: the API judged it strictly when it was saved; a key another build added is dropped, not fatal.
  accountSelection: z.object(accountSelection.shape),
  // A config stored before segments existed targets none.
  segmentId: z.string().nullable().default(null),
  agentUserIds: z.array(z.string()),
  // A config stored before campaigns had wrap-up settings: a new campaign's.
  wrapUp: wrapUpPolicy.default(campaignWrapUpPolicy(DEFAULT_CAMPAIGN_WRAP_UP_SETTINGS, DEFAULT_WRAP_UP_SECONDS)),
  reminderIvr: z
    .object({
      language: z.enum(IVR_LANGUAGES),
      prompts: ivrPromptSet,
      paymentHoldMs: z.number().int().positive(),
      promptsByLanguage: z.partialRecord(z.enum(IVR_LANGUAGES), ivrPromptSet).optional(),
      menuOptions: z.array(z.enum(IVR_MENU_OPTIONS)).optional(),
    })
    .nullable()
    .default(null),
  // Stored before AI-agent campaigns existed: none.
  aiAgent: z.object({ settings: aiAgentSettings, organizationName: z.string() }).nullable().optional(),
  // Stored before dialer calls had the disclosure: the default is said.
  recordingDisclosure: z.string().optional(),
}) satisfies z.ZodType<CampaignConfig>;

const histogram = z.array(z.number());

export const observedStatsSchema = z.object({
  outcomes: z.object({ human: z.number(), machine: z.number(), noAnswer: z.number(), busy: z.number(), invalid: z.number() }),
  answerSeconds: z.object({ human: histogram, machine: histogram }),
  failSeconds: histogram,
  amdDecisionSeconds: histogram,
  amd: z.object({ humans: z.number(), humansJudgedMachine: z.number(), machines: z.number(), machinesJudgedHuman: z.number() }),
  talkSeconds: histogram,
  wrapSeconds: histogram,
}) satisfies z.ZodType<ObservedStats>;

export const pacingStateSchema = z.discriminatedUnion("policy", [
  z.object({ policy: z.literal("progressive") }),
  z.object({ policy: z.literal("predictive"), expectedAbandons: z.number() }),
  z.object({
    policy: z.literal("vicidial-adapt"),
    level: z.number(),
    samples: z.array(z.object({ ready: z.number(), waiting: z.number(), total: z.number() })),
    counters: z.array(z.object({ atSeconds: z.number(), resolved: z.number(), liveAnswered: z.number(), abandoned: z.number() })),
    nextSampleAt: z.number().nullable(),
    nextLevelAt: z.number().nullable(),
    nextDialAt: z.number().nullable(),
  }),
]) satisfies z.ZodType<PacingState>;

export const chartPointSchema = campaignHistoryPoint;
