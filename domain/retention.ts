// Data retention and legal holds, the one place their rules live: how many days an
// organisation keeps each kind of data (null: kept until someone decides otherwise),
// when a row of that kind is due, and what a legal hold names. The job that enforces
// them is worker/retention/; the queries are db/writers/retention-records.ts.
import { z } from "zod";

/** The kinds of data a policy sets days for, in the order a run deletes them. */
export const RETENTION_KINDS = ["callRecords", "recordings", "transcripts", "paymentMetadata"] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** What each kind covers, for the console and the audit entry. */
export const RETENTION_KIND_LABELS: Record<RetentionKind, string> = {
  callRecords: "call records (the call, its events, alerts, notes and everything below)",
  recordings: "recordings (the audio files and their rows)",
  transcripts: "transcripts (lines, translations and the call summary)",
  paymentMetadata: "payment metadata (checkout session, receipt link and text, the request on the call; the ledger entry stays)",
};

/** Ten years: longer than any rule we know of asks to keep call data. */
export const MAX_RETENTION_DAYS = 3_650;

const days = z.number().int("must be a whole number of days").min(1, "must be at least 1 day").max(MAX_RETENTION_DAYS, `must be at most ${MAX_RETENTION_DAYS} days`).nullable();

export const retentionPolicy = z
  .strictObject({
    recordingsDays: days,
    transcriptsDays: days,
    callRecordsDays: days,
    paymentMetadataDays: days,
  })
  .superRefine((policy, ctx) => {
    // A call's recordings and transcript go with its record, so keeping them longer is a
    // promise the job could not keep.
    if (policy.callRecordsDays === null) return;
    for (const field of ["recordingsDays", "transcriptsDays"] as const) {
      const value = policy[field];
      if (value === null || value > policy.callRecordsDays) {
        ctx.addIssue({ code: "custom", path: [field], message: `must be at most callRecordsDays (${policy.callRecordsDays}): they are deleted with the call record` });
      }
    }
  });
export type RetentionPolicy = z.infer<typeof retentionPolicy>;

/** Until an admin sets days, nothing is deleted. */
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = { recordingsDays: null, transcriptsDays: null, callRecordsDays: null, paymentMetadataDays: null };

export const RETENTION_DAYS_FIELD: Record<RetentionKind, keyof RetentionPolicy> = {
  callRecords: "callRecordsDays",
  recordings: "recordingsDays",
  transcripts: "transcriptsDays",
  paymentMetadata: "paymentMetadataDays",
};

/** A stored policy (none yet, or a row from an older build): the defaults where it does not read. */
export function readRetentionPolicy(stored: unknown): RetentionPolicy {
  const parsed = retentionPolicy.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_RETENTION_POLICY;
}

const DAY_MS = 86_400_000;

/**
 * Per kind the policy keeps for a number of days: the instant before which that kind is
 * due. A call is as old as its start (created_at), a payment as its payment time.
 */
export function retentionCutoffs(policy: RetentionPolicy, now: Date): Partial<Record<RetentionKind, Date>> {
  const cutoffs: Partial<Record<RetentionKind, Date>> = {};
  for (const kind of RETENTION_KINDS) {
    const keepDays = policy[RETENTION_DAYS_FIELD[kind]];
    if (keepDays !== null) cutoffs[kind] = new Date(now.getTime() - keepDays * DAY_MS);
  }
  return cutoffs;
}

/** Rows deleted per statement (one transaction each, with its audit row): short locks, bounded memory. */
export const RETENTION_BATCH_SIZE = 500;
/** Batches per kind per organisation per run: a backlog is worked through over several runs, never in one long one. */
export const RETENTION_MAX_BATCHES_PER_RUN = 20;

// Legal holds: an account (all its calls, recordings, transcripts and payments) or one
// call is kept whatever the policy says, and cannot be erased, until the hold is lifted.
export const LEGAL_HOLD_SUBJECTS = ["account", "call"] as const;
export type LegalHoldSubject = (typeof LEGAL_HOLD_SUBJECTS)[number];

const reason = z.string().trim().min(3, "must say why (at least 3 characters)").max(500, "must be at most 500 characters");

/** Placing a hold (on the account or call its path names) and lifting one: each says why. */
export const placeLegalHold = z.strictObject({ reason });
export const liftLegalHold = z.strictObject({ reason });

/** Erasing a person's data on request says why (the request's reference, who asked). */
export const eraseAccountRequest = z.strictObject({ reason });
