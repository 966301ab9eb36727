// Which carrier commands a call wants, as a pure function of its spec and record. Each
// command has a stable name and is sent at most once (with one command_id, reused on
// every retry), so re-deriving after every event never sends anything twice.
import { z } from "zod";
import { CALL_LEGS, type PartyLeg } from "../../carrier-event";
import { ivrOf, previewAgentOf, type CallSpec, type DialerCallSpec } from "../../call-spec";
import { type CallRecord, type LegView } from "../../machine";
import { TERMINAL_STATUSES } from "../../../../domain/call-status";
import { VOICEMAIL_MAX_SECONDS } from "../../../../domain/inbound-queues";
import { AI_VOICES } from "../../../../domain/ai-agent-settings";
import type { CallLanguage } from "../../../../domain/languages";
import { disclosureToPlay } from "./recording-disclosure";

/** The carrier's text-to-speech languages we use: the IVR's en and es, and one per call language (voice-to-voice). */
export const SPEECH_LANGUAGES = ["en-US", "es-US", "fr-FR", "de-DE", "cmn-CN", "ja-JP", "pt-BR", "it-IT", "ko-KR", "arb"] as const;
export type SpeechLanguage = (typeof SPEECH_LANGUAGES)[number];

/** The carrier's speech language for each call language (Telnyx's `speak` `language` values). */
export const SPEECH_LANGUAGE_OF: Record<CallLanguage, SpeechLanguage> = {
  en: "en-US",
  es: "es-US",
  fr: "fr-FR",
  de: "de-DE",
  zh: "cmn-CN",
  ja: "ja-JP",
  pt: "pt-BR",
  it: "it-IT",
  ko: "ko-KR",
  ar: "arb",
};

/**
 * `agentGeneration`: which agent leg (2 or more; absent the first). An AI call taken over
 * again after a hand-back dials a new agent leg; the carrier hands the generation back in
 * client_state, so the fold tells the legs apart.
 */
const command = { name: z.string().min(1), leg: z.enum(CALL_LEGS), agentGeneration: z.number().int().min(2).optional() };
const onLeg = <Action extends "hangup" | "record_start" | "transcription_start" | "transcription_stop" | "record_pause" | "record_resume" | "playback_stop">(action: Action) =>
  z.object({ ...command, action: z.literal(action), callControlId: z.string() });
/**
 * The customer's dial or answer also starts transcription at the answer (both tracks), so a
 * person's first word is heard; a `transcription_start` after `call.answered` came back
 * missed what they said first. Absent: stored by an older build, or not transcribed.
 */
const transcribeFromAnswer = { transcribe: z.literal(true).optional() };

/** A stored carrier command (rows from older builds have the same shape). One member per action. */
export const carrierCommandSchema = z.discriminatedUnion("action", [
  z.object({
    ...command,
    action: z.literal("dial"),
    to: z.string(),
    from: z.string(),
    amd: z.enum(["premium", "disabled"]),
    timeoutSecs: z.number(),
    ...transcribeFromAnswer,
    /** The dialer's reserved agent, by name: known only once the pool chose them (the simulator's script says it). */
    agentName: z.string().optional(),
  }),
  z.object({ ...command, action: z.literal("answer"), callControlId: z.string(), ...transcribeFromAnswer }),
  onLeg("hangup"),
  onLeg("record_start"),
  onLeg("transcription_start"),
  z.object({
    ...command,
    action: z.literal("bridge"),
    callControlId: z.string(),
    otherCallControlId: z.string(),
    /** IVR calls: the caller's keys never reach the agent (nor the agent's the caller). */
    muteDtmf: z.literal("both").optional(),
  }),
  z.object({
    ...command,
    action: z.literal("speak"),
    callControlId: z.string(),
    text: z.string(),
    language: z.enum(SPEECH_LANGUAGES).optional(),
    voice: z.enum(AI_VOICES).optional(),
    /** The recording disclosure: its speak tags the leg's client_state, so its end is told apart (recording-disclosure.ts). */
    speech: z.literal("recording_disclosure").optional(),
  }),
  // The IVR's prompts: say `text`, then collect keys up to `maxDigits` or `#`.
  z.object({
    ...command,
    action: z.literal("gather_using_speak"),
    callControlId: z.string(),
    text: z.string(),
    language: z.enum(SPEECH_LANGUAGES),
    maxDigits: z.number().int().positive(),
    timeoutMs: z.number().int().positive(),
  }),
  onLeg("record_pause"),
  onLeg("record_resume"),
  // With the recording paused (an IVR payment step, the agent's pause) the carrier stops transcribing too; transcription_start resumes it.
  onLeg("transcription_stop"),
  // Stops what is being said or played (the IVR's hold message), and what is queued behind it.
  onLeg("playback_stop"),
]);
export type CarrierCommand = z.infer<typeof carrierCommandSchema>;

