// Live intelligence's stored tasks, as the call's task queue reads them back (rows outlive builds).
import { z } from "zod";
import { callLanguage } from "../../../../domain/languages";

export const startIntelligenceTaskSchema = z.object({ name: z.literal("intelligence-start"), action: z.literal("intelligence.start") });
export const translateTaskSchema = z.object({
  name: z.string().startsWith("translate:"),
  action: z.literal("intelligence.translate"),
  segmentId: z.string().min(1),
  from: callLanguage,
  to: callLanguage,
});
export const summariseTaskSchema = z.object({ name: z.literal("summary"), action: z.literal("intelligence.summarise") });
/** Tells the call's campaign room the customer's live sentiment as of one of their lines. */
export const campaignSentimentTaskSchema = z.object({
  name: z.string().startsWith("campaign-sentiment:"),
  action: z.literal("intelligence.campaign_sentiment"),
  segmentId: z.string().min(1),
});
/** Keeps the customer's sentiment over the whole call in Postgres, once it ended (offline: no model). */
export const sentimentSummaryTaskSchema = z.object({ name: z.literal("sentiment-summary"), action: z.literal("intelligence.sentiment_summary") });
/** Asks the model for a suggested line for one customer line (model-suggestion.ts). */
export const suggestTaskSchema = z.object({
  name: z.string().startsWith("suggest:"),
  action: z.literal("intelligence.suggest"),
  segmentId: z.string().min(1),
  reason: z.enum(["objection", "sentiment"]),
  objection: z.string().nullable(),
});
/** Asks the model for the customer's sentiment as of one of their lines (model-sentiment.ts). */
export const scoreSentimentTaskSchema = z.object({ name: z.string().startsWith("sentiment:"), action: z.literal("intelligence.score_sentiment"), segmentId: z.string().min(1) });
/** Asks the model for the ended call's disposition, suggested to the agent at wrap-up (suggested-disposition.ts). */
export const suggestDispositionTaskSchema = z.object({ name: z.literal("disposition"), action: z.literal("intelligence.suggest_disposition") });
/** Asks the model the language of one customer line (model-language.ts). */
export const detectLanguageTaskSchema = z.object({ name: z.string().startsWith("language:"), action: z.literal("intelligence.detect_language"), segmentId: z.string().min(1) });
/** Voice-to-voice: translates the agent's line into the customer's language (voice-lines.ts). */
export const translateVoiceLineTaskSchema = z.object({
  name: z.string().startsWith("voice-line:"),
  action: z.literal("intelligence.translate_voice_line"),
  requestId: z.string().min(1),
  from: callLanguage,
  /** Null when the call did not know the customer's language yet: the line is not said, saying why. */
  to: callLanguage.nullable(),
});
/** Voice-to-voice: speaks the translated line to the customer through the carrier's TTS, once. */
export const speakVoiceLineTaskSchema = z.object({
  name: z.string().startsWith("speak-voice-line:"),
  action: z.literal("intelligence.speak_voice_line"),
  requestId: z.string().min(1),
  callControlId: z.string().min(1),
  text: z.string().min(1),
  language: callLanguage,
});
/** Tells the call's campaign room of one alert (by its condition's key). */
export const campaignAlertTaskSchema = z.object({ name: z.string().startsWith("campaign-alert:"), action: z.literal("intelligence.campaign_alert"), key: z.string().min(1) });

export type StartIntelligenceTask = z.infer<typeof startIntelligenceTaskSchema>;
export type TranslateTask = z.infer<typeof translateTaskSchema>;
export type SummariseTask = z.infer<typeof summariseTaskSchema>;
export type CampaignAlertTask = z.infer<typeof campaignAlertTaskSchema>;
export type SentimentSummaryTask = z.infer<typeof sentimentSummaryTaskSchema>;
export type CampaignSentimentTask = z.infer<typeof campaignSentimentTaskSchema>;
export type SuggestTask = z.infer<typeof suggestTaskSchema>;
export type ScoreSentimentTask = z.infer<typeof scoreSentimentTaskSchema>;
export type SuggestDispositionTask = z.infer<typeof suggestDispositionTaskSchema>;
export type DetectLanguageTask = z.infer<typeof detectLanguageTaskSchema>;
export type TranslateVoiceLineTask = z.infer<typeof translateVoiceLineTaskSchema>;
export type SpeakVoiceLineTask = z.infer<typeof speakVoiceLineTaskSchema>;
export type IntelligenceTask =
  | StartIntelligenceTask
  | TranslateTask
  | SummariseTask
  | CampaignAlertTask
  | SentimentSummaryTask
  | CampaignSentimentTask
  | SuggestTask
  | ScoreSentimentTask
  | SuggestDispositionTask
  | DetectLanguageTask
  | TranslateVoiceLineTask
  | SpeakVoiceLineTask;

export const intelligenceTaskSchemas = [
  startIntelligenceTaskSchema,
  translateTaskSchema,
  summariseTaskSchema,
  campaignAlertTaskSchema,
  sentimentSummaryTaskSchema,
  campaignSentimentTaskSchema,
  suggestTaskSchema,
  scoreSentimentTaskSchema,
  suggestDispositionTaskSchema,
  detectLanguageTaskSchema,
  translateVoiceLineTaskSchema,
  speakVoiceLineTaskSchema,
] as const;
