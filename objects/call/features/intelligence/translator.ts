// The port translation runs against: a model that translates one transcript segment with
// a short rolling context (the call's last lines, for consistent names and terms). The
// `openai` client implements it once the model client lands; until then there is none,
// and the call view and console say plainly that translation needs a model.
import type { CallLanguage } from "../../../../domain/languages";

export interface TranslationRequest {
  segmentId: string;
  text: string;
  from: CallLanguage | null;
  to: CallLanguage;
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

/** Why a call shows no translation: the one sentence the console shows. */
export const TRANSLATION_NEEDS_MODEL = "Translation needs a model: set OPENAI_BASE_URL, OPENAI_MODEL and OPENAI_API_KEY. Detection, sentiment and objections work without one.";
