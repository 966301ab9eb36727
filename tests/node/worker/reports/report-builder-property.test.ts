// The report builder's property test (issue 16's proof): for every dataset, definitions
// drawn by fast-check (filters on values the rows hold, group-by, measures, sort, columns)
// are compiled by worker/reports/compile.ts and run against a real PostgreSQL reached as
// the Worker reaches it (Neon driver over the local relay); each answer must equal a
// reference computed here in TypeScript from the raw rows that were inserted. The
// organisation is on Chicago's calendar (days drawn at its midnight, calls near it), and a
// second organisation's rows must never show. Text is ordered by the database's collation
// (asked once per set of values), the one thing the reference does not restate.
import { neonConfig } from "@neondatabase/serverless";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ws from "ws";
import { freePort } from "../../../../scripts/lib/free-port";
import { startLocalPostgres, type LocalPostgres } from "../../../../scripts/lib/local-postgres";
import { applyMigrations } from "../../../../scripts/lib/migrate";
import { startWsRelay, type WsRelay } from "../../../../scripts/lib/ws-relay";
import { openDatabase, type DatabaseHandle } from "../../../../db/client";
import { TEST_ACCESS } from "../../support/database-access";
import { accounts, calls, campaigns, complianceSkips, memberships, organizations, payments, teamMembers, teams, users } from "../../../../db/schema";
import {
  MEASURE_FUNCTIONS,
  OPERATORS_BY_TYPE,
  REPORT_DATASETS,
  REPORT_DATASET_NAMES,
  measureAlias,
  outputColumns,
  reportDefinition,
  type FieldType,
  type ReportDataset,
  type ReportDefinition,
  type ReportField,
} from "../../../../domain/report-definition";
import { compileReport } from "../../../../worker/reports/compile";

const TIME_ZONE = "America/Chicago";
/** Definitions tried per dataset: each is one query, so the file stays well under a minute. */
const RUNS_PER_DATASET = 100;
const SEED = 1616;

let postgres: LocalPostgres;
let relay: WsRelay;
let handle: DatabaseHandle;

type Value = string | number | boolean | null;
type Row = Record<string, Value>;
/** A dataset's rows as the reference sees them: each field's value, and the dataset's own order (its tiebreak). */
interface ReferenceRow {
  fields: Row;
  tiebreak: Value[];
}
const reference = {} as Record<ReportDataset, ReferenceRow[]>;
let organizationId = "";

// ---- the raw rows ----------------------------------------------------------------------

/** A small seeded generator for the rows (fast-check draws the definitions). */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

const localDay = (instant: Date) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
const iso = (instant: Date | null) => (instant ? instant.toISOString() : null);

