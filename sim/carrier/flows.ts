// What a persona does with a call over time: ringing, answering (or busy, invalid, no
// answer), answering machine detection, the scripted utterances that become
// transcription events, and the far party hanging up. Also the shared endings every
// path uses: ending a leg (recording saved first), bridging two legs, saving a recording.
//
// Bridges: when one bridged leg ends, the other stays up (unbridged) and the engine
// hangs it up. Real Telnyx hangs the other leg up itself unless park_after_unbridge is
// set; the simulator deliberately leaves that to the engine (see sim/README.md).
import { cancelAllLegTimers, cancelLegTimer, legAfter, type Leg } from "./calls.ts";
import { callTimeMs, type SimContext } from "./context.ts";
import { emit } from "./events.ts";
import type { PersonaKind, Utterance } from "./personas.ts";
import { finish } from "./recordings.ts";
import { fillLine, scriptVariables } from "./script-lines.ts";
import type { AmdResult, HangupCause, HangupSource, PremiumAmdResult } from "./wire.ts";

/** What detection reports for each kind of far party, basic and premium. */
const AMD_VERDICTS: Record<PersonaKind, { basic: AmdResult; premium: PremiumAmdResult }> = {
  human: { basic: "human", premium: "human_residence" },
  agent: { basic: "human", premium: "human_residence" }, // not used: agents are never screened
  not_sure: { basic: "not_sure", premium: "not_sure" },
  machine: { basic: "machine", premium: "machine" },
  fax: { basic: "machine", premium: "fax_detected" },
  // Never answered, so never detected; listed to keep the table total.
  no_answer: { basic: "not_sure", premium: "not_sure" },
  busy: { basic: "not_sure", premium: "not_sure" },
  invalid: { basic: "not_sure", premium: "not_sure" },
};

/** AMD modes that also report the end of a machine's greeting (the beep). */
const GREETING_MODES = new Set<Leg["amd"]>(["detect_beep", "greeting_end", "premium"]);

/** SIP codes beside each cause (a guess at Telnyx's values; see sim/README.md). */
const SIP_HANGUP_CAUSE: Record<HangupCause, string> = {
  normal_clearing: "200",
  user_busy: "486",
  not_found: "404",
  timeout: "480",
  originator_cancel: "487",
  call_rejected: "603",
};

/** The far party: the callee of a dial, the caller of an inbound call. */
export const farSide = (leg: Leg): HangupSource => (leg.direction === "outgoing" ? "callee" : "caller");
/** Us (the engine, through a command). */
export const ourSide = (leg: Leg): HangupSource => (leg.direction === "outgoing" ? "caller" : "callee");

/** A dialled leg: call.initiated now, then whatever its persona does. */
export function startOutbound(ctx: SimContext, leg: Leg): void {
  emit(ctx, leg, "call.initiated", {});
  const { persona } = leg;
  const after = (seconds: number, label: string, run: () => void) => legAfter(leg, callTimeMs(ctx, leg, seconds), label, run);
  if (persona.kind === "busy") {
    after(persona.failAfterSeconds, "busy", () => endLeg(ctx, leg, "user_busy", "callee"));
    return;
  }
  if (persona.kind === "invalid") {
    after(persona.failAfterSeconds, "invalid number", () => endLeg(ctx, leg, "not_found", "unknown"));
    return;
  }
  // Scheduled first, so a persona answering exactly at the timeout loses the race.
  leg.ringTimeout = after(leg.timeoutSecs, "ring timeout", () => endLeg(ctx, leg, "timeout", "caller"));
  if (persona.kind !== "no_answer") after(persona.answerAfterSeconds, "far party answers", () => answerLeg(ctx, leg));
}

/** An inbound call: parked and ringing until we answer, or the caller gives up. */
export function startInbound(ctx: SimContext, leg: Leg): void {
  emit(ctx, leg, "call.initiated", {});
  leg.ringTimeout = legAfter(leg, callTimeMs(ctx, leg, leg.persona.giveUpAfterSeconds), "caller gives up", () =>
    endLeg(ctx, leg, "originator_cancel", "caller"),
  );
}

