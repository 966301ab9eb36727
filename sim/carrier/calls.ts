// Call legs: one per call_control_id, as Telnyx counts them (a dial, an inbound call, a
// transfer's new leg). Owns a leg's state, its ids (from the seeded generator), the
// timers that belong to it (all cancelled when it ends), and the view the control API
// shows. What happens *to* a leg lives in flows.ts, media.ts and actions.ts.
import type { Persona } from "./personas.ts";
import type { Prng } from "./prng.ts";
import { recordedMs, type Recording } from "./recordings.ts";
import type { Scheduler, TimerId } from "./scheduler.ts";
import type { SupervisorRole } from "./validation.ts";
import type { Direction, EventType, HangupCause, HangupSource, TranscriptionTrack } from "./wire.ts";

export const AMD_MODES = ["disabled", "detect", "detect_beep", "detect_words", "greeting_end", "premium"] as const;
export type AmdMode = (typeof AMD_MODES)[number];

export type LegPhase = "ringing" | "answered" | "ended";

export interface MediaItem {
  kind: "speak" | "playback";
  durationMs: number;
  mediaUrl: string | null;
  mediaName: string | null;
  /** A speak's words: what the far party hears (noted in heardLines as from "speak"). */
  text?: string;
  /** The speak's `language`, when it set one (noted with the heard line). */
  language?: string;
  /** Runs when the item finishes normally (gather_using_speak starts its gather here). */
  onCompleted?: () => void;
  timer?: TimerId;
}

export interface LegEvent {
  id: string;
  type: EventType;
  atMs: number;
}

/** A supervisor's leg: which leg it supervises, and how (who hears the supervisor). */
export interface Supervising {
  callControlId: string;
  role: SupervisorRole;
}

/** A line a leg heard from another leg (a supervisor's, said through the control API). */
export interface HeardLine {
  fromCallControlId: string;
  text: string;
  atMs: number;
  /** A speak's language, when it set one. */
  language?: string;
}

export interface Leg {
  readonly callControlId: string;
  readonly callLegId: string;
  readonly callSessionId: string;
  readonly connectionId: string;
  readonly direction: Direction;
  readonly from: string;
  readonly to: string;
  readonly persona: Persona;
  readonly amd: AmdMode;
  readonly timeoutSecs: number;
  /** The dial's own webhook_url; null means the simulator's default. */
  readonly webhookUrl: string | null;
  readonly startedAtMs: number;
  readonly transferredFrom: string | null;
  clientState: string | null;
  phase: LegPhase;
  answeredAtMs: number | null;
  endedAtMs: number | null;
  hangupCause: HangupCause | null;
  hangupSource: HangupSource | null;
  bridgedWith: string | null;
  /** The bridge's mute_dtmf: anything but "none" keeps this leg's keys from the party it is bridged with (and theirs from it). */
  muteDtmf: "none" | "both" | "self" | "opposite";
  /** null while transcription is off. */
  transcriptionTracks: TranscriptionTrack[] | null;
  /** What the dial or the answer asked to transcribe once the leg is answered; null: nothing until a transcription_start. */
  transcribeOnAnswer: TranscriptionTrack[] | null;
  recording: Recording | null;
  recordingIds: string[];
  mediaPlaying: MediaItem | null;
  mediaQueue: MediaItem[];
  gatherTimers: TimerId[];
  dtmfAnswersUsed: number;
  /** Digits sent with send_dtmf (no webhook follows; kept for the control view). */
  dtmfSent: string;
  ringTimeout: TimerId | null;
  /** A transfer's new leg: bridge it to this leg when it answers. */
  bridgeOnAnswerWith: string | null;
  /** The scripted conversation (the lines from our side's first on) has been scheduled: at the first bridge. */
  conversationStarted: boolean;
  /** Conversational personas: answers said so far (persona.answers). */
  answersUsed: number;
  /** A supervisor's leg; null for every other. */
  supervising: Supervising | null;
  /** What this leg heard other legs say through the control API (supervisors' lines). */
  readonly heardLines: HeardLine[];
  /** The clock its timers run on: the simulator's, or its far-end number's manual one (number-clocks.ts), for life. */
  readonly clock: Scheduler;
  readonly timers: Set<TimerId>;
  readonly events: LegEvent[];
  /** command_id → when it was performed, for Telnyx's duplicate-command rule. */
  readonly performedCommands: Map<string, number>;
}

export interface LegInit {
  direction: Direction;
  from: string;
  to: string;
  connectionId: string;
  persona: Persona;
  amd: AmdMode;
  timeoutSecs: number;
  webhookUrl: string | null;
  clientState: string | null;
  /** Joins an existing session (a transfer's new leg); default: a new session. */
  callSessionId?: string;
  transferredFrom?: string;
  bridgeOnAnswerWith?: string;
  supervising?: Supervising;
  /** The dial's `transcription`: these tracks are transcribed from the answer on. */
  transcribeOnAnswer?: TranscriptionTrack[] | null;
}

