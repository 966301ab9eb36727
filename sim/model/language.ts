// The language hook: a request whose system prompt asks to "identify the language" of a
// line (the engine's model language detection, objects/call/features/intelligence/
// model-writer.ts) is answered with JSON read from the line: a script only one of the ten
// call languages writes (Hangul, kana, Arabic, Han) is sure; else the common words of a
// language (hola, bueno, allô, oui, danke, obrigado…) are; else tinyld's guess, unsure (under the engine's bar: the offline answer stands).
// Deterministic and scripted, never a real model: the same line always gets the same
// answer, and its confidences differ from the engine's own, so a test can tell whose
// reading decided.
import { detect } from "tinyld";
import type { Conversation } from "./script.ts";
import type { ScriptedReply } from "./wire.ts";

const ASKS_FOR_LANGUAGE = /\bidentify the language\b/i;
const LANGUAGES = ["en", "es", "fr", "de", "zh", "ja", "pt", "it", "ko", "ar"] as const;

const SCRIPTS: readonly [RegExp, string][] = [
  [/\p{Script=Hangul}/u, "ko"],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, "ja"],
  [/\p{Script=Arabic}/u, "ar"],
  [/\p{Script=Han}/u, "zh"],
];

/** Words only one of the languages uses in everyday call talk (greetings, yes/no, thanks). */
const WORDS: readonly [RegExp, string][] = [
  [/(^|[\s¿¡])(hola|bueno|s[ií]|gracias|usted|se[nñ]or|hay|alguien|ah[ií]|puedo|pagar|adi[oó]s|claro|por favor)(?=$|[\s?!.,])/iu, "es"],
  [/(^|\s)(all[oô]|bonjour|oui|merci|c'est|vous|je|au revoir|d'accord|monsieur|madame)(?=$|[\s?!.,])/iu, "fr"],
  [/(^|\s)(hallo|guten|danke|bitte|nein|ich|sie|tsch[uü]ss)(?=$|[\s?!.,])/iu, "de"],
  [/(^|\s)(ol[aá]|obrigad[oa]|voc[eê]|sim|n[aã]o|tchau)(?=$|[\s?!.,])/iu, "pt"],
  [/(^|\s)(pronto|ciao|grazie|buongiorno|s[ìi]gnore|prego)(?=$|[\s?!.,])/iu, "it"],
  [/(^|\s)(hello|hi|yes|thanks|thank you|speaking|what|who|please|okay|ok|the|you|your|my|i|i'm|this|is|it|calling|call|stop|don't|can't|people|week|pay|paid)(?=$|[\s?!.,])/iu, "en"],
];

export function languageReading(line: string): { language: string; confidence: number } {
  for (const [script, language] of SCRIPTS) if (script.test(line)) return { language, confidence: 0.97 };
  for (const [words, language] of WORDS) if (words.test(line)) return { language, confidence: 0.92 };
  const guessed = detect(line, { only: [...LANGUAGES] });
  return guessed ? { language: guessed, confidence: 0.55 } : { language: "en", confidence: 0.3 };
}

export function languageReply(conversation: Conversation): ScriptedReply | null {
  if (!ASKS_FOR_LANGUAGE.test(conversation.system)) return null;
  return { text: JSON.stringify(languageReading(conversation.lastUser)), toolCalls: [], source: "language:scripted" };
}
