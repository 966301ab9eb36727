// The AI agent's turn machine: one input and the state in, the next state and the
// effects out; no I/O, no clock of its own. Turn-taking (a final transcript segment plus
// a quiet window ends the caller's turn), speech sentence by sentence as the reply
// streams, barge-in, the silence fail-safe, the model's failures (an apology and a
// human, never silence), human takeover and hand-back. Every tool call the model asks
// for goes through policy.ts first; the policy itself is never written.
// Latency: the reply is asked for tentatively at the caller's final segment, while the
// quiet window runs (its output held, never spoken or acted on until the turn is over;
// cancelled if they speak again); a long first sentence is begun at a clause; a reply that
// starts with a tool run says a short filler line while the tool runs.
import type { ModelToolCall } from "../../../shared/model";
import type { AiCallSetup, AiEffect, AiInput, AiPhase, AiSettings, AiState, ModelRequestState, SpeechPurpose } from "./ai-types";
import { capWindow, modelMessages, summaryWithNotes } from "./conversation";
import { summaryWithHandBack } from "./hand-back-summary";
import { checkToolCall, toolsFor } from "./policy";
import { flushSentences, takeSpeakable } from "./sentences";

export interface AiStep {
  state: AiState;
  effects: AiEffect[];
}

/** Phases where the AI holds the conversation (the caller's speech is a turn to answer). */
const AI_TALKS: readonly AiPhase[] = ["greeting", "listening", "thinking", "speaking", "handing_back"];
/** Phases where the caller waits for a person (the pool asked, then their leg ringing): they hear the hold line. */
const WAITING_FOR_PERSON: readonly AiPhase[] = ["human_requested", "bridging"];

export function aiStep(previous: AiState, input: AiInput, setup: AiCallSetup): AiStep {
  const run = new Step(structuredClone(previous), setup);
  run.apply(input);
  return { state: run.state, effects: run.effects };
}

/** When the machine wants a tick even if nothing arrives: a quiet window or a silence ending. */
export function aiWakeAtMs(state: AiState, setup: AiCallSetup): number | null {
  if (WAITING_FOR_PERSON.includes(state.phase)) return state.holdDueAtMs;
  if (state.phase !== "listening") return null;
  if (state.turnEndsAtMs !== null) return state.turnEndsAtMs;
  return state.silenceFromMs === null ? null : state.silenceFromMs + setup.settings.silenceMs;
}

class Step {
  readonly effects: AiEffect[] = [];
  /** The input's time: when what this step says is said. */
  private atMs = 0;

  constructor(readonly state: AiState, readonly setup: AiCallSetup) {}

