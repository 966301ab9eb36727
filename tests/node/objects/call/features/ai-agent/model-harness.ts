// Runs the turn machine's effects for real where it matters: each model request through
// the engine's model client to the model simulator (manual clock, advanced until the
// reply is whole), each tool through a stub whose result the test gives. Speech ends
// only when the test says (a carrier takes time to speak), unless asked to end it at once.
import type { AiEffect } from "../../../../../../objects/call/features/ai-agent/ai-types";
import { modelFailureOf } from "../../../../../../objects/call/features/ai-agent/model-link";
import type { AiToolCall } from "../../../../../../objects/call/features/ai-agent/policy";
import { createModelClient, modelConfigFrom, type ModelClient, type ModelStreamEvent } from "../../../../../../objects/shared/model";
import type { ModelSimulator } from "../../../../../../sim/model/server";
import type { MachineDriver } from "./driver";

export class ModelHarness {
  readonly client: ModelClient;
  readonly ran: AiToolCall[] = [];
  /** Requests the simulator has had in all (it may serve earlier harnesses too). */
  private requests: number;

  constructor(
    readonly sim: ModelSimulator,
    readonly options: { endSpeechAtOnce: boolean; toolResult?: (call: AiToolCall) => string },
  ) {
    this.requests = sim.requests().length;
    this.client = createModelClient(modelConfigFrom({ OPENAI_BASE_URL: sim.baseUrl, OPENAI_MODEL: sim.modelId, OPENAI_API_KEY: "k" }));
  }

  /** Runs `effects` and everything they lead to; returns them all, in order. */
  async run(call: MachineDriver, effects: AiEffect[]): Promise<AiEffect[]> {
    const all: AiEffect[] = [];
    const queue = [...effects];
    while (queue.length > 0) {
      const effect = queue.shift()!;
      all.push(effect);
      if (effect.type === "ask_model") {
        const events: ModelStreamEvent[] = [];
        const reading = (async () => {
          for await (const event of this.client.streamChat(effect.messages, { tools: effect.tools })) events.push(event);
        })().then(
          () => null,
          (error: unknown) => error,
        );
        await this.sim.waitForRequests(++this.requests);
        await this.sim.advance(60_000);
        const failure = await reading;
        if (failure !== null) {
          // What streamed before the failure still reached the machine first, as it would live.
          for (const event of events) if (event.kind === "text") queue.push(...call.send({ type: "model_text", requestId: effect.requestId, text: event.text }));
          queue.push(...call.send({ type: "model_failed", requestId: effect.requestId, error: modelFailureOf(failure) }));
          continue;
        }
        for (const event of events) {
          if (event.kind === "text") queue.push(...call.send({ type: "model_text", requestId: effect.requestId, text: event.text }));
          if (event.kind === "tool_call") queue.push(...call.send({ type: "model_tool_call", requestId: effect.requestId, call: event.call }));
          if (event.kind === "done") queue.push(...call.send({ type: "model_done", requestId: effect.requestId }));
        }
      } else if (effect.type === "run_tool") {
        this.ran.push(effect.call);
        const result = this.options.toolResult?.(effect.call) ?? JSON.stringify({ ok: true });
        queue.push(...call.send({ type: "tool_result", requestId: effect.requestId, callId: effect.call.id, result }));
      } else if (effect.type === "speak" && this.options.endSpeechAtOnce) {
        queue.push(...call.send({ type: "speak_ended" }));
      }
    }
    return all;
  }
}
