// The campaign's rows for Postgres (the `outbox` table): compliance skips, an account's
// last contact, a fax number for the do-not-call list, committed with the state change
// they describe and written later through the campaign's RecordWriter. The outbox is the
// shared one (objects/shared/durable/outbox.ts, as the CallActor's): a newer row under a
// key replaces an unsent older one, a write that finishes late never deletes a row queued
// meanwhile, a row no build can read is dropped and logged, and failed writes back off in
// `outbox_backoff`. What is the campaign's own: the row schema, and the batch size.
import { z } from "zod";
import type { CampaignRecordRow } from "../../../db/writers/campaign-records";
import { Outbox } from "../../shared/durable/outbox";
import type { SqlDatabase } from "../../shared/durable/sql";

/** Rows written per flush: one RecordWriter call stays small however long Postgres was away. */
export const OUTBOX_BATCH = 200;

export const campaignRecordRowSchema = z.discriminatedUnion("table", [
  z.object({
    table: z.literal("skip"),
    row: z.object({
      id: z.string(),
      organizationId: z.string(),
      campaignId: z.string(),
      accountId: z.string().nullable().optional(),
      phone: z.string(),
      reason: z.string(),
      explanation: z.string(),
      // Stored as ISO text (JSON), read back as dates.
      nextEligibleAt: z.coerce.date().nullable().optional(),
      occurredAt: z.coerce.date(),
      // Queued before skips named the agent who caused them: the dialer's.
      agentUserId: z.string().nullable().optional(),
    }),
  }),
  z.object({ table: z.literal("contacted"), accountId: z.string(), organizationId: z.string(), atMs: z.number() }),
  z.object({ table: z.literal("fax"), organizationId: z.string(), campaignId: z.string(), phone: z.string(), callId: z.string() }),
]) satisfies z.ZodType<CampaignRecordRow>;

export type CampaignOutbox = Outbox<CampaignRecordRow>;

export function openCampaignOutbox(sql: SqlDatabase, clock?: () => number): CampaignOutbox {
  return new Outbox(sql, campaignRecordRowSchema, { clock, maxRowsPerFlush: OUTBOX_BATCH });
}
