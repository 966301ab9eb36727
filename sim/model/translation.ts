// The hook for the live-intelligence issue: a request whose system prompt asks for a
// translation is answered here instead of by the collections persona. Today it only
// marks the line ("[fr] Hello?") so a caller can tell a translation was asked for and
// of what; the translations of the carrier personas' scripted lines (sim/carrier/
// persona-scripts.ts) belong in a table here when that issue lands.
import type { Conversation } from "./script.ts";
import type { ScriptedReply } from "./wire.ts";

/** "Translate … into French" / "translate to fr-CA" → the target the prompt names. */
const TARGET = /translat\w*\b[^.\n]*?\b(?:into|to)\s+([A-Za-z-]{2,20})/i;

export function translationReply(conversation: Conversation): ScriptedReply | null {
  const target = TARGET.exec(conversation.system);
  if (!target) return null;
  return { text: `[${target[1]!.toLowerCase()}] ${conversation.lastUser}`, toolCalls: [], source: "translation:marked" };
}
