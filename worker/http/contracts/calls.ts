// Calls over the API: placed, listed, read, hung up, annotated, and their recordings.
import { z } from "zod";
import { callStatus, callView, timelineEntryView } from "../../../objects/call/protocol";
import { disposition } from "./accounts";
import { id, instant, rawBody, routeContract } from "./contract";
import { CALL_DIRECTIONS } from "../../../domain/call-status";
import { CALL_ORIGINS, CALL_OUTCOMES } from "../../../domain/call-outcome";
import { TRANSCRIPT_SPEAKERS } from "../../../domain/transcript-speaker";
import { callerReason } from "../../../domain/caller-reason";

export const callKind = z.enum(["direct", "bridge", "inbound", "dialer"]);

/** Promise to pay: local date and amount; callback: when to call again (ISO instant). */
export const dispositionDetails = z.union([
  z.strictObject({ promiseDate: z.string(), promiseAmountCents: z.number().int() }),
  z.strictObject({ callbackAt: z.string() }),
]);

/** A row of GET /api/calls (also the `call` that PATCH /api/calls/:id answers). */
export const callSummary = z.strictObject({
  id,
  direction: z.enum(CALL_DIRECTIONS),
  kind: callKind,
  to: z.string(),
  from: z.string(),
  agentUserId: id.nullable(),
  accountId: id.nullable(),
  status: callStatus,
  amdResult: z.string().nullable(),
  hangupCause: z.string().nullable(),
  createdAt: instant,
  answeredAt: instant.nullable(),
  bridgedAt: instant.nullable(),
  endedAt: instant.nullable(),
  durationSeconds: z.number().int().nullable(),
  notes: z.string(),
  disposition: disposition.nullable(),
  dispositionDetails: dispositionDetails.nullable(),
  /** Send it back with PATCH /api/calls/:id: a save made against an older one is refused (edited_elsewhere). */
  annotationVersion: z.number().int(),
  /** The last save of notes or disposition: when, and who (their name then). */
  annotatedAt: instant.nullable(),
  annotatedBy: z.string().nullable(),
  campaignId: id.nullable(),
  /** The campaign's name now (null for calls of no campaign, or of one deleted since). */
  campaignName: z.string().nullable(),
  liveAnswered: z.boolean(),
  abandoned: z.boolean(),
  /** What the call was: an outbound dialer, preview or manual call, or an inbound one (`?kind=` filters it). */
  origin: z.enum(CALL_ORIGINS).nullable(),
  /** How it ended (connected, abandoned, voicemail left, machine, …); null while in progress. `?outcome=` filters it. */
  outcome: z.enum(CALL_OUTCOMES).nullable(),
});
export type CallSummary = z.infer<typeof callSummary>;

export const callPage = z.strictObject({ calls: z.array(callSummary), total: z.number().int() });
export type CallPage = z.infer<typeof callPage>;

/** A transcript line as the API stores it (the live room also sends a confidence). */
export const transcriptLine = z.strictObject({
  id: z.string(),
  at: instant,
  track: z.enum(["inbound", "outbound"]),
  speaker: z.enum(TRANSCRIPT_SPEAKERS),
  text: z.string(),
  /** The language it was said in (ISO 639-1) as live intelligence detected it; null when it could not tell. */
  language: z.string().nullable(),
  /** Its translation for the agent (live intelligence), when it was translated. */
  translation: z.strictObject({ from: z.string().nullable(), to: z.string(), text: z.string(), model: z.string() }).nullish(),
  /**
   * The agent's translated line (voice-to-voice): `text` is what the customer heard, in
   * their language, spoken by the carrier; `translation.text` is what the agent typed.
   */
  spokenTranslation: z.boolean().optional(),
});
export type TranscriptLine = z.infer<typeof transcriptLine>;

