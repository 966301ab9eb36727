// What the simulated model answers. Replies are scripted, never generated: a test or a
// rehearsal installs rules (match the last user message and/or the system prompt →
// reply text or tool calls), and what no rule matches goes to the translation hook and
// then to the default persona, a collections agent. Pure: the same rules, request and
// seed give the same reply.
import { z } from "zod";
import { collectionsPersona } from "./persona-collections.ts";
import type { Prng } from "../carrier/prng.ts";
import { reportQuestionReply } from "./report-question.ts";
import { suggestionReply } from "./suggestion.ts";
import { sentimentReply } from "./sentiment.ts";
import { dispositionReply } from "./disposition.ts";
import { summaryReply } from "./summary.ts";
import { translationReply } from "./translation.ts";
import { languageReply } from "./language.ts";
import { contentText, type ChatMessage, type ChatRequest, type ScriptedReply } from "./wire.ts";

const toolCallRuleSchema = z.strictObject({
  name: z.string().min(1),
  /** An object is serialised; a string is sent as is (a test may script broken JSON). */
  arguments: z.union([z.record(z.string(), z.unknown()), z.string()]).default({}),
});

export const scriptRuleSchema = z.strictObject({
  id: z.string().min(1).optional(),
  when: z
    .strictObject({
      /** Case-insensitive substring of the last user message. */
      lastUser: z.string().min(1).optional(),
      /** A regular expression (case-insensitive) over the last user message. */
      lastUserPattern: z.string().min(1).optional(),
      /** Case-insensitive substring of the system (or developer) prompt. */
      system: z.string().min(1).optional(),
      /** The last message is the result of this tool. */
      afterTool: z.string().min(1).optional(),
    })
    .default({}),
  reply: z
    .strictObject({
      /** One text, or several the seed picks from. */
      text: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
      toolCalls: z.array(toolCallRuleSchema).optional(),
    })
    .refine((reply) => reply.text !== undefined || (reply.toolCalls?.length ?? 0) > 0, "a reply needs text or toolCalls"),
  /** Uses before the rule retires; default: every time it matches. */
  times: z.number().int().positive().optional(),
});
export type ScriptRule = z.infer<typeof scriptRuleSchema>;
export type ScriptRuleInput = z.input<typeof scriptRuleSchema>;

export interface InstalledRule {
  rule: ScriptRule;
  used: number;
}

/** The facts of a request that rules and personas read. */
export interface Conversation {
  system: string;
  lastUser: string;
  lastMessage: ChatMessage;
  /** Name of the tool whose result is the last message, if it is one. */
  afterTool: string | null;
  /** Results of earlier tool calls by tool name (latest wins), as the caller sent them. */
  toolResults: ReadonlyMap<string, string>;
  offeredTools: ReadonlySet<string>;
  messages: readonly ChatMessage[];
}

export function readConversation(request: ChatRequest): Conversation {
  const messages = request.messages;
  const system = messages
    .filter((m) => m.role === "system" || m.role === "developer")
    .map(contentText)
    .join("\n");
  const lastUser = contentText([...messages].reverse().find((m) => m.role === "user"));
  const callNames = new Map<string, string>();
  const toolResults = new Map<string, string>();
  for (const message of messages) {
    if (message.role === "assistant") for (const call of message.tool_calls ?? []) callNames.set(call.id, call.function.name);
    if (message.role === "tool") {
      const name = callNames.get(message.tool_call_id);
      if (name) toolResults.set(name, contentText(message));
    }
  }
  const lastMessage = messages[messages.length - 1]!;
  const afterTool = lastMessage.role === "tool" ? (callNames.get(lastMessage.tool_call_id) ?? null) : null;
  const offeredTools = new Set((request.tools ?? []).map((tool) => tool.function.name));
  return { system, lastUser, lastMessage, afterTool, toolResults, offeredTools, messages };
}

function matches(rule: ScriptRule, conversation: Conversation): boolean {
  const { when } = rule;
  const includes = (haystack: string, needle: string) => haystack.toLowerCase().includes(needle.toLowerCase());
  // A rule about the user's words answers the user, not a tool result that follows them.
  if ((when.lastUser || when.lastUserPattern) && conversation.lastMessage.role !== "user") return false;
  if (when.lastUser && !includes(conversation.lastUser, when.lastUser)) return false;
  if (when.lastUserPattern && !new RegExp(when.lastUserPattern, "i").test(conversation.lastUser)) return false;
  if (when.system && !includes(conversation.system, when.system)) return false;
  if (when.afterTool && conversation.afterTool !== when.afterTool) return false;
  return true;
}

/** The first live rule that matches, else the sentiment, language, disposition, translation, suggestion, summary and report-question hooks, else the default persona. */
export function chooseReply(rules: InstalledRule[], request: ChatRequest, prng: Prng): ScriptedReply {
  const conversation = readConversation(request);
  for (const [index, installed] of rules.entries()) {
    const { rule } = installed;
    if (rule.times !== undefined && installed.used >= rule.times) continue;
    if (!matches(rule, conversation)) continue;
    installed.used++;
    const texts = rule.reply.text === undefined ? [] : Array.isArray(rule.reply.text) ? rule.reply.text : [rule.reply.text];
    return {
      text: texts.length === 0 ? null : texts[prng.int(texts.length)]!,
      toolCalls: (rule.reply.toolCalls ?? []).map((call) => ({
        name: call.name,
        arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments),
      })),
      source: `rule:${rule.id ?? index}`,
    };
  }
  return (
    sentimentReply(conversation) ??
    languageReply(conversation) ??
    dispositionReply(conversation) ??
    translationReply(conversation) ??
    suggestionReply(conversation) ??
    summaryReply(conversation) ??
    reportQuestionReply(conversation) ??
    collectionsPersona(conversation, prng)
  );
}
