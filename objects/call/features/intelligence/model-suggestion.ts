// Suggested lines written by the model (assist only: shown on the agent's card, never said
// or acted on by itself). The moments are the offline script's (suggested-line.ts: an
// objection on the customer's latest line, or their mood dropping); the model is asked to
// word the line for this conversation, bounded so a bad stretch of a call cannot flood it:
// at most one customer line asked per SUGGESTION_COOLDOWN_MS (measured on the lines' own
// times, so the decision is the same however the passes fall), and each request ends after
// SUGGESTION_DEADLINE_MS, shorter than the cooldown, so at most one is ever in flight per
// call. Until the model answers, when it fails or times out, when the cooldown holds it
// back, or without a model, the agent sees the script's line. Pure.
import type { TranscriptSegment } from "../../machine";
import type { CallSituation } from "../feature";
import { analyseCall } from "./call-intelligence";
import type { ModelSuggestion } from "./intelligence-events";
import type { SuggestTask } from "./intelligence-task-schemas";
import { suggestedLine, type SuggestedLine } from "./suggested-line";
import type { SuggestionRequest } from "./translator";

/** Customer lines asked of the model are at least this far apart. */
export const SUGGESTION_COOLDOWN_MS = 10_000;
/** A suggestion later than this is no use to an agent mid-sentence: the script's line stays. */
export const SUGGESTION_DEADLINE_MS = 4_000;
/** Lines of the conversation the model reads, newest last, and at most this many characters of them. */
export const SUGGESTION_CONTEXT_LINES = 6;
export const SUGGESTION_CONTEXT_MAX_CHARS = 1_200;

/** The model's request for the customer's latest line, when it calls for a line and the bounds allow one. */
export function desiredSuggestionTask({ record, tasks }: Pick<CallSituation, "record" | "tasks">): SuggestTask | null {
  if (record.endedAtMs !== null || !record.intelligence.started?.model.configured) return null;
  const line = suggestedLine(record.transcript, analyseCall(record.transcript, record.intelligence.started.objectionPhrases));
  if (!line) return null;
  const latest = record.transcript.find((segment) => segment.id === line.segmentId);
  if (!latest) return null;
  const askedRecently = record.transcript.some(
    (segment) => segment.id !== latest.id && segment.track === "inbound" && segment.atMs <= latest.atMs && latest.atMs - segment.atMs < SUGGESTION_COOLDOWN_MS && tasks.state(suggestTaskName(segment.id)) !== null,
  );
  if (askedRecently) return null;
  return { name: suggestTaskName(latest.id), action: "intelligence.suggest", segmentId: latest.id, reason: line.reason, objection: line.objection };
}

export const suggestTaskName = (segmentId: string): string => `suggest:${segmentId}`;

/** The conversation's last lines up to and with one segment, oldest first, bounded in lines and characters; null when it is not in the transcript. */
export function conversationUpTo(transcript: readonly TranscriptSegment[], segmentId: string): { speaker: "customer" | "agent"; text: string }[] | null {
  const index = transcript.findIndex((segment) => segment.id === segmentId);
  if (index < 0) return null;
  const lines: { speaker: "customer" | "agent"; text: string }[] = [];
  let chars = 0;
  for (const segment of transcript.slice(Math.max(0, index + 1 - SUGGESTION_CONTEXT_LINES), index + 1).reverse()) {
    chars += segment.text.length;
    if (chars > SUGGESTION_CONTEXT_MAX_CHARS && lines.length > 0) break;
    lines.unshift({ speaker: segment.track === "inbound" ? "customer" : "agent", text: segment.text });
  }
  return lines;
}

/** What the model is asked: the conversation's last lines, why now, and the script's line as a lawful starting point. */
export function suggestionRequest(transcript: readonly TranscriptSegment[], task: SuggestTask, scriptLine: string): SuggestionRequest | null {
  const lines = conversationUpTo(transcript, task.segmentId);
  return lines ? { segmentId: task.segmentId, reason: task.reason, objection: task.objection, scriptLine, lines } : null;
}

export interface ShownSuggestion extends SuggestedLine {
  source: "model" | "script";
  /** The model that wrote it (a simulator says so); null for the script's. */
  model: string | null;
}

/** The line the agent's card shows now: the model's for the customer's latest line once it answered, else the script's. */
export function shownSuggestion(scripted: SuggestedLine | null, written: readonly ModelSuggestion[]): ShownSuggestion | null {
  if (!scripted) return null;
  const fromModel = written.find((suggestion) => suggestion.segmentId === scripted.segmentId);
  if (fromModel?.text) return { ...scripted, text: fromModel.text, source: "model", model: fromModel.model };
  return { ...scripted, source: "script", model: null };
}