export const callRecording = z.strictObject({
  id: z.string(),
  sizeBytes: z.number().int(),
  startedAt: instant.nullable(),
  endedAt: instant.nullable(),
  /** /api/calls/:id/recording?id=…, an audio stream (same-origin, cookie session). */
  url: z.string(),
});
export type CallRecording = z.infer<typeof callRecording>;

export const callSentimentSummary = z.strictObject({
  averageScore: z.number(),
  minScore: z.number(),
  maxScore: z.number(),
  scoredSegments: z.number().int(),
  objections: z.number().int(),
  alerts: z.number().int(),
  createdAt: instant,
});
export type CallSentimentSummary = z.infer<typeof callSentimentSummary>;

export const callDetail = callSummary.extend({
  /** Each entry about an agent carries their name (null: no longer a user); show it, never the id. */
  timeline: z.array(timelineEntryView.extend({ agentName: z.string().nullable().optional() })),
  transcript: z.array(transcriptLine),
  recordings: z.array(callRecording),
  /** Written by the model when the call ended; null before, or without a model (the timeline says why). */
  summary: z.strictObject({ text: z.string(), model: z.string(), createdAt: instant }).nullable(),
  /**
   * The customer's sentiment over the whole call (live intelligence, offline), kept a moment
   * after it ended: the mean, lowest and highest of their lines' scores (−1..1), how many
   * lines were scored, the objections they raised and the alerts the call raised. Null
   * before, or when the customer said nothing to score. Absent from older servers.
   */
  sentiment: callSentimentSummary.nullish(),
  /**
   * Why an inbound caller was calling, as the agent's ring and call card showed it (the IVR
   * option they keyed, a call they are returning, a payment link, a promise due), most telling
   * first; empty when the engine knew no reason (every outbound call).
   */
  whyCalling: z.array(callerReason),
});
export type CallDetail = z.infer<typeof callDetail>;
export type CallTimelineEntry = CallDetail["timeline"][number];

/** The call as its actor first saw it. */
export const placedCall = z.strictObject({ id, call: callView });
export type PlacedCall = z.infer<typeof placedCall>;

/**
 * 201 a new call; 200 the call an earlier request with the same Idempotency-Key placed.
 * forbidden: a call for another agent by a non-supervisor; conflict: no caller id, or the
 * key was used for a different call; service_unavailable: no carrier, the audit lock is busy, or
 * the engine is behind (carrier events wait to be stored: worker/calls/engine-backlog.ts), with Retry-After.
 */
export const placeCall = routeContract({
  method: "POST",
  path: "/api/calls",
  response: { 201: placedCall, 200: placedCall },
  errors: ["forbidden", "conflict", "service_unavailable"],
});
export const listCalls = routeContract({ method: "GET", path: "/api/calls", response: { 200: callPage }, errors: [] });
export const getCall = routeContract({ method: "GET", path: "/api/calls/:id", response: { 200: z.strictObject({ call: callDetail }) }, errors: [] });
/** 202: the hang-up is under way; `call` is the actor's view (null if it holds no call). */
export const hangUpCall = routeContract({
  method: "POST",
  path: "/api/calls/:id/hangup",
  response: { 202: z.strictObject({ call: callView.nullable() }) },
  errors: [],
});
/** edited_elsewhere: the save named an annotationVersion someone else's save has since replaced. */
export const annotateCall = routeContract({
  method: "PATCH",
  path: "/api/calls/:id",
  response: { 200: z.strictObject({ call: callSummary }) },
  errors: ["edited_elsewhere"],
});
/** forbidden: ?download=1 from a role below supervisor (domain/recording-access.ts); playing is for every role that sees the call. */
export const getRecording = routeContract({ method: "GET", path: "/api/calls/:id/recording", response: { 200: rawBody("audio/*"), 206: rawBody("audio/*") }, errors: ["not_found", "forbidden"] });

export const callRoutes = [placeCall, listCalls, getCall, hangUpCall, annotateCall, getRecording] as const;
