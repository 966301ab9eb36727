// Messages between the console and a CallActor room (`<orgId>:<callId>`). The room is
// read-only for consoles: changes go through the REST API, which is audited.
import { z } from "zod";
import { CALL_KINDS, CALL_STATUSES, CALL_DIRECTIONS } from "../../domain/call-status";
import { CALL_ORIGINS } from "../../domain/call-outcome";
import { SUPERVISOR_MODES } from "../../domain/supervision";
import { ivrProgress } from "../../domain/ivr-progress";
import { callerReason } from "../../domain/caller-reason";
import { DISPOSITIONS } from "../../domain/dispositions";
import { TRANSCRIPT_SPEAKERS } from "../../domain/transcript-speaker";

export const callStatus = z.enum(CALL_STATUSES);


export const transcriptSegmentView = z.object({
  id: z.string(),
  at: z.string(),
  track: z.enum(["inbound", "outbound"]),
  speaker: z.enum(TRANSCRIPT_SPEAKERS),
  text: z.string(),
  confidence: z.number().nullable(),
  /** The language it was said in (ISO 639-1), null when too short to tell; absent from older actors. */
  language: z
    .string()
    .nullish()
    .transform((language) => language ?? null),
});
export type TranscriptSegmentView = z.infer<typeof transcriptSegmentView>;

export const timelineEntryView = z.object({
  at: z.string(),
  text: z.string(),
  eventId: z.string(),
  status: callStatus.nullable(),
  /** The agent this entry is about (show their name, never the id). */
  agentUserId: z.string().optional(),
  /** "supervisors": kept from agents (the organisation hides who listens); agents are never sent it. */
  audience: z.literal("supervisors").optional(),
  /** The recording paused or resumed at `at`: by the agent (agentUserId), or around the IVR's payment step (the player marks the spans). */
  recording: z.enum(["paused", "resumed"]).optional(),
});

/** Live intelligence on the call (objects/call/features/intelligence), for the agent's card and the supervisor. */
export const callIntelligenceView = z.object({
  /** The customer's language so far; `confident` once it may become the account's. */
  language: z
    .object({
      language: z.string(),
      share: z.number(),
      confident: z.boolean(),
      rightToLeft: z.boolean(),
      // Which source decided it (offline library, carrier, model) and its confidence; absent from older actors.
      source: z.enum(["offline", "carrier", "model"]).optional(),
      confidence: z.number().optional(),
    })
    .nullable(),
  /** The customer's sentiment over their last segments, −1..1. */
  sentiment: z.object({ score: z.number(), trend: z.enum(["rising", "falling", "steady"]), segments: z.number() }).nullable(),
  objections: z.array(z.object({ kind: z.string(), phrase: z.string(), segmentId: z.string(), at: z.string() })),
  /** Supervisor alerts, each once per condition. */
  alerts: z.array(z.object({ rule: z.string(), key: z.string(), message: z.string(), segmentId: z.string(), at: z.string() })),
  /** Whether lines are translated on this call and why not (no model, off); the lines delivered so far, in the order said. */
  translation: z.object({
    available: z.boolean(),
    message: z.string(),
    // Absent from actors of older builds.
    settings: z.object({ enabled: z.boolean(), from: z.string(), to: z.string() }).nullish(),
    model: z.string().nullish(),
    simulated: z.boolean().optional(),
    lines: z
      .array(
        z.object({
          segmentId: z.string(),
          from: z.string().nullable(),
          to: z.string(),
          text: z.string().nullable(),
          model: z.string().nullable(),
          latencyMs: z.number().nullable(),
          error: z.string().nullable(),
        }),
      )
      .optional(),
  }),
  /**
   * A line the agent may say (assist only) when the customer objects or their mood drops:
   * the model's once it answered, else the offline script's (`source`, and the model's
   * name, a simulator saying so); null when nothing calls for one. Absent from older actors.
   */
  suggestion: z
    .object({
      text: z.string(),
      reason: z.enum(["objection", "sentiment"]),
      objection: z.string().nullable(),
      segmentId: z.string(),
      source: z.enum(["script", "model"]),
      model: z.string().nullish(),
    })
    .nullish(),
  /**
   * The model's sentiment beside the lexicon's `sentiment` (every few customer lines; a
   * failed or late reading keeps the last score), labelled with its model, or why there is
   * none (no model). Absent from older actors.
   */
  modelSentiment: z
    .object({
      available: z.boolean(),
      message: z.string(),
      score: z.number().nullable(),
      escalate: z.boolean(),
      reason: z.string().nullable(),
      segmentId: z.string().nullable(),
      model: z.string().nullable(),
      simulated: z.boolean(),
    })
    .optional(),
  /**
   * At wrap-up: the disposition suggested to the agent (they confirm or change it), the
   * model's or the offline rule's (`source`, with why not the model's); null while the call
   * is live. Absent from older actors.
   */
  suggestedDisposition: z
    .object({
      disposition: z.enum(DISPOSITIONS),
      reason: z.string(),
      source: z.enum(["model", "rule"]),
      model: z.string().nullable(),
      message: z.string().nullable(),
    })
    .nullish(),
  /** The summary written when the call ended, or why there is none; null before. Absent from older actors. */
  summary: z.object({ text: z.string().nullable(), model: z.string().nullable(), message: z.string().nullable(), at: z.string() }).nullish(),
  /**
   * Voice-to-voice (features/intelligence/voice-lines.ts): whether the agent may have a line
   * said in the customer's language now, or why not, and the lines asked so far (the agent's
   * words and what the customer heard). Absent from older actors.
   */
  voice: z
    .object({
      available: z.boolean(),
      message: z.string(),
      customerLanguage: z.string().nullable(),
      lines: z.array(
        z.object({
          requestId: z.string(),
          original: z.string(),
          from: z.string(),
          to: z.string(),
          text: z.string().nullable(),
          status: z.enum(["translating", "spoken", "failed"]),
          error: z.string().nullable(),
          model: z.string().nullable(),
          at: z.string(),
        }),
      ),
    })
    .optional(),
});
export type CallIntelligenceView = z.infer<typeof callIntelligenceView>;
/** A supervisor on the call now: who, in which mode, and whether their softphone has answered. */
export const supervisorView = z.object({
  userId: z.string(),
  name: z.string(),
  mode: z.enum(SUPERVISOR_MODES),
  connected: z.boolean(),
});
export type SupervisorView = z.infer<typeof supervisorView>;

