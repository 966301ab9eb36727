// The model's reading of the customer's mood, beside the offline lexicon's (sentiment.ts),
// which always runs: the model is asked about every Nth customer line only (the 1st, the
// (N+1)th, …) to bound its cost, each line once (a named task per line: its answer is
// kept as an event, never asked again), and a reply later than the deadline is dropped:
// the gauge keeps the last score the model gave. Its `escalate` flag raises the
// `model_escalation` alert (once per call, through the same alert path as the offline
// rules). Without a model the view says plainly that it needs one. Pure.
import type { TranscriptSegment } from "../../machine";
import type { CallSituation } from "../feature";
import type { AlertCondition } from "./alert-rules";
import type { ModelSentimentScore } from "./intelligence-events";
import type { IntelligenceRecord } from "./intelligence-record";
import type { ScoreSentimentTask } from "./intelligence-task-schemas";
import { conversationUpTo } from "./model-suggestion";
import { MODEL_SETUP } from "./translator";
import { isMaskedLine } from "../ivr/key-redaction";

/** The model reads one customer line in this many (the first of each run of N). */
export const MODEL_SENTIMENT_EVERY_SEGMENTS = 3;
/** A score later than this is dropped: the gauge keeps the last one. */
export const MODEL_SENTIMENT_DEADLINE_MS = 4_000;

export const MODEL_SENTIMENT_NEEDS_MODEL = `Model sentiment needs a model: ${MODEL_SETUP}. The lexicon score works without one.`;

export interface ModelSentimentRequest {
  segmentId: string;
  /** The conversation's last lines, oldest first, ending with the customer's line scored. */
  lines: readonly { speaker: "customer" | "agent"; text: string }[];
}

export const scoreSentimentTaskName = (segmentId: string): string => `sentiment:${segmentId}`;

/** The customer's latest line, when it is one the model reads and the call is live with a model. */
export function desiredModelSentimentTask({ record }: Pick<CallSituation, "record">): ScoreSentimentTask | null {
  if (record.endedAtMs !== null || !record.intelligence.started?.model.configured) return null;
  const customerLines = record.transcript.filter((segment) => segment.track === "inbound");
  const index = customerLines.length - 1;
  // Only the latest: a line that was passed over while the call started is no use any more.
  if (index < 0 || index % MODEL_SENTIMENT_EVERY_SEGMENTS !== 0) return null;
  const latest = customerLines[index]!;
  // A line said while the recording was paused keeps no words to score.
  if (isMaskedLine(latest)) return null;
  return { name: scoreSentimentTaskName(latest.id), action: "intelligence.score_sentiment", segmentId: latest.id };
}

export function modelSentimentRequest(transcript: readonly TranscriptSegment[], segmentId: string): ModelSentimentRequest | null {
  const lines = conversationUpTo(transcript, segmentId);
  return lines ? { segmentId, lines } : null;
}

/** The `model_escalation` alert, once per call, at the first reading that asked for it. */
export function modelEscalation(record: Pick<IntelligenceRecord, "modelSentiment">, transcript: readonly TranscriptSegment[]): AlertCondition | null {
  const flagged = record.modelSentiment.find((scored) => scored.escalate && scored.score !== null);
  if (!flagged) return null;
  const line = transcript.find((segment) => segment.id === flagged.segmentId);
  return {
    rule: "model_escalation",
    key: "model_escalation",
    segmentId: flagged.segmentId,
    atMs: line?.atMs ?? flagged.atMs,
    message: `The model asks for a supervisor${flagged.reason ? `: ${flagged.reason}` : ""}${line ? ` (“${line.text}”)` : ""}`,
  };
}

/** The call's alerts: the offline rules' and the model's flag, each once; what the view shows and the feature raises. */
export function withModelEscalation(alerts: readonly AlertCondition[], record: Pick<IntelligenceRecord, "modelSentiment">, transcript: readonly TranscriptSegment[]): AlertCondition[] {
  const escalation = modelEscalation(record, transcript);
  return escalation ? [...alerts, escalation] : [...alerts];
}

export interface ModelSentimentView {
  available: boolean;
  /** What the console says beside the score: who scored it, or why there is none. */
  message: string;
  /** The last score the model gave (a failed or late reading keeps it); null before any. */
  score: number | null;
  escalate: boolean;
  reason: string | null;
  segmentId: string | null;
  model: string | null;
  simulated: boolean;
}

export function modelSentimentView(state: IntelligenceRecord): ModelSentimentView {
  const model = state.started?.model ?? null;
  const last = state.modelSentiment.findLast((scored) => scored.score !== null) ?? null;
  const latest = state.modelSentiment.at(-1) ?? null;
  const common = {
    score: last?.score ?? null,
    escalate: last?.escalate ?? false,
    reason: last?.reason ?? null,
    segmentId: last?.segmentId ?? null,
    model: last?.model ?? model?.name ?? null,
    simulated: model?.simulated ?? false,
  };
  if (!model) return { available: false, message: "Model sentiment starts with the call's first words.", ...common };
  if (!model.configured) return { available: false, message: MODEL_SENTIMENT_NEEDS_MODEL, ...common };
  const every = `every ${MODEL_SENTIMENT_EVERY_SEGMENTS} customer lines`;
  if (latest && latest.score === null) return { available: true, message: `The model's last reading failed (${latest.error ?? "no answer"}): its previous score stands.`, ...common };
  return { available: true, message: `Scored by ${model.name ?? "the model"}${model.simulated ? " (the model simulator, not a real model)" : ""}, ${every}.`, ...common };
}

/** What the model's reply must hold, read by model-writer.ts. */
export type ModelSentimentAnswer = Pick<ModelSentimentScore, "score" | "escalate" | "reason">;
