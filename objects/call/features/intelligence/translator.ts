// The ports translation and the summary run against: a model that translates one
// transcript segment with a short rolling context (the call's last lines, for consistent
// names and terms), and one that summarises a whole call. `model-writer.ts` implements
// both over the engine's one model client (the `openai` SDK); tests use fakes.
import type { CallLanguage } from "../../../../domain/languages";
import type { TranslationSettings } from "../../../../domain/intelligence-settings";
import type { Disposition } from "../../../../domain/dispositions";
import type { ModelDescription } from "./intelligence-events";
import type { ModelSentimentAnswer, ModelSentimentRequest } from "./model-sentiment";
import type { LanguageRequest, ModelLanguageAnswer } from "./model-language";

export interface TranslationRequest {
  segmentId: string;
  text: string;
  /** The language it is read as; null: the model tells. */
  from: CallLanguage | null;
  to: CallLanguage;
  speaker: "customer" | "agent";
  /** The call's last few lines, oldest first, already in order. */
  context: readonly { speaker: "customer" | "agent"; text: string }[];
}

export interface TranslationResult {
  segmentId: string;
  text: string;
  /** Which model translated it (a simulator says so). */
  model: string;
  latencyMs: number;
}

export interface Translator {
  translate(request: TranslationRequest): Promise<TranslationResult>;
}

export interface SummaryRequest {
  lines: readonly { speaker: "customer" | "agent"; text: string }[];
}

export interface Summariser {
  summarise(request: SummaryRequest): Promise<{ text: string; model: string; latencyMs: number }>;
}

export interface SuggestionRequest {
  /** The customer line it answers. */
  segmentId: string;
  reason: "objection" | "sentiment";
  objection: string | null;
  /** The offline script's line for the moment: what the model starts from (lawful wording). */
  scriptLine: string;
  /** The conversation's last lines, oldest first, ending with the customer's. */
  lines: readonly { speaker: "customer" | "agent"; text: string }[];
}

export interface Suggester {
  /** One line for the agent; rejects after `deadlineMs` (the script's line stays). */
  suggest(request: SuggestionRequest, deadlineMs: number): Promise<{ text: string; model: string; latencyMs: number }>;
}

export interface SentimentScorer {
  /** The customer's mood as of their latest line, and whether a supervisor is needed; rejects after `deadlineMs`. */
  scoreSentiment(request: ModelSentimentRequest, deadlineMs: number): Promise<ModelSentimentAnswer & { model: string; latencyMs: number }>;
}

export interface DispositionSuggester {
  /** The disposition an ended call most likely deserves, with a short reason. */
  suggestDisposition(request: SummaryRequest): Promise<{ disposition: Disposition; reason: string; model: string; latencyMs: number }>;
}

export interface LanguageDetector {
  /** The language of one customer line and how sure the model is; rejects after `deadlineMs` (the offline answer stands). */
  detectLanguage(request: LanguageRequest, deadlineMs: number): Promise<ModelLanguageAnswer & { model: string; latencyMs: number }>;
}

/** What the call reads when it starts: its settings and the model it may use. */
export interface IntelligencePort extends Translator, Summariser, Suggester, SentimentScorer, DispositionSuggester, LanguageDetector {
  /** The organisation's settings and the campaign's translation, if it set one. */
  settings(organizationId: string, campaignId: string | null): Promise<{ translation: TranslationSettings; objectionPhrases: string[] }>;
  model(): ModelDescription;
}

/** What setting up a model takes, as every "needs a model" sentence says it. */
export const MODEL_SETUP = "set OPENAI_BASE_URL, OPENAI_MODEL and OPENAI_API_KEY";
/** Why a call shows no translation: the one sentence the console shows. */
export const TRANSLATION_NEEDS_MODEL = `Translation needs a model: ${MODEL_SETUP}. Detection, sentiment and objections work without one.`;
/** Why a call has no summary. */
export const SUMMARY_NEEDS_MODEL = `a summary needs a model (${MODEL_SETUP})`;
/** Why the agent's line cannot be said in the customer's language. */
export const VOICE_LINE_NEEDS_MODEL = `Saying your line in the customer's language needs a model: ${MODEL_SETUP}.`;
/** Why the wrap-up's suggested disposition is the offline rule's. */
export const DISPOSITION_NEEDS_MODEL = `the model's suggestion needs a model (${MODEL_SETUP})`;
