// What the AI hands a person with the call (the console's AI card shows it the moment the
// call pops, beside the live transcript): why a person was asked for, what the AI did with
// its tools, what it carries from earlier (turns folded out of its window, an earlier
// person's notes) and the caller's last words. Built from the AI's journal fold, never from
// the model: it is exactly what happened, so a person can trust it at a glance.
import type { AiFold } from "./journal";

const TOOL_WORDS: Readonly<Record<string, string>> = {
  lookup_balance: "looked up the balance",
  send_payment_link: "sent a payment link",
  schedule_callback: "scheduled a callback",
  set_disposition: "set a disposition",
  request_human: "asked for a person",
};

function whyAPerson(reason: string): string {
  if (reason.startsWith("taken over by ")) return "A person took the call over from the console.";
  if (reason === "silence") return "The caller stayed silent through every check-in.";
  if (reason.startsWith("model_")) return "The AI's model did not answer; the AI apologised and asked for a person.";
  return "The caller asked for a person (or the AI could not help further).";
}

export function aiHandoverSummary(fold: AiFold): string[] {
  const effects = fold.steps.flatMap((step) => step.effects);
  const lines: string[] = [];
  const lastRequest = effects.findLast((effect) => effect.type === "reserve_human");
  if (lastRequest?.type === "reserve_human") lines.push(whyAPerson(lastRequest.reason));
  const tools = [...new Set(effects.flatMap((effect) => (effect.type === "timeline" && effect.entry.kind === "tool_called" ? [effect.entry.name] : [])))];
  if (tools.length > 0) lines.push(`The AI ${tools.map((name) => TOOL_WORDS[name] ?? name).join(", ")}.`);
  const earlier = fold.state.conversation.summary;
  if (earlier) lines.push(`Earlier: ${earlier}`);
  const lastCaller = fold.state.conversation.window.findLast((message) => message.role === "user");
  if (lastCaller && typeof lastCaller.content === "string") lines.push(`The caller last said: “${lastCaller.content}”`);
  return lines;
}
