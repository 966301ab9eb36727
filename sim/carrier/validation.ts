// Request bodies, validated with zod on arrival: the Telnyx API subset (dial, each
// action, messages) and the control API. Telnyx-side failures become Telnyx's 422
// errors with `source.pointer`; only the fields the simulator acts on are checked, the
// SDK's other optional fields pass through untouched.
import { z } from "zod";
import { AMD_MODES } from "./calls.ts";
import { MOODS, PERSONA_KINDS, PERSONA_PAYMENT_OUTCOMES, TRACKS, type PersonaOverrides } from "./personas.ts";
import type { TelnyxError, TranscriptionTrack } from "./wire.ts";

const E164 = /^\+[1-9]\d{1,14}$/;
const SIP_URI = /^sips?:[^@\s]+@\S+$/;
/** Strict, padded base64, as Telnyx requires of client_state. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DTMF_KEYS = /^[0-9A-D*#]+$/;

const e164 = z.string().regex(E164, "must be an E.164 number such as +15550100001");
const e164OrSip = z
  .string()
  .refine((value) => E164.test(value) || SIP_URI.test(value), "must be an E.164 number or a sip: URI");
const clientState = z.string().min(1).regex(BASE64, "must be valid base64");
const url = z.url();
const common = { client_state: clientState.optional(), command_id: z.string().min(1).max(256).optional() };

/** Telnyx's supervisor roles: monitor (hears both, heard by none), whisper (heard by the supervised leg), barge (heard by both). */
export const SUPERVISOR_ROLES = ["monitor", "whisper", "barge"] as const;
export type SupervisorRole = (typeof SUPERVISOR_ROLES)[number];

const transcriptionTracks = z.enum(["inbound", "outbound", "both"]);

/** The tracks a transcription choice names ("both": the far party's and ours). */
export const tracksOf = (choice: z.infer<typeof transcriptionTracks>): TranscriptionTrack[] => (choice === "both" ? ["inbound", "outbound"] : [choice]);

/**
 * A dial's or an answer's `transcription` (Telnyx: "enable transcription upon call answer")
 * and its `transcription_config`, a transcription_start's body of which the simulator reads
 * the tracks (Telnyx's default: inbound).
 */
const transcriptionOnAnswer = {
  transcription: z.boolean().default(false),
  transcription_config: z.object({ transcription_tracks: transcriptionTracks.default("inbound") }).optional(),
};

/** The tracks a dial or an answer asked to be transcribed from the moment the leg is answered, or null. */
export const tracksOnAnswer = (params: { transcription: boolean; transcription_config?: { transcription_tracks: z.infer<typeof transcriptionTracks> } | undefined }) =>
  params.transcription ? tracksOf(params.transcription_config?.transcription_tracks ?? "inbound") : null;

export const dialSchema = z.object({
  ...common,
  ...transcriptionOnAnswer,
  /** A supervisor's dial: the leg it supervises (in the same call session), and its role. */
  supervise_call_control_id: z.string().min(1).optional(),
  supervisor_role: z.enum(SUPERVISOR_ROLES).default("barge"),
  connection_id: z.string().min(1),
  from: e164,
  to: e164OrSip,
  answering_machine_detection: z.enum(AMD_MODES).default("disabled"),
  timeout_secs: z.number().int().min(5).max(600).default(30),
  webhook_url: url.optional(),
});
export type DialParams = z.infer<typeof dialSchema>;

const gatherFields = {
  minimum_digits: z.number().int().min(1).max(128).default(1),
  maximum_digits: z.number().int().min(1).max(128).default(128),
  terminating_digit: z.string().max(1).default("#"),
  valid_digits: z.string().default("0123456789#*"),
  initial_timeout_millis: z.number().int().positive().optional(),
  inter_digit_timeout_millis: z.number().int().positive().default(5_000),
  timeout_millis: z.number().int().positive().optional(),
};
const speakFields = { payload: z.string().min(1).max(3_000), voice: z.string().min(1), language: z.string().optional() };
const recordingRef = { ...common, recording_id: z.string().optional() };

