// The AI's journal: its turn machine's inputs, in the order it took them, kept as call
// events. Everything that drives the AI (the carrier's events for the customer's leg,
// the model's output, tool results, takeovers, time passing) first arrives as a source
// event; at the start of each round of a pass the feature writes each new source into the
// journal, stamped strictly after the entry before it. The AI's state is then the machine
// folded over the journal alone: append-only, so the effects of entry n never change and
// the tasks named after them are sent once. (Folding the sources directly would let a
// late carrier event, stamped earlier, rewrite what the AI already said.)
import { isKnownEvent, LOCAL_EVENTS, type CarrierEvent } from "../../carrier-event";

export { aiEvent, isAiEvent, type AiEvent };
import type { CallSpec } from "../../call-spec";
import { aiEvent, isAiEvent, type AiEvent, type AiJournalEntry } from "./ai-events";
import { aiSetupOf } from "./ai-spec";
import { initialAiState, type AiCallSetup, type AiEffect, type AiInput, type AiState } from "./ai-types";
import { aiInputOf, aiStartEventId } from "./carrier-link";
import { disclosureToPlay } from "../carrier-commands/recording-disclosure";
import { HAND_BACK_SUMMARY_WAIT_MS } from "./hand-back-summary";
import { nextRoomState } from "./ai-room-state";
import type { AiRoomState } from "../../../../domain/ai-agent";
import { aiStep, aiWakeAtMs } from "./machine";

/** A model request with no output for this long is failed by the engine (the actor may have lost the stream). */
export const MODEL_STALL_MS = 15_000;

/** An input before the journal stamps its time. */
export type UntimedInput = AiInput extends infer Each ? (Each extends AiInput ? Omit<Each, "atMs"> : never) : never;

/** One journal entry and what the machine did with it. */
export interface AiStepTaken {
  n: number;
  atMs: number;
  input: AiInput;
  effects: AiEffect[];
}

export interface AiFold {
  setup: AiCallSetup;
  state: AiState;
  steps: AiStepTaken[];
  /** Source event ids already in the journal. */
  journaled: Set<string>;
  lastAtMs: number;
  /** When the model request in flight last showed life (null: none in flight). */
  modelActiveAtMs: number | null;
  /** The AI starts once AMD says a person answered (a campaign's call), not on the answer. */
  startsOnHuman: boolean;
  /** What a campaign's live room shows of the call now (ai-room-state.ts). */
  room: AiRoomState | null;
  /** The inbox event the AI begins on (carrier-link.ts aiStartEventId): null, not yet. Of these events, not the journal. */
  startEventId: string | null;
}

const folds = new WeakMap<readonly CarrierEvent[], AiFold>();
/** The last fold of each call, extended when the inbox only grew (the usual case). */
const latest = new Map<string, { events: readonly CarrierEvent[]; fold: AiFold; journalLength: number; lastEntry: string }>();
const MAX_CACHED_CALLS = 500;

/** The AI's state for an AI-answered call (else null), folded from its journal. */
export function aiFoldOf(spec: CallSpec, events: readonly CarrierEvent[]): AiFold | null {
  if (!spec.ai) return null;
  const cached = folds.get(events);
  if (cached) return cached;
  const journal = events.filter(isAiEvent).flatMap((event) => (event.ai.kind === "journal" ? [event.ai] : [])).sort((a, b) => a.n - b.n);
  const previous = latest.get(spec.id);
  let fold: AiFold;
  if (previous && extends_(previous, journal)) {
    fold = cloneFold(previous.fold);
    for (const entry of journal.slice(previous.journalLength)) take(fold, entry);
  } else {
    fold = { setup: aiSetupOf(spec.ai), state: initialAiState(), steps: [], journaled: new Set(), lastAtMs: 0, modelActiveAtMs: null, startsOnHuman: spec.ai.startsOn === "human", room: null, startEventId: null };
    for (const entry of journal) take(fold, entry);
  }
  // A call that owes the recording disclosure: the AI begins once it has ended. Found once:
  // the inbox only grows, so the event that began it stays the one.
  fold.startEventId ??= aiStartEventId(events, fold.startsOnHuman, disclosureToPlay(spec) !== null);
  folds.set(events, fold);
  if (latest.size > MAX_CACHED_CALLS) latest.delete(latest.keys().next().value!);
  latest.set(spec.id, { events, fold, journalLength: journal.length, lastEntry: JSON.stringify(journal.at(-1) ?? null) });
  return fold;
}

/** The journal is the cached one plus entries (its last entry unchanged and every n in place). */
function extends_(previous: { journalLength: number; lastEntry: string }, journal: readonly AiJournalEntry[]): boolean {
  if (previous.journalLength > journal.length || previous.journalLength === 0) return false;
  return JSON.stringify(journal[previous.journalLength - 1]) === previous.lastEntry && journal.every((entry, i) => entry.n === i);
}

function cloneFold(fold: AiFold): AiFold {
  // Steps already taken never change: the new fold shares them and appends.
  return { ...fold, steps: [...fold.steps], journaled: new Set(fold.journaled) };
}

function take(fold: AiFold, entry: AiJournalEntry): void {
  if (entry.n !== fold.steps.length) return;
  const step = aiStep(fold.state, entry.input, fold.setup);
  fold.state = step.state;
  fold.steps.push({ n: entry.n, atMs: entry.input.atMs, input: entry.input, effects: step.effects });
  if (entry.source) fold.journaled.add(entry.source);
  fold.lastAtMs = entry.input.atMs;
  fold.room = nextRoomState(fold.room, fold.state.phase, fold.state.handBacks, entry.n);
  const request = fold.state.request;
  if (!request || request.done) fold.modelActiveAtMs = null;
  else if (entry.input.type === "model_text" || entry.input.type === "model_tool_call" || fold.modelActiveAtMs === null) fold.modelActiveAtMs = entry.input.atMs;
}

