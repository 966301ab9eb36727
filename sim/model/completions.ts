// POST /v1/chat/completions and GET /v1/models, in OpenAI's shapes. A reply is paced by
// the simulator's clock: the first token after timeToFirstTokenMs, each next one at
// tokensPerSecond; streamed as OpenAI streams (a role chunk, content deltas, tool-call
// deltas with the id and name first and the arguments in pieces, a finish chunk, a usage
// chunk when asked, then `data: [DONE]`), or answered whole once the last token is due.
import type http from "node:http";
import { parseJsonBody, readBody, sendJson } from "../carrier/http.ts";
import type { SimulatedModel } from "./model.ts";
import { chooseReply } from "./script.ts";
import { chatRequestSchema, contentText, openAiError, type ChatRequest, type ScriptedReply, type Usage } from "./wire.ts";

const FINGERPRINT = "fp_simulator";
/** Tool-call arguments are streamed in pieces this long (a piece counts as one token). */
const ARGUMENT_PIECE_CHARS = 6;

/** Words with the space before them, as tokenizers cut English: "Hello", ",", " there". */
export function textTokens(text: string): string[] {
  return text.match(/\s*[\w$.'’-]+|\s*[^\w\s]/g) ?? (text === "" ? [] : [text]);
}

const argumentPieces = (json: string): string[] => {
  const pieces: string[] = [];
  for (let i = 0; i < json.length; i += ARGUMENT_PIECE_CHARS) pieces.push(json.slice(i, i + ARGUMENT_PIECE_CHARS));
  return pieces;
};

const estimateTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

type Delta = Record<string, unknown>;

export async function handleModelApi(model: SimulatedModel, request: http.IncomingMessage, response: http.ServerResponse, path: string, apiKey: string | undefined): Promise<void> {
  const method = request.method ?? "GET";
  const text = await readBody(request);
  const auth = request.headers.authorization ?? "";
  if (!auth.startsWith("Bearer ") || auth.length <= "Bearer ".length || (apiKey !== undefined && auth !== `Bearer ${apiKey}`)) {
    return sendJson(response, 401, openAiError("Incorrect API key provided. The model simulator accepts any non-empty key unless started with one.", "invalid_request_error", null, "invalid_api_key"));
  }
  if (method === "GET" && path === "/v1/models") {
    return sendJson(response, 200, { object: "list", data: [modelCard(model)] });
  }
  if (method === "GET" && path === `/v1/models/${model.settings.modelId}`) return sendJson(response, 200, modelCard(model));
  if (method === "POST" && path === "/v1/chat/completions") return chatCompletion(model, text, response);
  sendJson(response, 404, openAiError(`Unknown request URL: ${method} ${path}. The model simulator serves /v1/chat/completions and /v1/models.`, "invalid_request_error", null, "unknown_url"));
}

const modelCard = (model: SimulatedModel) => ({ id: model.settings.modelId, object: "model", created: 1_700_000_000, owned_by: "word-is-bond-simulator" });

async function chatCompletion(model: SimulatedModel, text: string, response: http.ServerResponse): Promise<void> {
  const id = `chatcmpl-${model.prng.token(29)}`;
  const atMs = model.scheduler.now();
  const body = parseJsonBody(text);
  const parsed = body.ok ? chatRequestSchema.safeParse(body.value) : null;
  if (!parsed?.success) {
    const issue = parsed?.error.issues[0];
    const param = issue ? issue.path.join(".") || null : null;
    const message = issue ? `Invalid ${param ?? "body"}: ${issue.message}` : "We could not parse the JSON body of your request.";
    model.log({ id, atMs, model: "", stream: false, messages: [], tools: [], outcome: { kind: "invalid", message } });
    model.noteReceived();
    return sendJson(response, 400, openAiError(message, "invalid_request_error", param, null));
  }
  const chat = parsed.data;
  const entry = { id, atMs, model: chat.model, stream: chat.stream === true, messages: chat.messages, tools: (chat.tools ?? []).map((t) => t.function.name) };
  const failure = model.takeFailure();
  if (failure?.kind === "error") {
    model.log({ ...entry, outcome: { kind: "error" } });
    model.noteReceived();
    const type = failure.status === 429 ? "rate_limit_exceeded" : failure.status >= 500 ? "server_error" : "invalid_request_error";
    return sendJson(response, failure.status, openAiError(failure.message, type, null, null));
  }
  if (failure?.kind === "stall") {
    model.log({ ...entry, outcome: { kind: "stall" } });
    const end = () => {
      model.open.delete(end);
      response.destroy();
    };
    model.open.add(end);
    response.on("close", () => model.open.delete(end));
    model.noteReceived();
    return;
  }
  const reply = chooseReply(model.rules, chat, model.prng);
  model.log({ ...entry, outcome: failure ? { kind: "cut" } : { kind: "reply", source: reply.source, text: reply.text, toolCalls: reply.toolCalls } });
  const usage = usageOf(chat, reply);
  const frame = { id, created: Math.floor(atMs / 1000), model: chat.model };
  if (chat.stream === true) streamReply(model, response, frame, reply, usage, chat.stream_options?.include_usage === true, failure?.kind === "cut" ? failure.afterTokens : null);
  else answerWhole(model, response, frame, reply, usage, chat);
  model.noteReceived();
}

function usageOf(chat: ChatRequest, reply: ScriptedReply): Usage {
  const prompt = estimateTokens(chat.messages.map(contentText).join(" "));
  const completion = textTokens(reply.text ?? "").length + reply.toolCalls.reduce((sum, call) => sum + argumentPieces(call.arguments).length + 1, 0);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

interface Frame {
  id: string;
  created: number;
  model: string;
}

/** The moment (ms after arrival) token `index` is due. */
const tokenDueMs = (model: SimulatedModel, index: number) => model.timing.timeToFirstTokenMs + (index * 1000) / model.timing.tokensPerSecond;

function streamReply(model: SimulatedModel, response: http.ServerResponse, frame: Frame, reply: ScriptedReply, usage: Usage, includeUsage: boolean, cutAfter: number | null): void {
  const chunk = (delta: Delta, finishReason: string | null, extra: Delta = {}) =>
    `data: ${JSON.stringify({
      id: frame.id,
      object: "chat.completion.chunk",
      created: frame.created,
      model: frame.model,
      service_tier: "default",
      system_fingerprint: FINGERPRINT,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(includeUsage ? { usage: null } : {}),
      ...extra,
    })}\n\n`;

  // Each step is one token's worth of chunks; the role chunk rides with the first.
  const steps: string[] = [];
  const tokens = textTokens(reply.text ?? "");
  const toolCallIds = reply.toolCalls.map(() => `call_${model.prng.token(24)}`);
  if (tokens.length > 0 || reply.toolCalls.length === 0) {
    steps.push(chunk({ role: "assistant", content: "", refusal: null }, null));
    tokens.forEach((token, index) => (index === 0 ? (steps[0] += chunk({ content: token }, null)) : steps.push(chunk({ content: token }, null))));
  }
  reply.toolCalls.forEach((call, index) => {
    const opening = { index, id: toolCallIds[index], type: "function", function: { name: call.name, arguments: "" } };
    const first = steps.length === 0 ? chunk({ role: "assistant", content: null, tool_calls: [opening], refusal: null }, null) : chunk({ tool_calls: [opening] }, null);
    steps.push(first);
    for (const piece of argumentPieces(call.arguments)) steps.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }, null));
  });
  steps[steps.length - 1] += chunk({}, reply.toolCalls.length > 0 ? "tool_calls" : "stop");
  if (includeUsage) {
    steps[steps.length - 1] += `data: ${JSON.stringify({ id: frame.id, object: "chat.completion.chunk", created: frame.created, model: frame.model, service_tier: "default", system_fingerprint: FINGERPRINT, choices: [], usage })}\n\n`;
  }
  steps[steps.length - 1] += "data: [DONE]\n\n";

  response.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive", "x-request-id": frame.id });
  response.flushHeaders();
  const held = holdOpen(model, response);
  const startedAtMs = model.scheduler.now();
  const send = (index: number) => {
    if (cutAfter !== null && index >= cutAfter) return held.cut();
    response.write(steps[index]);
    if (index + 1 >= steps.length) {
      held.release();
      response.end();
      return;
    }
    held.after(startedAtMs + tokenDueMs(model, index + 1) - model.scheduler.now(), `stream ${frame.id} token ${index + 1}`, () => send(index + 1));
  };
  held.after(tokenDueMs(model, 0), `stream ${frame.id} first token`, () => send(0));
}