async function seed() {
  const random = prng(SEED);
  const db = handle.db;
  const [org] = await db.insert(organizations).values({ name: "Property Org", slug: `property-${Date.now()}`, timeZone: TIME_ZONE }).returning();
  const [other] = await db.insert(organizations).values({ name: "Other Org", slug: `property-other-${Date.now()}` }).returning();
  organizationId = org!.id;

  // People: three agents (two in North, one in South, one in no team), a supervisor, an admin.
  const people = [
    { name: "Ada Park", role: "agent" },
    { name: "Ben Cole", role: "agent" },
    { name: "Cy Diaz", role: "agent" },
    { name: "Di Evans", role: "agent" },
    { name: "Eve Ford", role: "supervisor" },
    { name: "Fay Gray", role: "admin" },
  ] as const;
  const userRows = await db
    .insert(users)
    .values(people.map((p, i) => ({ email: `p${i}-${Date.now()}@property.test`, name: p.name, passwordHash: "x" })))
    .returning();
  const joined = (i: number) => new Date(Date.UTC(2026, 10, 1 + i, 6 + i, 0, 0));
  await db.insert(memberships).values(userRows.map((u, i) => ({ organizationId: org!.id, userId: u.id, role: people[i]!.role, createdAt: joined(i) })));
  // Ada also works for the other organisation, as its admin: that membership is not this organisation's.
  await db.insert(memberships).values({ organizationId: other!.id, userId: userRows[0]!.id, role: "admin" });
  const [north, south] = await db
    .insert(teams)
    .values([
      { organizationId: org!.id, name: "North" },
      { organizationId: org!.id, name: "South" },
    ])
    .returning();
  await db.insert(teamMembers).values([
    { teamId: north!.id, organizationId: org!.id, userId: userRows[0]!.id, role: "member" },
    { teamId: north!.id, organizationId: org!.id, userId: userRows[1]!.id, role: "member" },
    { teamId: south!.id, organizationId: org!.id, userId: userRows[2]!.id, role: "member" },
    // A supervisor of a team is not its member: their calls have no team.
    { teamId: north!.id, organizationId: org!.id, userId: userRows[4]!.id, role: "supervisor" },
  ]);
  const teamOf = new Map<string, { id: string; name: string }>([
    [userRows[0]!.id, north!],
    [userRows[1]!.id, north!],
    [userRows[2]!.id, south!],
  ]);
  const nameOf = new Map(userRows.map((u) => [u.id, u.name]));
  const agentIds = userRows.slice(0, 5).map((u) => u.id);

  const campaignSpecs = [
    { name: "Autumn", status: "running", pacingMode: "progressive", abandonCapPercent: 3, createdAt: new Date("2026-11-20T15:00:00Z"), startedAt: new Date("2026-11-21T14:00:00Z"), stoppedAt: null },
    { name: "Winter", status: "paused", pacingMode: "predictive", abandonCapPercent: 2.5, createdAt: new Date("2026-11-22T15:00:00Z"), startedAt: new Date("2026-11-23T14:00:00Z"), stoppedAt: new Date("2026-11-30T23:00:00Z") },
    { name: "Spring", status: "draft", pacingMode: "preview", abandonCapPercent: 1, createdAt: new Date("2026-11-24T15:00:00Z"), startedAt: null, stoppedAt: null },
  ] as const;
  const campaignRows = await db
    .insert(campaigns)
    .values(campaignSpecs.map((c) => ({ ...c, organizationId: org!.id, safeHarborMessage: "Sorry we missed you." })))
    .returning();
  const [otherCampaign] = await db.insert(campaigns).values({ organizationId: other!.id, name: "Autumn", safeHarborMessage: "x", createdAt: new Date("2026-11-20T15:00:00Z") }).returning();
  const campaignName = new Map(campaignRows.map((c) => [c.id, c.name]));

  const accountRows = await db
    .insert(accounts)
    .values(["Gus", "Hal", "Ivy", "Jo"].map((name, i) => ({ organizationId: org!.id, name, phones: [`+1555010000${i}`] })))
    .returning();

  // Calls over three Chicago days, some within minutes of its midnight (06:00 UTC).
  const callRows: (typeof calls.$inferInsert)[] = [];
  const dayStarts = [Date.UTC(2026, 11, 1, 6), Date.UTC(2026, 11, 2, 6), Date.UTC(2026, 11, 3, 6)];
  for (let i = 0; i < 70; i++) {
    const nearMidnight = random.chance(0.2);
    const start = random.pick(dayStarts) + (nearMidnight ? random.int(-300, 300) : random.int(0, 86_399)) * 1000;
    // A few calls share their start to the millisecond: the order falls back to the id.
    const createdAt = new Date(i % 17 === 3 ? dayStarts[0]! + 3_600_000 : start);
    const agentUserId = random.chance(0.85) ? random.pick(agentIds) : null;
    const bridged = agentUserId !== null && random.chance(0.6);
    const bridgedAt = bridged ? new Date(createdAt.getTime() + random.int(5, 30) * 1000) : null;
    const ended = random.chance(0.9);
    const endedAt = ended ? new Date((bridgedAt ?? createdAt).getTime() + random.int(0, 600) * 1000) : null;
    const disposition = bridged && ended && random.chance(0.8) ? random.pick(["promise_to_pay", "callback", "refused", "paid", "dispute"] as const) : null;
    const details =
      disposition === "promise_to_pay"
        ? { promiseDate: random.pick(["2026-12-10", "2026-12-15", "2026-12-20"]), promiseAmountCents: random.int(1, 40) * 500 }
        : disposition === "callback"
          ? { callbackAt: new Date(createdAt.getTime() + 86_400_000).toISOString() }
          : null;
    const liveAnswered = bridged || random.chance(0.3);
    callRows.push({
      id: randomUUID(),
      organizationId: org!.id,
      direction: random.chance(0.8) ? "outbound" : "inbound",
      kind: "dialer",
      toNumber: random.pick(["+15550100001", "+15550100002", "+15550100003", "+442071234567"]),
      fromNumber: "+15550109999",
      agentUserId,
      accountId: random.chance(0.8) ? random.pick(accountRows).id : null,
      status: ended ? random.pick(["completed", "no_answer", "busy"] as const) : bridged ? "bridged" : "ringing",
      createdAt,
      bridgedAt,
      endedAt,
      disposition,
      dispositionAt: disposition ? new Date((endedAt ?? createdAt).getTime() + random.int(1, 90) * 1000) : null,
      dispositionDetails: details,
      annotatedByName: disposition ? random.pick(["Ada Park", "Eve Ford", "ada park"]) : null,
      campaignId: random.chance(0.8) ? random.pick(campaignRows).id : null,
      liveAnswered,
      abandoned: liveAnswered && !bridged && random.chance(0.5),
      origin: random.pick(["dialer", "preview", "manual", "inbound"] as const),
      outcome: ended ? random.pick(["connected", "abandoned", "voicemail_left", "no_answer"] as const) : null,
      version: 1,
    });
  }
  await db.insert(calls).values(callRows);
  // The other organisation's calls, by the same agent, on the same days: never in a report.
  const otherCallIds = [randomUUID(), randomUUID(), randomUUID()];
  await db.insert(calls).values(
    [0, 1, 2].map((i) => ({
      id: otherCallIds[i]!,
      organizationId: other!.id,
      direction: "outbound" as const,
      kind: "dialer" as const,
      toNumber: "+15550100001",
      fromNumber: "+15550109999",
      agentUserId: userRows[0]!.id,
      status: "completed" as const,
      createdAt: new Date(dayStarts[i]! + 3_600_000),
      bridgedAt: new Date(dayStarts[i]! + 3_610_000),
      endedAt: new Date(dayStarts[i]! + 3_700_000),
      disposition: "promise_to_pay",
      dispositionAt: new Date(dayStarts[i]! + 3_710_000),
      dispositionDetails: { promiseDate: "2026-12-10", promiseAmountCents: 9_999 },
      campaignId: otherCampaign!.id,
      liveAnswered: true,
      origin: "dialer" as const,
      outcome: "connected" as const,
      version: 1,
    })),
  );

  const skipRows: (typeof complianceSkips.$inferInsert)[] = [];
  for (let i = 0; i < 30; i++) {
    const occurredAt = new Date(random.pick(dayStarts) + random.int(-600, 86_000) * 1000);
    skipRows.push({
      id: `skip-${i}-${randomUUID()}`,
      organizationId: org!.id,
      campaignId: random.pick(campaignRows).id,
      accountId: random.chance(0.7) ? random.pick(accountRows).id : null,
      phone: random.pick(["+15550100001", "+15550100002", "-1 formula"]),
      reason: random.pick(["outside_calling_window", "do_not_call", "attempt_cap", "consent_unknown"]),
      // LIKE's own wildcards and escape in the text: `contains` must match them literally.
      explanation: random.pick(["The law's window", "Asked not to be called", "Seven in seven days", "100% sure_ish", "back\\slash 5_0"]),
      nextEligibleAt: random.chance(0.6) ? new Date(occurredAt.getTime() + random.int(1, 48) * 3_600_000) : null,
      occurredAt,
      // Caused by an agent (their own Dial refused) or, mostly, by nobody.
      agentUserId: random.chance(0.4) ? random.pick(agentIds) : null,
    });
  }
  await db.insert(complianceSkips).values(skipRows);
  await db.insert(complianceSkips).values({ id: `skip-other-${randomUUID()}`, organizationId: other!.id, campaignId: otherCampaign!.id, phone: "+15550100001", reason: "do_not_call", explanation: "x", occurredAt: new Date(dayStarts[0]!) });

  // Payments on calls of this organisation, on none, and one naming another organisation's
  // call (its campaign and agent must not show); cents are bigint in the ledger.
  const [otherAccount] = await db.insert(accounts).values({ organizationId: other!.id, name: "Kim", phones: ["+15550100009"] }).returning();
  const paymentRows: (typeof payments.$inferInsert)[] = [];
  for (let i = 0; i < 30; i++) {
    const call = random.chance(0.6) ? random.pick(callRows) : null;
    const amountCents = random.int(1, 60) * 1_000 + random.pick([0, 1, 99]);
    const refundedCents = random.chance(0.2) ? random.int(1, amountCents) : 0;
    const disputedCents = refundedCents === 0 && random.chance(0.1) ? amountCents : 0;
    paymentRows.push({
      id: randomUUID(),
      organizationId: org!.id,
      accountId: random.pick(accountRows).id,
      callId: call ? call.id : i % 10 === 7 ? otherCallIds[0]! : null,
      amountCents,
      refundedCents,
      disputedCents,
      currency: "usd",
      method: random.pick(["ivr", "link", "agent"] as const),
      status: disputedCents > 0 ? "disputed" : refundedCents === amountCents ? "refunded" : refundedCents > 0 ? "partially_refunded" : "succeeded",
      stripePaymentIntentId: `pi_property_${i}_${randomUUID()}`,
      receiptNumber: random.chance(0.7) ? `R-${1000 + i}` : null,
      paidAt: new Date(random.pick(dayStarts) + random.int(-900, 86_000) * 1000),
    });
  }
  await db.insert(payments).values(paymentRows);
  await db.insert(payments).values({
    organizationId: other!.id,
    accountId: otherAccount!.id,
    callId: otherCallIds[1]!,
    amountCents: 77_700,
    currency: "usd",
    method: "ivr",
    stripePaymentIntentId: `pi_property_other_${randomUUID()}`,
    paidAt: new Date(dayStarts[1]! + 60_000),
  });

  // The reference: each dataset's rows as their fields, from what was inserted.
  const callFields = (c: (typeof callRows)[number]): Row => {
    const team = c.agentUserId ? teamOf.get(c.agentUserId) : undefined;
    return {
      id: c.id,
      createdAt: iso(c.createdAt),
      day: localDay(c.createdAt),
      direction: c.direction,
      origin: c.origin ?? null,
      outcome: c.outcome ?? null,
      status: c.status,
      campaignId: c.campaignId ?? null,
      campaignName: c.campaignId ? campaignName.get(c.campaignId)! : null,
      agentId: c.agentUserId ?? null,
      agentName: c.agentUserId ? nameOf.get(c.agentUserId)! : null,
      teamId: team?.id ?? null,
      teamName: team?.name ?? null,
      accountId: c.accountId ?? null,
      toNumber: c.toNumber,
      liveAnswered: c.liveAnswered!,
      abandoned: c.abandoned!,
      connected: c.bridgedAt != null,
      talkSeconds: c.bridgedAt && c.endedAt ? Math.max(0, (c.endedAt.getTime() - c.bridgedAt.getTime()) / 1000) : null,
      disposition: c.disposition ?? null,
    };
  };
  reference.calls = callRows.map((c) => ({ fields: callFields(c), tiebreak: [iso(c.createdAt), c.id] }));
  reference.dispositions = callRows
    .filter((c) => c.disposition != null)
    .map((c) => {
      const f = callFields(c);
      const details = (c.dispositionDetails ?? {}) as { promiseAmountCents?: number; promiseDate?: string; callbackAt?: string };
      return {
        fields: {
          callId: c.id,
          dispositionAt: iso(c.dispositionAt ?? null),
          day: f.day!,
          disposition: c.disposition!,
          agentId: f.agentId!,
          agentName: f.agentName!,
          teamId: f.teamId!,
          teamName: f.teamName!,
          campaignId: f.campaignId!,
          campaignName: f.campaignName!,
          promiseAmountCents: details.promiseAmountCents ?? null,
          promiseDate: details.promiseDate ?? null,
          callbackAt: details.callbackAt ?? null,
          annotatedByName: c.annotatedByName ?? null,
        },
        tiebreak: [iso(c.createdAt), c.id],
      };
    });
  reference.agents = userRows.map((u, i) => ({
    fields: { userId: u.id, name: u.name, email: u.email, role: people[i]!.role, joinedAt: iso(joined(i)) },
    tiebreak: [u.name, u.id],
  }));
  reference.campaigns = campaignRows.map((c) => ({
    fields: {
      id: c.id,
      name: c.name,
      status: c.status,
      pacingMode: c.pacingMode,
      abandonCapPercent: c.abandonCapPercent,
      createdAt: iso(c.createdAt),
      startedAt: iso(c.startedAt),
      stoppedAt: iso(c.stoppedAt),
    },
    tiebreak: [iso(c.createdAt), c.id],
  }));
  reference.complianceSkips = skipRows.map((s) => ({
    fields: {
      id: s.id,
      occurredAt: iso(s.occurredAt),
      day: localDay(s.occurredAt),
      campaignId: s.campaignId,
      campaignName: campaignName.get(s.campaignId)!,
      reason: s.reason,
      phone: s.phone,
      accountId: s.accountId ?? null,
      explanation: s.explanation,
      nextEligibleAt: iso(s.nextEligibleAt ?? null),
      agentUserId: s.agentUserId ?? null,
      agentName: s.agentUserId ? nameOf.get(s.agentUserId)! : null,
    },
    tiebreak: [iso(s.occurredAt), s.id],
  }));
  const callById = new Map(callRows.map((c) => [c.id, c]));
  const accountName = new Map(accountRows.map((a) => [a.id, a.name]));
  reference.payments = paymentRows.map((p) => {
    const call = p.callId ? callById.get(p.callId) : undefined;
    return {
      fields: {
        id: p.id!,
        paidAt: iso(p.paidAt),
        day: localDay(p.paidAt),
        accountId: p.accountId,
        accountName: accountName.get(p.accountId)!,
        callId: p.callId ?? null,
        campaignId: call?.campaignId ?? null,
        campaignName: call?.campaignId ? campaignName.get(call.campaignId)! : null,
        agentId: call?.agentUserId ?? null,
        agentName: call?.agentUserId ? nameOf.get(call.agentUserId)! : null,
        method: p.method,
        status: p.status!,
        currency: p.currency,
        amountCents: p.amountCents,
        refundedCents: p.refundedCents!,
        disputedCents: p.disputedCents!,
        keptCents: p.amountCents - p.refundedCents! - p.disputedCents!,
        receiptNumber: p.receiptNumber ?? null,
      },
      tiebreak: [iso(p.paidAt), p.id!],
    };
  });
}