/** Telnyx's ids are `v3:` and 54 characters of base64url. */
const CALL_CONTROL_ID_CHARS = 54;

export class CallRegistry {
  private readonly legs = new Map<string, Leg>();

  /** `clockFor`: the clock a new leg's far-end number runs on. */
  constructor(private readonly clockFor: (farEnd: string) => Scheduler) {}

  create(init: LegInit, prng: Prng, nowMs: number): Leg {
    const leg: Leg = {
      callControlId: `v3:${prng.token(CALL_CONTROL_ID_CHARS)}`,
      callLegId: prng.uuid(),
      callSessionId: init.callSessionId ?? prng.uuid(),
      connectionId: init.connectionId,
      direction: init.direction,
      from: init.from,
      to: init.to,
      persona: init.persona,
      amd: init.amd,
      timeoutSecs: init.timeoutSecs,
      webhookUrl: init.webhookUrl,
      startedAtMs: nowMs,
      transferredFrom: init.transferredFrom ?? null,
      clientState: init.clientState,
      phase: "ringing",
      answeredAtMs: null,
      endedAtMs: null,
      hangupCause: null,
      hangupSource: null,
      bridgedWith: null,
      muteDtmf: "none",
      transcriptionTracks: null,
      transcribeOnAnswer: init.transcribeOnAnswer ?? null,
      recording: null,
      recordingIds: [],
      mediaPlaying: null,
      mediaQueue: [],
      gatherTimers: [],
      dtmfAnswersUsed: 0,
      dtmfSent: "",
      ringTimeout: null,
      bridgeOnAnswerWith: init.bridgeOnAnswerWith ?? null,
      conversationStarted: false,
      answersUsed: 0,
      supervising: init.supervising ?? null,
      heardLines: [],
      clock: this.clockFor(init.direction === "outgoing" ? init.to : init.from),
      timers: new Set(),
      events: [],
      performedCommands: new Map(),
    };
    this.legs.set(leg.callControlId, leg);
    return leg;
  }

  get(callControlId: string): Leg | undefined {
    return this.legs.get(callControlId);
  }

  all(): Leg[] {
    return [...this.legs.values()];
  }

  clear(): void {
    this.legs.clear();
  }
}

/** Schedules work that belongs to a leg: skipped if the leg has ended, cancelled when it ends. */
export function legAfter(leg: Leg, delayMs: number, label: string, run: () => void): TimerId {
  const id: TimerId = leg.clock.after(delayMs, `${label} ${leg.callControlId}`, () => {
    leg.timers.delete(id);
    if (leg.phase !== "ended") run();
  });
  leg.timers.add(id);
  return id;
}

export function cancelLegTimer(leg: Leg, id: TimerId | null): void {
  if (id === null) return;
  leg.clock.cancel(id);
  leg.timers.delete(id);
}

export function cancelAllLegTimers(leg: Leg): void {
  for (const id of leg.timers) leg.clock.cancel(id);
  leg.timers.clear();
  leg.ringTimeout = null;
  leg.gatherTimers = [];
}

/** The leg as GET /control/calls shows it. */
export function legView(leg: Leg, recordings: (id: string) => Recording | undefined, origin: string, nowMs: number) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    call_control_id: leg.callControlId,
    call_leg_id: leg.callLegId,
    call_session_id: leg.callSessionId,
    direction: leg.direction,
    from: leg.from,
    to: leg.to,
    persona: leg.persona.name,
    state: leg.phase,
    client_state: leg.clientState,
    answering_machine_detection: leg.amd,
    started_at: iso(leg.startedAtMs),
    answered_at: iso(leg.answeredAtMs),
    ended_at: iso(leg.endedAtMs),
    hangup_cause: leg.hangupCause,
    hangup_source: leg.hangupSource,
    bridged_with: leg.bridgedWith,
    mute_dtmf: leg.muteDtmf,
    transferred_from: leg.transferredFrom,
    transcription_tracks: leg.transcriptionTracks,
    dtmf_sent: leg.dtmfSent,
    recordings: leg.recordingIds.flatMap((id) => {
      const recording = recordings(id);
      if (!recording) return [];
      return [
        {
          id,
          url: recording.endedAtMs === null ? null : `${origin}/recordings/${id}.wav`,
          channels: recording.channels,
          started_at: iso(recording.startedAtMs),
          ended_at: iso(recording.endedAtMs),
          recorded_ms: recordedMs(recording, nowMs),
          paused_spans: recording.pausedSpans.map((span) => ({ from: iso(span.fromMs), to: iso(span.toMs) })),
          captured_dtmf: recording.capturedDtmf,
        },
      ];
    }),
    events: leg.events.map((event) => ({ id: event.id, event_type: event.type, occurred_at: iso(event.atMs) })),
    supervising: leg.supervising && { call_control_id: leg.supervising.callControlId, role: leg.supervising.role },
    heard_lines: leg.heardLines.map((line) => ({ from: line.fromCallControlId, text: line.text, at: iso(line.atMs), ...(line.language ? { language: line.language } : {}) })),
  };
}