  apply(input: AiInput): void {
    const s = this.state;
    if (s.phase === "ended") return;
    this.atMs = input.atMs;
    switch (input.type) {
      case "answered":
        if (s.phase !== "idle") return;
        this.moveTo("greeting");
        this.effects.push({ type: "transcription_start" });
        this.speak(this.setup.policy.disclosures.automatedAgent, "disclosure");
        if (this.setup.policy.collections && this.setup.policy.disclosures.debtCollection) this.speak(this.setup.policy.disclosures.debtCollection, "disclosure");
        this.askModel(input.atMs);
        return;
      case "caller_speech":
        return this.callerSpoke(input.text, input.isFinal, input.atMs);
      case "speak_ended":
        s.speeches.shift();
        // The transfer line is over and nobody has answered yet: the caller hears they are held.
        if (WAITING_FOR_PERSON.includes(s.phase) && s.speeches.length === 0 && s.holdDueAtMs === null) return this.sayHold(input.atMs);
        return this.settleIfQuiet(input.atMs);
      case "tick":
        return this.tick(input.atMs);
      case "model_text":
        return this.modelText(input.requestId, input.text, input.atMs);
      case "model_tool_call": {
        const request = this.current(input.requestId);
        if (request) request.toolCalls.push(input.call);
        return;
      }
      case "model_done":
        return this.modelDone(input.requestId, input.atMs);
      case "model_failed": {
        const request = this.current(input.requestId);
        if (!request) return;
        if (request.tentativeFor !== null) {
          // The caller may still go on; if their turn ends, the failure is acted on then.
          request.failedWith = input.error;
          request.done = true;
          return;
        }
        return this.modelFailed(request.id, input.error);
      }
      case "tool_result":
        return this.toolResult(input.requestId, input.callId, input.result, input.atMs);
      case "take_over":
        if (!AI_TALKS.includes(s.phase)) return;
        // The transfer line answers the operator, not the caller's turn.
        s.turnEndedAtMs = null;
        return this.requestHuman(`taken over by ${input.by}`, true);
      case "human_reserved":
        if (s.phase !== "human_requested") return;
        this.effects.push({ type: "bridge_human", agentId: input.agentId });
        return this.moveTo("bridging");
      case "human_unavailable":
        if (s.phase !== "human_requested") return;
        this.stopHold();
        s.silences = 0;
        this.moveTo("speaking");
        return this.speak(this.setup.settings.lines.nobodyFree, "fallback");
      case "human_answered":
        // The person picked up: the hold line stops at once, so the caller hears them.
        if (s.phase === "bridging") this.stopHold();
        return;
      case "bridged":
        if (s.phase !== "bridging") return;
        this.stopHold();
        return this.moveTo("human_active");
      case "hand_back": {
        if (s.phase !== "human_active") return;
        // The notes count at once; the model's summary of the person's part joins them when it lands.
        const id = ++s.handBacks;
        s.handBackSummary = { id, requestedAtMs: input.atMs, notes: input.notes };
        s.conversation = summaryWithNotes(s.conversation, input.notes);
        s.silences = 0;
        this.effects.push({ type: "unbridge_human", generation: s.humanRequests });
        this.effects.push({ type: "summarise_hand_back", handBackId: id, notes: input.notes });
        this.moveTo("handing_back");
        return this.speak(this.setup.settings.lines.resumed, "resume");
      }
      case "hand_back_summary":
        return this.handBackSummarised(input);
      case "hangup":
        if (s.request) this.effects.push({ type: "cancel_model", requestId: s.request.id });
        s.request = null;
        return this.moveTo("ended");
    }
  }

  private handBackSummarised(input: Extract<AiInput, { type: "hand_back_summary" }>): void {
    const s = this.state;
    const pending = s.handBackSummary;
    if (!pending || pending.id !== input.handBackId) return;
    s.handBackSummary = null;
    const text = input.text?.trim() ?? "";
    if (text && !input.error) {
      const notesLine = summaryWithNotes({ window: [], summary: null }, pending.notes).summary;
      s.conversation = { ...s.conversation, summary: summaryWithHandBack(s.conversation.summary, notesLine, text) };
      this.effects.push({ type: "timeline", entry: { kind: "hand_back_summary", handBackId: pending.id, source: "model", error: null } });
      return;
    }
    this.effects.push({ type: "timeline", entry: { kind: "hand_back_summary", handBackId: pending.id, source: "notes_only", error: input.error ?? "empty" } });
  }

  private callerSpoke(text: string, isFinal: boolean, atMs: number): void {
    const s = this.state;
    if (!AI_TALKS.includes(s.phase) || text.trim() === "") return;
    s.silences = 0;
    s.silenceFromMs = null;
    // They went on: the reply asked for at their last segment answers words no longer whole.
    if (s.request?.tentativeFor != null) this.abandonRequest(false);
    const disclosing = s.speeches.includes("disclosure");
    if (!disclosing && (s.speeches.length > 0 || s.phase === "speaking")) {
      // Barge-in: the caller talks over the AI (or between its sentences). Stop the speech and the reply; listen.
      if (s.speeches.length > 0) this.effects.push({ type: "playback_stop" });
      this.effects.push({ type: "timeline", entry: { kind: "barge_in" } });
      s.speeches = [];
      this.abandonRequest(true);
      this.moveTo("listening");
    } else if (s.phase === "thinking" && s.request && s.request.spoken.length === 0) {
      // The caller went on before the reply began: their turn is not over.
      this.abandonRequest(false);
      s.turnEndedAtMs = null;
      const last = s.conversation.window.at(-1);
      if (last?.role === "user" && typeof last.content === "string") {
        s.conversation.window.pop();
        s.pendingCaller.unshift(last.content);
      }
      this.moveTo("listening");
    }
    if (isFinal) {
      s.pendingCaller.push(text.trim());
      s.turnEndsAtMs = atMs + this.setup.settings.quietWindowMs;
    } else if (s.pendingCaller.length > 0) {
      s.turnEndsAtMs = atMs + this.setup.settings.quietWindowMs;
    }
    if (s.phase === "handing_back" || (s.phase === "greeting" && !disclosing && !s.request)) this.moveTo("listening");
    if (isFinal && s.phase === "listening" && !s.request) this.askTentatively(atMs);
  }