function answerWhole(model: SimulatedModel, response: http.ServerResponse, frame: Frame, reply: ScriptedReply, usage: Usage, chat: ChatRequest): void {
  const toolCalls = reply.toolCalls.map((call) => ({ id: `call_${model.prng.token(24)}`, type: "function", function: { name: call.name, arguments: call.arguments } }));
  const body = {
    id: frame.id,
    object: "chat.completion",
    created: frame.created,
    model: chat.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: reply.text, refusal: null, annotations: [], ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
        logprobs: null,
        finish_reason: toolCalls.length > 0 ? "tool_calls" : "stop",
      },
    ],
    usage: { ...usage, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } },
    service_tier: "default",
    system_fingerprint: FINGERPRINT,
  };
  const held = holdOpen(model, response);
  held.after(tokenDueMs(model, Math.max(0, usage.completion_tokens - 1)), `answer ${frame.id}`, () => {
    held.release();
    sendJson(response, 200, body);
  });
}

/**
 * A response answered later, on the model's clock. Until it is released, the simulator's
 * shutdown cuts it (`model.open`); a client that goes away cancels its pending timer.
 */
function holdOpen(model: SimulatedModel, response: http.ServerResponse) {
  let timer: number | null = null;
  const cut = () => {
    model.open.delete(cut);
    model.scheduler.cancel(timer);
    response.destroy();
  };
  model.open.add(cut);
  response.on("close", () => {
    model.open.delete(cut);
    model.scheduler.cancel(timer);
  });
  return {
    cut,
    /** The answer is complete: the shutdown has nothing left to cut. */
    release: () => model.open.delete(cut),
    after: (delayMs: number, label: string, run: () => void) => {
      timer = model.scheduler.after(delayMs, label, run);
    },
  };
}
