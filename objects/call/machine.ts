// The call state machine as a pure fold: the call record is a function of the *set* of
// events it has received (carrier webhooks plus our own local events), sorted by when
// they occurred. The same events in any order and any multiplicity give the same
// record, and a late event can never move the call backwards: terminal states absorb.
import { isKnownEvent, LOCAL_EVENTS, type AmdResult, type CallLeg, type CarrierEvent, type EventOf, type KnownEvent, type PartyLeg } from "./carrier-event";
import { MODE_WORDS } from "../../domain/supervision";
import { balanceAsSaid, ivrOf, type CallSpec } from "./call-spec";
import { isLaterStatus, TERMINAL_STATUSES, type CallStatus } from "../../domain/call-status";
import type { PersonSpan } from "../../domain/transcript-speaker";
import { aiTimelineText } from "./features/ai-agent/ai-timeline";
import { queueTimelineText } from "./features/queue/queue-timeline";
import { emptyIntelligenceRecord, foldIntelligenceEvent, languageDecidedBy, type IntelligenceRecord } from "./features/intelligence/intelligence-record";

export type LegState = "idle" | "ringing" | "answered" | "bridged" | "ended";

export interface LegView {
  callControlId: string | null;
  state: LegState;
  answeredAtMs: number | null;
  endedAtMs: number | null;
  hangupCause: string | null;
}

export interface TimelineEntry {
  atMs: number;
  text: string;
  /** The carrier event (or our local event) this entry came from. */
  eventId: string;
  status: CallStatus | null;
  /** The agent the entry is about: the record keeps the id, readers show the name (resolved by the API). */
  agentUserId?: string;
  /** "supervisors": about a supervisor the organisation keeps from its agents (quality monitoring). */
  audience?: "supervisors";
  /** The recording paused or resumed here (the agent's, or the IVR's around a payment step): the recording player marks the paused spans from these. */
  recording?: "paused" | "resumed";
}

/** Why the IVR paused the recording, as the timeline and the recording player say it. */
export const IVR_PAUSE_REASON = "Payment step";

export interface TranscriptSegment {
  id: string;
  atMs: number;
  track: "inbound" | "outbound";
  text: string;
  confidence: number | null;
  /** The language the carrier reported, when it did (features/intelligence detects its own). */
  language?: string | null;
}

export interface SavedRecording {
  id: string;
  url: string;
  startedAtMs: number | null;
  endedAtMs: number | null;
}

/** A supervisor who asked to join: named on the timeline; `hidden` from agents when the organisation said so. */
export interface SupervisorSeen {
  sessionId: string;
  name: string;
  hidden: boolean;
  callControlId: string | null;
}

export interface CallRecord {
  status: CallStatus;
  amdResult: AmdResult | null;
  /** When AMD gave its verdict (person or machine): what the campaign learns its decision time from. */
  amdAtMs: number | null;
  legs: Record<PartyLeg, LegView>;
  answeredAtMs: number | null;
  bridgedAtMs: number | null;
  endedAtMs: number | null;
  hangupCause: string | null;
  hangupSource: string | null;
  hangupRequested: boolean;
  /** A message we spoke finished playing (inbound "play a message" calls hang up then). Never the recording disclosure. */
  speechFinished: boolean;
  /** The recording disclosure has been played to the customer: recording may start, and other speech may follow. */
  disclosurePlayed: boolean;
  /** The carrier took the customer's dial or answer that transcribes from the answer: no transcription_start is sent. */
  transcribedFromAnswer: boolean;
  /** When AMD judged the customer a person (human or not sure): the connect window starts here. */
  humanAtMs: number | null;
  /** Dialer calls: the agent the pool gave this call (on an AI call, for the current agent leg). */
  assignedAgent: { userId: string; address: string; atMs: number; name?: string } | null;
  /**
   * Which agent leg `legs.agent` is: 1, or more once an AI call was taken over again after
   * a hand-back (each takeover dials a new leg). Events of an earlier leg only note.
   */
  agentGeneration: number;
  /** The agents of earlier agent legs, by generation (the pool is told each one's end). */
  earlierAgents: { generation: number; userId: string }[];
  /** Dialer calls: no agent within the connect window, so the safe-harbor message plays. */
  abandoned: boolean;
  /** A machine's greeting ended (the beep): the moment to leave a voicemail. */
  machineGreetingEnded: boolean;
  /**
   * The caller waits in a queue's line (a queue number's caller from the start, an IVR caller
   * from the join their menu key made) until an overflow hands them back to the menu: keys
   * pressed meanwhile answer the wait's callback offer (the queue's events say so), not the menu.
   */
  inQueueLine: boolean;
  timeline: TimelineEntry[];
  /** Supervisors who asked to join, in order: their names for the timeline, and whether agents may see them. */
  supervisorsSeen: SupervisorSeen[];
  transcript: TranscriptSegment[];
  /** AI calls: when a person held the call (each agent leg's bridge to its end), so the transcript tells their lines from the AI's; null without an AI. */
  personHeld: (PersonSpan & { generation: number })[] | null;
  recordings: SavedRecording[];
  /** When anything last happened: the stuck-call watchdog counts from here. */
  lastEventAtMs: number;
  /** Live intelligence's translations and summary (features/intelligence/intelligence-record.ts). */
  intelligence: IntelligenceRecord;
}

