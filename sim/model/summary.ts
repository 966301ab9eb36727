// The summary hook: a request whose system prompt asks to summarise a call is answered
// here with an extractive summary of the transcript it was sent (one "speaker: line" per
// line): what the customer said most about, promises (lines about paying with a day or
// an amount), disputes, and the agent's last line as the next step. Deterministic and
// scripted, never a real model; the words are the call's own.
import type { Conversation } from "./script.ts";
import type { ScriptedReply } from "./wire.ts";

const ASKS_FOR_SUMMARY = /\bsummari[sz]e\b/i;
const PROMISE = /\b(pay|paid|payment|pago|pagar|paierai|payer|link|enlace)\b/i;
const WHEN_OR_AMOUNT = /(\$\s?\d|\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tonight|tomorrow|next week|lunes|viernes|semana|jours?)/i;
const DISPUTE = /\b(wrong|dispute|not mine|already paid|faux|contestation|stop calling|do not call)\b/i;

interface Line {
  speaker: string;
  text: string;
}

const parse = (transcript: string): Line[] =>
  transcript
    .split("\n")
    .map((raw) => /^(customer|agent):\s*(.+)$/i.exec(raw.trim()))
    .flatMap((match) => (match ? [{ speaker: match[1]!.toLowerCase(), text: match[2]! }] : []));

export function summaryReply(conversation: Conversation): ScriptedReply | null {
  if (!ASKS_FOR_SUMMARY.test(conversation.system)) return null;
  const lines = parse(conversation.lastUser);
  const customer = lines.filter((line) => line.speaker === "customer");
  const discussed = [...customer].sort((a, b) => b.text.length - a.text.length)[0]?.text ?? "nothing the customer said";
  const promises = lines.filter((line) => PROMISE.test(line.text) && WHEN_OR_AMOUNT.test(line.text)).map((line) => line.text);
  const disputes = customer.filter((line) => DISPUTE.test(line.text)).map((line) => line.text);
  const nextStep = lines.findLast((line) => line.speaker === "agent")?.text ?? "none said";
  const text = [
    `Discussed: ${discussed}`,
    `Promises: ${promises.length > 0 ? promises.join(" / ") : "none"}`,
    `Disputes: ${disputes.length > 0 ? disputes.join(" / ") : "none"}`,
    `Next step: ${nextStep}`,
  ].join("\n");
  return { text, toolCalls: [], source: "summary:extractive" };
}
