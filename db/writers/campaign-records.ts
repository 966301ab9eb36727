// What a CampaignActor reads from and writes to Postgres, the system of record. Reads
// happen when a campaign starts or resumes (leads, do-not-call numbers, the last days'
// contact history of those accounts, the abandon counts of the last 30 days) and before
// each batch of dials (loadDialListing, through a RecordWriter's kept connection);
// writes go through the actor's outbox and a RecordWriter as idempotent statements (a
// skip row keyed by a stable id, an account's last contact moved only forward).
import { and, eq, gte, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { AccountSelection } from "../../domain/account-selection";
import type { LeadInput } from "../../domain/campaign-lead";
import type { DialBatchQuestion, DialListing } from "../../domain/dial-listing";
import { recordAudit } from "../audit/record";
import { segmentCondition, segmentFiltersOf } from "../segment-filters";
import type { Database, Queryable } from "../client";
import { accounts, billingSubscriptions, calls, complianceSkips, debts, dncEntries, users } from "../schema";
import { planAllows, planInForce } from "../../domain/billing-plans";

/** A campaign never loads more leads than this at once; the rest wait for the next start. */
export const MAX_LEADS_PER_LOAD = 50_000;

export async function loadLeads(db: Queryable, organizationId: string, selection: AccountSelection): Promise<LeadInput[]> {
  const conditions = [eq(accounts.organizationId, organizationId)];
  if (selection.minBalanceCents !== undefined) conditions.push(gte(accounts.balanceDueCents, selection.minBalanceCents));
  if (selection.languages?.length) conditions.push(inArray(accounts.preferredLanguage, selection.languages));
  if (selection.accountIds?.length) conditions.push(inArray(accounts.id, selection.accountIds));
  return leadsWhere(db, and(...conditions)!);
}

/**
 * The members of a saved segment now, as leads: its filters are read at the moment of
 * asking, so an edited segment or a new account that matches is in the next listing.
 * A segment that no longer exists has no members.
 */
export async function loadSegmentLeads(db: Queryable, organizationId: string, segmentId: string, nowMs: number): Promise<LeadInput[]> {
  const filters = await segmentFiltersOf(db, organizationId, segmentId);
  if (!filters) return [];
  return leadsWhere(db, segmentCondition(organizationId, filters, nowMs));
}

async function leadsWhere(db: Queryable, where: SQL): Promise<LeadInput[]> {
  const rows = await db
    .select({
      id: accounts.id,
      name: accounts.name,
      phones: accounts.phones,
      timeZone: accounts.timeZone,
      state: accounts.state,
      balanceDueCents: accounts.balanceDueCents,
      lastContactedAt: accounts.lastContactedAt,
      doNotCall: accounts.doNotCall,
      consent: accounts.consent,
      inconvenientTimes: accounts.inconvenientTimes,
      preferredLanguage: accounts.preferredLanguage,
      debtIds: sql<string[]>`coalesce((select array_agg(${debts.id}) from ${debts} where ${debts.accountId} = ${accounts.id} and ${debts.status} = 'open'), '{}')`,
    })
    .from(accounts)
    .where(where)
    .limit(MAX_LEADS_PER_LOAD);
  return rows.map((row) => ({
    accountId: row.id,
    name: row.name,
    phones: row.phones,
    timeZone: row.timeZone,
    state: row.state,
    balanceDueCents: row.balanceDueCents,
    lastContactedAtMs: row.lastContactedAt?.getTime() ?? null,
    doNotCall: row.doNotCall,
    consent: row.consent,
    inconvenientTimes: row.inconvenientTimes,
    debtIds: row.debtIds,
    preferredLanguage: row.preferredLanguage,
  }));
}

export async function loadDnc(db: Database, organizationId: string, campaignId: string): Promise<{ org: string[]; campaign: string[] }> {
  const rows = await db
    .select({ phone: dncEntries.phone, campaignId: dncEntries.campaignId })
    .from(dncEntries)
    .where(and(eq(dncEntries.organizationId, organizationId), or(isNull(dncEntries.campaignId), eq(dncEntries.campaignId, campaignId))));
  return { org: rows.filter((r) => r.campaignId === null).map((r) => r.phone), campaign: rows.filter((r) => r.campaignId !== null).map((r) => r.phone) };
}

/**
 * One statement for a whole batch of dials: which of its numbers are on the
 * organisation's or this campaign's do-not-call list (dnc_entries_org_phone_idx), and
 * each of its accounts' do-not-call flag and consent (primary key).
 */
export async function loadDialListing(db: Queryable, question: DialBatchQuestion): Promise<DialListing> {
  if (question.phones.length === 0 && question.accountIds.length === 0) return { orgListed: [], campaignListed: [], accounts: [], paymentsOnCalls: true };
  // The plan as it is now (a downgrade mid-campaign counts from the next call): the only
  // round trip besides the lists, and only one row.
  const [subscription] = await db
    .select({ plan: billingSubscriptions.plan, status: billingSubscriptions.status })
    .from(billingSubscriptions)
    .where(eq(billingSubscriptions.organizationId, question.organizationId));
  const listing: DialListing = { orgListed: [], campaignListed: [], accounts: [], paymentsOnCalls: planAllows(planInForce(subscription ?? null).plan, "ivr_payments") };
  const listedNumbers = db
    .select({
      source: sql<string>`case when ${dncEntries.campaignId} is null then 'org' else 'campaign' end`,
      key: dncEntries.phone,
      doNotCall: sql<boolean>`true`,
      consent: sql<boolean | null>`true`,
    })
    .from(dncEntries)
    .where(
      and(
        eq(dncEntries.organizationId, question.organizationId),
        inArray(dncEntries.phone, question.phones.length ? question.phones : [""]),
        or(isNull(dncEntries.campaignId), eq(dncEntries.campaignId, question.campaignId)),
      ),
    );
  const accountFlags = db
    .select({ source: sql<string>`'account'`, key: sql<string>`${accounts.id}::text`, doNotCall: accounts.doNotCall, consent: accounts.consent })
    .from(accounts)
    .where(and(eq(accounts.organizationId, question.organizationId), inArray(accounts.id, question.accountIds.length ? question.accountIds : [NO_ACCOUNT])));
  for (const row of await listedNumbers.unionAll(accountFlags)) {
    if (row.source === "org") listing.orgListed.push(row.key);
    else if (row.source === "campaign") listing.campaignListed.push(row.key);
    else listing.accounts.push({ accountId: row.key, doNotCall: row.doNotCall, consent: row.consent });
  }
  return listing;
}

/** A uuid no account has: keeps `in (…)` well-formed for a batch without accounts. */
const NO_ACCOUNT = "00000000-0000-0000-0000-000000000000";

export interface PastCall {
  callId: string;
  accountId: string;
  atMs: number;
  debtIds: string[];
  phone: string;
  campaignId: string;
  conversation: boolean;
}

/**
 * Every call to the organisation's accounts since `sinceMs`, from any campaign or
 * agent: Regulation F counts per debt, whoever dialled.
 */
export async function loadContactHistory(db: Database, organizationId: string, sinceMs: number): Promise<PastCall[]> {
  const rows = await db
    .select({ id: calls.id, accountId: calls.accountId, createdAt: calls.createdAt, debtIds: calls.debtIds, phone: calls.toNumber, campaignId: calls.campaignId, bridgedAt: calls.bridgedAt })
    .from(calls)
    .where(and(eq(calls.organizationId, organizationId), gte(calls.createdAt, new Date(sinceMs)), sql`${calls.accountId} is not null`, eq(calls.direction, "outbound")));
  return rows.map((row) => ({
    callId: row.id,
    accountId: row.accountId!,
    atMs: row.createdAt.getTime(),
    debtIds: row.debtIds,
    phone: row.phone,
    campaignId: row.campaignId ?? "",
    conversation: row.bridgedAt !== null,
  }));
}

/** Live answers and abandons per UTC day for this campaign since `sinceMs`: the rolling 30 days. */
export async function loadAbandonDays(db: Database, campaignId: string, sinceMs: number): Promise<{ day: string; liveAnswered: number; abandoned: number; dials: number }[]> {
  const day = sql<string>`to_char(${calls.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  return db
    .select({
      day,
      liveAnswered: sql<number>`count(*) filter (where ${calls.liveAnswered})::int`,
      abandoned: sql<number>`count(*) filter (where ${calls.abandoned})::int`,
      dials: sql<number>`count(*)::int`,
    })
    .from(calls)
    .where(and(eq(calls.campaignId, campaignId), gte(calls.createdAt, new Date(sinceMs))))
    .groupBy(day);
}

export type CampaignRecordRow =
  | { table: "skip"; row: typeof complianceSkips.$inferInsert }
  /**
   * Queued by older builds when a dial started. Written as nothing: an account's last
   * contact is the call row's to decide (call-rows.ts), when a person answers.
   */
  | { table: "contacted"; accountId: string; organizationId: string; atMs: number }
  /** A fax answered: the number goes on the organisation's do-not-call list (it never reaches a person). */
  | { table: "fax"; organizationId: string; campaignId: string; phone: string; callId: string };

export async function writeCampaignRows(db: Database, rows: readonly CampaignRecordRow[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const item of rows) {
      if (item.table === "fax") {
        const [entry] = await tx
          .insert(dncEntries)
          .values({ organizationId: item.organizationId, phone: item.phone, reason: `fax machine answered (call ${item.callId})` })
          .onConflictDoNothing()
          .returning({ id: dncEntries.id });
        if (entry) {
          await recordAudit(tx, item.organizationId, { kind: "system" }, {
            action: "dnc.added",
            resourceType: "dnc_entry",
            resourceId: entry.id,
            after: { phone: item.phone, campaignId: null, reason: "fax machine answered", callId: item.callId, byCampaign: item.campaignId },
          });
        }
      } else if (item.table === "skip") {
        // An agent removed since their Dial was refused leaves the skip unattributed, not the outbox stuck on a foreign key.
        const agentUserId = item.row.agentUserId ? sql`(select ${users.id} from ${users} where ${users.id} = ${item.row.agentUserId})` : null;
        const row = { ...item.row, agentUserId, occurredAt: new Date(item.row.occurredAt), nextEligibleAt: item.row.nextEligibleAt ? new Date(item.row.nextEligibleAt) : null };
        await tx.insert(complianceSkips).values(row).onConflictDoNothing();
      }
    }
  });
}
