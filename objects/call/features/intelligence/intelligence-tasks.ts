// Live intelligence's tasks, each named once per call so it is added and run once:
// `intelligence-start` reads the call's settings at its first words (and whether there is
// a model), `translate:<segment id>` translates one line, `summary` writes the summary a
// little after the call ended (late transcript lines land first), `campaign-alert:<key>`
// tells the campaign room of an alert (campaign-alerts.ts), `sentiment-summary` keeps the
// customer's sentiment over the call in Postgres when the summary is due (offline), and
// `campaign-sentiment:<segment id>` tells the campaign room the live sentiment (campaign-sentiment.ts),
// `sentiment:<segment id>` asks the model's sentiment for every Nth customer line
// (model-sentiment.ts) and `disposition` the model's suggested disposition with the summary
// (suggested-disposition.ts). Their runners turn a
// model's answer into an event (and a Postgres row), and a model that is not configured
// into the plain message the console shows; a translation is retried twice quickly, then
// given up, so one bad line never holds the lines after it for long.
import { DEFAULT_INTELLIGENCE_SETTINGS } from "../../../../domain/intelligence-settings";
import { TERMINAL_STATUSES } from "../../../../domain/call-status";
import { ModelNotConfiguredError } from "../../../shared/model";
import {
  dispositionSuggested,
  intelligenceStarted,
  modelLanguageReturned,
  modelSentimentReturned,
  suggestionReturned,
  summaryFailed,
  summaryWritten,
  translationReturned,
  voiceLineTranslated,
} from "../../local-events";
import { commandTaskOutcome, type CallSituation, type TaskContext, type TaskOutcome } from "../feature";
import type { TranslatedLine } from "./intelligence-events";
import { translationInForce } from "./intelligence-record";
import { plannedTranslations, translationRequest } from "./translation-plan";
import { desiredCampaignAlertTasks, tellCampaignOfAlert } from "./campaign-alerts";
import { desiredCampaignSentimentTasks, tellCampaignOfSentiment } from "./campaign-sentiment";
import { DISPOSITION_NEEDS_MODEL, SUMMARY_NEEDS_MODEL, TRANSLATION_NEEDS_MODEL, VOICE_LINE_NEEDS_MODEL } from "./translator";
import type {
  DetectLanguageTask,
  IntelligenceTask,
  SpeakVoiceLineTask,
  TranslateVoiceLineTask,
  ScoreSentimentTask,
  SentimentSummaryTask,
  StartIntelligenceTask,
  SuggestDispositionTask,
  SuggestTask,
  SummariseTask,
  TranslateTask,
} from "./intelligence-task-schemas";
import { desiredModelSentimentTask, MODEL_SENTIMENT_DEADLINE_MS, MODEL_SENTIMENT_NEEDS_MODEL, modelSentimentRequest } from "./model-sentiment";
import { desiredSuggestionTask, SUGGESTION_DEADLINE_MS, suggestionRequest } from "./model-suggestion";
import { scriptedLineFor } from "./suggested-line";
import { analyseCall } from "./call-intelligence";
import { sentimentSummaryOf } from "./sentiment-summary";
import { desiredModelLanguageTask, languageRequest, MODEL_LANGUAGE_DEADLINE_MS, MODEL_LANGUAGE_NEEDS_MODEL } from "./model-language";
import { desiredVoiceLineTasks, spokenTranslationSegmentId } from "./voice-lines";
import { SPEECH_LANGUAGE_OF } from "../carrier-commands/desired-commands";
import type { VoiceLine } from "./intelligence-events";

/** The summary waits this long after the call ended, so transcript lines delivered late are in it. */
export const SUMMARY_DELAY_MS = 2_000;
/**
 * Translations and the summary run beside the call's pass (they wait on the model); a run
 * is leased this long, more than the model port's own 10 s deadline, so a run still under
 * way is never started again, and one lost with an evicted actor is asked again after it.
 */
