// The AI agent's vocabulary: its phases, what drives it (carrier events, model output,
// tool results, operators) and what it asks for (carrier commands, model requests, tool
// runs, the pool and bridge, timeline entries). The machine (machine.ts) is pure: it
// turns one input and its state into a new state and effects; a shell executes them.
import type { ModelMessage, ModelTool, ModelToolCall } from "../../../shared/model";
import type { AgentBrief, Conversation } from "./conversation";
import type { PendingHandBackSummary } from "./hand-back-summary";
import type { AiPolicy, AiToolCall, ToolRefusal } from "./policy";

export const AI_PHASES = ["idle", "greeting", "listening", "thinking", "speaking", "human_requested", "bridging", "human_active", "handing_back", "ended"] as const;
export type AiPhase = (typeof AI_PHASES)[number];

export interface AiSettings {
  /** After the caller's last final transcript segment, this much quiet ends their turn. */
  quietWindowMs: number;
  /** Listening this long without speech asks "are you still there?". */
  silenceMs: number;
  /** This many silences in a row transfer the call to a human. */
  maxSilences: number;
  windowTurns: number;
  /** Model requests one caller turn may take (tool results and refusals each ask again). */
  maxModelRoundsPerTurn: number;
  /** While a person is sought and their leg rings, the hold line is said again this long after the last one began. */
  holdRepeatMs: number;
  lines: {
    stillThere: string;
    transferring: string;
    apology: string;
    cannotDoThat: string;
    didNotCatch: string;
    nobodyFree: string;
    resumed: string;
    /** Said once the transfer line has ended, then every holdRepeatMs, until the person answers or none comes. */
    pleaseHold: string;
    /** Said at once when the reply's first act is a tool run, so the caller is not left in silence while it runs. */
    toolFillers: Partial<Record<AiToolCall["name"], string>>;
  };
}

export const DEFAULT_AI_SETTINGS: AiSettings = {
  quietWindowMs: 700,
  silenceMs: 30_000,
  maxSilences: 3,
  windowTurns: 20,
  maxModelRoundsPerTurn: 3,
  holdRepeatMs: 10_000,
  lines: {
    stillThere: "Are you still there?",
    transferring: "Let me connect you with a member of our team. One moment, please.",
    apology: "I'm sorry, I'm having trouble on my side.",
    cannotDoThat: "I can't do that on this call, but I can connect you with a member of our team if you'd like.",
    didNotCatch: "Sorry, could you say that again?",
    nobodyFree: "I'm sorry, nobody from our team is free right now. I can keep helping you, or arrange a call back.",
    resumed: "Hi, it's the automated assistant again. My colleague has filled me in. How can I help?",
    pleaseHold: "Thank you for holding. A member of our team will be with you shortly.",
    // A disposition is bookkeeping the model says its own words about: no filler.
    toolFillers: {
      lookup_balance: "Let me look that up for you.",
      send_payment_link: "One moment while I send that.",
      schedule_callback: "One moment while I book that in.",
    },
  },
};

/** Fixed for the call: nothing the conversation does can change it (the machine only reads it). */
export interface AiCallSetup {
  readonly policy: AiPolicy;
  readonly brief: AgentBrief;
  readonly settings: AiSettings;
}

export type AiInput =
  | { type: "answered"; atMs: number }
  | { type: "caller_speech"; text: string; isFinal: boolean; atMs: number }
  | { type: "speak_ended"; atMs: number }
  | { type: "tick"; atMs: number }
  | { type: "model_text"; requestId: number; text: string; atMs: number }
  | { type: "model_tool_call"; requestId: number; call: ModelToolCall; atMs: number }
  | { type: "model_done"; requestId: number; atMs: number }
  | { type: "model_failed"; requestId: number; error: "timeout" | "failed" | "not_configured"; atMs: number }
  | { type: "tool_result"; requestId: number; callId: string; result: string; atMs: number }
  | { type: "take_over"; by: string; atMs: number }
  | { type: "human_reserved"; agentId: string; atMs: number }
  | { type: "human_unavailable"; atMs: number }
  | { type: "human_answered"; atMs: number }
  | { type: "bridged"; atMs: number }
  | { type: "hand_back"; notes: string; atMs: number }
  /** The model's summary of a hand-back's human part (text), or why there is none (error: the notes alone stay). */
  | { type: "hand_back_summary"; handBackId: number; text: string | null; error: "timeout" | "failed" | "not_configured" | null; atMs: number }
  | { type: "hangup"; atMs: number };