/** A call that has been up this long is ended by us, whatever the carrier says. */
export const MAX_CALL_MS = 4 * 60 * 60 * 1000;
/** How much longer than the ring timeout we wait for the carrier's own no-answer. */
export const RING_GRACE_MS = 10_000;
/** After we hang up, how long we wait for the carrier's hang-up event before closing the record ourselves. */
export const HANGUP_CONFIRM_MS = 60_000;
/** How long after a machine answers we wait for its beep before giving up on the voicemail. */
export const VOICEMAIL_BEEP_WAIT_MS = 45_000;

const alive = (leg: LegView) => leg.state !== "idle" && leg.state !== "ended";
const answered = (leg: LegView) => leg.state === "answered" || leg.state === "bridged";

export function desiredCommands(spec: CallSpec, record: CallRecord, nowMs: number): CarrierCommand[] {
  const { customer, agent } = record.legs;
  const wanted: CarrierCommand[] = [];
  const ended = TERMINAL_STATUSES.has(record.status);
  const dialer = spec.kind === "dialer" ? spec.dialer ?? null : null;
  // A preview call works like a bridge call: the agent who chose it first, then the customer.
  const preview = previewAgentOf(spec);
  const agentFirst = spec.kind === "bridge" || preview !== null;
  // Customers we dial go through answering-machine detection: wait for its verdict
  // (not sure counts as human). An inbound caller is a person by definition; on a
  // preview call the agent is already listening, so whoever answers is put through.
  const customerIsHuman =
    spec.direction === "inbound" || preview !== null || record.amdResult === "human" || record.amdResult === "not_sure";
  // The IVR asks the pool for an agent when the caller wants one (features/ivr).
  const ivrAgent = ivrOf(spec) !== null && record.assignedAgent !== null;
  // The AI voice agent asks the pool for a person on takeover (features/ai-agent); their
  // leg ending hands the call back to the AI, so it never hangs the caller up.
  const aiHuman = Boolean(spec.ai) && record.assignedAgent !== null;
  // A queue's caller is answered at once and gets the agent the pool reserved on their turn (features/queue).
  const queueAgent = spec.inbound?.action === "queue" && record.assignedAgent !== null;
  const needsAgent =
    spec.kind === "bridge" ||
    (spec.kind === "inbound" && spec.inbound?.action === "ring_agent") ||
    (dialer !== null && (preview !== null || record.assignedAgent !== null)) ||
    ivrAgent ||
    aiHuman ||
    queueAgent;
  const agentAddress = dialer || ivrAgent || aiHuman || queueAgent ? (preview?.address ?? record.assignedAgent?.address ?? null) : spec.agentAddress;

  // A later agent leg (an AI call taken over again) has commands of its own, named apart.
  const generation = agentGenerationOf(record);
  const ofAgentLeg = (leg: PartyLeg, name: string) => (leg === "agent" ? `${name}${generation.suffix}` : name);
  const onAgentLeg = (leg: PartyLeg) => (leg === "agent" ? generation.field : {});
  // The customer's leg is transcribed from its answer (its dial or answer says so); the agent's is heard on its track.
  const transcribed = (leg: PartyLeg) => (leg === "customer" && spec.transcribe ? { transcribe: true as const } : {});
  const dial = (leg: PartyLeg, to: string, amd: "premium" | "disabled") =>
    wanted.push({
      name: ofAgentLeg(leg, `dial-${leg}`),
      action: "dial",
      leg,
      to,
      from: spec.from,
      amd,
      timeoutSecs: spec.ringTimeoutSeconds,
      ...transcribed(leg),
      ...onAgentLeg(leg),
      ...(leg === "agent" && record.assignedAgent?.name ? { agentName: record.assignedAgent.name } : {}),
    });
  const act = (leg: PartyLeg, action: "answer" | "hangup" | "record_start" | "transcription_start") => {
    const callControlId = record.legs[leg].callControlId;
    if (callControlId) wanted.push({ name: ofAgentLeg(leg, `${action}-${leg}`), action, leg, callControlId, ...(action === "answer" ? transcribed(leg) : {}), ...onAgentLeg(leg) });
  };
  // The customer stays bridged after an AI call's hand-back (the agent's leg went): the new agent leg's own state says whether it is bridged yet.
  const unbridged = spec.ai ? agent.state !== "bridged" : customer.state !== "bridged";

  // Reaching people.
  if (spec.kind === "direct" || (spec.kind === "dialer" && !agentFirst)) dial("customer", spec.to, "premium");
  // A predictive dialer call rings its agent only once a person is on the line and the pool gave one.
  if (needsAgent && agentAddress && (!dialer || agentFirst || alive(customer))) dial("agent", agentAddress, "disabled");
  if (agentFirst && answered(agent) && !record.hangupRequested) dial("customer", spec.to, preview ? "disabled" : "premium");
  if (spec.kind === "inbound" && !record.hangupRequested && customer.state === "ringing") {
    if (!needsAgent || answered(agent)) act("customer", "answer");
  }

  // Once the customer is on the line.
  if (answered(customer) && !ended) {
    // The disclosure plays first; recording starts once it has finished (and any other
    // speech to the customer waits for it too: recording-disclosure.ts).
    const disclosure = disclosureToPlay(spec);
    if (disclosure && customer.callControlId) {
      // On an AI call in the AI's voice: the caller hears one voice, then the AI's own disclosures.
      const voice = spec.ai?.voice ? { voice: spec.ai.voice } : {};
      wanted.push({ name: "speak-disclosure", action: "speak", leg: "customer", callControlId: customer.callControlId, text: disclosure, speech: "recording_disclosure", ...voice });
    }
    if (spec.record && (!disclosure || record.disclosurePlayed)) act("customer", "record_start");
    // Unless the carrier took the dial or answer that transcribes from the answer (a call an older build dialled did not ask).
    if (spec.transcribe && !record.transcribedFromAnswer) act("customer", "transcription_start");
    if (needsAgent && customerIsHuman && answered(agent) && unbridged && customer.callControlId && agent.callControlId) {
      wanted.push({
        name: `bridge${generation.suffix}`,
        action: "bridge",
        leg: "customer",
        callControlId: customer.callControlId,
        otherCallControlId: agent.callControlId,
        ...(ivrAgent ? { muteDtmf: "both" as const } : {}),
      });
    }
    if (spec.kind === "inbound" && spec.inbound?.action === "message" && customer.callControlId) {
      wanted.push({ name: "speak-message", action: "speak", leg: "customer", callControlId: customer.callControlId, text: spec.inbound.message });
    }
    if (dialer && customer.callControlId) {
      if (record.abandoned) {
        wanted.push({ name: "speak-safe-harbor", action: "speak", leg: "customer", callControlId: customer.callControlId, text: dialer.safeHarborMessage });
      } else if (leavesVoicemail(dialer, record)) {
        wanted.push({ name: "speak-voicemail", action: "speak", leg: "customer", callControlId: customer.callControlId, text: dialer.voicemailScript });
      }
    }
  }

  // Ending.
  const machineAnswered = dialer ? machineDone(dialer, record, nowMs) : record.amdResult === "machine" || record.amdResult === "fax";
  const ringingTooLong = customer.state === "ringing" && nowMs - spec.createdAtMs > spec.ringTimeoutSeconds * 1000 + RING_GRACE_MS && spec.direction === "outbound";
  const upTooLong = nowMs - spec.createdAtMs > MAX_CALL_MS;
  const agentGone = needsAgent && agent.state === "ended" && !spec.ai;
  const customerGone = customer.state === "ended" || (needsAgent && agentFirst && agentGone && customer.state === "idle");
  // A voicemail greeting is followed by the caller's message (recorded) until they hang up, or VOICEMAIL_MAX_SECONDS.
  const voicemail = spec.inbound?.action === "message" && spec.inbound.voicemail === true;
  const messagePlayed = ((spec.inbound?.action === "message" && !voicemail) || (dialer !== null && record.abandoned)) && record.speechFinished;
  const voicemailFull = voicemail && nowMs > spec.createdAtMs + VOICEMAIL_MAX_SECONDS * 1000;
  if (alive(customer) && (record.hangupRequested || machineAnswered || agentGone || ringingTooLong || upTooLong || messagePlayed || voicemailFull)) {
    act("customer", "hangup");
  }
  if (alive(agent) && (record.hangupRequested || customerGone || machineAnswered || upTooLong)) act("agent", "hangup");
  return wanted;
}

