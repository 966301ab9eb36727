// The disposition hook: a request whose system prompt asks to "choose the disposition" of
// an ended call (the engine's wrap-up suggestion, objects/call/features/intelligence/
// model-writer.ts) is answered with JSON read from the whole transcript by fixed word
// lists: a dispute, a refusal, a promise to pay (paying with a day or an amount), a
// callback, else other (no customer line: no contact). Deterministic and scripted, never
// a real model; its reasons say "simulator", so a console and a test can tell it from
// the engine's offline rule.
import type { Conversation } from "./script.ts";
import type { ScriptedReply } from "./wire.ts";

const ASKS_FOR_DISPOSITION = /\bchoose the disposition\b/i;

const RULES: readonly [RegExp, string][] = [
  [/\b(wrong number|n[uú]mero equivocado|mauvais num[eé]ro)\b/i, "wrong_number"],
  [/\b(not mine|not my debt|dispute|already paid|ya pagu[eé]|no es m[ií]a|contest)\b/i, "dispute"],
  [/\b(stop calling|don'?t call|do not call|never pay|won'?t pay|no voy a pagar|no me llame)\b/i, "refused"],
  [/\b(pay|pagar|pago|payer|paierai|zahlen)\b.*\b(friday|monday|tomorrow|next week|viernes|lunes|ma[nñ]ana|semana|\$?\d+)/i, "promise_to_pay"],
  [/\b(call (me )?back|ll[aá]meme|rappelez)\b/i, "callback"],
];

export function dispositionReply(conversation: Conversation): ScriptedReply | null {
  if (!ASKS_FOR_DISPOSITION.test(conversation.system)) return null;
  const customer = conversation.lastUser
    .split("\n")
    .map((raw) => /^customer:\s*(.+)$/i.exec(raw.trim())?.[1])
    .filter((line): line is string => line !== undefined);
  if (customer.length === 0) return { text: JSON.stringify({ disposition: "no_contact", reason: "simulator: the customer said nothing" }), toolCalls: [], source: "disposition:scripted" };
  for (const [pattern, disposition] of RULES) {
    const line = customer.find((said) => pattern.test(said));
    if (line) return { text: JSON.stringify({ disposition, reason: `simulator: “${line}”` }), toolCalls: [], source: "disposition:scripted" };
  }
  return { text: JSON.stringify({ disposition: "other", reason: "simulator: nothing scripted matched" }), toolCalls: [], source: "disposition:scripted" };
}
