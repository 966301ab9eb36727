// The default persona: the model's side of a collections call, answered from keywords
// in the caller's last words and from the tool results the caller sent back. It uses a
// tool only when the request offers it (as a real model would), and its tool names and
// arguments are the AI agent's (objects/call/features/ai-agent), written here again
// because the simulator plays outside code and imports none of the product's.
import type { Prng } from "../carrier/prng.ts";
import type { Conversation } from "./script.ts";
import type { ScriptedReply } from "./wire.ts";

const say = (text: string, branch: string): ScriptedReply => ({ text, toolCalls: [], source: `persona:collections:${branch}` });
const call = (name: string, args: Record<string, unknown>, branch: string): ScriptedReply => ({
  text: null,
  toolCalls: [{ name, arguments: JSON.stringify(args) }],
  source: `persona:collections:${branch}`,
});

const ASKS_FOR_HUMAN = /\b(human|agent|person|representative|someone real|real person|operator|supervisor)\b/i;
const ASKS_BALANCE = /\b(balance|how much|owe|amount)\b/i;
const AGREES_TO_PAY = /\b(pay|link|yes|sure|okay|ok|go ahead)\b/i;
const ASKS_CALLBACK = /\b(call (me )?back|later|tomorrow|busy right now|bad time)\b/i;
const REFUSES = /\b(stop calling|wrong number|do not call|don't call)\b/i;

const AFTER_TOOL: Record<string, string> = {
  send_payment_link: "Done: the secure payment link is on its way to your phone. Is there anything else I can help you with?",
  schedule_callback: "You're booked in, and we'll call you back then. Thank you for your time.",
  request_human: "Of course. I'm connecting you with a member of our team now; please stay on the line.",
  set_disposition: "Understood, I've noted that. Thank you for your time. Goodbye.",
};

/** A balance from a lookup_balance result: `{ balanceCents }` or `{ balance: "$12.34" }`. */
function balanceOf(result: string | undefined): { cents: number | null; text: string } | null {
  if (result === undefined) return null;
  try {
    const parsed = JSON.parse(result) as { balanceCents?: unknown; balance?: unknown };
    if (typeof parsed.balanceCents === "number") return { cents: parsed.balanceCents, text: `$${(parsed.balanceCents / 100).toFixed(2)}` };
    if (typeof parsed.balance === "string") return { cents: null, text: parsed.balance };
  } catch {
    // A result that is not JSON is read as the text the tool said.
  }
  return { cents: null, text: result };
}

export function collectionsPersona(conversation: Conversation, prng: Prng): ScriptedReply {
  const offers = (tool: string) => conversation.offeredTools.has(tool);
  if (conversation.afterTool === "lookup_balance") {
    const balance = balanceOf(conversation.toolResults.get("lookup_balance"));
    return say(
      `Your current balance is ${balance?.text ?? "on file with us"}. I can text you a secure link to pay it now, or set up a time to call you back. What works best for you?`,
      "balance",
    );
  }
  if (conversation.afterTool && /"refused"/.test(conversation.toolResults.get(conversation.afterTool) ?? "")) {
    return say("I'm sorry, I can't do that. I can connect you with a member of our team if you'd like.", "refused-by-engine");
  }
  if (conversation.afterTool) return say(AFTER_TOOL[conversation.afterTool] ?? "Thank you. Is there anything else I can help you with?", `after:${conversation.afterTool}`);

  const words = conversation.lastUser;
  if (words === "") return say("Hello, I'm calling about your account with us. Is now a good time to talk for a minute?", "opening");
  if (ASKS_FOR_HUMAN.test(words)) {
    return offers("request_human") ? call("request_human", { reason: "The caller asked for a person." }, "human") : say("Of course. A member of our team will help you.", "human");
  }
  if (REFUSES.test(words)) {
    return offers("set_disposition") ? call("set_disposition", { disposition: "refused" }, "refused") : say("I understand. I'll make a note of that.", "refused");
  }
  if (ASKS_CALLBACK.test(words)) return say("No problem. What day and time would suit you for a call back?", "callback");
  if (ASKS_BALANCE.test(words)) {
    return offers("lookup_balance") ? call("lookup_balance", {}, "lookup") : say("A member of our team can go through your balance with you.", "lookup");
  }
  if (AGREES_TO_PAY.test(words)) {
    const balance = balanceOf(conversation.toolResults.get("lookup_balance"));
    if (balance?.cents != null && offers("send_payment_link")) return call("send_payment_link", { amountCents: balance.cents }, "pay");
    if (!balance && offers("lookup_balance")) return call("lookup_balance", {}, "pay-lookup");
    return say("Thank you. A member of our team will help you with the payment.", "pay");
  }
  const fallbacks = [
    "I understand. Would you like to take care of this today, or would you prefer to speak with a member of our team?",
    "Thanks for telling me. I can help you pay today, set up a call back, or connect you with a person. What would you like?",
  ];
  return say(fallbacks[prng.int(fallbacks.length)]!, "fallback");
}
