// The languages live intelligence works in (PRODUCT.md §6: at least these ten), which of
// them read right to left, and the one rule for when a call's detected language is sure
// enough to become the account's preferred language. Codes are ISO 639-1, as accounts
// store them (`accounts.preferred_language`).
import { z } from "zod";

export const CALL_LANGUAGES = ["en", "es", "fr", "de", "zh", "ja", "pt", "it", "ko", "ar"] as const;
export type CallLanguage = (typeof CALL_LANGUAGES)[number];
export const callLanguage = z.enum(CALL_LANGUAGES);

const RIGHT_TO_LEFT: ReadonlySet<string> = new Set<CallLanguage>(["ar"]);
export const isRightToLeft = (language: string | null): boolean => language !== null && RIGHT_TO_LEFT.has(language);

export const isCallLanguage = (value: string): value is CallLanguage => (CALL_LANGUAGES as readonly string[]).includes(value);

/**
 * A call's language is sure enough to change the account's preferred language only when
 * the customer said enough in it: at least this many of their segments agree, the
 * language holds this share of the evidence, and its evidence (the sum of its segments'
 * confidences, a long clear sentence ≈ 0.8) reaches the minimum. Short words ("What?",
 * "Hello?") never relabel an account.
 */
export const PREFERRED_LANGUAGE_MIN_SEGMENTS = 2;
export const PREFERRED_LANGUAGE_MIN_SHARE = 0.7;
export const PREFERRED_LANGUAGE_MIN_EVIDENCE = 1;
