// A segment's filters: which of an organisation's accounts a saved segment holds. Every
// filter given narrows the set (AND); a list filter matches any of its values (OR). The
// API validates with this one schema (a bad filter is a 400 naming it), Postgres stores
// it (segments.filters), db/segment-filters.ts compiles it to SQL, the console builds its
// editor from it. Each filter reads what the system of record holds:
//   balance           accounts.balance_due_cents
//   time zones        accounts.time_zone (the callee's zone; a state is not stored, so a
//                     floor targets a state by its zones)
//   last contacted    accounts.last_contacted_at (never contacted counts as "not within")
//   attempts          outbound calls to the account (the calls table, any campaign)
//   last disposition  the disposition of the account's latest dispositioned call
//   tags              accounts.tags (set over the API or by an import's `tags` column)
//   import batch      accounts.import_batch_id (the import that last created or changed it)
import { z } from "zod";
import { DISPOSITIONS } from "./dispositions";

/** One tag: lower-case words joined by - or _ (what a CSV cell or the console sends, trimmed). */
export const accountTag = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "a tag is 1–40 letters, digits, - or _ (like hardship or q3-batch)");
export const MAX_TAGS_PER_ACCOUNT = 20;

/** The last-disposition filter may also ask for accounts no call has been dispositioned yet. */
export const NO_DISPOSITION = "none";

const MAX_BALANCE_CENTS = 1_000_000_000_00;
const cents = (what: string) => z.number().int(`${what}: whole cents`).min(0, `${what}: at least 0`).max(MAX_BALANCE_CENTS, `${what}: at most ${MAX_BALANCE_CENTS}`);
const days = z.number().int("whole days").min(0, "at least 0 days").max(3650, "at most 3650 days");
const attempts = z.number().int("a whole number").min(0, "at least 0").max(1000, "at most 1000");

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const segmentFilters = z
  .strictObject({
    balanceMinCents: cents("balanceMinCents").optional(),
    balanceMaxCents: cents("balanceMaxCents").optional(),
    timeZones: z.array(z.string().refine(isTimeZone, "an IANA time zone, like America/Chicago")).min(1, "at least one time zone").max(50).optional(),
    /** Not contacted in the last N days (never contacted matches). */
    notContactedWithinDays: days.optional(),
    /** Contacted in the last N days. */
    contactedWithinDays: days.optional(),
    attemptsMin: attempts.optional(),
    attemptsMax: attempts.optional(),
    lastDispositions: z
      .array(z.enum([...DISPOSITIONS, NO_DISPOSITION], `one of ${[...DISPOSITIONS, NO_DISPOSITION].join(", ")}`))
      .min(1, "at least one disposition")
      .optional(),
    /** Accounts with any of these tags. */
    tags: z.array(accountTag).min(1, "at least one tag").max(MAX_TAGS_PER_ACCOUNT).optional(),
    importBatchIds: z.array(z.uuid("import batch ids")).min(1, "at least one import batch").max(50).optional(),
    languages: z.array(z.string().regex(/^[a-z]{2}$/, "two-letter language codes, like en")).min(1).max(20).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.balanceMinCents !== undefined && f.balanceMaxCents !== undefined && f.balanceMinCents > f.balanceMaxCents) {
      ctx.addIssue({ code: "custom", path: ["balanceMaxCents"], message: "must be at least balanceMinCents" });
    }
    if (f.attemptsMin !== undefined && f.attemptsMax !== undefined && f.attemptsMin > f.attemptsMax) {
      ctx.addIssue({ code: "custom", path: ["attemptsMax"], message: "must be at least attemptsMin" });
    }
    if (f.notContactedWithinDays !== undefined && f.contactedWithinDays !== undefined && f.contactedWithinDays <= f.notContactedWithinDays) {
      ctx.addIssue({ code: "custom", path: ["contactedWithinDays"], message: "must be more days than notContactedWithinDays, or nothing can match" });
    }
  });
export type SegmentFilters = z.infer<typeof segmentFilters>;

/** The fields a segment's filters may name, for the console's editor and the docs. */
export const SEGMENT_FILTER_FIELDS = Object.keys(segmentFilters.shape) as (keyof SegmentFilters)[];
