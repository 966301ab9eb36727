// The call actions (POST /v2/calls/{id}/actions/{action}): for each, which leg states
// allow it and what it does. A refused action changes nothing; a performed one first
// adopts the body's client_state (so the webhooks it causes already carry it), then acts.
// HTTP, command_id dedupe and chaos are the API layer's (api.ts).
import type { Leg } from "./calls.ts";
import { callTimeMs, type SimContext } from "./context.ts";
import { answerLeg, bridgeLegs, endLeg, ourSide, saveRecording, startOutbound } from "./flows.ts";
import { PLAYBACK_SECONDS_PER_LOOP, queueMedia, speakSeconds, startGather, stopMedia, type GatherSpec } from "./media.ts";
import { isPaused, pause, resume } from "./recordings.ts";
import { tracksOf, tracksOnAnswer, type ActionName, type ActionParams } from "./validation.ts";
import { invalidStateError, type TelnyxError } from "./wire.ts";

export type ActionResult = { ok: true } | { ok: false; error: TelnyxError };

/** Which legs an action may be sent to (ended legs never reach here). */
type Requirement = "alive" | "answered" | "ringing_inbound";

interface ActionSpec<A extends ActionName> {
  requires: Requirement;
  /** A further refusal, as the detail of a 422. */
  refuse?: (ctx: SimContext, leg: Leg, params: ActionParams<A>) => string | null;
  run: (ctx: SimContext, leg: Leg, params: ActionParams<A>) => void;
}

/** Telnyx's documented gather defaults are not in the SDK; 5 s is the simulator's choice. */
const DEFAULT_NO_INPUT_MS = 5_000;

type GatherParams = ActionParams<"gather"> | ActionParams<"gather_using_speak">;
function gatherSpec(params: GatherParams, noInputMs: number, gatherId?: string): GatherSpec {
  return {
    minimumDigits: params.minimum_digits,
    maximumDigits: params.maximum_digits,
    terminatingDigit: params.terminating_digit,
    validDigits: params.valid_digits,
    noInputMs,
    interDigitMs: params.inter_digit_timeout_millis,
    gatherId,
  };
}

const noRecording = (leg: Leg) => (leg.recording ? null : "There is no recording in progress on this call");

