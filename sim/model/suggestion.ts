// The suggestion hook: a request whose system prompt asks to "suggest one line the agent
// could say" (the engine's live assist, objects/call/features/intelligence/model-writer.ts)
// is answered here with a short, calm line for the customer's last words: a fixed line
// per kind of moment (stop calling, a lawyer or lawsuit, a dispute or "already paid",
// money trouble, a supervisor, anything else), different from the engine's offline script
// so a console and a test can tell whose line is shown. Deterministic and scripted, never
// a real model.
import type { Conversation } from "./script.ts";
import type { ScriptedReply } from "./wire.ts";

const ASKS_FOR_SUGGESTION = /\bsuggest one line\b/i;

const LINES: readonly [RegExp, string][] = [
  [/\b(stop calling|don'?t call|do not call|no me llame|arr[eê]tez)/i, "You won't get more calls from us: I'm noting that now. Would a letter or an email suit you better?"],
  [/\b(lawyer|attorney|sue|lawsuit|court|abogado|avocat)\b/i, "That's fine. Please give me your lawyer's name and number, and we will speak with them from now on."],
  [/\b(already paid|not mine|not my debt|dispute|wrong|ya pagu[eé]|faux|contest)/i, "Let's check it together: I'll put the account on hold and send you the details in writing first."],
  [/\b(can'?t afford|can'?t pay|no money|lost my job|no puedo pagar)/i, "We can go at your pace. What amount would feel manageable for you this month?"],
  [/\b(supervisor|manager|supervisora?)\b/i, "Of course. I'll bring my supervisor in and pass on everything you've told me."],
];
const DEFAULT_LINE = "I'm sorry this is stressful. Let's take it one step at a time: what matters most to you right now?";

/** The customer's last line in the "speaker: line" conversation the engine sends. */
const lastCustomerLine = (conversation: string): string =>
  conversation
    .split("\n")
    .map((raw) => /^customer:\s*(.+)$/i.exec(raw.trim())?.[1])
    .filter((line): line is string => line !== undefined)
    .at(-1) ?? "";

export function suggestionReply(conversation: Conversation): ScriptedReply | null {
  if (!ASKS_FOR_SUGGESTION.test(conversation.system)) return null;
  const said = lastCustomerLine(conversation.lastUser);
  const line = LINES.find(([pattern]) => pattern.test(said))?.[1] ?? DEFAULT_LINE;
  return { text: line, toolCalls: [], source: "suggestion:scripted" };
}
