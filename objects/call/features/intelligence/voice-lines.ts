// Voice-to-voice (optional, off by default: the translation settings' `voiceToVoice`): the
// agent types a line (or picks the suggested one) in their language; it is translated
// into the customer's language by the model and spoken to the customer through the
// carrier's text-to-speech, in that language. Two named tasks per line, each once:
// `voice-line:<request>` translates it (beside the call's pass: the model may be slow),
// `speak-voice-line:<request>` speaks what came back on the customer's leg (with its
// stored command id). The line goes on the timeline and in the transcript as the agent's
// translated line, the translation and the agent's words stored with it. Pure, but for
// what its runners are handed.
import { TERMINAL_STATUSES } from "../../../../domain/call-status";
import { isCallLanguage, type CallLanguage } from "../../../../domain/languages";
import { LANGUAGE_NAMES } from "../../../../domain/intelligence-settings";
import { VOICE_LINE_NEEDS_MODEL } from "./translator";
import type { CallSituation } from "../feature";
import type { SpeakVoiceLineTask, TranslateVoiceLineTask } from "./intelligence-task-schemas";
import { translationInForce, type IntelligenceRecord } from "./intelligence-record";
import { callLanguageOf } from "./model-language";
import type { CallRecord, TranscriptSegment } from "../../machine";
import { voiceLineRequested } from "../../local-events";
import type { CarrierEvent } from "../../carrier-event";

/** The longest line an agent may have said for them (Telnyx speaks at most 3,000 characters). */
export const VOICE_LINE_MAX_CHARS = 500;

/** The stored transcript line of a spoken translation: its id says what it is (GET /api/calls/:id marks it). */
export const SPOKEN_TRANSLATION_SEGMENT_PREFIX = "voice-line:";
export const spokenTranslationSegmentId = (requestId: string): string => `${SPOKEN_TRANSLATION_SEGMENT_PREFIX}${requestId}`;
export const isSpokenTranslationSegment = (segmentId: string): boolean => segmentId.startsWith(SPOKEN_TRANSLATION_SEGMENT_PREFIX);

export const voiceLineTaskName = (requestId: string): string => `voice-line:${requestId}`;
export const speakVoiceLineTaskName = (requestId: string): string => `speak-voice-line:${requestId}`;

type VoiceRecord = { transcript: readonly TranscriptSegment[]; intelligence: IntelligenceRecord };

/** The customer's language as the call knows it now (every source), if it is one we speak. */
export function customerLanguageOf(record: VoiceRecord): CallLanguage | null {
  const language = callLanguageOf(record)?.language ?? null;
  return language !== null && isCallLanguage(language) ? language : null;
}

/** Why the agent's line cannot be said now, for the route's answer and the console; null when it can. */
export type VoiceLineRefusal = "off" | "no_model" | "language_unknown" | "same_language";

export function voiceLineRefusal(record: VoiceRecord): VoiceLineRefusal | null {
  const settings = translationInForce(record.intelligence);
  if (!settings?.voiceToVoice) return "off";
  if (!record.intelligence.started?.model.configured) return "no_model";
  const customer = customerLanguageOf(record);
  if (!customer) return "language_unknown";
  return customer === settings.to ? "same_language" : null;
}

/** Each asked line once: translated while its task is new, spoken once it came back with words and the customer is still on. */
export function desiredVoiceLineTasks({ record, tasks }: Pick<CallSituation, "record" | "tasks">): (TranslateVoiceLineTask | SpeakVoiceLineTask)[] {
  const { voiceRequests, voiceLines } = record.intelligence;
  if (voiceRequests.length === 0) return [];
  const wanted: (TranslateVoiceLineTask | SpeakVoiceLineTask)[] = [];
  const settings = translationInForce(record.intelligence);
  const from = settings?.to ?? "en";
  for (const request of voiceRequests) {
    const name = voiceLineTaskName(request.requestId);
    if (tasks.state(name) === null && !voiceLines.some((line) => line.requestId === request.requestId)) {
      wanted.push({ name, action: "intelligence.translate_voice_line", requestId: request.requestId, from, to: customerLanguageOf(record) });
    }
  }
  const customerLeg = record.legs.customer;
  const live = !TERMINAL_STATUSES.has(record.status) && customerLeg.state !== "ended" && customerLeg.callControlId !== null;
  if (!live) return wanted;
  for (const line of voiceLines) {
    if (line.text === null || !isCallLanguage(line.to)) continue;
    const name = speakVoiceLineTaskName(line.requestId);
    if (tasks.state(name) === null) wanted.push({ name, action: "intelligence.speak_voice_line", requestId: line.requestId, callControlId: customerLeg.callControlId!, text: line.text, language: line.to });
  }
  return wanted;
}

