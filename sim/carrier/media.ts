// Sound on a leg: speak and playback share one queue (Telnyx queues consecutive
// commands), each item a started/ended pair of events; gathers collect the persona's
// next DTMF answer digit by digit; and every keyed digit is offered to the recordings
// running on the call, so a paused recording provably did not capture it.
import { cancelLegTimer, legAfter, type Leg, type MediaItem } from "./calls.ts";
import { callTimeMs, type SimContext } from "./context.ts";
import { emit } from "./events.ts";
import { isPaused } from "./recordings.ts";
import { sayFarPartyLine } from "./flows.ts";

/** A conversational persona answers our side's question this long after the speech ends. */
export const ANSWER_PAUSE_SECONDS = 1;

/** Text-to-speech pace: about 15 characters a second. */
const SPEAK_CHARS_PER_SECOND = 15;
const MIN_SPEAK_SECONDS = 1;
/** The simulator cannot know an audio file's length; every loop counts this long. */
export const PLAYBACK_SECONDS_PER_LOOP = 5;
/** The persona starts keying this long after a gather starts, then one digit per interval. */
const FIRST_DIGIT_SECONDS = 1.5;
const INTER_DIGIT_SECONDS = 0.4;
/** A gather that ends on a terminator or maximum_digits reports this long after the last key. */
const GATHER_SETTLE_SECONDS = 0.1;

export function speakSeconds(text: string): number {
  return Math.max(MIN_SPEAK_SECONDS, text.length / SPEAK_CHARS_PER_SECOND);
}

export function queueMedia(ctx: SimContext, leg: Leg, item: MediaItem): void {
  if (leg.mediaPlaying) leg.mediaQueue.push(item);
  else startMedia(ctx, leg, item);
}

function startMedia(ctx: SimContext, leg: Leg, item: MediaItem): void {
  leg.mediaPlaying = item;
  if (item.text !== undefined) leg.heardLines.push({ fromCallControlId: "speak", text: item.text, atMs: ctx.scheduler.now(), ...(item.language ? { language: item.language } : {}) });
  if (item.kind === "speak") {
    emit(ctx, leg, "call.speak.started", {});
    transcribeOurSpeech(ctx, leg, item);
    cutInIfInterrupter(ctx, leg, item);
  }
  else emit(ctx, leg, "call.playback.started", { media_url: item.mediaUrl, media_name: item.mediaName, overlay: false });
  item.timer = legAfter(leg, item.durationMs, `${item.kind} ends`, () => finishMedia(ctx, leg, item, "completed"));
}

function finishMedia(ctx: SimContext, leg: Leg, item: MediaItem, status: "completed" | "cancelled"): void {
  if (leg.mediaPlaying !== item) return;
  cancelLegTimer(leg, item.timer ?? null);
  leg.mediaPlaying = null;
  // Telnyx's speak.ended has no "cancelled"; a stopped prompt reports completed.
  if (item.kind === "speak") emit(ctx, leg, "call.speak.ended", { status: "completed" });
  else emit(ctx, leg, "call.playback.ended", { media_url: item.mediaUrl, media_name: item.mediaName, overlay: false, status });
  if (status === "completed") item.onCompleted?.();
  const next = leg.mediaQueue.shift();
  if (next && leg.phase !== "ended") startMedia(ctx, leg, next);
  else if (status === "completed" && item.text?.trim().endsWith("?")) answerQuestion(ctx, leg);
}

/**
 * A voice agent's speech, as the carrier's transcription of the outbound track hears it
 * (the line as it starts, so a person's span that begins later never claims it). Only
 * on a conversational persona's leg (one talking with an AI): the other personas' calls
 * speak messages and prompts whose transcripts their tests expect to hold people only.
 */
function transcribeOurSpeech(ctx: SimContext, leg: Leg, item: MediaItem): void {
  if (!leg.persona.answers || !item.text || !leg.transcriptionTracks?.includes("outbound")) return;
  emit(ctx, leg, "call.transcription", { transcription_data: { transcript: item.text, confidence: 0.95, is_final: true, transcription_track: "outbound" } });
}

/** A conversational persona's next answer, unless our side has started talking again by then. */
function answerQuestion(ctx: SimContext, leg: Leg): void {
  const answer = leg.persona.answers?.[leg.answersUsed];
  if (answer === undefined) return;
  leg.answersUsed++;
  legAfter(leg, callTimeMs(ctx, leg, ANSWER_PAUSE_SECONDS), "persona answers", () => sayFarPartyLine(ctx, leg, answer));
}

