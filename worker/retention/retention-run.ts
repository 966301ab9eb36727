// The retention job, run by the hourly Cron Trigger (wrangler.toml; `npm start` fires it
// locally): for each organisation with a policy, each kind past its days is deleted in
// bounded batches, a recording's object in storage before its row (an object whose row
// is gone would never be found again; a row whose object is gone is retried harmlessly).
// Held accounts and calls are skipped. Each batch's deletion and its audit row commit
// together (db/writers/retention-records.ts).
import { openDatabase, type Queryable } from "../../db/client";
import { systemAccess } from "../../db/access";
import { findDueBatch, purgeBatch, retentionPolicies } from "../../db/writers/retention-records";
import { logEvent } from "../../domain/log";
import {
  RETENTION_BATCH_SIZE,
  RETENTION_DAYS_FIELD,
  RETENTION_KINDS,
  RETENTION_MAX_BATCHES_PER_RUN,
  retentionCutoffs,
  type RetentionKind,
  type RetentionPolicy,
} from "../../domain/retention";

/** Where recording objects live (the RECORDINGS R2 bucket; the local one under `npm start`). */
export type RecordingStore = Pick<R2Bucket, "delete">;

export interface RetentionRunOptions {
  now?: Date;
  batchSize?: number;
  maxBatchesPerKind?: number;
  /** Only these organisations (a test's own); every organisation with a policy otherwise. */
  organizationIds?: readonly string[];
}

export type RetentionCounts = Partial<Record<RetentionKind, number>>;

/** Deleted per organisation and kind. */
export type RetentionRunResult = Record<string, RetentionCounts>;

export async function runRetention(env: Env, options: RetentionRunOptions = {}): Promise<RetentionRunResult> {
  const database = openDatabase(env, systemAccess("the retention cron job purges every organisation's due rows"), { maxConnections: 1 });
  try {
    return await runRetentionOn(database.db, env.RECORDINGS, options);
  } finally {
    await database.close();
  }
}

export async function runRetentionOn(db: Queryable, store: RecordingStore, options: RetentionRunOptions = {}): Promise<RetentionRunResult> {
  const now = options.now ?? new Date();
  const only = options.organizationIds ? new Set(options.organizationIds) : null;
  const result: RetentionRunResult = {};
  for (const { organizationId, policy } of await retentionPolicies(db)) {
    if (only && !only.has(organizationId)) continue;
    try {
      const counts = await purgeOrganization(db, store, organizationId, policy, now, options);
      if (Object.keys(counts).length > 0) result[organizationId] = counts;
    } catch (error) {
      // One organisation's failure never stops the others; its due rows wait for the next run.
      logEvent({ event: "retention_failed", organizationId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}

async function purgeOrganization(
  db: Queryable,
  store: RecordingStore,
  organizationId: string,
  policy: RetentionPolicy,
  now: Date,
  options: RetentionRunOptions,
): Promise<RetentionCounts> {
  const cutoffs = retentionCutoffs(policy, now);
  const batchSize = options.batchSize ?? RETENTION_BATCH_SIZE;
  const maxBatches = options.maxBatchesPerKind ?? RETENTION_MAX_BATCHES_PER_RUN;
  const counts: RetentionCounts = {};
  for (const kind of RETENTION_KINDS) {
    const cutoff = cutoffs[kind];
    const keepDays = policy[RETENTION_DAYS_FIELD[kind]];
    if (!cutoff || keepDays === null) continue;
    for (let batch = 0; batch < maxBatches; batch++) {
      const due = await findDueBatch(db, organizationId, kind, cutoff, batchSize);
      if (due.ids.length === 0) break;
      if (due.storageKeys.length > 0) await store.delete(due.storageKeys);
      const deleted = await purgeBatch(db, { organizationId, kind, cutoff, keepDays }, due.ids);
      if (deleted > 0) counts[kind] = (counts[kind] ?? 0) + deleted;
      // A short batch was the last one; a batch whose rows were all held meanwhile would repeat forever.
      if (due.ids.length < batchSize || deleted === 0) break;
    }
  }
  return counts;
}