  /** The turn may be over: ask now, with the caller's words as they stand, and hold the answer until the quiet window ends. */
  private askTentatively(atMs: number): void {
    const s = this.state;
    const callerText = s.pendingCaller.join(" ");
    const conversation = this.withCallerTurn(s.conversation, callerText);
    const id = s.nextRequestId++;
    s.request = { ...this.newRequest(id, atMs), tentativeFor: callerText };
    this.effects.push({ type: "ask_model", requestId: id, messages: modelMessages(this.setup.brief, this.setup.policy, conversation), tools: toolsFor(this.setup.policy) });
  }

  /** The conversation once the caller's turn is in it (the window capped), the same whether asked early or at the turn's end. */
  private withCallerTurn(conversation: AiState["conversation"], callerText: string): AiState["conversation"] {
    return capWindow({ ...conversation, window: [...conversation.window, { role: "user", content: callerText }] }, this.setup.settings.windowTurns);
  }

  private tick(atMs: number): void {
    const s = this.state;
    if (WAITING_FOR_PERSON.includes(s.phase) && s.holdDueAtMs !== null && atMs >= s.holdDueAtMs) return this.sayHold(atMs);
    if (s.phase !== "listening") return;
    if (s.turnEndsAtMs !== null && atMs >= s.turnEndsAtMs) {
      const callerText = s.pendingCaller.join(" ");
      s.conversation = this.withCallerTurn(s.conversation, callerText);
      s.pendingCaller = [];
      s.turnEndsAtMs = null;
      s.turnEndedAtMs = atMs;
      s.rounds = 0;
      this.moveTo("thinking");
      const early = s.request;
      if (early?.tentativeFor !== callerText) {
        if (early) this.abandonRequest(false);
        return this.askModel(atMs);
      }
      s.rounds = 1;
      return this.release(early, atMs);
    }
    if (s.turnEndsAtMs === null && s.silenceFromMs !== null && atMs >= s.silenceFromMs + this.setup.settings.silenceMs) {
      s.silences++;
      s.silenceFromMs = null;
      this.effects.push({ type: "timeline", entry: { kind: "silence", count: s.silences } });
      if (s.silences >= this.setup.settings.maxSilences) return this.requestHuman("silence", false);
      this.moveTo("speaking");
      this.speak(this.setup.settings.lines.stillThere, "still_there");
    }
  }

  private modelText(requestId: number, text: string, atMs: number): void {
    const request = this.current(requestId);
    if (!request) return;
    this.noteFirstToken(request, atMs);
    request.buffer += text;
    if (request.tentativeFor === null) this.speakWhatIsReady(request);
  }

  private speakWhatIsReady(request: ModelRequestState): void {
    const { sentences, rest } = takeSpeakable(request.buffer, request.spoken.length === 0);
    request.buffer = rest;
    for (const sentence of sentences) this.speakReply(request, sentence);
  }

  /** The caller's turn is over: what the tentative request already wrote is said, and what it finished is acted on. */
  private release(request: ModelRequestState, atMs: number): void {
    request.tentativeFor = null;
    if (request.failedWith) return this.modelFailed(request.id, request.failedWith);
    this.speakWhatIsReady(request);
    if (request.done) this.finishReply(request, atMs);
  }

  private modelFailed(requestId: number, error: NonNullable<ModelRequestState["failedWith"]>): void {
    this.effects.push({ type: "timeline", entry: { kind: "model_failed", requestId, error } });
    this.state.request = null;
    this.speak(this.setup.settings.lines.apology, "apology");
    this.requestHuman(`model_${error}`, false);
  }