// ---- the reference's evaluation --------------------------------------------------------

/** Text in the database's collation: its rank among the values asked about. */
const collationRank = new Map<string, number>();
async function learnCollation(values: Iterable<Value>) {
  const texts = [...new Set([...values].filter((v): v is string => typeof v === "string"))];
  if (texts.every((t) => collationRank.has(t))) return;
  for (const t of collationRank.keys()) texts.push(t);
  const unique = [...new Set(texts)];
  const result = await handle.db.execute<{ v: string }>(sql`select v from unnest(array[${sql.join(unique.map((t) => sql`${t}`), sql`, `)}]::text[]) as v order by v`);
  collationRank.clear();
  result.rows.forEach((row, i) => collationRank.set(row.v, i));
}

/** Two non-null values of one column as Postgres orders them. */
function compareValues(a: Exclude<Value, null>, b: Exclude<Value, null>): number {
  if (typeof a === "string" && typeof b === "string") return collationRank.get(a)! - collationRank.get(b)!;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return (a as number) - (b as number);
}

/** One sort key: asc puts nulls first, desc last (compile.ts's choice); the tiebreak's plain asc puts them last. */
function compareKey(a: Value, b: Value, direction: "asc" | "desc", nulls: "first" | "last"): number {
  if (a === null || b === null) {
    if (a === b) return 0;
    return (a === null ? -1 : 1) * (nulls === "first" ? 1 : -1);
  }
  const order = compareValues(a, b);
  return direction === "asc" ? order : -order;
}

