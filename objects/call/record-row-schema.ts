// The outbox rows a call writes to Postgres, as a zod schema: the outbox stores them as
// JSON and reads them back through this before the RecordWriter gets them (timestamps
// come back as ISO strings and are revived here; a row an older build queued is checked
// like any other). The shape is RecordRow's (record-writer.ts), checked by the compiler.
import { z } from "zod";
import { callStatus } from "./protocol";
import { DISPOSITIONS } from "../../domain/dispositions";
import type { RecordRow } from "../../db/writers/call-rows";
import { CALL_DIRECTIONS } from "../../domain/call-status";
import { CALL_ORIGINS, CALL_OUTCOMES } from "../../domain/call-outcome";
import { TRANSCRIPT_SPEAKERS } from "../../domain/transcript-speaker";

const date = z.coerce.date();
const id = z.string().min(1);

const callRowSchema = z.object({
  id,
  organizationId: id,
  direction: z.enum(CALL_DIRECTIONS),
  kind: z.enum(["direct", "bridge", "inbound", "dialer"]),
  toNumber: z.string(),
  fromNumber: z.string(),
  agentUserId: z.string().nullable(),
  accountId: z.string().nullable(),
  campaignId: z.string().nullable(),
  debtIds: z.array(z.string()),
  liveAnswered: z.boolean(),
  abandoned: z.boolean(),
  // Absent on rows an older build queued: the next row of the call (its end) carries them.
  origin: z.enum(CALL_ORIGINS).nullish().transform((v) => v ?? null),
  outcome: z.enum(CALL_OUTCOMES).nullish().transform((v) => v ?? null),
  status: callStatus,
  amdResult: z.string().nullable(),
  hangupCause: z.string().nullable(),
  hangupSource: z.string().nullable(),
  createdAt: date,
  answeredAt: date.nullable(),
  bridgedAt: date.nullable(),
  endedAt: date.nullable(),
  durationSeconds: z.number().nullable(),
  timeline: z.array(z.unknown()),
  version: z.number(),
});

export const recordRowSchema = z.discriminatedUnion("table", [
  z.object({ table: z.literal("call"), row: callRowSchema }),
  z.object({
    table: z.literal("event"),
    row: z.object({ id, organizationId: id, callId: id, eventType: z.string(), leg: z.string(), occurredAt: date, payload: z.record(z.string(), z.unknown()) }),
  }),
  z.object({
    table: z.literal("segment"),
    row: z.object({
      id,
      organizationId: id,
      callId: id,
      track: z.enum(["inbound", "outbound"]),
      text: z.string(),
      confidence: z.number().nullable(),
      // Absent on rows an older build queued.
      language: z.string().nullish().transform((v) => v ?? null),
      speaker: z
        .enum(TRANSCRIPT_SPEAKERS)
        .nullish()
        .transform((v) => v ?? null),
      occurredAt: date,
    }),
  }),
  z.object({
    table: z.literal("recording"),
    row: z.object({
      id,
      organizationId: id,
      callId: id,
      storageKey: z.string(),
      contentType: z.string(),
      sizeBytes: z.number(),
      startedAt: date.nullable(),
      endedAt: date.nullable(),
    }),
  }),
  z.object({
    table: z.literal("alert"),
    row: z.object({ id, organizationId: id, callId: id, rule: z.string(), key: z.string(), segmentId: z.string(), message: z.string(), occurredAt: date }),
  }),
  z.object({ table: z.literal("account_language"), row: z.object({ id, organizationId: id, accountId: id, language: z.string().min(2) }) }),
  z.object({
    table: z.literal("callback"),
    row: z.object({ id, organizationId: id, accountId: z.string().nullable(), callId: id, phone: z.string(), requestedAt: date, doneAt: date.nullable(), callbackAt: date.nullish() }),
  }),
  z.object({
    table: z.literal("ai_disposition"),
    row: z.object({ id, organizationId: id, disposition: z.enum(DISPOSITIONS), note: z.string().nullable(), setAt: date }),
  }),
  z.object({
    table: z.literal("translation"),
    row: z.object({
      segmentId: id,
      organizationId: id,
      callId: id,
      sourceLanguage: z.string().nullable(),
      targetLanguage: z.string().min(2),
      text: z.string(),
      model: z.string(),
      latencyMs: z.number().int().min(0),
      createdAt: date,
    }),
  }),
  z.object({ table: z.literal("summary"), row: z.object({ callId: id, organizationId: id, text: z.string(), model: z.string(), createdAt: date }) }),
  z.object({
    table: z.literal("sentiment_summary"),
    row: z.object({
      callId: id,
      organizationId: id,
      averageScore: z.number().min(-1).max(1),
      minScore: z.number().min(-1).max(1),
      maxScore: z.number().min(-1).max(1),
      scoredSegments: z.number().int().min(1),
      objections: z.number().int().min(0),
      alerts: z.number().int().min(0),
      createdAt: date,
    }),
  }),
  z.object({
    table: z.literal("call_audit"),
    row: z.object({ id, organizationId: id, callId: id, action: z.string().min(1), detail: z.record(z.string(), z.union([z.string(), z.number(), z.null()])), occurredAt: date }),
  }),
]) satisfies z.ZodType<RecordRow>;