/** A persona that interrupts says its next answer mid-sentence, while this speech still plays. */
function cutInIfInterrupter(ctx: SimContext, leg: Leg, item: MediaItem): void {
  const after = leg.persona.interruptsAfterSeconds;
  if (after === undefined || leg.persona.answers?.[leg.answersUsed] === undefined) return;
  const cutInMs = callTimeMs(ctx, leg, after);
  if (item.durationMs <= cutInMs) return;
  legAfter(leg, cutInMs, "persona cuts in", () => {
    const answer = leg.persona.answers?.[leg.answersUsed];
    if (leg.mediaPlaying !== item || answer === undefined) return;
    leg.answersUsed++;
    sayFarPartyLine(ctx, leg, answer);
  });
}

/** playback_stop: "current" ends what is playing (the queue moves on); "all" also empties the queue. */
export function stopMedia(ctx: SimContext, leg: Leg, scope: "current" | "all"): void {
  if (scope === "all") leg.mediaQueue = [];
  if (leg.mediaPlaying) finishMedia(ctx, leg, leg.mediaPlaying, "cancelled");
}

export interface GatherSpec {
  minimumDigits: number;
  maximumDigits: number;
  /** "" disables the terminator. */
  terminatingDigit: string;
  validDigits: string;
  /** With no answer at all, gather.ended "timeout" after this long. */
  noInputMs: number;
  /** After the last digit when neither the terminator nor maximum_digits ended it. */
  interDigitMs: number;
  gatherId: string | undefined;
}

/** The persona's next DTMF answer, keyed digit by digit, then call.gather.ended. */
export function startGather(ctx: SimContext, leg: Leg, spec: GatherSpec): void {
  for (const id of leg.gatherTimers) cancelLegTimer(leg, id);
  leg.gatherTimers = [];
  const at = (seconds: number, label: string, run: () => void) =>
    leg.gatherTimers.push(legAfter(leg, callTimeMs(ctx, leg, seconds), label, run));
  const gatherId = spec.gatherId ? { gather_id: spec.gatherId } : {};

  const answer = leg.persona.dtmf[leg.dtmfAnswersUsed];
  if (answer === undefined) {
    at(spec.noInputMs / 1000, "gather timeout", () => emit(ctx, leg, "call.gather.ended", { digits: "", status: "timeout", ...gatherId }));
    return;
  }
  leg.dtmfAnswersUsed++;

  const keys: string[] = [];
  let digits = "";
  let endedByKey = false;
  for (const key of answer) {
    keys.push(key);
    if (spec.terminatingDigit !== "" && key === spec.terminatingDigit) {
      endedByKey = true;
      break;
    }
    digits += key;
    if (digits.length >= spec.maximumDigits) {
      endedByKey = true;
      break;
    }
  }
  keys.forEach((key, index) => at(FIRST_DIGIT_SECONDS + index * INTER_DIGIT_SECONDS, "dtmf key", () => keyDigit(ctx, leg, key)));
  const lastKeySeconds = FIRST_DIGIT_SECONDS + (keys.length - 1) * INTER_DIGIT_SECONDS;
  const endSeconds = lastKeySeconds + (endedByKey ? GATHER_SETTLE_SECONDS : spec.interDigitMs / 1000);
  const valid = digits.length >= spec.minimumDigits && [...digits].every((d) => spec.validDigits.includes(d));
  at(endSeconds, "gather ends", () => emit(ctx, leg, "call.gather.ended", { digits, status: valid ? "valid" : "invalid", ...gatherId }));
}

/**
 * The far party presses a key: call.dtmf.received, and any running unpaused recording on
 * the call hears it, except the bridged party's when the bridge muted DTMF.
 */
export function keyDigit(ctx: SimContext, leg: Leg, digit: string): void {
  emit(ctx, leg, "call.dtmf.received", { digit });
  const bridged = leg.bridgedWith ? ctx.calls.get(leg.bridgedWith) : undefined;
  const partner = bridged && leg.muteDtmf === "none" && bridged.muteDtmf === "none" ? bridged : undefined;
  for (const recording of [leg.recording, partner?.recording]) {
    if (recording && !isPaused(recording)) recording.capturedDtmf += digit;
  }
}