export type SpeechPurpose = "disclosure" | "reply" | "filler" | "still_there" | "transfer" | "hold" | "apology" | "fallback" | "resume";

export type AiTimelineEntry =
  | { kind: "phase"; from: AiPhase; to: AiPhase }
  | { kind: "tool_called"; name: AiToolCall["name"]; args: unknown }
  | { kind: "tool_refused"; name: string; reason: ToolRefusal; detail: string }
  | { kind: "model_latency"; requestId: number; firstTokenMs: number }
  /** The caller's turn end (final segment + quiet window) → the first thing the AI said in answer. */
  | { kind: "turn_latency"; ms: number }
  | { kind: "model_failed"; requestId: number; error: string }
  | { kind: "silence"; count: number }
  | { kind: "barge_in" }
  /** A hand-back's context: the model's summary of the human part joined the notes, or the notes alone (and why). */
  | { kind: "hand_back_summary"; handBackId: number; source: "model" | "notes_only"; error: string | null };

export type AiEffect =
  | { type: "transcription_start" }
  | { type: "speak"; text: string; purpose: SpeechPurpose }
  | { type: "playback_stop" }
  | { type: "ask_model"; requestId: number; messages: ModelMessage[]; tools: ModelTool[] }
  | { type: "cancel_model"; requestId: number }
  | { type: "run_tool"; requestId: number; call: AiToolCall }
  /** `generation`: the agent leg this request is for (1, then 2 … once the call was handed back). */
  | { type: "reserve_human"; reason: string; generation: number }
  | { type: "bridge_human"; agentId: string }
  | { type: "unbridge_human"; generation: number }
  | { type: "summarise_hand_back"; handBackId: number; notes: string }
  | { type: "timeline"; entry: AiTimelineEntry };

/** The model request in flight for the current caller turn. */
export interface ModelRequestState {
  id: number;
  startedAtMs: number;
  /**
   * Started at the caller's final segment, before their quiet window ran out: its output
   * is held (never spoken, no tool run) until the turn is over, and it is cancelled if
   * they speak again. Null once the turn is over (or for a request asked after it).
   */
  tentativeFor: string | null;
  /** A tentative request that failed: the failure is acted on only if its turn ends. */
  failedWith: Extract<AiInput, { type: "model_failed" }>["error"] | null;
  firstTokenAtMs: number | null;
  /** Streamed text not yet cut into a sentence. */
  buffer: string;
  /** Sentences sent to speak for this request. */
  spoken: string[];
  toolCalls: ModelToolCall[];
  done: boolean;
  /** Tool runs awaited before the model is asked again. */
  pendingToolCallIds: string[];
}

export interface AiState {
  phase: AiPhase;
  conversation: Conversation;
  /** Final segments of the caller's current turn, not yet sent to the model. */
  pendingCaller: string[];
  turnEndsAtMs: number | null;
  /** When the caller's last turn ended, until the AI's first words in answer (for turn_latency). */
  turnEndedAtMs: number | null;
  /** The last turn's end → the AI's first words in answer (the console shows it). */
  lastTurnLatencyMs: number | null;
  /** Listening since (for the silence timer); null while someone speaks or a turn is open. */
  silenceFromMs: number | null;
  silences: number;
  request: ModelRequestState | null;
  nextRequestId: number;
  /** Model requests in this caller turn. */
  rounds: number;
  /** Speaks sent and not yet ended, in order; a disclosure is never interrupted. */
  speeches: SpeechPurpose[];
  linksSent: number;
  /** Hand-backs so far (each one's summary is asked for under its number). */
  handBacks: number;
  /** People asked for so far: each request is for a new agent leg, its generation (the call's fold tells the legs apart by it). */
  humanRequests: number;
  /** The last hand-back's summary, still awaited from the model. */
  handBackSummary: PendingHandBackSummary | null;
  /** While a person is sought: when the hold line is next due (null: after the transfer line ends, or not waiting). */
  holdDueAtMs: number | null;
}

export const initialAiState = (): AiState => ({
  phase: "idle",
  conversation: { window: [], summary: null },
  pendingCaller: [],
  turnEndsAtMs: null,
  turnEndedAtMs: null,
  lastTurnLatencyMs: null,
  silenceFromMs: null,
  silences: 0,
  request: null,
  nextRequestId: 1,
  rounds: 0,
  speeches: [],
  linksSent: 0,
  handBacks: 0,
  humanRequests: 0,
  handBackSummary: null,
  holdDueAtMs: null,
});
