// A segment's filters (domain/segment-filters.ts) as one SQL condition over `accounts`:
// the one place filters become SQL, used to count a segment in the editor and to list a
// campaign's leads. Every value goes in as a bound parameter. Attempts and the last
// disposition are read from the calls table (calls_account_idx), not copied onto the
// account, so they are never stale.
import { and, arrayOverlaps, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { NO_DISPOSITION, segmentFilters, type SegmentFilters } from "../domain/segment-filters";
import type { Queryable } from "./client";
import { accounts, calls, segments } from "./schema";

const DAY_MS = 86_400_000;

/** Outbound calls placed to the account (any campaign or agent). */
const attemptsOf = sql<number>`(select count(*) from ${calls} where ${calls.accountId} = ${accounts.id} and ${calls.direction} = 'outbound')`;
/** The disposition of the account's latest dispositioned call; null when none has one. */
const lastDispositionOf = sql<string | null>`(select ${calls.disposition} from ${calls} where ${calls.accountId} = ${accounts.id} and ${calls.disposition} is not null order by ${calls.dispositionAt} desc nulls last, ${calls.createdAt} desc limit 1)`;

/** The accounts of `organizationId` the filters hold, as of `nowMs`. */
export function segmentCondition(organizationId: string, filters: SegmentFilters, nowMs: number): SQL {
  const conditions: (SQL | undefined)[] = [eq(accounts.organizationId, organizationId)];
  if (filters.balanceMinCents !== undefined) conditions.push(gte(accounts.balanceDueCents, filters.balanceMinCents));
  if (filters.balanceMaxCents !== undefined) conditions.push(lte(accounts.balanceDueCents, filters.balanceMaxCents));
  if (filters.timeZones) conditions.push(inArray(accounts.timeZone, filters.timeZones));
  if (filters.notContactedWithinDays !== undefined) {
    conditions.push(or(isNull(accounts.lastContactedAt), lt(accounts.lastContactedAt, new Date(nowMs - filters.notContactedWithinDays * DAY_MS))));
  }
  if (filters.contactedWithinDays !== undefined) conditions.push(gte(accounts.lastContactedAt, new Date(nowMs - filters.contactedWithinDays * DAY_MS)));
  if (filters.attemptsMin !== undefined) conditions.push(sql`${attemptsOf} >= ${filters.attemptsMin}`);
  if (filters.attemptsMax !== undefined) conditions.push(sql`${attemptsOf} <= ${filters.attemptsMax}`);
  if (filters.lastDispositions) {
    const named = filters.lastDispositions.filter((d) => d !== NO_DISPOSITION);
    const wantsNone = filters.lastDispositions.includes(NO_DISPOSITION);
    conditions.push(
      or(
        named.length ? sql`${lastDispositionOf} in (${sql.join(named.map((d) => sql`${d}`), sql`, `)})` : undefined,
        wantsNone ? sql`${lastDispositionOf} is null` : undefined,
      ),
    );
  }
  if (filters.tags) conditions.push(arrayOverlaps(accounts.tags, filters.tags));
  if (filters.importBatchIds) conditions.push(inArray(accounts.importBatchId, filters.importBatchIds));
  if (filters.languages) conditions.push(inArray(accounts.preferredLanguage, filters.languages));
  return and(...conditions)!;
}

/** How many accounts match the filters now. */
export async function countSegment(db: Queryable, organizationId: string, filters: SegmentFilters, nowMs: number): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(accounts).where(segmentCondition(organizationId, filters, nowMs));
  return row?.n ?? 0;
}

/** A saved segment's filters; null when the organisation has no such segment. */
export async function segmentFiltersOf(db: Queryable, organizationId: string, segmentId: string): Promise<SegmentFilters | null> {
  const [row] = await db
    .select({ filters: segments.filters })
    .from(segments)
    .where(and(eq(segments.id, segmentId), eq(segments.organizationId, organizationId)));
  // Stored JSON is read through the schema, never cast: a row no build can read is an error, not "everyone".
  return row ? segmentFilters.parse(row.filters) : null;
}