/** The machine's inputs a source event stands for (several for one model output), or none. */
export function inputsOfSource(event: CarrierEvent, fold: AiFold): UntimedInput[] {
  if (isAiEvent(event)) {
    const ai = event.ai;
    switch (ai.kind) {
      case "model_output": {
        const inputs: UntimedInput[] = [];
        if (ai.text) inputs.push({ type: "model_text", requestId: ai.requestId, text: ai.text });
        for (const call of ai.toolCalls) inputs.push({ type: "model_tool_call", requestId: ai.requestId, call });
        if (ai.error) inputs.push({ type: "model_failed", requestId: ai.requestId, error: ai.error });
        else if (ai.done) inputs.push({ type: "model_done", requestId: ai.requestId });
        return inputs;
      }
      case "tool_result":
        return [{ type: "tool_result", requestId: ai.requestId, callId: ai.callId, result: ai.result }];
      case "takeover":
        return [{ type: "take_over", by: ai.by.userId }];
      case "hand_back":
        return [{ type: "hand_back", notes: ai.notes }];
      case "human_unavailable":
        return [{ type: "human_unavailable" }];
      case "hand_back_summary":
        return [{ type: "hand_back_summary", handBackId: ai.handBackId, text: ai.text, error: ai.error }];
      default:
        return [];
    }
  }
  if (!isKnownEvent(event)) return [];
  // Only the agent leg of the AI's current request counts: an earlier leg's late events change nothing.
  const ofCurrentRequest = (event.agentGeneration ?? 1) === fold.state.humanRequests;
  if (event.type === LOCAL_EVENTS.agentReserved && event.agent) return ofCurrentRequest ? [{ type: "human_reserved", agentId: event.agent.userId }] : [];
  // The person's leg answering ends the caller's hold line (while it rings; the bridge follows).
  if (event.leg === "agent" && event.type === "call.answered") return ofCurrentRequest && fold.state.phase === "bridging" ? [{ type: "human_answered" }] : [];
  // The human's leg ending while they hold the call hands it back to the AI, with no notes.
  if (event.leg === "agent" && event.type === "call.hangup") {
    if (!ofCurrentRequest) return [];
    if (fold.state.phase === "human_active") return [{ type: "hand_back", notes: "" }];
    if (fold.state.phase === "bridging" || fold.state.phase === "human_requested") return [{ type: "human_unavailable" }];
    return [];
  }
  const input = aiInputOf(event, fold.startsOnHuman, fold.startEventId);
  if (!input) return [];
  const { atMs: _carrierTime, ...untimed } = input;
  return [untimed as UntimedInput];
}

const journalEntry = (n: number, source: string | null, input: AiInput): AiEvent => aiEvent(`j:${n}`, input.atMs, { kind: "journal", n, source, input } as AiJournalEntry);

/**
 * The journal entries due now: every source not yet journaled (in inbox order), else the
 * machine's own timer (a quiet window or a silence ending) or a stalled model request.
 */
export function dueJournalEntries(fold: AiFold, events: readonly CarrierEvent[], nowMs: number): AiEvent[] {
  let n = fold.steps.length;
  let atMs = fold.lastAtMs;
  const stamp = () => (atMs = Math.max(nowMs, atMs + 1));
  const entries: AiEvent[] = [];
  for (const event of events) {
    if (fold.journaled.has(event.id) || (isAiEvent(event) && event.ai.kind === "journal")) continue;
    const inputs = inputsOfSource(event, fold);
    if (inputs.length === 0) continue;
    inputs.forEach((input, index) => entries.push(journalEntry(n++, index === 0 ? event.id : null, { ...input, atMs: stamp() } as AiInput)));
    // The rest of a source's inputs are journaled with it: mark them by their first.
  }
  if (entries.length > 0) return entries;
  if (fold.state.phase === "ended") return [];
  const wake = aiWakeAtMs(fold.state, fold.setup);
  if (wake !== null && wake <= nowMs) return [journalEntry(n, null, { type: "tick", atMs: stamp() })];
  const request = fold.state.request;
  if (request && fold.modelActiveAtMs !== null && nowMs >= fold.modelActiveAtMs + MODEL_STALL_MS) {
    return [journalEntry(n, null, { type: "model_failed", requestId: request.id, error: "timeout", atMs: stamp() })];
  }
  const summary = fold.state.handBackSummary;
  if (summary && nowMs >= summary.requestedAtMs + HAND_BACK_SUMMARY_WAIT_MS) {
    return [journalEntry(n, null, { type: "hand_back_summary", handBackId: summary.id, text: null, error: "timeout", atMs: stamp() })];
  }
  return [];
}

/** When the AI wants the call looked at: a source waiting for the journal, its own timer, a model stall. */
export function aiWakeTime(fold: AiFold, events: readonly CarrierEvent[], nowMs: number): number | null {
  if (fold.state.phase === "ended") return null;
  const waiting = events.some((event) => !fold.journaled.has(event.id) && !(isAiEvent(event) && event.ai.kind === "journal") && inputsOfSource(event, fold).length > 0);
  if (waiting) return nowMs;
  const summary = fold.state.handBackSummary;
  const times = [
    aiWakeAtMs(fold.state, fold.setup),
    fold.modelActiveAtMs === null ? null : fold.modelActiveAtMs + MODEL_STALL_MS,
    summary === null ? null : summary.requestedAtMs + HAND_BACK_SUMMARY_WAIT_MS,
  ].filter((t): t is number => t !== null);
  return times.length > 0 ? Math.min(...times) : null;
}