/** An instant's text compared as the instant it is (the ISO spelling sorts as the time does). */
function filterMatches(value: Value, type: FieldType, op: string, operand: unknown): boolean {
  const asComparable = (v: unknown) => (type === "instant" ? Date.parse(String(v)) : v);
  const same = (v: unknown) => (type === "instant" ? Date.parse(String(v)) === Date.parse(String(value)) : v === value);
  switch (op) {
    case "is_null":
      return value === null;
    case "not_null":
      return value !== null;
    case "neq":
      return value === null || !same(operand);
  }
  if (value === null) return false;
  const left = asComparable(value) as number | string;
  const right = asComparable(operand) as number | string;
  switch (op) {
    case "eq":
      return same(operand);
    case "in":
      return (operand as unknown[]).some(same);
    case "contains":
      return String(value).toLowerCase().includes(String(operand).toLowerCase());
    case "gt":
      return left > right;
    case "gte":
      return left >= right;
    case "lt":
      return left < right;
    case "lte":
      return left <= right;
  }
  throw new Error(`no reference for ${op}`);
}

function measureOf(fn: string, values: Value[]): Value {
  const present = values.filter((v): v is Exclude<Value, null> => v !== null);
  switch (fn) {
    case "count":
      return values.length;
    case "count_distinct":
      return new Set(present).size;
    case "sum":
      return present.length ? present.reduce<number>((s, v) => s + (v as number), 0) : null;
    case "avg":
      return present.length ? present.reduce<number>((s, v) => s + (v as number), 0) / present.length : null;
    case "min":
      return present.length ? present.reduce((m, v) => (compareValues(v, m) < 0 ? v : m)) : null;
    case "max":
      return present.length ? present.reduce((m, v) => (compareValues(v, m) > 0 ? v : m)) : null;
  }
  throw new Error(`no reference for ${fn}`);
}

