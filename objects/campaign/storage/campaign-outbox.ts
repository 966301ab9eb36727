// Rows for Postgres (the `outbox` table), committed with the state change they describe
// and written later through the campaign's RecordWriter: compliance skips, an account's
// last contact, a fax number for the do-not-call list. A newer row under a key replaces
// an unsent older one; a write that finishes late never deletes a row queued meanwhile.
// Rows are read back through zod (a row no build can read is dropped and logged, or it
// would block the outbox forever); failed writes back off, counted in the meta registry.
import { z } from "zod";
import { retryDelayMs } from "../../shared/durable/backoff";
import type { SqlDatabase } from "../../shared/durable/sql";
import { parseJson } from "../../shared/durable/stored-json";
import type { CampaignRecordRow } from "../../../db/writers/campaign-records";
import type { CampaignMeta } from "./campaign-meta";
import { logEvent } from "../../../domain/log";

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
    }),
  }),
  z.object({ table: z.literal("contacted"), accountId: z.string(), organizationId: z.string(), atMs: z.number() }),
  z.object({ table: z.literal("fax"), organizationId: z.string(), campaignId: z.string(), phone: z.string(), callId: z.string() }),
]) satisfies z.ZodType<CampaignRecordRow>;

/** A queued row as taken for a write: `json` says exactly which version was written. */
export interface QueuedRow {
  key: string;
  json: string;
  row: CampaignRecordRow;
}

export class CampaignOutbox {
  constructor(
    private readonly sql: SqlDatabase,
    private readonly meta: CampaignMeta,
  ) {}

  enqueue(key: string, row: CampaignRecordRow): void {
    this.sql.exec("INSERT INTO outbox (key, json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET json = excluded.json", key, JSON.stringify(row));
  }

  /** The oldest rows, up to `limit`. */
  take(limit: number = OUTBOX_BATCH): QueuedRow[] {
    return this.sql
      .exec<{ key: string; json: string }>("SELECT key, json FROM outbox ORDER BY rowid LIMIT ?", limit)
      .toArray()
      .flatMap((entry) => {
        const parsed = parseJson(entry.json, campaignRecordRowSchema);
        if (parsed.success) return [{ ...entry, row: parsed.data }];
        logEvent({ event: "campaign_outbox_row_unreadable", key: entry.key, error: parsed.error });
        this.sql.exec("DELETE FROM outbox WHERE key = ? AND json = ?", entry.key, entry.json);
        return [];
      });
  }

  size(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM outbox").one().n;
  }

  /** Removes written rows, unless a newer version of one was queued while it was being written. */
  markWritten(rows: readonly { key: string; json: string }[]): void {
    for (const row of rows) this.sql.exec("DELETE FROM outbox WHERE key = ? AND json = ?", row.key, row.json);
  }

  /**
   * Writes a batch with `write` (idempotent: a row may be written again after a crash).
   * True when nothing is left to write; a failure only delays the rows, backing off.
   */
  async flush(write: (rows: CampaignRecordRow[]) => Promise<void>): Promise<boolean> {
    const rows = this.take();
    if (rows.length === 0) return true;
    try {
      await write(rows.map((r) => r.row));
      this.markWritten(rows);
      this.meta.set("outboxFailures", 0);
      return this.size() === 0;
    } catch (error) {
      const failures = (this.meta.get("outboxFailures") ?? 0) + 1;
      this.meta.set("outboxFailures", failures);
      logEvent({ event: "campaign_outbox_postponed", rows: rows.length, error: String(error) });
      return false;
    }
  }

  /** When the outbox should next be written (the `outboxRetry` timer): null when empty, later after each failure in a row. */
  nextAttemptAtMs(nowMs: number): number | null {
    if (this.size() === 0) return null;
    return nowMs + retryDelayMs(this.meta.get("outboxFailures") ?? 0);
  }
}
