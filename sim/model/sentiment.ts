// The sentiment hook: a request whose system prompt asks to "rate the customer's
// sentiment" (the engine's model sentiment, objects/call/features/intelligence/
// model-writer.ts) is answered with JSON read from the customer's last line by a few
// fixed word lists: a legal threat, abuse or a request for a supervisor is hostile and
// asks for one (escalate), anger or refusal is negative, thanks or agreement is positive,
// anything else neutral. Deterministic and scripted, never a real model; its scores
// differ from the engine's lexicon, so a console and a test can tell whose is shown.
import type { Conversation } from "./script.ts";
import type { ScriptedReply } from "./wire.ts";

const ASKS_FOR_SENTIMENT = /\brate the customer's sentiment\b/i;

const READINGS: readonly [RegExp, { score: number; escalate: boolean; reason: string }][] = [
  [/\b(lawyer|attorney|sue|lawsuit|court|abogado|demanda|avocat|supervisor|manager|harass\w*|acoso)\b/i, { score: -0.9, escalate: true, reason: "legal threat or asks for a supervisor" }],
  [/\b(stupid|idiot|ridiculous|damn|hell|shut up|rid[ií]culo|estafa|scam)\b/i, { score: -0.8, escalate: true, reason: "abusive and angry" }],
  [/\b(no|not|never|can'?t|won'?t|stop|angry|upset|furious|wrong|nunca|no puedo|jam[aá]is)\b/i, { score: -0.4, escalate: false, reason: "negative" }],
  [/\b(thanks?|thank you|great|ok(ay)?|sure|yes|gracias|s[ií]|claro|merci|oui|danke|ja)\b/i, { score: 0.5, escalate: false, reason: "agreeable" }],
];

/** The customer's last line in the "speaker: line" conversation the engine sends. */
export const lastCustomerLine = (conversation: string): string =>
  conversation
    .split("\n")
    .map((raw) => /^customer:\s*(.+)$/i.exec(raw.trim())?.[1])
    .filter((line): line is string => line !== undefined)
    .at(-1) ?? "";

export function sentimentReply(conversation: Conversation): ScriptedReply | null {
  if (!ASKS_FOR_SENTIMENT.test(conversation.system)) return null;
  const said = lastCustomerLine(conversation.lastUser);
  const reading = READINGS.find(([pattern]) => pattern.test(said))?.[1] ?? { score: 0, escalate: false, reason: "neutral" };
  return { text: JSON.stringify(reading), toolCalls: [], source: "sentiment:scripted" };
}