/** The far party picks up (a dial) or we answer (inbound): call.answered, then the conversation. */
export function answerLeg(ctx: SimContext, leg: Leg): void {
  cancelLegTimer(leg, leg.ringTimeout);
  leg.ringTimeout = null;
  leg.phase = "answered";
  leg.answeredAtMs = ctx.scheduler.now();
  // Transcription asked for with the dial or the answer hears the first word said.
  if (leg.transcribeOnAnswer) leg.transcriptionTracks = leg.transcribeOnAnswer;
  emit(ctx, leg, "call.answered", {});
  if (leg.direction === "outgoing") scheduleDetection(ctx, leg);
  scheduleConversation(ctx, leg);
  const partner = leg.bridgeOnAnswerWith ? ctx.calls.get(leg.bridgeOnAnswerWith) : undefined;
  leg.bridgeOnAnswerWith = null;
  if (partner && partner.phase !== "ended") bridgeLegs(ctx, partner, leg);
}

function scheduleDetection(ctx: SimContext, leg: Leg): void {
  const { persona } = leg;
  // Our agents' softphones are never screened, whatever the dial asked for.
  if (leg.amd === "disabled" || persona.kind === "agent") return;
  const premium = leg.amd === "premium";
  const verdict = AMD_VERDICTS[persona.amdVerdict ?? persona.kind];
  const machineGreets = persona.kind === "machine" && GREETING_MODES.has(leg.amd);
  let decisionSeconds = persona.amdDecisionSeconds;
  // Premium's verdict on a machine can land before or after the beep, as Telnyx warns.
  if (premium && machineGreets) decisionSeconds += ctx.prng.next() * persona.greetingSeconds;
  legAfter(leg, callTimeMs(ctx, leg, decisionSeconds), "amd verdict", () => {
    if (premium) emit(ctx, leg, "call.machine.premium.detection.ended", { result: verdict.premium });
    else emit(ctx, leg, "call.machine.detection.ended", { result: verdict.basic });
  });
  if (!machineGreets) return;
  legAfter(leg, callTimeMs(ctx, leg, persona.greetingSeconds), "greeting ends", () => {
    if (premium) emit(ctx, leg, "call.machine.premium.greeting.ended", { result: "beep_detected" });
    else emit(ctx, leg, "call.machine.greeting.ended", { result: "beep_detected" });
  });
}

/**
 * The far party's words at the answer ("Hello?"): the lines before our side's first. The
 * rest of the script is a conversation with an agent, so it starts only when the leg is
 * bridged (`startConversation`): a call no agent joined (a safe-harbor message, a direct
 * call, a message played to a caller) never hears an agent's line.
 */
function scheduleConversation(ctx: SimContext, leg: Leg): void {
  const { persona } = leg;
  for (const utterance of greetingOf(persona.utterances)) {
    legAfter(leg, callTimeMs(ctx, leg, utterance.atSecond), "utterance", () => transcribe(ctx, leg, utterance));
  }
  const hangupSeconds = persona.kind === "machine" ? persona.greetingSeconds + persona.maxMessageSeconds : persona.hangupAfterSeconds;
  if (hangupSeconds === null) return;
  legAfter(leg, callTimeMs(ctx, leg, hangupSeconds), "far party hangs up", () =>
    endLeg(ctx, leg, "normal_clearing", farSide(leg)),
  );
}

const firstOurSide = (script: readonly Utterance[]) => script.findIndex((u) => u.track === "outbound");
const greetingOf = (script: readonly Utterance[]) => (firstOurSide(script) === -1 ? script : script.slice(0, firstOurSide(script)));