/** Events we raise ourselves; defined with the event union, kept importable from here. */
export { LOCAL_EVENTS };

// Ties at the same millisecond resolve in causal order, so the result never depends on
// which of two simultaneous events arrived first.
const TYPE_ORDER = [
  LOCAL_EVENTS.dialAccepted,
  LOCAL_EVENTS.transcribedFromAnswer,
  "call.initiated",
  "call.answered",
  "call.machine.detection.ended",
  "call.machine.premium.detection.ended",
  "call.machine.greeting.ended",
  "call.machine.premium.greeting.ended",
  LOCAL_EVENTS.agentReserved,
  LOCAL_EVENTS.agentUnavailable,
  "call.bridged",
  LOCAL_EVENTS.supervisionRequested,
  LOCAL_EVENTS.supervisorDialAccepted,
  LOCAL_EVENTS.supervisorDialFailed,
  LOCAL_EVENTS.supervisionLeft,
  "call.speak.started",
  "call.speak.ended",
  LOCAL_EVENTS.recordingDisclosurePlayed,
  "call.transcription",
  "call.recording.saved",
  LOCAL_EVENTS.hangupRequested,
  LOCAL_EVENTS.commandFailed,
  "call.hangup",
  LOCAL_EVENTS.watchdogEnded,
];
// A map, not indexOf: every pass sorts the whole inbox with it.
const RANK_OF_TYPE = new Map<string, number>(TYPE_ORDER.map((type, index) => [type, index]));
const UNLISTED_RANK = TYPE_ORDER.indexOf("call.transcription");
const typeRank = (type: string) => RANK_OF_TYPE.get(type) ?? UNLISTED_RANK;

