// The events live intelligence raises beyond detection and alerts (carrier-event.ts
// holds them in the call's one event union): the settings the call started with, the
// agent's own translation choice, each segment's translation (or why there is none),
// the batches pushed to the console, and the summary written when the call ends.
// Defined here with their stored schemas; zod and domain only, so the union can import them.
import { z } from "zod";
import { translationSettings, type TranslationSettings } from "../../../../domain/intelligence-settings";
import { DISPOSITIONS, type Disposition } from "../../../../domain/dispositions";

/** Whether the engine has a model, and which: the console says "needs a model" or "simulator". */
export interface ModelDescription {
  configured: boolean;
  name: string | null;
  simulated: boolean;
}

export interface CallIntelligenceStart {
  /** The organisation's or the campaign's translation (the call's own choice comes later, as its own event). */
  translation: TranslationSettings;
  objectionPhrases: string[];
  model: ModelDescription;
}

/** One segment's translation as it is delivered: text from the model, or why there is none. */
export interface TranslatedLine {
  segmentId: string;
  /** The language it was read as; null when the model was left to tell. */
  from: string | null;
  to: string;
  /** Null when it failed (see `error`). */
  text: string | null;
  model: string | null;
  latencyMs: number | null;
  error: string | null;
  /** When the model answered (or gave up). */
  atMs: number;
}

/**
 * The model's suggested line for one customer line (assist only), or why there is none
 * (no model, it failed or took too long): the console then shows the offline script's.
 */
export interface ModelSuggestion {
  segmentId: string;
  /** Null when it failed (see `error`). */
  text: string | null;
  model: string | null;
  latencyMs: number | null;
  error: string | null;
  /** When the model answered (or gave up). */
  atMs: number;
}

/**
 * The model's reading of the customer's mood as of one of their lines (every Nth: see
 * model-sentiment.ts), beside the offline lexicon's; or why there is none (no model, it
 * failed or took too long: the last score stands).
 */
export interface ModelSentimentScore {
  segmentId: string;
  /** −1..1; null when it failed (see `error`). */
  score: number | null;
  /** The model asks for a supervisor (raises the `model_escalation` alert once per call). */
  escalate: boolean;
  /** The model's one-line reason, shown beside the score and in the alert. */
  reason: string | null;
  model: string | null;
  latencyMs: number | null;
  error: string | null;
  atMs: number;
}

/**
 * The model's reading of the language of one customer line (model-language.ts: asked on
 * the first lines until the call is sure, and when the offline library is unsure or
 * disagrees), or why there is none (no model, it failed or took too long: the offline
 * answer stands).
 */
export interface ModelLanguageReading {
  segmentId: string;
  /** One of the call languages; null when it failed or named another (see `error`). */
  language: string | null;
  /** 0..1, as the model put it; null when it failed. */
  confidence: number | null;
  model: string | null;
  latencyMs: number | null;
  error: string | null;
  atMs: number;
}

/** The agent asked for one line to be said to the customer in the customer's language (voice-to-voice, voice-lines.ts). */
export interface VoiceLineRequest {
  requestId: string;
  /** As the agent typed it, in their language. */
  text: string;
  byUserId: string;
}

/** That line translated (what the carrier is told to speak), or why it was not said. */
export interface VoiceLine {
  requestId: string;
  /** The agent's own words, as typed. */
  original: string;
  /** The agent's language (the call's translation target). */
  from: string;
  /** The customer's language: what the line is translated into and spoken in. */
  to: string;
  /** Null when it was not translated (see `error`): nothing is said. */
  text: string | null;
  model: string | null;
  latencyMs: number | null;
  error: string | null;
  atMs: number;
}

/** The model's suggested disposition for an ended call (the agent confirms or changes it), or why there is none. */
export interface ModelDispositionSuggestion {
  /** Null when it failed (see `error`): the offline rule's suggestion stands. */
  disposition: Disposition | null;
  reason: string | null;
  model: string | null;
  latencyMs: number | null;
  error: string | null;
  atMs: number;
}

export interface CallSummary {
  text: string;
  model: string;
  latencyMs: number;
}

export const modelDescription = z.object({ configured: z.boolean(), name: z.string().nullable(), simulated: z.boolean() });
export const callIntelligenceStart = z.object({ translation: translationSettings, objectionPhrases: z.array(z.string()), model: modelDescription }) satisfies z.ZodType<CallIntelligenceStart>;
export const translatedLine = z.object({
  segmentId: z.string().min(1),
  from: z.string().nullable(),
  to: z.string().min(2),
  text: z.string().nullable(),
  model: z.string().nullable(),
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
  atMs: z.number(),
}) satisfies z.ZodType<TranslatedLine>;
export const modelSuggestion = z.object({
  segmentId: z.string().min(1),
  text: z.string().nullable(),
  model: z.string().nullable(),
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
  atMs: z.number(),
}) satisfies z.ZodType<ModelSuggestion>;
export const callSummary = z.object({ text: z.string(), model: z.string(), latencyMs: z.number() }) satisfies z.ZodType<CallSummary>;
export const modelSentimentScore = z.object({
  segmentId: z.string().min(1),
  score: z.number().min(-1).max(1).nullable(),
  escalate: z.boolean(),
  reason: z.string().nullable(),
  model: z.string().nullable(),
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
  atMs: z.number(),
}) satisfies z.ZodType<ModelSentimentScore>;
export const modelDispositionSuggestion = z.object({
  disposition: z.enum(DISPOSITIONS).nullable(),
  reason: z.string().nullable(),
  model: z.string().nullable(),
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
  atMs: z.number(),
}) satisfies z.ZodType<ModelDispositionSuggestion>;
export const modelLanguageReading = z.object({
  segmentId: z.string().min(1),
  language: z.string().min(2).nullable(),
  confidence: z.number().min(0).max(1).nullable(),
  model: z.string().nullable(),
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
  atMs: z.number(),
}) satisfies z.ZodType<ModelLanguageReading>;
export const voiceLineRequest = z.object({ requestId: z.string().min(1), text: z.string().min(1), byUserId: z.string().min(1) }) satisfies z.ZodType<VoiceLineRequest>;
export const voiceLine = z.object({
  requestId: z.string().min(1),
  original: z.string(),
  from: z.string().min(2),
  to: z.string().min(2),
  text: z.string().nullable(),
  model: z.string().nullable(),
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
  atMs: z.number(),
}) satisfies z.ZodType<VoiceLine>;
