// The one way the engine talks to a model: the `openai` SDK against any
// OpenAI-compatible endpoint. Two uses: `streamChat` for the voice agent (text deltas as
// they arrive, tool calls once complete, so a sentence can be spoken before the reply
// ends) and `complete` for a whole answer (summaries, translation). Timeouts are the
// engine's, not the SDK's: a first-token deadline and an idle deadline between tokens,
// because a voice call cannot wait the SDK's ten minutes. Errors come out as the three
// kinds in model-config.ts; no retries by default (a caller on the line is better served
// by an apology and a human than by a silent retry).
import OpenAI from "openai";
import type { ChatCompletionChunk, ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import { ModelFailedError, ModelNotConfiguredError, ModelTimeoutError, type ModelConfig } from "./model-config";

export type ModelMessage = ChatCompletionMessageParam;

export interface ModelTool {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

export interface ModelToolCall {
  id: string;
  name: string;
  /** As the model wrote it: JSON text, not yet trusted or parsed. */
  arguments: string;
}

export type ModelStreamEvent =
  | { kind: "text"; text: string }
  | { kind: "tool_call"; call: ModelToolCall }
  | { kind: "done"; finishReason: string | null };

export interface ModelCompletion {
  text: string;
  toolCalls: ModelToolCall[];
  finishReason: string | null;
}

export interface ChatOptions {
  /** Another model at the same endpoint (an organisation's choice); default the config's. */
  model?: string;
  tools?: readonly ModelTool[];
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
}

export interface ModelTimeouts {
  /** From the request to the first token. Default 8 s. */
  firstTokenMs: number;
  /** Between two tokens of a streamed reply. Default 5 s. */
  betweenTokensMs: number;
  /** A whole (non-streamed) answer. Default 30 s. */
  wholeMs: number;
}

export const DEFAULT_MODEL_TIMEOUTS: ModelTimeouts = { firstTokenMs: 8_000, betweenTokensMs: 5_000, wholeMs: 30_000 };

export interface ModelClient {
  readonly config: ModelConfig | null;
  streamChat(messages: readonly ModelMessage[], options?: ChatOptions): AsyncIterable<ModelStreamEvent>;
  complete(messages: readonly ModelMessage[], options?: ChatOptions): Promise<ModelCompletion>;
}

export interface ModelClientOptions {
  timeouts?: Partial<ModelTimeouts>;
  maxRetries?: number;
  /** For tests and other runtimes; default globalThis.fetch. */
  fetch?: typeof fetch;
}

export function createModelClient(config: ModelConfig | null, options: ModelClientOptions = {}): ModelClient {
  if (!config) return notConfigured;
  const timeouts = { ...DEFAULT_MODEL_TIMEOUTS, ...options.timeouts };
  const sdk = new OpenAI({
    baseURL: config.baseUrl,
    apiKey: config.apiKey,
    maxRetries: options.maxRetries ?? 0,
    // Our deadlines end requests first; this only bounds a request nothing else ends.
    timeout: Math.max(timeouts.wholeMs, timeouts.firstTokenMs) + 1_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const toolsParam = (tools: readonly ModelTool[] | undefined): ChatCompletionTool[] | undefined =>
    tools && tools.length > 0 ? tools.map((tool) => ({ type: "function", function: { name: tool.name, description: tool.description, parameters: tool.parameters } })) : undefined;

  return {
    config,
    async *streamChat(messages, chat = {}) {
      const deadline = new Deadline(chat.signal);
      deadline.arm(timeouts.firstTokenMs, "first_token");
      try {
        const stream = await sdk.chat.completions.create(
          { model: chat.model || config.model, messages: [...messages], stream: true, tools: toolsParam(chat.tools), temperature: chat.temperature, max_tokens: chat.maxTokens },
          { signal: deadline.signal },
        );
        const calls = new ToolCallAssembly();
        let finishReason: string | null = null;
        for await (const chunk of stream) {
          deadline.arm(timeouts.betweenTokensMs, "between_tokens");
          const choice = chunk.choices[0];
          if (!choice) continue;
          if (choice.delta.content) yield { kind: "text", text: choice.delta.content };
          calls.add(choice.delta.tool_calls);
          if (choice.finish_reason) finishReason = choice.finish_reason;
        }
        for (const call of calls.complete()) yield { kind: "tool_call", call };
        yield { kind: "done", finishReason };
      } catch (error) {
        throw deadline.explain(error);
      } finally {
        deadline.clear();
      }
    },
    async complete(messages, chat = {}) {
      const deadline = new Deadline(chat.signal);
      deadline.arm(timeouts.wholeMs, "whole");
      try {
        const completion = await sdk.chat.completions.create(
          { model: chat.model || config.model, messages: [...messages], tools: toolsParam(chat.tools), temperature: chat.temperature, max_tokens: chat.maxTokens },
          { signal: deadline.signal },
        );
        const choice = completion.choices[0];
        return {
          text: choice?.message.content ?? "",
          toolCalls: (choice?.message.tool_calls ?? []).flatMap((call) => (call.type === "function" ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }] : [])),
          finishReason: choice?.finish_reason ?? null,
        };
      } catch (error) {
        throw deadline.explain(error);
      } finally {
        deadline.clear();
      }
    },
  };
}

const notConfigured: ModelClient = {
  config: null,
  async *streamChat() {
    throw new ModelNotConfiguredError();
  },
  complete: () => Promise.reject(new ModelNotConfiguredError()),
};

/** Streamed tool calls arrive in pieces keyed by index: the id and name first, then the arguments. */
class ToolCallAssembly {
  private readonly byIndex = new Map<number, ModelToolCall>();

  add(deltas: ChatCompletionChunk.Choice.Delta["tool_calls"]): void {
    for (const delta of deltas ?? []) {
      const call = this.byIndex.get(delta.index) ?? { id: "", name: "", arguments: "" };
      if (delta.id) call.id = delta.id;
      if (delta.function?.name) call.name += delta.function.name;
      if (delta.function?.arguments) call.arguments += delta.function.arguments;
      this.byIndex.set(delta.index, call);
    }
  }

  complete(): ModelToolCall[] {
    return [...this.byIndex.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
  }
}

/** One re-armable deadline per request, aborting it; also follows the caller's own signal. */
class Deadline {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private fired: ModelTimeoutError | null = null;
  readonly signal = this.controller.signal;

  constructor(callerSignal: AbortSignal | undefined) {
    if (callerSignal?.aborted) this.controller.abort(callerSignal.reason);
    callerSignal?.addEventListener("abort", () => this.controller.abort(callerSignal.reason), { once: true });
  }

  arm(ms: number, phase: ModelTimeoutError["phase"]): void {
    this.clear();
    this.timer = setTimeout(() => {
      this.fired = new ModelTimeoutError(ms, phase);
      this.controller.abort();
    }, ms);
  }

  clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  explain(error: unknown): Error {
    if (this.fired) return this.fired;
    if (error instanceof ModelNotConfiguredError) return error;
    if (error instanceof OpenAI.APIUserAbortError) return new ModelFailedError("The request was cancelled", null);
    if (error instanceof OpenAI.APIConnectionTimeoutError) return new ModelTimeoutError(0, "whole");
    if (error instanceof OpenAI.APIError) return new ModelFailedError(`The model endpoint answered ${error.status ?? "no status"}: ${error.message}`, error.status ?? null);
    return new ModelFailedError(`The model request failed: ${error instanceof Error ? error.message : String(error)}`, null);
  }
}
