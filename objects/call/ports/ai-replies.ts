// The AI agent's model port: a reply is started by a task and streams back into the call
// as `wib.ai` model_output events, one per complete sentence (so the first sentence is
// spoken while the model writes the rest; the reply's first clause goes on its own when
// the machine would speak it so, sentences.ts takeSpeakable), the last with the tool calls and `done`, or
// the failure's kind. Runs beside the actor's pass (the task only starts it); if the
// actor is evicted mid-reply, the journal's stall timer fails the request instead.
import type { CallSpec } from "../call-spec";
import type { CarrierEvent } from "../carrier-event";
import { takeSpeakable } from "../features/ai-agent/sentences";
import { modelFailureOf } from "../features/ai-agent/model-link";
import { aiEvent } from "../features/ai-agent/journal";
import type { ModelClient, ModelMessage, ModelTool, ModelToolCall } from "../../shared/model";

export interface AiReplyRequest {
  requestId: number;
  messages: readonly Record<string, unknown>[];
  tools: readonly ModelTool[];
}

/** A hand-back's summary request (features/ai-agent/hand-back-summary.ts builds the messages). */
export interface AiSummaryRequest {
  handBackId: number;
  messages: readonly ModelMessage[];
}

export interface AiReplyPort {
  /** Starts a streamed reply; returns at once (the output arrives as events). */
  startReply(spec: CallSpec, request: AiReplyRequest): void;
  cancel(spec: CallSpec, requestId: number): void;
  /** Starts a hand-back's summary; returns at once (the answer, or the failure's kind, arrives as a hand_back_summary event). */
  summarise(spec: CallSpec, request: AiSummaryRequest): void;
}

/** Where a reply's events go (the actor adds them and runs a pass), and how to keep the runtime waiting for it. */
export interface ReplySink {
  raise(event: CarrierEvent): void;
  keepAlive(work: Promise<unknown>): void;
  now(): number;
}

export function modelReplies(client: ModelClient, sink: ReplySink): AiReplyPort {
  const running = new Map<string, AbortController>();
  const key = (spec: CallSpec, requestId: number) => `${spec.id}:${requestId}`;
  return {
    startReply(spec, request) {
      if (running.has(key(spec, request.requestId))) return;
      const controller = new AbortController();
      running.set(key(spec, request.requestId), controller);
      const work = streamReply(client, spec, request, controller.signal, sink).finally(() => running.delete(key(spec, request.requestId)));
      sink.keepAlive(work);
    },
    cancel(spec, requestId) {
      running.get(key(spec, requestId))?.abort();
    },
    summarise(spec, request) {
      sink.keepAlive(summarise(client, spec, request, sink));
    },
  };
}

async function summarise(client: ModelClient, spec: CallSpec, request: AiSummaryRequest, sink: ReplySink): Promise<void> {
  const answer = (text: string | null, error: ReturnType<typeof modelFailureOf> | null) =>
    sink.raise(aiEvent(`hand-back-summary:${request.handBackId}`, sink.now(), { kind: "hand_back_summary", handBackId: request.handBackId, text, error }));
  try {
    const completion = await client.complete(request.messages, { temperature: 0, ...(spec.ai?.model ? { model: spec.ai.model } : {}) });
    answer(completion.text.trim() || null, completion.text.trim() ? null : "failed");
  } catch (error) {
    answer(null, modelFailureOf(error));
  }
}

async function streamReply(client: ModelClient, spec: CallSpec, request: AiReplyRequest, signal: AbortSignal, sink: ReplySink): Promise<void> {
  let part = 0;
  let buffer = "";
  const toolCalls: ModelToolCall[] = [];
  const emit = (text: string, done: boolean, error: ReturnType<typeof modelFailureOf> | null) =>
    sink.raise(aiEvent(`model:${request.requestId}:${part}`, sink.now(), { kind: "model_output", requestId: request.requestId, part: part++, text, toolCalls: done ? toolCalls : [], done, error }));
  try {
    for await (const event of client.streamChat(request.messages as unknown as ModelMessage[], { tools: request.tools, signal, ...modelChoiceOf(spec) })) {
      if (event.kind === "text") {
        buffer += event.text;
        const { sentences, rest } = takeSpeakable(buffer, part === 0);
        if (sentences.length > 0) {
          emit(buffer.slice(0, buffer.length - rest.length), false, null);
          buffer = rest;
        }
      } else if (event.kind === "tool_call") toolCalls.push(event.call);
    }
    emit(buffer, true, null);
  } catch (error) {
    // A cancel is ours (the caller barged in): the machine has moved on and wants nothing.
    if (signal.aborted) return;
    emit(buffer, true, modelFailureOf(error));
  }
}

/** The organisation's model and temperature, copied into the call's spec when it started. */
function modelChoiceOf(spec: CallSpec): { model?: string; temperature?: number } {
  return {
    ...(spec.ai?.model ? { model: spec.ai.model } : {}),
    ...(spec.ai?.temperature !== undefined ? { temperature: spec.ai.temperature } : {}),
  };
}
