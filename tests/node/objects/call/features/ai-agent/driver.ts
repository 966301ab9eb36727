// Drives the pure turn machine input by input, keeping its state and every effect, so a
// test reads as a call: answered, the caller speaks, the model streams, speech ends.
import type { AiCallSetup, AiEffect, AiInput, AiState } from "../../../../../../objects/call/features/ai-agent/ai-types";
import { initialAiState } from "../../../../../../objects/call/features/ai-agent/ai-types";
import { aiStep, aiWakeAtMs } from "../../../../../../objects/call/features/ai-agent/machine";

type Untimed<T> = T extends unknown ? Omit<T, "atMs"> : never;

export class MachineDriver {
  state: AiState = initialAiState();
  readonly effects: AiEffect[] = [];
  nowMs = 1_000_000;

  constructor(readonly setup: AiCallSetup) {}

  /** Applies one input at the current time; returns its effects. */
  send(input: Untimed<AiInput>): AiEffect[] {
    const step = aiStep(this.state, { ...input, atMs: this.nowMs } as AiInput, this.setup);
    this.state = step.state;
    this.effects.push(...step.effects);
    return step.effects;
  }

  /** Moves time on, ticking the machine whenever it asked to be woken. */
  advance(ms: number): AiEffect[] {
    const target = this.nowMs + ms;
    const out: AiEffect[] = [];
    for (;;) {
      const wake = aiWakeAtMs(this.state, this.setup);
      if (wake === null || wake > target) break;
      this.nowMs = Math.max(this.nowMs, wake);
      out.push(...this.send({ type: "tick" }));
    }
    this.nowMs = target;
    return out;
  }

  /** Ends every speech the machine has outstanding (the carrier's speak.ended, one each). */
  finishSpeaking(): AiEffect[] {
    const out: AiEffect[] = [];
    while (this.state.speeches.length > 0) out.push(...this.send({ type: "speak_ended" }));
    return out;
  }

  /** The caller says a final segment and the quiet window passes. */
  callerSays(text: string): AiEffect[] {
    const out = this.send({ type: "caller_speech", text, isFinal: true });
    return [...out, ...this.advance(this.setup.settings.quietWindowMs)];
  }

  /** The model streams `text` in pieces of `piece` characters, then is done. */
  modelSays(text: string, piece = 4): AiEffect[] {
    const requestId = this.lastRequestId();
    const out: AiEffect[] = [];
    for (let i = 0; i < text.length; i += piece) out.push(...this.send({ type: "model_text", requestId, text: text.slice(i, i + piece) }));
    return [...out, ...this.send({ type: "model_done", requestId })];
  }

  modelCalls(name: string, args: unknown): AiEffect[] {
    const requestId = this.lastRequestId();
    const call = { id: `call_${requestId}`, name, arguments: typeof args === "string" ? args : JSON.stringify(args) };
    return [...this.send({ type: "model_tool_call", requestId, call }), ...this.send({ type: "model_done", requestId })];
  }

  lastRequestId(): number {
    const asks = this.effects.filter((e): e is Extract<AiEffect, { type: "ask_model" }> => e.type === "ask_model");
    return asks.at(-1)?.requestId ?? 0;
  }

  lastAsk(): Extract<AiEffect, { type: "ask_model" }> {
    const asks = this.effects.filter((e): e is Extract<AiEffect, { type: "ask_model" }> => e.type === "ask_model");
    return asks.at(-1)!;
  }
}

/** The effects a carrier or pool would see (speech, stops, model requests, tools, humans), without timeline entries. */
export const actions = (effects: readonly AiEffect[]) =>
  effects.filter((e) => e.type !== "timeline").map((e) => (e.type === "speak" ? `speak:${e.text}` : e.type === "ask_model" ? `ask_model` : e.type === "run_tool" ? `run_tool:${e.call.name}` : e.type));

export const timeline = (effects: readonly AiEffect[]) => effects.flatMap((e) => (e.type === "timeline" ? [e.entry] : []));