  private modelDone(requestId: number, atMs: number): void {
    const request = this.current(requestId);
    if (!request) return;
    this.noteFirstToken(request, atMs);
    request.done = true;
    if (request.tentativeFor === null) this.finishReply(request, atMs);
  }

  /** The reply is complete and its turn is over: say the rest, then its tool calls through the policy. */
  private finishReply(request: ModelRequestState, atMs: number): void {
    const s = this.state;
    const requestId = request.id;
    for (const sentence of flushSentences(request.buffer)) this.speakReply(request, sentence);
    request.buffer = "";
    const text = request.spoken.join(" ");
    s.conversation.window.push({
      role: "assistant",
      content: text || null,
      ...(request.toolCalls.length > 0 ? { tool_calls: request.toolCalls.map((call) => ({ id: call.id, type: "function" as const, function: { name: call.name, arguments: call.arguments } })) } : {}),
    });
    let refused = 0;
    let humanAsked = false;
    for (const raw of request.toolCalls) {
      const check = checkToolCall(raw, this.setup.policy, s.linksSent, atMs);
      if (!check.ok) {
        refused++;
        this.effects.push({ type: "timeline", entry: { kind: "tool_refused", name: raw.name, reason: check.reason, detail: check.detail } });
        this.toolMessage(raw, JSON.stringify({ refused: check.reason, detail: check.detail }));
        continue;
      }
      this.effects.push({ type: "timeline", entry: { kind: "tool_called", name: check.call.name, args: check.call.args } });
      if (check.call.name === "request_human") {
        this.toolMessage(raw, JSON.stringify({ ok: true, transferring: true }));
        humanAsked = true;
        continue;
      }
      if (check.call.name === "send_payment_link") s.linksSent++;
      request.pendingToolCallIds.push(raw.id);
      this.effects.push({ type: "run_tool", requestId, call: check.call });
    }
    if (humanAsked) {
      // Tools still running finish, but nobody waits for them: the caller is going to a person.
      return this.requestHuman("the AI asked for a human", false);
    }
    if (request.pendingToolCallIds.length > 0) return this.fillWhileToolsRun(request);
    if (refused > 0) return this.askAgainOr(atMs, this.setup.settings.lines.cannotDoThat);
    if (request.spoken.length === 0) this.speak(this.setup.settings.lines.didNotCatch, "fallback");
    s.request = null;
    this.settleIfQuiet(atMs);
  }

  private toolResult(requestId: number, callId: string, result: string, atMs: number): void {
    const request = this.current(requestId);
    if (!request || !request.pendingToolCallIds.includes(callId)) return;
    request.pendingToolCallIds = request.pendingToolCallIds.filter((id) => id !== callId);
    const call = request.toolCalls.find((c) => c.id === callId);
    if (call) this.toolMessage(call, result);
    if (request.pendingToolCallIds.length === 0) this.askAgainOr(atMs, this.setup.settings.lines.cannotDoThat);
  }

  /** Ask the model again (it has tool results or refusals to speak to), within the turn's rounds. */
  private askAgainOr(atMs: number, fallback: string): void {
    const s = this.state;
    s.request = null;
    if (s.rounds < this.setup.settings.maxModelRoundsPerTurn) return this.askModel(atMs);
    this.speak(fallback, "fallback");
    this.settleIfQuiet(atMs);
  }

  /** A reply that begins with a tool run: a short line at once, so the caller hears the AI at work rather than silence. */
  private fillWhileToolsRun(request: ModelRequestState): void {
    if (request.spoken.length > 0 || this.state.speeches.length > 0) return;
    const first = request.toolCalls.find((call) => request.pendingToolCallIds.includes(call.id));
    const filler = first ? this.setup.settings.lines.toolFillers[first.name as keyof AiSettings["lines"]["toolFillers"]] : undefined;
    if (filler) this.speak(filler, "filler");
  }

  private newRequest(id: number, atMs: number): ModelRequestState {
    return { id, startedAtMs: atMs, tentativeFor: null, failedWith: null, firstTokenAtMs: null, buffer: "", spoken: [], toolCalls: [], done: false, pendingToolCallIds: [] };
  }