/** The current agent leg's command-name suffix and command field: none for the first (names stored before generations). */
export function agentGenerationOf(record: CallRecord): { suffix: string; field: { agentGeneration?: number } } {
  const generation = record.agentGeneration;
  return generation >= 2 ? { suffix: `-g${generation}`, field: { agentGeneration: generation } } : { suffix: "", field: {} };
}

/** A machine (not a fax) answered a dialer call that has a voicemail script, and the beep came. */
function leavesVoicemail(dialer: DialerCallSpec, record: CallRecord): boolean {
  return record.amdResult === "machine" && dialer.voicemailScript.trim() !== "" && record.machineGreetingEnded;
}

/**
 * A dialer call answered by a machine is over: a fax at once; a machine once the
 * voicemail played, at once without a script, or when the beep never came.
 */
function machineDone(dialer: DialerCallSpec, record: CallRecord, nowMs: number): boolean {
  if (record.amdResult === "fax") return true;
  if (record.amdResult !== "machine") return false;
  if (dialer.voicemailScript.trim() === "") return true;
  if (record.machineGreetingEnded) return record.speechFinished;
  return record.answeredAtMs !== null && nowMs - record.answeredAtMs > VOICEMAIL_BEEP_WAIT_MS;
}

/**
 * When the actor should look at the call again even if nothing arrives: the ring
 * watchdog, the maximum call length, and the hang-up confirmation.
 */