/** The AI voice agent on an AI-answered call (objects/call/features/ai-agent/ai-view.ts). */
export const aiCallView = z.object({
  /** The turn machine's phase (domain/ai-agent.ts AI_PHASE_WORDS says it in words). */
  phase: z.string(),
  /** The caller's last turn end → the AI's first words in answer; null before the first. */
  lastTurnLatencyMs: z.number().nullable(),
  /** A person took the call over at least once (it may be taken over again after each hand-back). */
  takenOver: z.boolean(),
  canTakeOver: z.boolean(),
  canHandBack: z.boolean(),
  /** What the AI hands a person: why, what it did, what it knows, the caller's last words (empty from older actors). */
  summary: z.array(z.string()).default([]),
});
export type AiCallView = z.infer<typeof aiCallView>;

export const callView = z.object({
  id: z.string(),
  organizationId: z.string(),
  kind: z.enum(CALL_KINDS),
  /** What the call was (dialer, preview, manual, inbound); absent from actors of older builds. */
  origin: z.enum(CALL_ORIGINS).optional(),
  direction: z.enum(CALL_DIRECTIONS),
  to: z.string(),
  from: z.string(),
  agentUserId: z.string().nullable(),
  accountId: z.string().nullable(),
  status: callStatus,
  amdResult: z.string().nullable(),
  hangupCause: z.string().nullable(),
  createdAt: z.string(),
  answeredAt: z.string().nullable(),
  bridgedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  timeline: z.array(timelineEntryView),
  /** Absent from actors of older builds. */
  intelligence: callIntelligenceView.optional(),
  /**
   * Supervisors on the call now. An agent is sent only those the organisation lets agents
   * see (quality monitoring may hide them); absent from actors of older builds.
   */
  supervisors: z.array(supervisorView).optional(),
  /** The agent paused the recording (until they resume it); absent from actors of older builds. */
  recordingPaused: z.boolean().optional(),
  /** The agent's raised hand, while it waits for a supervisor; absent from actors of older builds. */
  helpRequest: z.object({ requestId: z.string(), reason: z.string(), raisedAt: z.string(), agentUserId: z.string() }).nullable().optional(),
  /** The AI voice agent, on AI-answered calls only. */
  ai: aiCallView.optional(),
  /**
   * On IVR calls only (inbound to the IVR, payment reminders): the caller's step and the
   * latest payment step's status with its amount, as the campaign room shows them. Never a
   * key the caller pressed.
   */
  ivr: ivrProgress.pick({ step: true, payment: true }).optional(),
  /** On queue calls: why the caller may be calling, most telling first (domain/caller-reason.ts), read when they joined the queue. */
  whyCalling: z.array(callerReason).optional(),
});
export type CallView = z.infer<typeof callView>;

export const callServerMessage = z.discriminatedUnion("type", [
  /**
   * The call as it stands. `transcript`: on joining, the whole transcript; on a change,
   * only the lines no earlier `call` message carried (each line also arrives at once as a
   * `transcript` message). Consoles merge lines by id.
   */
  z.object({ type: z.literal("call"), call: callView, transcript: z.array(transcriptSegmentView) }),
  z.object({ type: z.literal("transcript"), segment: transcriptSegmentView }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
]);
export type CallServerMessage = z.infer<typeof callServerMessage>;