export const MODEL_RUN_LEASE_MS = 15_000;
/** A failed translation is tried again after these delays, then given up (its line says so). */
export const TRANSLATION_RETRY_DELAYS_MS = [500, 1_500] as const;

/** When the summary is due: a while after a call that had words ended; null otherwise. */
export function summaryDueAtMs({ record }: CallSituation): number | null {
  if (!TERMINAL_STATUSES.has(record.status) || record.endedAtMs === null || record.transcript.length === 0 || !record.intelligence.started) return null;
  return record.endedAtMs + SUMMARY_DELAY_MS;
}

/** The tasks wanted now, leaving out those already added (each name is added once). */
export function desiredIntelligenceTasks(situation: CallSituation): IntelligenceTask[] {
  const { spec, record, tasks, nowMs } = situation;
  // Read at the first words, not at the dial: a task runs inside the call's pass, and a
  // slow first read must never hold up the commands that set the call up.
  if (!spec.transcribe || record.transcript.length === 0) return [];
  const wanted: IntelligenceTask[] = [{ name: "intelligence-start", action: "intelligence.start" }];
  const settings = translationInForce(record.intelligence);
  if (settings && record.intelligence.started?.model.configured) {
    for (const planned of plannedTranslations(record.transcript, settings)) wanted.push({ name: `translate:${planned.segmentId}`, action: "intelligence.translate", ...planned });
  }
  const suggestion = desiredSuggestionTask(situation);
  if (suggestion) wanted.push(suggestion);
  const sentiment = desiredModelSentimentTask(situation);
  if (sentiment) wanted.push(sentiment);
  const language = desiredModelLanguageTask(situation);
  if (language) wanted.push(language);
  wanted.push(...desiredVoiceLineTasks(situation));
  wanted.push(...desiredCampaignAlertTasks(situation));
  wanted.push(...desiredCampaignSentimentTasks(situation));
  const summaryAt = summaryDueAtMs(situation);
  if (summaryAt !== null && nowMs >= summaryAt) {
    wanted.push({ name: "summary", action: "intelligence.summarise" });
    wanted.push({ name: "sentiment-summary", action: "intelligence.sentiment_summary" });
    wanted.push({ name: "disposition", action: "intelligence.suggest_disposition" });
  }
  return wanted.filter((task) => tasks.state(task.name) === null);
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function start(_task: StartIntelligenceTask, { situation, ports, attempt }: TaskContext): Promise<TaskOutcome> {
  const { spec } = situation;
  try {
    const settings = await ports.intelligence.settings(spec.organizationId, spec.dialer?.campaignId ?? null);
    return { kind: "done", events: [intelligenceStarted(ports.now(), { ...settings, model: ports.intelligence.model() })] };
  } catch (error) {
    if (!attempt.isLast) return { kind: "retry", error: reasonOf(error) };
    // Postgres could not say: the call goes on with the defaults rather than none.
    const started = { ...DEFAULT_INTELLIGENCE_SETTINGS, model: ports.intelligence.model() };
    return { kind: "failed", error: reasonOf(error), events: [intelligenceStarted(ports.now(), started)] };
  }
}

async function translate(task: TranslateTask, { situation, ports, attempt }: TaskContext): Promise<TaskOutcome> {
  const { spec, record } = situation;
  const request = translationRequest(record.transcript, task);
  const line = (fields: Pick<TranslatedLine, "text" | "model" | "latencyMs" | "error">): TranslatedLine => ({ segmentId: task.segmentId, from: task.from, to: task.to, atMs: ports.now(), ...fields });
  const giveUp = (reason: string): TaskOutcome => ({ kind: "failed", error: reason, events: [translationReturned(line({ text: null, model: null, latencyMs: null, error: reason }))] });
  if (!request) return giveUp("the line is not in the transcript");
  try {
    const result = await ports.intelligence.translate(request);
    const translated = line({ text: result.text, model: result.model, latencyMs: result.latencyMs, error: null });
    const row = {
      segmentId: task.segmentId,
      organizationId: spec.organizationId,
      callId: spec.id,
      sourceLanguage: task.from,
      targetLanguage: task.to,
      text: result.text,
      model: result.model,
      latencyMs: Math.round(result.latencyMs),
      createdAt: new Date(translated.atMs),
    };
    return { kind: "done", events: [translationReturned(translated)], rows: [{ key: `translation:${task.segmentId}`, row: { table: "translation", row } }] };
  } catch (error) {
    if (error instanceof ModelNotConfiguredError) return giveUp(TRANSLATION_NEEDS_MODEL);
    const delay = TRANSLATION_RETRY_DELAYS_MS[attempt.attempts];
    if (delay === undefined || attempt.isLast) return giveUp(`the model failed: ${reasonOf(error)}`);
    return { kind: "retry", error: reasonOf(error), atMs: ports.now() + delay };
  }
}

async function summarise(_task: SummariseTask, { situation, ports, attempt }: TaskContext): Promise<TaskOutcome> {
  const { spec, record } = situation;
  try {
    const summary = await ports.intelligence.summarise({ lines: speakerLines(situation) });
    const atMs = ports.now();
    return {
      kind: "done",
      events: [summaryWritten(atMs, summary)],
      rows: [{ key: "summary", row: { table: "summary", row: { callId: spec.id, organizationId: spec.organizationId, text: summary.text, model: summary.model, createdAt: new Date(atMs) } } }],
    };
  } catch (error) {
    if (error instanceof ModelNotConfiguredError) return { kind: "failed", error: SUMMARY_NEEDS_MODEL, events: [summaryFailed(ports.now(), SUMMARY_NEEDS_MODEL)] };
    if (!attempt.isLast) return { kind: "retry", error: reasonOf(error) };
    return { kind: "failed", error: reasonOf(error), events: [summaryFailed(ports.now(), `the model failed: ${reasonOf(error)}`)] };
  }
}

/** Once, never retried (a late line is no use): the model's answer, or why the script's line stays. */
async function suggest(task: SuggestTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  const request = suggestionRequest(situation.record.transcript, task, scriptedLineFor(task.objection));
  const startedAtMs = ports.now();
  const returned = (fields: { text: string | null; model: string | null; latencyMs: number | null; error: string | null }) =>
    suggestionReturned({ segmentId: task.segmentId, atMs: ports.now(), ...fields });
  if (!request) return { kind: "failed", error: "the line is not in the transcript" };
  try {
    const answer = await ports.intelligence.suggest(request, SUGGESTION_DEADLINE_MS);
    return { kind: "done", events: [returned({ text: answer.text, model: answer.model, latencyMs: Math.round(answer.latencyMs), error: null })] };
  } catch (error) {
    const late = ports.now() - startedAtMs >= SUGGESTION_DEADLINE_MS;
    const reason = error instanceof ModelNotConfiguredError ? "no model is configured" : late ? `the model took longer than ${SUGGESTION_DEADLINE_MS / 1000} s` : `the model failed: ${reasonOf(error)}`;
    return { kind: "failed", error: reason, events: [returned({ text: null, model: null, latencyMs: null, error: reason })] };
  }
}

const speakerLines = (situation: CallSituation) =>
  situation.record.transcript.map((segment) => ({ speaker: segment.track === "inbound" ? ("customer" as const) : ("agent" as const), text: segment.text }));

/** Once, never retried (a late score is no use): the model's reading, or why the gauge keeps the last one. */
async function scoreSentiment(task: ScoreSentimentTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  const request = modelSentimentRequest(situation.record.transcript, task.segmentId);
  if (!request) return { kind: "failed", error: "the line is not in the transcript" };
  const startedAtMs = ports.now();
  const scored = (fields: { score: number | null; escalate: boolean; reason: string | null; model: string | null; latencyMs: number | null; error: string | null }) =>
    modelSentimentReturned({ segmentId: task.segmentId, atMs: ports.now(), ...fields });
  try {
    const answer = await ports.intelligence.scoreSentiment(request, MODEL_SENTIMENT_DEADLINE_MS);
    return { kind: "done", events: [scored({ score: answer.score, escalate: answer.escalate, reason: answer.reason, model: answer.model, latencyMs: Math.round(answer.latencyMs), error: null })] };
  } catch (error) {
    const late = ports.now() - startedAtMs >= MODEL_SENTIMENT_DEADLINE_MS;
    const reason =
      error instanceof ModelNotConfiguredError ? MODEL_SENTIMENT_NEEDS_MODEL : late ? `the model took longer than ${MODEL_SENTIMENT_DEADLINE_MS / 1000} s` : `the model failed: ${reasonOf(error)}`;
    return { kind: "failed", error: reason, events: [scored({ score: null, escalate: false, reason: null, model: null, latencyMs: null, error: reason })] };
  }
}

/** Once, never retried (the call's next lines go on without it): the model's reading, or why the offline answer stands. */
async function detectLanguage(task: DetectLanguageTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  const request = languageRequest(situation.record.transcript, task.segmentId);
  if (!request) return { kind: "failed", error: "the line is not in the transcript" };
  const startedAtMs = ports.now();
  const read = (fields: { language: string | null; confidence: number | null; model: string | null; latencyMs: number | null; error: string | null }) =>
    modelLanguageReturned({ segmentId: task.segmentId, atMs: ports.now(), ...fields });
  try {
    const answer = await ports.intelligence.detectLanguage(request, MODEL_LANGUAGE_DEADLINE_MS);
    return { kind: "done", events: [read({ language: answer.language, confidence: answer.confidence, model: answer.model, latencyMs: Math.round(answer.latencyMs), error: null })] };
  } catch (error) {
    const late = ports.now() - startedAtMs >= MODEL_LANGUAGE_DEADLINE_MS;
    const reason =
      error instanceof ModelNotConfiguredError ? MODEL_LANGUAGE_NEEDS_MODEL : late ? `the model took longer than ${MODEL_LANGUAGE_DEADLINE_MS / 1000} s` : `the model failed: ${reasonOf(error)}`;
    return { kind: "failed", error: reason, events: [read({ language: null, confidence: null, model: null, latencyMs: null, error: reason })] };
  }
}

/**
 * Voice-to-voice: the agent's line into the customer's language, retried like a
 * translation; stored as the agent's transcript line (what the customer heard) with the
 * agent's words as its translation. Given up, it says why, and nothing is said.
 */
async function translateVoiceLine(task: TranslateVoiceLineTask, { situation, ports, attempt }: TaskContext): Promise<TaskOutcome> {
  const { spec, record } = situation;
  const request = record.intelligence.voiceRequests.find((asked) => asked.requestId === task.requestId);
  if (!request) return { kind: "failed", error: "the line was never asked for" };
  const line = (fields: Pick<VoiceLine, "text" | "model" | "latencyMs" | "error">): VoiceLine => ({ requestId: task.requestId, original: request.text, from: task.from, to: task.to ?? "", atMs: ports.now(), ...fields });
  const giveUp = (reason: string): TaskOutcome => ({ kind: "failed", error: reason, events: [voiceLineTranslated(line({ text: null, model: null, latencyMs: null, error: reason }))] });
  if (task.to === null) return giveUp("the customer's language is not known yet");
  const context = record.transcript.slice(-3).map((segment) => ({ speaker: segment.track === "inbound" ? ("customer" as const) : ("agent" as const), text: segment.text }));
  try {
    const result = await ports.intelligence.translate({ segmentId: spokenTranslationSegmentId(task.requestId), text: request.text, from: task.from, to: task.to, speaker: "agent", context });
    const said = line({ text: result.text, model: result.model, latencyMs: Math.round(result.latencyMs), error: null });
    const segmentId = spokenTranslationSegmentId(task.requestId);
    const at = new Date(said.atMs);
    return {
      kind: "done",
      events: [voiceLineTranslated(said)],
      rows: [
        { key: `segment:${segmentId}`, row: { table: "segment", row: { id: segmentId, organizationId: spec.organizationId, callId: spec.id, track: "outbound", text: result.text, confidence: null, language: task.to, occurredAt: at } } },
        {
          key: `translation:${segmentId}`,
          row: {
            table: "translation",
            row: { segmentId, organizationId: spec.organizationId, callId: spec.id, sourceLanguage: task.to, targetLanguage: task.from, text: request.text, model: result.model, latencyMs: said.latencyMs ?? 0, createdAt: at },
          },
        },
      ],
    };
  } catch (error) {
    if (error instanceof ModelNotConfiguredError) return giveUp(VOICE_LINE_NEEDS_MODEL);
    const delay = TRANSLATION_RETRY_DELAYS_MS[attempt.attempts];
    if (delay === undefined || attempt.isLast) return giveUp(`the model failed: ${reasonOf(error)}`);
    return { kind: "retry", error: reasonOf(error), atMs: ports.now() + delay };
  }
}

/** Voice-to-voice: the translated line spoken on the customer's leg, in their language, with its stored command id. */
async function speakVoiceLine(task: SpeakVoiceLineTask, { situation, ports, attempt }: TaskContext): Promise<TaskOutcome> {
  if (TERMINAL_STATUSES.has(situation.record.status)) return { kind: "done", note: "the call ended before the line was said" };
  const command = { name: task.name, action: "speak" as const, leg: "customer" as const, callControlId: task.callControlId, text: task.text, language: SPEECH_LANGUAGE_OF[task.language] };
  const outcome = await ports.carrier.send(situation.spec, command, attempt.commandId);
  return commandTaskOutcome(outcome, attempt);
}

/** After the call: the model's disposition for the agent to confirm, retried like the summary; without one the offline rule's stands. */
async function suggestDisposition(_task: SuggestDispositionTask, { situation, ports, attempt }: TaskContext): Promise<TaskOutcome> {
  const none = (error: string) => dispositionSuggested({ disposition: null, reason: null, model: null, latencyMs: null, error, atMs: ports.now() });
  try {
    const answer = await ports.intelligence.suggestDisposition({ lines: speakerLines(situation) });
    const event = dispositionSuggested({ disposition: answer.disposition, reason: answer.reason, model: answer.model, latencyMs: Math.round(answer.latencyMs), error: null, atMs: ports.now() });
    return { kind: "done", events: [event] };
  } catch (error) {
    if (error instanceof ModelNotConfiguredError) return { kind: "failed", error: DISPOSITION_NEEDS_MODEL, events: [none(DISPOSITION_NEEDS_MODEL)] };
    if (!attempt.isLast) return { kind: "retry", error: reasonOf(error) };
    return { kind: "failed", error: reasonOf(error), events: [none(`the model failed: ${reasonOf(error)}`)] };
  }
}

/** Offline and at once: the same analysis the live gauge read, over the whole call. */
async function keepSentimentSummary(_task: SentimentSummaryTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  const { spec, record } = situation;
  const summary = sentimentSummaryOf(analyseCall(record.transcript, record.intelligence.started?.objectionPhrases));
  if (!summary) return { kind: "done", note: "the customer said nothing to score" };
  const row = { callId: spec.id, organizationId: spec.organizationId, ...summary, createdAt: new Date(ports.now()) };
  return { kind: "done", rows: [{ key: "sentiment-summary", row: { table: "sentiment_summary", row } }] };
}

export const intelligenceRunners = {
  "intelligence.start": start,
  "intelligence.translate": translate,
  "intelligence.summarise": summarise,
  "intelligence.campaign_alert": tellCampaignOfAlert,
  "intelligence.sentiment_summary": keepSentimentSummary,
  "intelligence.campaign_sentiment": tellCampaignOfSentiment,
  "intelligence.suggest": suggest,
  "intelligence.score_sentiment": scoreSentiment,
  "intelligence.suggest_disposition": suggestDisposition,
  "intelligence.detect_language": detectLanguage,
  "intelligence.translate_voice_line": translateVoiceLine,
  "intelligence.speak_voice_line": speakVoiceLine,
};