export function nextWatchdogAtMs(spec: CallSpec, record: CallRecord, lastHangupSentAtMs: number | null): number | null {
  if (TERMINAL_STATUSES.has(record.status)) return null;
  const candidates = [spec.createdAtMs + MAX_CALL_MS + 1];
  if (record.legs.customer.state === "ringing" && spec.direction === "outbound") {
    candidates.push(spec.createdAtMs + spec.ringTimeoutSeconds * 1000 + RING_GRACE_MS + 1);
  }
  if (lastHangupSentAtMs !== null) candidates.push(lastHangupSentAtMs + HANGUP_CONFIRM_MS);
  if (spec.inbound?.voicemail) candidates.push(spec.createdAtMs + VOICEMAIL_MAX_SECONDS * 1000 + 1);
  if (spec.kind === "dialer" && record.amdResult === "machine" && !record.machineGreetingEnded && record.answeredAtMs !== null) {
    candidates.push(record.answeredAtMs + VOICEMAIL_BEEP_WAIT_MS + 1);
  }
  return Math.min(...candidates);
}

/** True when we hung up long enough ago that the carrier's silence means the call is over. */
export function hangupUnconfirmed(record: CallRecord, lastHangupSentAtMs: number | null, nowMs: number): boolean {
  return !TERMINAL_STATUSES.has(record.status) && lastHangupSentAtMs !== null && nowMs - lastHangupSentAtMs >= HANGUP_CONFIRM_MS;
}