export const actionSchemas = {
  answer: z.object({ ...common, ...transcriptionOnAnswer }),
  hangup: z.object({ ...common }),
  reject: z.object({ ...common, cause: z.enum(["CALL_REJECTED", "USER_BUSY"]) }),
  speak: z.object({ ...common, ...speakFields }),
  gather: z.object({ ...common, ...gatherFields, gather_id: z.string().optional() }),
  gather_using_speak: z.object({ ...common, ...gatherFields, ...speakFields }),
  bridge: z.object({ ...common, call_control_id: z.string().min(1), mute_dtmf: z.enum(["none", "both", "self", "opposite"]).default("none") }),
  playback_start: z
    .object({
      ...common,
      audio_url: url.optional(),
      media_name: z.string().min(1).optional(),
      playback_content: z.string().min(1).optional(),
      loop: z.union([z.number().int().min(1).max(100), z.literal("infinity")]).optional(),
    })
    .refine((body) => body.audio_url ?? body.media_name ?? body.playback_content, {
      message: "one of audio_url, media_name or playback_content is required",
      path: ["audio_url"],
    }),
  playback_stop: z.object({ ...common, stop: z.enum(["current", "all"]).default("all") }),
  record_start: z.object({ ...common, channels: z.enum(["single", "dual"]), format: z.enum(["wav", "mp3"]) }),
  record_pause: z.object(recordingRef),
  record_resume: z.object(recordingRef),
  record_stop: z.object(recordingRef),
  transcription_start: z.object({ ...common, transcription_tracks: transcriptionTracks.default("inbound") }),
  transcription_stop: z.object({ ...common }),
  send_dtmf: z.object({ ...common, digits: z.string().regex(/^[0-9A-D*#wW]+$/, "must be DTMF keys (0-9, A-D, *, #, w, W)") }),
  transfer: z.object({
    ...common,
    to: e164OrSip,
    from: e164.optional(),
    answering_machine_detection: z.enum(AMD_MODES).default("disabled"),
    timeout_secs: z.number().int().min(5).max(600).default(30),
    target_leg_client_state: clientState.optional(),
    webhook_url: url.optional(),
  }),
  client_state_update: z.object({ client_state: clientState }),
  switch_supervisor_role: z.object({ ...common, role: z.enum(SUPERVISOR_ROLES) }),
} as const;
export type ActionName = keyof typeof actionSchemas;
export type ActionParams<A extends ActionName> = z.infer<(typeof actionSchemas)[A]>;

export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(actionSchemas, name);
}

export const messageSchema = z.object({
  from: e164,
  to: e164,
  text: z.string().min(1).max(1_600),
  messaging_profile_id: z.string().optional(),
  webhook_url: url.optional(),
});
export type MessageParams = z.infer<typeof messageSchema>;

/** POST /v2/telephony_credentials: a credential on a credential connection, optionally expiring. */
export const telephonyCredentialSchema = z.object({
  connection_id: z.string().min(1),
  name: z.string().max(255).optional(),
  tag: z.string().max(255).optional(),
  expires_at: z.iso.datetime({ offset: true }).optional(),
});

/** Which Telnyx error an issue is: missing (10004), not E.164 (10016), otherwise invalid (10015). */
export function telnyxErrorsFrom(error: z.ZodError, input: unknown): TelnyxError[] {
  return error.issues.map((issue) => {
    const pointer = `/${issue.path.map(String).join("/")}`;
    const field = issue.path.map(String).join(".") || "body";
    const value = issue.path.reduce<unknown>(
      (node, key) => (node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined),
      input,
    );
    if (issue.code === "invalid_type" && value === undefined) {
      return { code: "10004", title: "Missing required parameter", detail: `${field} is required`, source: { pointer } };
    }
    if ((field === "from" || field === "to") && issue.message.includes("E.164")) {
      return { code: "10016", title: "Phone number must be in +E.164 format", detail: `${field} ${issue.message}`, source: { pointer } };
    }
    return { code: "10015", title: "Bad Request", detail: `${field}: ${issue.message}`, source: { pointer } };
  });
}

// The control API's bodies.

const seconds = z.number().min(0).max(86_400);
const rate = z.number().min(0).max(1);

export const personaOverridesSchema = z.strictObject({
  base: z.string().min(1).optional(),
  name: z.string().min(1).max(64).optional(),
  kind: z.enum(PERSONA_KINDS).optional(),
  description: z.string().max(500).optional(),
  language: z.string().min(2).max(35).optional(),
  mood: z.enum(MOODS).optional(),
  answerAfterSeconds: seconds.optional(),
  failAfterSeconds: seconds.optional(),
  amdDecisionSeconds: seconds.optional(),
  greetingSeconds: seconds.optional(),
  maxMessageSeconds: seconds.optional(),
  hangupAfterSeconds: seconds.nullable().optional(),
  giveUpAfterSeconds: seconds.optional(),
  utterances: z.array(z.strictObject({ atSecond: seconds, text: z.string().min(1).max(2_000), track: z.enum(TRACKS), onlyAlone: z.boolean().optional() })).max(500).optional(),
  dtmf: z.array(z.string().regex(DTMF_KEYS, "must be DTMF keys (0-9, A-D, *, #)")).max(100).optional(),
  variables: z.record(z.string().regex(/^\w{1,40}$/, "a placeholder name: letters, digits, _"), z.string().max(200)).optional(),
  payment: z
    .strictObject({ outcome: z.enum(PERSONA_PAYMENT_OUTCOMES), afterSeconds: seconds, jitterSeconds: seconds.optional(), declineCode: z.string().min(1).max(64).optional() })
    .optional(),
});
// Compile-time: what the schema accepts is a PersonaOverrides.
const _personaOverridesFit: (value: z.infer<typeof personaOverridesSchema>) => PersonaOverrides = (value) => value;
void _personaOverridesFit;

const personaSpec = z.union([z.string().min(1), personaOverridesSchema]);

export const assignNumberSchema = z.strictObject({ persona: personaSpec });

export const inboundSchema = z.strictObject({
  from: e164,
  to: e164,
  persona: personaSpec.optional(),
  connection_id: z.string().min(1).default("sim-connection"),
  webhook_url: url.optional(),
});

export const chaosSchema = z.strictObject({
  duplicateRate: rate.optional(),
  reorderRate: rate.optional(),
  lateRate: rate.optional(),
  lateMs: z.number().int().min(0).max(600_000).optional(),
  commandFailureRate: rate.optional(),
  commandTimeoutRate: rate.optional(),
  commandTimeoutMs: z.number().int().min(0).max(600_000).optional(),
});

export const speedSchema = z
  .strictObject({
    factor: z.number().positive().max(1_000).nullable(),
    /** Only the calls to or from these numbers; without it, every call. */
    numbers: z.array(e164).min(1).max(10_000).optional(),
  })
  .refine((body) => body.factor !== null || body.numbers !== undefined, { path: ["factor"], message: "null only goes with numbers (back to the general speed)" });
export const seedSchema = z.strictObject({ seed: z.number().int().min(0).max(0xffff_ffff) });
export const advanceSchema = z.strictObject({
  ms: z.number().min(0).max(86_400_000),
  /** A number put on a manual clock of its own (POST /control/clock/manual): only its calls' time moves. */
  number: e164OrSip.optional(),
});
/** POST /control/clock/manual: these numbers' new calls run on manual clocks of their own. */
/** Numbers or SIP addresses (an agent's softphone: a test holds a person's leg ringing). */
export const manualNumbersSchema = z.strictObject({ numbers: z.array(e164OrSip).min(1).max(100) });
export const webhookUrlSchema = z.strictObject({ url });
/** A line said on a leg (a supervisor, whose softphone has no script): heard by the legs that hear that leg. */
export const sayLineSchema = z.strictObject({ text: z.string().min(1).max(2_000) });

/** PUT /control/workload-plan: a pacing workload (checked by its own parser, errors naming its keys), the seed, and the numbers it plays. */
export const workloadPlanSchema = z.strictObject({
  workload: z.unknown(),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  /** E.164 digits the plan's numbers start with; the rest of each number is its lead number. */
  number_prefix: z.string().regex(/^\+[1-9]\d{1,10}$/, "must be the start of an E.164 number, such as +15558"),
});

/** POST /control/rehearsals: a console rehearsal's world (rehearsal-floor.ts), from the Worker's rehearsal route. */
export const rehearsalSchema = z.strictObject({
  api_url: z.url({ protocol: /^https?$/ }),
  organization_id: z.string().uuid(),
  campaign_id: z.string().uuid(),
  agents: z
    .array(z.strictObject({ user_id: z.string().uuid(), session: z.string().min(1).max(200), address: z.string().min(1).max(300) }))
    .min(1)
    .max(500),
  runner_session: z.string().min(1).max(200),
  /** A workload's name (domain/rehearsal.ts), or a whole workload (the campaign's own statistics). */
  workload: z.union([z.string().min(1).max(100), z.record(z.string(), z.unknown())]),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  speed: z.number().min(1).max(50),
  minutes: z.number().positive().max(480),
  number_prefix: z.string().regex(/^\+[1-9]\d{1,10}$/, "must be the start of an E.164 number, such as +15558"),
});