export function compareEvents(a: CarrierEvent, b: CarrierEvent): number {
  return a.occurredAtMs - b.occurredAtMs || typeRank(a.type) - typeRank(b.type) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const idleLeg = (): LegView => ({ callControlId: null, state: "idle", answeredAtMs: null, endedAtMs: null, hangupCause: null });

export function foldCall(spec: CallSpec, events: Iterable<CarrierEvent>): CallRecord {
  const unique = new Map<string, CarrierEvent>();
  for (const event of events) if (!unique.has(event.id)) unique.set(event.id, event);
  const record: CallRecord = {
    status: "initiating",
    amdResult: null,
    amdAtMs: null,
    legs: { customer: idleLeg(), agent: idleLeg() },
    answeredAtMs: null,
    bridgedAtMs: null,
    endedAtMs: null,
    hangupCause: null,
    hangupSource: null,
    hangupRequested: false,
    speechFinished: false,
    disclosurePlayed: false,
    transcribedFromAnswer: false,
    humanAtMs: null,
    assignedAgent: null,
    agentGeneration: 1,
    earlierAgents: [],
    abandoned: false,
    machineGreetingEnded: false,
    inQueueLine: spec.inbound?.action === "queue",
    timeline: [],
    supervisorsSeen: [],
    transcript: [],
    personHeld: spec.ai ? [] : null,
    recordings: [],
    lastEventAtMs: spec.createdAtMs,
    intelligence: emptyIntelligenceRecord(),
  };
  if (spec.inbound) record.legs.customer.callControlId = spec.inbound.customerCallControlId;
  for (const event of [...unique.values()].sort(compareEvents)) applyEvent(spec, record, event);
  return record;
}

/**
 * The record after `later` events, given the record folded from every event before them:
 * what foldCall gives over all of them, when each of `later` sorts after every event the
 * record was folded from (compareEvents), as a new event of a live call almost always does.
 * A call is derived again after every event, and folding its whole inbox each time made
 * each event cost O(events). The record is copied first, down to what applyEvent changes in
 * place, so the previous record (views and memos still hold it) never changes.
 */
export function foldLaterEvents(spec: CallSpec, record: CallRecord, later: readonly CarrierEvent[]): CallRecord {
  const next = copyRecord(record, later.some((event) => event.type === "call.transcription"));
  for (const event of [...later].sort(compareEvents)) applyEvent(spec, next, event);
  return next;
}

/**
 * A copy that shares nothing applyEvent changes: the arrays it pushes to and the objects it
 * sets fields on. The transcript is shared unless a line is coming: only a transcription
 * adds to it, and the call's intelligence is memoised per transcript array, so the events
 * around a line (its translation, its delivery, an alert) do not analyse the call again.
 */
function copyRecord(record: CallRecord, lineComing: boolean): CallRecord {
  const { intelligence } = record;
  return {
    ...record,
    legs: { customer: { ...record.legs.customer }, agent: { ...record.legs.agent } },
    earlierAgents: [...record.earlierAgents],
    timeline: [...record.timeline],
    supervisorsSeen: record.supervisorsSeen.map((seen) => ({ ...seen })),
    transcript: lineComing ? [...record.transcript] : record.transcript,
    personHeld: record.personHeld && record.personHeld.map((span) => ({ ...span })),
    recordings: [...record.recordings],
    intelligence: {
      ...intelligence,
      delivered: [...intelligence.delivered],
      suggestions: [...intelligence.suggestions],
      modelSentiment: [...intelligence.modelSentiment],
      modelLanguage: [...intelligence.modelLanguage],
      voiceRequests: [...intelligence.voiceRequests],
      voiceLines: [...intelligence.voiceLines],
    },
  };
}

// note and moveTo are module functions, not closures made per event: the fold runs every
// event of the call on each pass, and a closure per event (each named by the bundler's
// keepNames) was a tenth of bench:ai's CPU.
function note(record: CallRecord, event: CarrierEvent, text: string): void {
  record.timeline.push({ atMs: event.occurredAtMs, text, eventId: event.id, status: null });
}

function moveTo(record: CallRecord, event: CarrierEvent, status: CallStatus, text: string): void {
  if (!isLaterStatus(status, record.status)) return;
  record.status = status;
  record.timeline.push({ atMs: event.occurredAtMs, text, eventId: event.id, status });
}

function applyEvent(spec: CallSpec, record: CallRecord, event: CarrierEvent): void {
  record.lastEventAtMs = Math.max(record.lastEventAtMs, event.occurredAtMs);
  // A supervisor's leg never moves the call: its sessions are folded by the supervision feature.
  if (event.leg === "supervisor") return noteSupervision(record, event);
  if (event.leg === "agent") notePersonHeld(record, event);
  if (event.leg === "agent" && !ofCurrentAgentLeg(record, event)) return noteEarlierAgentLeg(record, event);
  const leg = record.legs[event.leg];
  if (event.callControlId && !leg.callControlId) leg.callControlId = event.callControlId;
  const isCustomer = event.leg === "customer";
  if (!isKnownEvent(event)) return;

  switch (event.type) {
    case LOCAL_EVENTS.dialAccepted:
      // The leg rings (the watchdog counts on it), but the call's status and timeline
      // follow the carrier's own events, whichever of the two arrives first.
      if (leg.state === "idle") leg.state = "ringing";
      return;
    case LOCAL_EVENTS.transcribedFromAnswer:
      if (isCustomer) record.transcribedFromAnswer = true;
      return;
    case "call.initiated":
      if (leg.state === "idle") leg.state = "ringing";
      if (isCustomer) moveTo(record, event, "ringing", spec.direction === "inbound" ? "Incoming call ringing" : "Ringing");
      else note(record, event, "Agent leg ringing");
      return;
    case "call.answered":
      if (leg.state === "ended") return;
      if (leg.state === "idle" || leg.state === "ringing") leg.state = "answered";
      leg.answeredAtMs ??= event.occurredAtMs;
      if (isCustomer) {
        record.answeredAtMs ??= event.occurredAtMs;
        if (record.status === "initiating" || record.status === "ringing") moveTo(record, event, "answered", "Answered");
      } else note(record, event, "Agent answered");
      return;
    case "call.machine.detection.ended":
    case "call.machine.premium.detection.ended":
      if (!isCustomer || record.amdResult) return;
      record.amdResult = event.amdResult;
      record.amdAtMs = event.occurredAtMs;
      note(record, event, `Answering machine detection: ${event.amdResult.replace("_", " ")}`);
      if (event.amdResult === "machine" || event.amdResult === "fax") moveTo(record, event, "machine", event.amdResult === "fax" ? "Fax machine answered" : "Answering machine answered");
      else record.humanAtMs = event.occurredAtMs;
      return;
    case "call.machine.greeting.ended":
    case "call.machine.premium.greeting.ended":
      if (!isCustomer || record.machineGreetingEnded) return;
      record.machineGreetingEnded = true;
      note(record, event, "Machine greeting ended (beep)");
      return;
    case LOCAL_EVENTS.agentReserved: {
      // The first reservation wins: the pool answers the same call with the same agent.
      if (record.assignedAgent || record.abandoned || !event.agent) return;
      const { userId, address, name } = event.agent;
      record.assignedAgent = { userId, address, atMs: event.occurredAtMs, ...(name ? { name } : {}) };
      record.timeline.push({ atMs: event.occurredAtMs, text: "Agent reserved", eventId: event.id, status: null, agentUserId: userId });
      return;
    }
    case LOCAL_EVENTS.agentUnavailable:
      if (record.assignedAgent || record.abandoned) return;
      record.abandoned = true;
      note(record, event, "No agent free within 2 s: safe-harbor message");
      return;
    case "call.bridged":
      if (leg.state === "ended") return;
      leg.state = "bridged";
      if (isCustomer) {
        record.bridgedAtMs ??= event.occurredAtMs;
        moveTo(record, event, "bridged", "Connected to the agent");
      }
      return;
    case "call.speak.ended":
      record.speechFinished = true;
      // The IVR speaks every prompt: its own timeline entries say what it asked.
      if (spec.inbound?.action !== "ivr" && !spec.ai) note(record, event, legacyDisclosureEnd(spec, record) ? "Recording disclosure played" : "Message played");
      if (legacyDisclosureEnd(spec, record)) record.disclosurePlayed = true;
      return;
    case LOCAL_EVENTS.recordingDisclosurePlayed:
      if (!isCustomer || record.disclosurePlayed) return;
      record.disclosurePlayed = true;
      note(record, event, "Recording disclosure played");
      return;
    case "call.transcription":
      if (event.transcript) record.transcript.push({ id: event.id, atMs: event.occurredAtMs, ...event.transcript });
      return;
    case "call.recording.saved":
      if (event.recording) record.recordings.push({ id: event.id, ...event.recording });
      note(record, event, "Recording saved");
      return;
    case LOCAL_EVENTS.hangupRequested:
      record.hangupRequested = true;
      note(record, event, "Hang-up requested");
      return;
    case LOCAL_EVENTS.commandFailed:
      note(record, event, `Carrier refused: ${event.detail}`);
      if (leg.state === "idle") endLeg(record, event, leg);
      return;
    case "call.hangup":
    case LOCAL_EVENTS.watchdogEnded:
      if (event.type === LOCAL_EVENTS.watchdogEnded) {
        note(record, event, "No word from the carrier: closed by the watchdog");
        for (const each of Object.values(record.legs)) if (each.state !== "ended") endLeg(record, event, each);
      } else if (leg.state !== "ended") endLeg(record, event, leg);
      if (!isCustomer && event.type === "call.hangup") note(record, event, `Agent leg ended (${event.hangupCause})`);
      return;
    case LOCAL_EVENTS.languageDetected:
      note(record, event, `Customer's language: ${event.detected.language}${event.detected.confident ? "" : " (not sure yet)"}${languageDecidedBy(event.detected)}`);
      return;
    case LOCAL_EVENTS.intelligenceAlert:
      note(record, event, `Supervisor alert: ${event.alert.message}`);
      return;
    case LOCAL_EVENTS.intelligenceStarted:
    case LOCAL_EVENTS.translationConfigured:
    case LOCAL_EVENTS.translationReturned:
    case LOCAL_EVENTS.translationsDelivered:
    case LOCAL_EVENTS.summaryWritten:
    case LOCAL_EVENTS.summaryFailed:
    case LOCAL_EVENTS.suggestionReturned:
    case LOCAL_EVENTS.modelSentimentReturned:
    case LOCAL_EVENTS.dispositionSuggested:
    case LOCAL_EVENTS.modelLanguageReturned:
    case LOCAL_EVENTS.voiceLineRequested:
    case LOCAL_EVENTS.voiceLineTranslated: {
      const text = foldIntelligenceEvent(record.intelligence, event);
      if (text) note(record, event, text);
      return;
    }
    case LOCAL_EVENTS.supervisionRequested:
    case LOCAL_EVENTS.supervisionLeft:
    case LOCAL_EVENTS.supervisorDialAccepted:
    case LOCAL_EVENTS.supervisorDialFailed:
      // Raised on the supervisor's leg (handled above); one on another leg is ignored.
      return;
    case "call.speak.started":
      return;
    case "call.gather.ended":
      // The IVR folds the keys in its own feature; the timeline says what was keyed
      // (an amount's keys are masked on arrival, only the amount read from them shows).
      // (Not while the caller waits in a queue's line: those gathers are the wait's callback offer, said by the queue's own events.)
      if (ivrOf(spec) && !record.inQueueLine && isCustomer) note(record, event, ivrKeysText(event));
      return;
    case LOCAL_EVENTS.paymentLinkRequested:
      note(record, event, `Payment link requested: ${balanceAsSaid(event.amountCents)} (${event.source === "ivr" ? "by the caller in the IVR" : event.requestId.startsWith("ai-") ? "by the AI agent" : "by the agent"})`);
      return;
    case LOCAL_EVENTS.paymentLinkSent:
      note(record, event, "Payment link sent by text");
      return;
    case LOCAL_EVENTS.paymentLinkFailed:
      note(record, event, `Payment link failed: ${event.reason}`);
      return;
    case LOCAL_EVENTS.paymentSucceeded:
      note(record, event, `Payment received: ${balanceAsSaid(event.amountCents)}; balance now ${balanceAsSaid(event.balanceAfterCents)}`);
      return;
    case LOCAL_EVENTS.ivrNoAgent:
      note(record, event, "IVR: no agent free; callback offered");
      return;
    case LOCAL_EVENTS.ivrPaymentTimedOut:
      note(record, event, "IVR: payment not confirmed in time; told how to pay later");
      return;
    case LOCAL_EVENTS.ivrRecording:
      // Marked like an agent's pause, so the recording player shows the span, with the payment step as its reason.
      record.timeline.push({
        atMs: event.occurredAtMs,
        text: event.recording === "paused" ? `Recording paused: ${IVR_PAUSE_REASON}` : `Recording resumed: ${IVR_PAUSE_REASON} over`,
        eventId: event.id,
        status: null,
        recording: event.recording,
      });
      return;
    case LOCAL_EVENTS.recordingPauseRequested:
    case LOCAL_EVENTS.recordingResumeRequested:
      record.timeline.push({
        atMs: event.occurredAtMs,
        text: `Recording ${event.type === LOCAL_EVENTS.recordingPauseRequested ? "paused" : "resumed"}: ${event.reason}`,
        eventId: event.id,
        status: null,
        agentUserId: event.byUserId,
        recording: event.type === LOCAL_EVENTS.recordingPauseRequested ? "paused" : "resumed",
      });
      return;
    case LOCAL_EVENTS.helpRequested:
      record.timeline.push({ atMs: event.occurredAtMs, text: `Raised a hand: ${event.reason}`, eventId: event.id, status: null, agentUserId: event.agentUserId });
      return;
    case LOCAL_EVENTS.helpWithdrawn:
      record.timeline.push({ atMs: event.occurredAtMs, text: "Withdrew the raised hand", eventId: event.id, status: null, agentUserId: event.agentUserId });
      return;
    case LOCAL_EVENTS.ai: {
      const text = aiTimelineText(event.ai);
      if (text) note(record, event, text);
      return;
    }
    case LOCAL_EVENTS.queue:
      if (event.queue.kind === "joined" && event.queue.from === "ivr") record.inQueueLine = true;
      if (event.queue.kind === "ivr_handover") record.inQueueLine = false;
      note(record, event, queueTimelineText(event.queue));
      return;
    default:
      return assertNever(event);
  }
}

/**
 * Whether an agent-leg event is about the current agent leg. An event of a later
 * generation (an AI call taken over again) starts that leg afresh: the earlier agent is
 * kept for the pool. Sorted by time, a late event of an earlier leg comes after the next
 * leg began, so it can never move the current one.
 */
function ofCurrentAgentLeg(record: CallRecord, event: CarrierEvent): boolean {
  const generation = event.agentGeneration ?? 1;
  if (generation < record.agentGeneration) return false;
  if (generation > record.agentGeneration) {
    if (record.assignedAgent) record.earlierAgents.push({ generation: record.agentGeneration, userId: record.assignedAgent.userId });
    record.agentGeneration = generation;
    record.assignedAgent = null;
    record.legs.agent = idleLeg();
  }
  return true;
}

/**
 * Any generation's agent leg, current or not: its first bridge opens the span a person
 * held the call, its first end closes it (sorted by time, so the first is the earliest).
 */
function notePersonHeld(record: CallRecord, event: CarrierEvent): void {
  if (!record.personHeld || !isKnownEvent(event)) return;
  const generation = event.agentGeneration ?? 1;
  const span = record.personHeld.find((each) => each.generation === generation);
  if (event.type === "call.bridged" && !span) record.personHeld.push({ generation, fromMs: event.occurredAtMs, toMs: null });
  else if ((event.type === "call.hangup" || event.type === LOCAL_EVENTS.watchdogEnded) && span && span.toMs === null) span.toMs = event.occurredAtMs;
}

/** An earlier agent leg's event: its end is on the timeline, nothing else changes. */
function noteEarlierAgentLeg(record: CallRecord, event: CarrierEvent): void {
  if (!isKnownEvent(event) || event.type !== "call.hangup") return;
  record.timeline.push({ atMs: event.occurredAtMs, text: `Agent leg ended (${event.hangupCause})`, eventId: event.id, status: null });
}

/**
 * The timeline of supervision: every join, switch and leave (named, as the request named
 * the supervisor), a refused dial, and the supervisor's leg ending. Sessions themselves
 * are folded in features/supervision/session-machine.ts.
 */
function noteSupervision(record: CallRecord, event: CarrierEvent): void {
  if (!isKnownEvent(event)) return;
  const seen = record.supervisorsSeen;
  const push = (who: SupervisorSeen | undefined, text: string) =>
    record.timeline.push({ atMs: event.occurredAtMs, text, eventId: event.id, status: null, ...(who?.hidden ? { audience: "supervisors" as const } : {}) });
  const bySession = (sessionId: string) => seen.find((entry) => entry.sessionId === sessionId);
  switch (event.type) {
    case LOCAL_EVENTS.supervisionRequested: {
      const known = bySession(event.sessionId);
      const who = known ?? { sessionId: event.sessionId, name: event.supervisor.name, hidden: !event.visibleToAgent, callControlId: null };
      if (!known) seen.push(who);
      push(who, `${who.name} ${known ? "switched to" : "joined,"} ${MODE_WORDS[event.mode]}`);
      return;
    }
    case LOCAL_EVENTS.supervisorDialAccepted: {
      const who = bySession(event.sessionId);
      if (who) who.callControlId = event.callControlId;
      return;
    }
    case LOCAL_EVENTS.supervisionLeft: {
      const who = bySession(event.sessionId);
      push(who, `${who?.name ?? "A supervisor"} left`);
      return;
    }
    case LOCAL_EVENTS.supervisorDialFailed: {
      const who = bySession(event.sessionId);
      push(who, `${who?.name ?? "A supervisor"}'s leg could not be placed: ${event.detail}`);
      return;
    }
    case "call.hangup": {
      const who = seen.find((entry) => entry.callControlId === event.callControlId);
      push(who, `${who?.name ?? "A supervisor"}'s leg ended (${event.hangupCause.replace(/_/g, " ")})`);
      return;
    }
    default:
      return;
  }
}

/**
 * A speak.ended the carrier sent without the disclosure's tag, on a call whose only
 * speech before recording is the disclosure (direct, bridge and ring-agent calls, which
 * had it untagged before tagging existed): the first such end is the disclosure's.
 */
function legacyDisclosureEnd(spec: CallSpec, record: CallRecord): boolean {
  const onlyTheDisclosureSpeaks = spec.kind === "direct" || spec.kind === "bridge" || spec.inbound?.action === "ring_agent";
  return onlyTheDisclosureSpeaks && spec.record && Boolean(spec.recordingDisclosure) && !record.disclosurePlayed;
}

/** The events that end a leg: the carrier's hang-up, a refused dial, our watchdog. */
type LegEnding = Extract<KnownEvent, { type: "call.hangup" | typeof LOCAL_EVENTS.commandFailed | typeof LOCAL_EVENTS.watchdogEnded }>;

function endLeg(record: CallRecord, event: LegEnding, leg: LegView): void {
  leg.state = "ended";
  leg.endedAtMs = event.occurredAtMs;
  leg.hangupCause = event.type === "call.hangup" ? event.hangupCause : event.type === LOCAL_EVENTS.commandFailed ? "command_failed" : "watchdog";
  const customerEnded = record.legs.customer.state === "ended";
  const agentEndedFirst = event.leg === "agent" && record.legs.customer.state === "idle";
  if (!customerEnded && !agentEndedFirst) return;
  if (TERMINAL_STATUSES.has(record.status)) return;
  record.endedAtMs = event.occurredAtMs;
  record.hangupCause = leg.hangupCause;
  record.hangupSource = event.type === "call.hangup" ? event.hangupSource : null;
  const agentUnreachable = leg.hangupCause === "command_failed" ? "failed" : "canceled";
  const status = agentEndedFirst ? agentUnreachable : terminalStatus(record, leg.hangupCause);
  record.status = status;
  record.timeline.push({ atMs: event.occurredAtMs, text: endText(status, leg.hangupCause), eventId: event.id, status });
}

function terminalStatus(record: CallRecord, cause: string | null): CallStatus {
  if (record.answeredAtMs !== null) return "completed";
  if (record.hangupRequested) return "canceled";
  switch (cause) {
    case "user_busy":
      return "busy";
    case "timeout":
    case "no_answer":
      return "no_answer";
    case "originator_cancel":
      return "canceled";
    default:
      return "failed";
  }
}

function endText(status: CallStatus, cause: string | null): string {
  const reason = cause ? ` (${cause.replace(/_/g, " ")})` : "";
  switch (status) {
    case "completed":
      return `Call ended${reason}`;
    case "busy":
      return "Busy";
    case "no_answer":
      return "No answer";
    case "canceled":
      return `Canceled before answer${reason}`;
    default:
      return `Failed${reason}`;
  }
}

export function durationSeconds(record: CallRecord): number | null {
  if (record.answeredAtMs === null || record.endedAtMs === null) return null;
  return Math.max(0, Math.round((record.endedAtMs - record.answeredAtMs) / 1000));
}

function ivrKeysText(event: EventOf<"call.gather.ended">): string {
  const amount = event.ivrAmount;
  if (amount?.kind === "amount") return `IVR: caller keyed an amount (•), ${balanceAsSaid(amount.amountCents)}`;
  if (amount?.kind === "rejected") return `IVR: amount refused (${amount.reason.replace(/_/g, " ")})`;
  return event.digits ? `IVR: caller pressed ${event.digits}` : "IVR: no key pressed";
}

function assertNever(value: never): never {
  throw new Error(`Unhandled call event ${JSON.stringify(value)}`);
}