  private askModel(atMs: number): void {
    const s = this.state;
    const id = s.nextRequestId++;
    s.rounds++;
    s.request = this.newRequest(id, atMs);
    this.effects.push({ type: "ask_model", requestId: id, messages: modelMessages(this.setup.brief, this.setup.policy, s.conversation), tools: toolsFor(this.setup.policy) });
  }

  private abandonRequest(keepWhatWasSaid: boolean): void {
    const s = this.state;
    const request = s.request;
    if (!request) return;
    if (!request.done) this.effects.push({ type: "cancel_model", requestId: request.id });
    if (keepWhatWasSaid && !request.done && request.spoken.length > 0) s.conversation.window.push({ role: "assistant", content: `${request.spoken.join(" ")} (interrupted)` });
    // Every tool call in the window needs its result, or the next request is refused by the API.
    for (const callId of request.pendingToolCallIds) s.conversation.window.push({ role: "tool", tool_call_id: callId, content: JSON.stringify({ cancelled: true }) });
    s.request = null;
  }

  private requestHuman(reason: string, stopSpeech: boolean): void {
    const s = this.state;
    if (stopSpeech && s.speeches.length > 0) {
      this.effects.push({ type: "playback_stop" });
      s.speeches = [];
    }
    this.abandonRequest(true);
    s.turnEndsAtMs = null;
    s.silenceFromMs = null;
    this.speak(this.setup.settings.lines.transferring, "transfer");
    s.holdDueAtMs = null;
    s.humanRequests++;
    this.effects.push({ type: "reserve_human", reason, generation: s.humanRequests });
    this.moveTo("human_requested");
  }

  /** The hold line, once now and next holdRepeatMs after it began: once per interval, however late the tick. */
  private sayHold(atMs: number): void {
    this.state.holdDueAtMs = atMs + this.setup.settings.holdRepeatMs;
    this.speak(this.setup.settings.lines.pleaseHold, "hold");
  }

  /** The wait is over (the person answered, or none came): no more hold lines, and one being said stops. */
  private stopHold(): void {
    const s = this.state;
    s.holdDueAtMs = null;
    if (!s.speeches.includes("hold")) return;
    this.effects.push({ type: "playback_stop" });
    s.speeches = [];
  }

  private speakReply(request: ModelRequestState, sentence: string): void {
    request.spoken.push(sentence);
    if (this.state.phase === "thinking") this.moveTo("speaking");
    this.speak(sentence, "reply");
  }

  private speak(text: string, purpose: SpeechPurpose): void {
    const s = this.state;
    if (s.turnEndedAtMs !== null) {
      s.lastTurnLatencyMs = this.atMs - s.turnEndedAtMs;
      this.effects.push({ type: "timeline", entry: { kind: "turn_latency", ms: s.lastTurnLatencyMs } });
      s.turnEndedAtMs = null;
    }
    s.speeches.push(purpose);
    this.effects.push({ type: "speak", text, purpose });
  }

  private toolMessage(call: ModelToolCall, content: string): void {
    this.state.conversation.window.push({ role: "tool", tool_call_id: call.id, content });
  }

  private noteFirstToken(request: ModelRequestState, atMs: number): void {
    if (request.firstTokenAtMs !== null) return;
    request.firstTokenAtMs = atMs;
    this.effects.push({ type: "timeline", entry: { kind: "model_latency", requestId: request.id, firstTokenMs: atMs - request.startedAtMs } });
  }

  /** Nothing said, nothing coming: the AI listens (and the silence timer starts). */
  private settleIfQuiet(atMs: number): void {
    const s = this.state;
    if (s.speeches.length > 0 || s.request) return;
    if (s.phase === "greeting" || s.phase === "speaking" || s.phase === "thinking" || s.phase === "handing_back") this.moveTo("listening");
    if (s.phase === "listening" && s.turnEndsAtMs === null && s.pendingCaller.length === 0) s.silenceFromMs = atMs;
  }

  private current(requestId: number): ModelRequestState | null {
    const request = this.state.request;
    return request && request.id === requestId ? request : null;
  }

  private moveTo(phase: AiPhase): void {
    if (this.state.phase === phase) return;
    this.effects.push({ type: "timeline", entry: { kind: "phase", from: this.state.phase, to: phase } });
    this.state.phase = phase;
  }
}
