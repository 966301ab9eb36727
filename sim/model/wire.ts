// OpenAI's chat-completions wire shapes, as far as the simulator speaks them: the
// request it reads (validated with zod, since callers are outside code), and the
// response, chunk and error bodies it writes. Field names and order follow what
// api.openai.com sends, so the `openai` SDK cannot tell the difference.
import { z } from "zod";

const textPart = z.object({ type: z.literal("text"), text: z.string() }).loose();
const content = z.union([z.string(), z.array(textPart)]).nullable().optional();

const toolCallSchema = z
  .object({
    id: z.string(),
    type: z.literal("function"),
    function: z.object({ name: z.string(), arguments: z.string() }),
  })
  .loose();

export const messageSchema = z.discriminatedUnion("role", [
  z.object({ role: z.literal("system"), content }).loose(),
  z.object({ role: z.literal("developer"), content }).loose(),
  z.object({ role: z.literal("user"), content }).loose(),
  z.object({ role: z.literal("assistant"), content, tool_calls: z.array(toolCallSchema).optional() }).loose(),
  z.object({ role: z.literal("tool"), content, tool_call_id: z.string() }).loose(),
]);
export type ChatMessage = z.infer<typeof messageSchema>;

const toolSchema = z
  .object({
    type: z.literal("function"),
    function: z.object({ name: z.string().min(1), description: z.string().optional(), parameters: z.unknown().optional() }).loose(),
  })
  .loose();

export const chatRequestSchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(messageSchema).min(1),
    stream: z.boolean().nullable().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullable().optional(),
    tools: z.array(toolSchema).optional(),
    tool_choice: z.unknown().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    max_tokens: z.number().int().positive().nullable().optional(),
    max_completion_tokens: z.number().int().positive().nullable().optional(),
    seed: z.number().int().nullable().optional(),
  })
  .loose();
export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** What the simulator decided to answer: text, tool calls, or both (text first, as models do). */
export interface ScriptedToolCall {
  name: string;
  /** Serialised exactly as given; a model's arguments are a JSON string. */
  arguments: string;
}
export interface ScriptedReply {
  text: string | null;
  toolCalls: ScriptedToolCall[];
  /** Which rule or persona branch chose it (the request log says, so a test can tell). */
  source: string;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export const openAiError = (message: string, type: string, param: string | null = null, code: string | null = null): OpenAiErrorBody => ({
  error: { message, type, param, code },
});

/** Text of a message's content (string, or the text parts of an array). */
export function contentText(message: ChatMessage | undefined): string {
  const value = message?.content;
  if (value == null) return "";
  if (typeof value === "string") return value;
  return value.map((part) => part.text).join("");
}