/** What the report must answer, rows in order, from the raw rows alone. */
async function expectedRows(definition: ReportDefinition): Promise<Row[]> {
  const fieldTypes: Record<string, ReportField> = REPORT_DATASETS[definition.dataset].fields;
  const rows = reference[definition.dataset].filter((row) =>
    definition.filters.every((f) => filterMatches(row.fields[f.field]!, fieldTypes[f.field]!.type, f.op, f.value)),
  );
  const columns = outputColumns(definition);
  await learnCollation(rows.flatMap((r) => [...Object.values(r.fields), ...r.tiebreak]));
  if (definition.groupBy.length === 0) {
    const sorted = [...rows].sort((a, b) => {
      for (const s of definition.sort) {
        const order = compareKey(a.fields[s.by]!, b.fields[s.by]!, s.direction, s.direction === "asc" ? "first" : "last");
        if (order !== 0) return order;
      }
      for (let i = 0; i < a.tiebreak.length; i++) {
        const order = compareKey(a.tiebreak[i]!, b.tiebreak[i]!, "asc", "last");
        if (order !== 0) return order;
      }
      return 0;
    });
    return sorted.map((r) => Object.fromEntries(columns.map((c) => [c, r.fields[c]!])));
  }
  const groups = new Map<string, ReferenceRow[]>();
  for (const row of rows) {
    const key = JSON.stringify(definition.groupBy.map((g) => row.fields[g]));
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const measures = definition.measures.length > 0 ? definition.measures : [{ fn: "count" as const }];
  const grouped: Row[] = [...groups.values()].map((members) => ({
    ...Object.fromEntries(definition.groupBy.map((g) => [g, members[0]!.fields[g]!])),
    ...Object.fromEntries(measures.map((m) => [measureAlias(m), measureOf(m.fn, members.map((r) => (m.field ? r.fields[m.field]! : 1)))])),
  }));
  await learnCollation(grouped.flatMap((r) => Object.values(r)));
  return grouped.sort((a, b) => {
    for (const s of definition.sort) {
      const order = compareKey(a[s.by]!, b[s.by]!, s.direction, s.direction === "asc" ? "first" : "last");
      if (order !== 0) return order;
    }
    for (const g of definition.groupBy) {
      const order = compareKey(a[g]!, b[g]!, "asc", "last");
      if (order !== 0) return order;
    }
    return 0;
  });
}

// ---- the definitions fast-check draws ---------------------------------------------------

type FilterCandidate = { field: string; op: string; value?: string | number | boolean | (string | number | boolean)[] };
type MeasureCandidate = { fn: string; field?: string };

function definitionArbitrary(dataset: ReportDataset): fc.Arbitrary<ReportDefinition> {
  const fields: Record<string, ReportField> = REPORT_DATASETS[dataset].fields;
  const names = Object.keys(fields);
  const valuesOf = (field: string) => {
    const seen = [...new Set(reference[dataset].map((r) => r.fields[field]).filter((v): v is Exclude<Value, null> => v !== null))];
    return seen.length > 0 ? seen : [fields[field]!.type === "number" ? 0 : fields[field]!.type === "boolean" ? true : "none"];
  };
  /** A value to compare with: one the rows hold, one near it, or one none holds. */
  const operand = (field: string): fc.Arbitrary<string | number | boolean> => {
    const type = fields[field]!.type;
    const held = fc.constantFrom(...valuesOf(field));
    switch (type) {
      case "instant":
        return fc.oneof(held, fc.tuple(held, fc.integer({ min: -3_600, max: 3_600 })).map(([v, s]) => new Date(Date.parse(String(v)) + s * 1000).toISOString()));
      case "number":
        return fc.oneof(held, fc.integer({ min: -5, max: 20_000 }));
      case "date":
        return fc.oneof(held, fc.constantFrom("2026-11-30", "2026-12-02", "2026-12-04"));
      case "boolean":
        return fc.boolean();
      case "text":
        return fc.oneof(held, fc.constant("nobody has this"));
    }
  };
  const filter = fc.constantFrom(...names).chain((field) =>
    fc.constantFrom(...OPERATORS_BY_TYPE[fields[field]!.type]).chain((op): fc.Arbitrary<FilterCandidate> => {
      if (op === "is_null" || op === "not_null") return fc.constant({ field, op });
      if (op === "in") return fc.array(operand(field), { minLength: 1, maxLength: 3 }).map((value) => ({ field, op, value }));
      if (op === "contains")
        return fc
          .tuple(fc.constantFrom(...valuesOf(field).map(String)), fc.nat(), fc.nat({ max: 6 }), fc.boolean())
          .map(([text, start, length, upper]) => {
            const from = start % Math.max(1, text.length);
            const part = text.slice(from, from + length + 1) || text;
            return { field, op, value: upper ? part.toUpperCase() : part };
          });
      return operand(field).map((value) => ({ field, op, value }));
    }),
  );
  const filters = fc.array(filter, { maxLength: 3 });
  const groupable = names.filter((n) => fields[n]!.groupable);
  const measureFor = fc.constantFrom(...MEASURE_FUNCTIONS).chain((fn): fc.Arbitrary<MeasureCandidate> => {
    if (fn === "count") return fc.constant({ fn });
    const takes: Record<string, readonly FieldType[]> = {
      count_distinct: ["text", "number", "date", "boolean"],
      sum: ["number"],
      avg: ["number"],
      min: ["number", "instant", "date"],
      max: ["number", "instant", "date"],
    };
    const eligible = names.filter((n) => takes[fn]!.includes(fields[n]!.type));
    return eligible.length ? fc.constantFrom(...eligible).map((field) => ({ fn, field })) : fc.constant({ fn: "count" as const });
  });
  const sortOver = (columns: string[]) =>
    fc.uniqueArray(fc.constantFrom(...columns), { maxLength: 2 }).chain((bys) =>
      fc.tuple(...bys.map((by) => fc.constantFrom("asc" as const, "desc" as const).map((direction) => ({ by, direction })))),
    );
  const ungrouped = fc
    .tuple(filters, fc.option(fc.shuffledSubarray(names, { minLength: 1 }), { nil: undefined }))
    .chain(([f, columns]) => sortOver(columns ?? names).map((sort) => ({ dataset, filters: f, columns, groupBy: [], measures: [], sort })));
  const grouped = fc
    .tuple(filters, fc.shuffledSubarray(groupable, { minLength: 1, maxLength: 2 }), fc.uniqueArray(measureFor, { maxLength: 3, selector: (m) => measureAlias(m) }))
    .chain(([f, groupBy, measures]) =>
      sortOver(outputColumns({ dataset, groupBy, measures: measures as ReportDefinition["measures"] })).map((sort) => ({ dataset, filters: f, groupBy, measures, sort })),
    );
  return fc.oneof(ungrouped, grouped).map((candidate) => reportDefinition.parse(candidate));
}

// ---- the run ---------------------------------------------------------------------------

/** Floats as Postgres and JavaScript may each round them, to compare the value, not the last bit. */
const comparable = (rows: Row[]) => rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "number" ? Number(v.toPrecision(12)) : v])));