/** The conversation with the agent, timed from the bridge as the script times it from our side's first line. */
function startConversation(ctx: SimContext, leg: Leg): void {
  if (leg.conversationStarted || leg.phase !== "answered") return;
  leg.conversationStarted = true;
  const talkSeconds = leg.persona.hangupAfterBridgedSeconds;
  if (talkSeconds !== undefined) {
    legAfter(leg, callTimeMs(ctx, leg, talkSeconds), "far party ends the conversation", () => endLeg(ctx, leg, "normal_clearing", farSide(leg)));
  }
  const first = firstOurSide(leg.persona.utterances);
  if (first === -1) return;
  const conversation = leg.persona.utterances.slice(first);
  const startSecond = conversation[0]!.atSecond;
  for (const utterance of conversation) {
    legAfter(leg, callTimeMs(ctx, leg, BRIDGE_TO_FIRST_LINE_SECONDS + utterance.atSecond - startSecond), "utterance", () =>
      transcribe(ctx, leg, utterance),
    );
  }
}

/** The far party says `text` now (a conversational persona's answer). */
export function sayFarPartyLine(ctx: SimContext, leg: Leg, text: string): void {
  transcribe(ctx, leg, { atSecond: 0, track: "inbound", text });
}

/** How long after the bridge our side starts talking. */
const BRIDGE_TO_FIRST_LINE_SECONDS = 0.5;

/** A line is said; it becomes a call.transcription only if that track is being transcribed. Our side speaks only while bridged. */
function transcribe(ctx: SimContext, leg: Leg, utterance: Utterance): void {
  if (!leg.transcriptionTracks?.includes(utterance.track)) return;
  const partner = leg.bridgedWith ? ctx.calls.get(leg.bridgedWith) : undefined;
  if (utterance.track === "outbound" ? !partner : utterance.onlyAlone && partner) return;
  const confidence = Math.round((0.86 + ctx.prng.next() * 0.13) * 100) / 100;
  emit(ctx, leg, "call.transcription", {
    transcription_data: { transcript: fillLine(utterance.text, scriptVariables(leg, partner)), confidence, is_final: true, transcription_track: utterance.track },
  });
}

/** call.bridged on both legs, the one commanded first. */
export function bridgeLegs(ctx: SimContext, commanded: Leg, other: Leg): void {
  commanded.bridgedWith = other.callControlId;
  other.bridgedWith = commanded.callControlId;
  emit(ctx, commanded, "call.bridged", {});
  emit(ctx, other, "call.bridged", {});
  startConversation(ctx, commanded);
  startConversation(ctx, other);
}

/** Stops the running recording and reports it (call.recording.saved). */
export function saveRecording(ctx: SimContext, leg: Leg): void {
  const recording = leg.recording;
  if (!recording) return;
  finish(recording, ctx.scheduler.now());
  leg.recording = null;
  const url = `${ctx.settings.origin}/recordings/${recording.id}.wav`;
  emit(ctx, leg, "call.recording.saved", {
    recording_id: recording.id,
    channels: recording.channels,
    recording_started_at: new Date(recording.startedAtMs).toISOString(),
    recording_ended_at: new Date(recording.endedAtMs ?? ctx.scheduler.now()).toISOString(),
    recording_urls: { wav: url, mp3: null },
    public_recording_urls: { wav: url, mp3: null },
  });
}

/** The leg is over: recording saved first (if any), then call.hangup. Idempotent. */
export function endLeg(ctx: SimContext, leg: Leg, cause: HangupCause, source: HangupSource): void {
  if (leg.phase === "ended") return;
  saveRecording(ctx, leg);
  cancelAllLegTimers(leg);
  leg.mediaPlaying = null;
  leg.mediaQueue = [];
  leg.transcriptionTracks = null;
  leg.phase = "ended";
  leg.endedAtMs = ctx.scheduler.now();
  leg.hangupCause = cause;
  leg.hangupSource = source;
  const partner = leg.bridgedWith ? ctx.calls.get(leg.bridgedWith) : undefined;
  if (partner?.bridgedWith === leg.callControlId) partner.bridgedWith = null;
  emit(ctx, leg, "call.hangup", {
    hangup_cause: cause,
    hangup_source: source,
    sip_hangup_cause: leg.direction === "incoming" && source === "caller" ? "unspecified" : SIP_HANGUP_CAUSE[cause],
    call_quality_stats: null,
  });
}
