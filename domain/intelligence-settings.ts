// Live intelligence's settings (issue 13): translation per organisation, per campaign and
// per call (on/off, from a language or auto, into a language), and the organisation's own
// objection phrases. One rule resolves them: the call's own choice, else its campaign's,
// else the organisation's, else the defaults. Stored as JSON and read back through these
// schemas, so a row from an older build gets the defaults rather than failing a call.
import { z } from "zod";
import { callLanguage, CALL_LANGUAGES, type CallLanguage } from "./languages";

export const TRANSLATION_SOURCES = ["auto", ...CALL_LANGUAGES] as const;

export const translationSettings = z.strictObject({
  enabled: z.boolean(),
  /** The language a line is read as when it is too short to tell ("auto": the call's detected language). */
  from: z.enum(TRANSLATION_SOURCES),
  /** The agent's language: lines already in it are not sent to the model. */
  to: callLanguage,
  /**
   * Voice-to-voice: the agent may have a line they type translated into the customer's
   * language and spoken to them by the carrier. Off unless set (absent: off).
   */
  voiceToVoice: z.boolean().optional(),
});
export type TranslationSettings = z.infer<typeof translationSettings>;

/** On, into English: the agent reads what a Spanish or French caller says without asking. */
export const DEFAULT_TRANSLATION: TranslationSettings = { enabled: true, from: "auto", to: "en" };

export const MAX_OBJECTION_PHRASES = 200;
export const MAX_OBJECTION_PHRASE_CHARS = 80;

/** An organisation's phrase: a few words, matched case-insensitively on word boundaries. */
export const objectionPhrase = z
  .string()
  .trim()
  .min(2, "a phrase needs at least 2 characters")
  .max(MAX_OBJECTION_PHRASE_CHARS, `a phrase is at most ${MAX_OBJECTION_PHRASE_CHARS} characters`)
  .refine((phrase) => /[\p{L}\p{N}]/u.test(phrase), "a phrase needs a letter or a digit");

/**
 * The same, as a field of a larger body: a value that is not these settings at all is one
 * error naming the field (a union reports at its own path), not one per missing key.
 */
export const translationSettingsField = z.union([translationSettings, z.never()]);

export const intelligenceSettings = z.strictObject({
  translation: translationSettingsField,
  objectionPhrases: z
    .array(objectionPhrase)
    .max(MAX_OBJECTION_PHRASES, `at most ${MAX_OBJECTION_PHRASES} phrases`)
    .refine((phrases) => new Set(phrases.map((p) => p.toLowerCase())).size === phrases.length, "each phrase once (case-insensitive)"),
});
export type IntelligenceSettings = z.infer<typeof intelligenceSettings>;

export const DEFAULT_INTELLIGENCE_SETTINGS: IntelligenceSettings = { translation: DEFAULT_TRANSLATION, objectionPhrases: [] };

/** A stored organisation row (or none) as settings: anything unreadable is the defaults. */
export function readIntelligenceSettings(stored: unknown): IntelligenceSettings {
  const parsed = intelligenceSettings.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_INTELLIGENCE_SETTINGS;
}

/** A stored campaign override (or none): null means the organisation's. */
export function readTranslationOverride(stored: unknown): TranslationSettings | null {
  const parsed = translationSettings.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/** The call's own choice, else its campaign's, else the organisation's. */
export function resolveTranslation(levels: { organization: TranslationSettings; campaign: TranslationSettings | null; call: TranslationSettings | null }): TranslationSettings {
  return levels.call ?? levels.campaign ?? levels.organization;
}

export const LANGUAGE_NAMES: Record<CallLanguage, string> = {
  en: "English",
  es: "Spanish",
  fr: "French",
  de: "German",
  zh: "Chinese",
  ja: "Japanese",
  pt: "Portuguese",
  it: "Italian",
  ko: "Korean",
  ar: "Arabic",
};