export interface VoiceLineView {
  requestId: string;
  original: string;
  from: string;
  to: string;
  /** What the customer heard; null while it is being translated, or when it was not said (see `error`). */
  text: string | null;
  status: "translating" | "spoken" | "failed";
  error: string | null;
  model: string | null;
  at: string;
}

/** The agent's asked lines, oldest first: what the console's "Say in …" box shows under it. */
export function voiceLinesView(state: IntelligenceRecord): VoiceLineView[] {
  return state.voiceRequests.map((request) => {
    const line = state.voiceLines.find((known) => known.requestId === request.requestId);
    const at = new Date(line?.atMs ?? request.atMs).toISOString();
    if (!line) return { requestId: request.requestId, original: request.text, from: "", to: "", text: null, status: "translating", error: null, model: null, at };
    return { requestId: line.requestId, original: line.original, from: line.from, to: line.to, text: line.text, status: line.text === null ? "failed" : "spoken", error: line.error, model: line.model, at };
  });
}

const nameOf = (language: string) => (isCallLanguage(language) ? LANGUAGE_NAMES[language] : language);

/** What the console and the route say when the line cannot be said: the one sentence for each reason. */
export function voiceLineRefusalMessage(refusal: VoiceLineRefusal, record: VoiceRecord): string {
  switch (refusal) {
    case "off":
      return "Voice-to-voice is off for this call: an admin turns it on in the translation settings (the organisation's or the campaign's).";
    case "no_model":
      return VOICE_LINE_NEEDS_MODEL;
    case "language_unknown":
      return "The customer's language is not known yet: a line can be said in it once they have spoken.";
    case "same_language":
      return `The customer speaks ${nameOf(customerLanguageOf(record) ?? "")}, as you do: say it yourself.`;
  }
}

export interface VoiceView {
  available: boolean;
  message: string;
  /** The language lines are said in (the console's "Say in <language>"); null until known. */
  customerLanguage: string | null;
  lines: VoiceLineView[];
}

export function voiceView(record: VoiceRecord): VoiceView {
  const refusal = voiceLineRefusal(record);
  const customerLanguage = customerLanguageOf(record);
  const lines = voiceLinesView(record.intelligence);
  if (refusal) return { available: false, message: voiceLineRefusalMessage(refusal, record), customerLanguage, lines };
  const model = record.intelligence.started?.model;
  const by = `${model?.name ?? "the model"}${model?.simulated ? " (the model simulator, not a real model)" : ""}`;
  return { available: true, message: `Lines you type are translated into ${nameOf(customerLanguage ?? "")} by ${by} and spoken to the customer.`, customerLanguage, lines };
}

/** The actor's answer to the agent's line (the route turns it into 202 or 409). */
export type VoiceLineDecision =
  | { kind: "not_live"; message: string }
  | { kind: "refused"; refusal: VoiceLineRefusal; message: string }
  | { kind: "accepted"; event: CarrierEvent; language: CallLanguage };

/** Whether the line is said: only on a live call with the customer on it, and only when nothing refuses it. Decided with no await. */
export function decideVoiceLine(record: CallRecord, request: { requestId: string; text: string; byUserId: string }, nowMs: number): VoiceLineDecision {
  const customer = record.legs.customer;
  if ((record.status !== "answered" && record.status !== "bridged") || customer.state === "ended" || customer.callControlId === null) {
    return { kind: "not_live", message: "The call is not live: a line can be said to the customer only while they are on it" };
  }
  const refusal = voiceLineRefusal(record);
  if (refusal) return { kind: "refused", refusal, message: voiceLineRefusalMessage(refusal, record) };
  return { kind: "accepted", event: voiceLineRequested(nowMs, request), language: customerLanguageOf(record)! };
}