const ACTIONS: { [A in ActionName]: ActionSpec<A> } = {
  answer: {
    requires: "ringing_inbound",
    run: (ctx, leg, params) => {
      leg.transcribeOnAnswer = tracksOnAnswer(params);
      answerLeg(ctx, leg);
    },
  },
  reject: {
    requires: "ringing_inbound",
    run: (ctx, leg, params) => endLeg(ctx, leg, params.cause === "USER_BUSY" ? "user_busy" : "call_rejected", "callee"),
  },
  hangup: {
    requires: "alive",
    // Hanging up a dial that is still ringing cancels it (SIP CANCEL), as Telnyx reports it.
    run: (ctx, leg) => endLeg(ctx, leg, leg.phase === "ringing" && leg.direction === "outgoing" ? "originator_cancel" : "normal_clearing", ourSide(leg)),
  },
  speak: {
    requires: "answered",
    run: (ctx, leg, params) =>
      queueMedia(ctx, leg, {
        kind: "speak",
        durationMs: callTimeMs(ctx, leg, speakSeconds(params.payload)),
        mediaUrl: null,
        mediaName: null,
        text: params.payload,
        ...(params.language ? { language: params.language } : {}),
      }),
  },
  gather: {
    requires: "answered",
    run: (ctx, leg, params) =>
      startGather(ctx, leg, gatherSpec(params, params.initial_timeout_millis ?? params.timeout_millis ?? DEFAULT_NO_INPUT_MS, params.gather_id)),
  },
  gather_using_speak: {
    requires: "answered",
    run: (ctx, leg, params) =>
      queueMedia(ctx, leg, {
        kind: "speak",
        durationMs: callTimeMs(ctx, leg, speakSeconds(params.payload)),
        mediaUrl: null,
        mediaName: null,
        // The caller hears the prompt as they hear any speech.
        text: params.payload,
        onCompleted: () => startGather(ctx, leg, gatherSpec(params, params.timeout_millis ?? DEFAULT_NO_INPUT_MS)),
      }),
  },
  bridge: {
    requires: "answered",
    refuse: (ctx, leg, params) => {
      const other = ctx.calls.get(params.call_control_id);
      if (!other || other.phase === "ended") return `The call to bridge with (${params.call_control_id}) is not active`;
      if (other === leg) return "A call cannot be bridged with itself";
      if (other.phase !== "answered") return `The call to bridge with (${params.call_control_id}) has not been answered`;
      return null;
    },
    run: (ctx, leg, params) => {
      const other = ctx.calls.get(params.call_control_id)!;
      leg.muteDtmf = params.mute_dtmf;
      other.muteDtmf = params.mute_dtmf;
      bridgeLegs(ctx, leg, other);
    },
  },
  playback_start: {
    requires: "answered",
    run: (ctx, leg, params) => {
      const loops = params.loop === "infinity" ? Number.POSITIVE_INFINITY : (params.loop ?? 1);
      queueMedia(ctx, leg, {
        kind: "playback",
        durationMs: callTimeMs(ctx, leg, PLAYBACK_SECONDS_PER_LOOP * loops),
        mediaUrl: params.audio_url ?? null,
        mediaName: params.media_name ?? null,
      });
    },
  },
  playback_stop: { requires: "answered", run: (ctx, leg, params) => stopMedia(ctx, leg, params.stop) },
  record_start: {
    requires: "answered",
    refuse: (_ctx, leg) => (leg.recording ? "A recording is already in progress on this call" : null),
    run: (ctx, leg, params) => {
      const recording = {
        id: ctx.prng.uuid(),
        callControlId: leg.callControlId,
        channels: params.channels,
        format: params.format,
        startedAtMs: ctx.scheduler.now(),
        endedAtMs: null,
        pausedSpans: [],
        capturedDtmf: "",
      };
      ctx.recordings.add(recording);
      leg.recording = recording;
      leg.recordingIds.push(recording.id);
    },
  },
  // Telnyx sends no webhook for pause and resume; neither does the simulator.
  record_pause: { requires: "answered", refuse: (_ctx, leg) => noRecording(leg), run: (ctx, leg) => pause(leg.recording!, ctx.scheduler.now()) },
  record_resume: {
    requires: "answered",
    refuse: (_ctx, leg) => noRecording(leg),
    run: (ctx, leg) => {
      if (isPaused(leg.recording!)) resume(leg.recording!, ctx.scheduler.now());
    },
  },
  record_stop: { requires: "answered", refuse: (_ctx, leg) => noRecording(leg), run: (ctx, leg) => saveRecording(ctx, leg) },
  transcription_start: {
    requires: "answered",
    run: (_ctx, leg, params) => (leg.transcriptionTracks = tracksOf(params.transcription_tracks)),
  },
  transcription_stop: { requires: "answered", run: (_ctx, leg) => (leg.transcriptionTracks = null) },
  send_dtmf: { requires: "answered", run: (_ctx, leg, params) => (leg.dtmfSent += params.digits) },
  transfer: {
    requires: "alive",
    run: (ctx, leg, params) => {
      const target = ctx.calls.create(
        {
          direction: "outgoing",
          from: params.from ?? leg.from,
          to: params.to,
          connectionId: leg.connectionId,
          persona: ctx.personas.forDialled(params.to),
          amd: params.answering_machine_detection,
          timeoutSecs: params.timeout_secs,
          webhookUrl: params.webhook_url ?? leg.webhookUrl,
          clientState: params.target_leg_client_state ?? leg.clientState,
          callSessionId: leg.callSessionId,
          transferredFrom: leg.callControlId,
          bridgeOnAnswerWith: leg.callControlId,
        },
        ctx.prng,
        ctx.scheduler.now(),
      );
      startOutbound(ctx, target);
    },
  },
  client_state_update: { requires: "alive", run: () => {} },
  switch_supervisor_role: {
    requires: "answered",
    refuse: (_ctx, leg) => (leg.supervising ? null : "This call is not a supervisor's call"),
    run: (_ctx, leg, params) => {
      leg.supervising!.role = params.role;
    },
  },
};

function unmet(requirement: Requirement, leg: Leg): string | null {
  if (requirement === "alive") return null;
  if (requirement === "answered") return leg.phase === "answered" ? null : "This command needs an answered call";
  if (leg.direction !== "incoming") return "Only incoming calls can be answered or rejected";
  return leg.phase === "ringing" ? null : "This call has already been answered";
}

/** Performs `name` on a live leg, or refuses it (nothing changes). */
export function performAction<A extends ActionName>(ctx: SimContext, leg: Leg, name: A, params: ActionParams<A>): ActionResult {
  // TypeScript cannot correlate a mapped type's entry with its key's generic; the table's type guarantees it.
  const spec = ACTIONS[name] as ActionSpec<A>;
  const refusal = unmet(spec.requires, leg) ?? spec.refuse?.(ctx, leg, params) ?? null;
  if (refusal) return { ok: false, error: invalidStateError(refusal) };
  if (params.client_state) leg.clientState = params.client_state;
  spec.run(ctx, leg, params);
  return { ok: true };
}