async function actualRows(definition: ReportDefinition): Promise<Row[]> {
  const { query, columns } = compileReport(definition, { organizationId, timeZone: TIME_ZONE }, null);
  const result = await handle.db.execute<Record<string, unknown>>(query);
  return result.rows.map((row) => Object.fromEntries(columns.map((c) => [c, (row[c] instanceof Date ? (row[c] as Date).toISOString() : row[c]) as Value])));
}

beforeAll(async () => {
  const dataDir = path.join(os.tmpdir(), `wib-reports-pg-${process.pid}-${Date.now()}`, "pg");
  postgres = await startLocalPostgres({ dataDir, port: await freePort(), persistent: false });
  await postgres.createDatabaseIfMissing("reports");
  await applyMigrations(postgres.urlFor("reports"));
  relay = await startWsRelay({ port: await freePort(), postgresPort: postgres.port });
  neonConfig.webSocketConstructor = ws;
  handle = openDatabase({ DATABASE_URL: postgres.urlFor("reports"), DATABASE_WS_PROXY: `${relay.proxyHost}/v2` }, TEST_ACCESS);
  await seed();
}, 120_000);

afterAll(async () => {
  await handle?.close();
  await relay?.close();
  await postgres?.stop();
});

describe("the report builder against a reference computed from the raw rows", () => {
  it.each(REPORT_DATASET_NAMES)("%s: every drawn definition answers the reference's rows, in its order", async (dataset) => {
    await fc.assert(
      fc.asyncProperty(definitionArbitrary(dataset), async (definition) => {
        const [actual, expected] = await Promise.all([actualRows(definition), expectedRows(definition)]);
        expect(comparable(actual), JSON.stringify(definition)).toEqual(comparable(expected));
      }),
      { seed: SEED, numRuns: RUNS_PER_DATASET, endOnFailure: false },
    );
  }, 60_000);

  it("draws definitions that find rows, not only empty answers", async () => {
    const sample = fc.sample(definitionArbitrary("calls"), { seed: SEED, numRuns: RUNS_PER_DATASET });
    const answered = await Promise.all(sample.map(async (d) => (await expectedRows(d)).length > 0));
    expect(answered.filter(Boolean).length).toBeGreaterThan(RUNS_PER_DATASET / 2);
  });
});
