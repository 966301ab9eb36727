// The KPIs of domain/kpis.ts computed in Postgres over the record, one query per answer.
// Each row of the answer is a "bucket": a span of org-calendar days (a day, a week, or the
// whole period) and, grouped by campaign or agent, one key. Postgres draws the day
// boundaries itself (`local_date::timestamp AT TIME ZONE zone`), so a DST change makes a
// 23- or 25-hour day, never a shifted one. Every value reaches the SQL as a bound
// parameter; the only SQL chosen here are fixed fragments picked by the grouping.
import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import {
  ABANDON_ROLLING_DAYS,
  RIGHT_PARTY_DISPOSITIONS,
  abandonRate,
  aiTakeoverRate,
  averageHandleSeconds,
  contactsPerAgentHour,
  conversionRate,
  occupancy,
  promiseKeptRate,
} from "../../domain/kpis";
import { AI_EVENT_TYPE } from "../../objects/call/features/ai-agent/ai-events";
import { hasPresence, presenceKeys, presenceLateral, teamOfUser } from "./presence-kpis";
import type { KpiRow } from "../http/contracts/analytics";

export type KpiGroupBy = "day" | "week" | "campaign" | "agent" | "team";

export interface KpiScope {
  organizationId: string;
  timeZone: string;
  /** Org-calendar dates, both inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  campaignId: string | null;
  agentId: string | null;
  /** Calls whose agent is a member of this team now (teams are current, not as of the call). */
  teamId: string | null;
  /** An agent's own view: compliance skips are not theirs to see. */
  showSkips: boolean;
  /** The organisation's today (YYYY-MM-DD): a promise is due once its date is before it. */
  today: string;
}

interface RawRow extends Record<string, unknown> {
  key: string | null;
  label: string;
  first_day: string;
  last_day: string;
  dials: number;
  connects: number;
  ended_connects: number;
  right_party: number;
  talk_seconds: number;
  handle_seconds: number;
  live: number;
  abandoned: number;
  live_30d: number;
  abandoned_30d: number;
  ptp_count: number;
  ptp_cents: number;
  ptp_due: number;
  ptp_kept: number;
  converted: number;
  payments: number;
  collected_cents: number;
  skips: Record<string, number> | null;
  skips_caused: number;
  ai_handled: number;
  ai_taken_over: number;
  /** Null where the report has no presence (by campaign, or one campaign's). */
  handling_seconds: number | null;
  idle_seconds: number | null;
  break_seconds: number | null;
  logged_in_seconds: number | null;
}

/** The instant an org-calendar date begins (a date expression, in the scope's zone). */
const startOf = (scope: KpiScope, day: SQL) => sql`((${day})::timestamp at time zone ${scope.timeZone}::text)`;

/** The campaign and agent filters, on the calls table aliased `c`. */
function callFilters(scope: KpiScope): SQL {
  return sql`c.organization_id = ${scope.organizationId}
    ${scope.campaignId ? sql`and c.campaign_id = ${scope.campaignId}` : sql``}
    ${scope.agentId ? sql`and c.agent_user_id = ${scope.agentId}` : sql``}
    ${scope.teamId ? sql`and ${teamOfCall} = ${scope.teamId}::uuid` : sql``}`;
}

/**
 * A payment (alias `p`) in scope: the organisation's, and for a campaign, agent or team, one
 * paid on a call (alias `c`, left-joined: null when the payment names no call of the
 * organisation's) of that campaign, agent or team.
 */
function paymentFilters(scope: KpiScope): SQL {
  return sql`p.organization_id = ${scope.organizationId}
    ${scope.campaignId ? sql`and c.campaign_id = ${scope.campaignId}` : sql``}
    ${scope.agentId ? sql`and c.agent_user_id = ${scope.agentId}` : sql``}
    ${scope.teamId ? sql`and ${teamOfCall} = ${scope.teamId}::uuid` : sql``}`;
}
const paymentsWithCall = sql`payments p left join calls c on c.id = p.call_id and c.organization_id = p.organization_id`;

/** The team the call's agent (alias `c`) is a member of: one at most (domain/teams.ts). */
const teamOfCall = teamOfUser(sql`c.agent_user_id`, sql`c.organization_id`);

/** The buckets (key, label, first_day, last_day) of a grouping, every day or week of the period included. */
function buckets(scope: KpiScope, groupBy: KpiGroupBy | "total"): SQL {
  const from = sql`${scope.from}::date`;
  const to = sql`${scope.to}::date`;
  const inPeriod = sql`c.created_at >= ${startOf(scope, from)} and c.created_at < ${startOf(scope, sql`${to} + 1`)}`;
  const paidInPeriod = sql`p.paid_at >= ${startOf(scope, from)} and p.paid_at < ${startOf(scope, sql`${to} + 1`)}`;
  /** Keys of the payments paid in the period, so a payment on an earlier call still has its row. */
  const paymentKeys = (key: SQL) => sql`union select distinct ${key} from ${paymentsWithCall} where ${paymentFilters(scope)} and ${paidInPeriod}`;
  /** Keys of the agents (teams) who caused skips in the period, so an agent whose only fact is a skip has a row. */
  const causedSkipKeys = (key: SQL) =>
    sql`union select distinct ${key} from compliance_skips s where ${causedSkipFilters(scope)} and s.occurred_at >= ${startOf(scope, from)} and s.occurred_at < ${startOf(scope, sql`${to} + 1`)}`;
  switch (groupBy) {
    case "total":
      return sql`select 'total'::text as key, 'All' as label, ${from} as first_day, ${to} as last_day`;
    case "day":
      return sql`select to_char(d, 'YYYY-MM-DD') as key, to_char(d, 'YYYY-MM-DD') as label, d::date as first_day, d::date as last_day
        from generate_series(${from}::timestamp, ${to}::timestamp, interval '1 day') as d`;
    case "week":
      // ISO weeks (Monday first), clipped to the period.
      return sql`select to_char(w, 'YYYY-MM-DD') as key, 'Week of ' || to_char(w, 'YYYY-MM-DD') as label,
          greatest(w::date, ${from}) as first_day, least(w::date + 6, ${to}) as last_day
        from generate_series(date_trunc('week', ${from}::timestamp), ${to}::timestamp, interval '1 week') as w`;
    case "campaign":
      return sql`select k.key, coalesce(camp.name, 'No campaign') as label, ${from} as first_day, ${to} as last_day
        from (
          select distinct c.campaign_id::text as key from calls c where ${callFilters(scope)} and ${inPeriod}
          ${paymentKeys(sql`c.campaign_id::text`)}
          ${scope.showSkips ? sql`union select distinct s.campaign_id::text from compliance_skips s
            where s.organization_id = ${scope.organizationId}
            ${scope.campaignId ? sql`and s.campaign_id = ${scope.campaignId}` : sql``}
            and s.occurred_at >= ${startOf(scope, from)} and s.occurred_at < ${startOf(scope, sql`${to} + 1`)}` : sql``}
        ) k
        left join campaigns camp on camp.id = k.key::uuid and camp.organization_id = ${scope.organizationId}`;
    case "agent":
      return sql`select k.key, coalesce(u.name, 'No agent') as label, ${from} as first_day, ${to} as last_day
        from (select distinct c.agent_user_id::text as key from calls c where ${callFilters(scope)} and ${inPeriod}
          ${paymentKeys(sql`c.agent_user_id::text`)}
          ${causedSkipKeys(sql`s.agent_user_id::text`)}
          ${hasPresence(scope, groupBy) ? presenceKeys(scope, startOf(scope, from), startOf(scope, sql`${to} + 1`), "agent") : sql``}) k
        left join users u on u.id = k.key::uuid`;
    case "team":
      return sql`select k.key, coalesce(t.name, 'No team') as label, ${from} as first_day, ${to} as last_day
        from (select distinct ${teamOfCall}::text as key from calls c where ${callFilters(scope)} and ${inPeriod}
          ${paymentKeys(sql`${teamOfCall}::text`)}
          ${causedSkipKeys(sql`${teamOfSkipAgent}::text`)}
          ${hasPresence(scope, groupBy) ? presenceKeys(scope, startOf(scope, from), startOf(scope, sql`${to} + 1`), "team") : sql``}) k
        left join teams t on t.id = k.key::uuid and t.organization_id = ${scope.organizationId}`;
  }
}

/** How a call (alias `c`) belongs to a bucket (alias `b`) beyond its days. */
function keyMatch(groupBy: KpiGroupBy | "total"): SQL {
  if (groupBy === "campaign") return sql`and c.campaign_id is not distinct from b.key::uuid`;
  if (groupBy === "agent") return sql`and c.agent_user_id is not distinct from b.key::uuid`;
  if (groupBy === "team") return sql`and ${teamOfCall} is not distinct from b.key::uuid`;
  return sql``;
}

function kpiQuery(scope: KpiScope, groupBy: KpiGroupBy | "total"): SQL {
  const rpc = sql.join(RIGHT_PARTY_DISPOSITIONS.map((d) => sql`${d}`), sql`, `);
  const ended = sql`c.bridged_at is not null and c.ended_at is not null`;
  const talk = sql`greatest(0, extract(epoch from (c.ended_at - c.bridged_at)))`;
  const rollingFirst = sql`b.last_day - ${ABANDON_ROLLING_DAYS - 1}::int`;
  // Payments that kept something: one refunded or disputed in full collected nothing.
  const kept = sql`p.amount_cents - p.refunded_cents - p.disputed_cents > 0`;
  const paidOnCall = sql`exists (select 1 from payments p where p.call_id = c.id and p.organization_id = c.organization_id and ${kept})`;
  const promiseDate = sql`(c.disposition_details ->> 'promiseDate')::date`;
  const promiseDue = sql`c.disposition = 'promise_to_pay' and ${promiseDate} < ${scope.today}::date`;
  // Kept: the account paid after the promise was made and by the end of its date (the organisation's calendar).
  const promiseKept = sql`exists (select 1 from payments p where p.organization_id = c.organization_id and p.account_id = c.account_id and ${kept}
    and p.paid_at >= c.created_at and p.paid_at < ${startOf(scope, sql`${promiseDate} + 1`)})`;
  const presence = hasPresence(scope, groupBy);
  const presenceKeyMatch =
    groupBy === "agent"
      ? sql`and s.user_id is not distinct from b.key::uuid`
      : groupBy === "team"
        ? sql`and ${teamOfUser(sql`s.user_id`, sql`s.organization_id`)} is not distinct from b.key::uuid`
        : sql``;
  // The AI agent's events are stored with the call's (call_events, payload = the event's body,
  // objects/call/features/ai-agent/ai-events.ts): answered is the journal's first input of a
  // call it took; takeover is an operator's.
  const aiEvent = (condition: SQL) =>
    sql`exists (select 1 from call_events e where e.call_id = c.id and e.organization_id = c.organization_id and e.event_type = ${AI_EVENT_TYPE} and ${condition})`;
  const aiAnswered = aiEvent(sql`e.payload ->> 'kind' = 'journal' and e.payload -> 'input' ->> 'type' = 'answered'`);
  const aiTakenOver = aiEvent(sql`e.payload ->> 'kind' = 'takeover'`);
  const skipsByKey = groupBy === "agent" || groupBy === "team" || !scope.showSkips ? null : groupBy === "campaign" ? sql`and s.campaign_id is not distinct from b.key::uuid` : sql``;
  return sql`
    select b.key, b.label, to_char(b.first_day, 'YYYY-MM-DD') as first_day, to_char(b.last_day, 'YYYY-MM-DD') as last_day,
      coalesce(a.dials, 0)::int as dials, coalesce(a.connects, 0)::int as connects, coalesce(a.ended_connects, 0)::int as ended_connects,
      coalesce(a.right_party, 0)::int as right_party, coalesce(a.talk_seconds, 0)::float8 as talk_seconds,
      coalesce(a.handle_seconds, 0)::float8 as handle_seconds, coalesce(a.live, 0)::int as live, coalesce(a.abandoned, 0)::int as abandoned,
      coalesce(r.live, 0)::int as live_30d, coalesce(r.abandoned, 0)::int as abandoned_30d,
      coalesce(a.ptp_count, 0)::int as ptp_count, coalesce(a.ptp_cents, 0)::float8 as ptp_cents,
      coalesce(a.ptp_due, 0)::int as ptp_due, coalesce(a.ptp_kept, 0)::int as ptp_kept, coalesce(a.converted, 0)::int as converted,
      coalesce(a.ai_handled, 0)::int as ai_handled, coalesce(a.ai_taken_over, 0)::int as ai_taken_over,
      coalesce(pay.payments, 0)::int as payments, coalesce(pay.collected_cents, 0)::float8 as collected_cents,
      ${skipsByKey ? sql`coalesce(s.by_reason, '{}'::jsonb)` : sql`null::jsonb`} as skips,
      coalesce(sc.caused, 0)::int as skips_caused,
      ${
        presence
          ? sql`coalesce(pr.handling_seconds, 0)::float8 as handling_seconds, coalesce(pr.idle_seconds, 0)::float8 as idle_seconds,
      coalesce(pr.break_seconds, 0)::float8 as break_seconds, coalesce(pr.logged_in_seconds, 0)::float8 as logged_in_seconds`
          : sql`null::float8 as handling_seconds, null::float8 as idle_seconds, null::float8 as break_seconds, null::float8 as logged_in_seconds`
      }
    from (${buckets(scope, groupBy)}) b
    left join lateral (
      select
        count(*) filter (where c.direction = 'outbound') as dials,
        count(*) filter (where c.bridged_at is not null) as connects,
        count(*) filter (where ${ended}) as ended_connects,
        count(*) filter (where c.bridged_at is not null and c.disposition in (${rpc})) as right_party,
        sum(${talk}) filter (where ${ended}) as talk_seconds,
        sum(${talk} + coalesce(camp.wrap_up_seconds, org.wrap_up_seconds)) filter (where ${ended}) as handle_seconds,
        count(*) filter (where c.live_answered) as live,
        count(*) filter (where c.abandoned) as abandoned,
        count(*) filter (where c.disposition = 'promise_to_pay') as ptp_count,
        sum((c.disposition_details ->> 'promiseAmountCents')::bigint) filter (where c.disposition = 'promise_to_pay') as ptp_cents,
        count(*) filter (where ${promiseDue}) as ptp_due,
        count(*) filter (where ${promiseDue} and ${promiseKept}) as ptp_kept,
        count(*) filter (where c.bridged_at is not null and c.disposition in (${rpc}) and ${paidOnCall}) as converted,
        count(*) filter (where ${aiAnswered}) as ai_handled,
        count(*) filter (where ${aiAnswered} and ${aiTakenOver}) as ai_taken_over
      from calls c
      join organizations org on org.id = c.organization_id
      left join campaigns camp on camp.id = c.campaign_id
      where ${callFilters(scope)} ${keyMatch(groupBy)}
        and c.created_at >= ${startOf(scope, sql`b.first_day`)} and c.created_at < ${startOf(scope, sql`b.last_day + 1`)}
    ) a on true
    left join lateral (
      select count(*) filter (where c.live_answered) as live, count(*) filter (where c.abandoned) as abandoned
      from calls c
      where ${callFilters(scope)} ${keyMatch(groupBy)}
        and c.created_at >= ${startOf(scope, rollingFirst)} and c.created_at < ${startOf(scope, sql`b.last_day + 1`)}
    ) r on true
    left join lateral (
      select count(*) as payments, sum(p.amount_cents - p.refunded_cents - p.disputed_cents) as collected_cents
      from ${paymentsWithCall}
      where ${paymentFilters(scope)} ${keyMatch(groupBy)}
        and p.paid_at >= ${startOf(scope, sql`b.first_day`)} and p.paid_at < ${startOf(scope, sql`b.last_day + 1`)}
    ) pay on true
    ${presence ? presenceLateral(scope, startOf(scope, sql`b.first_day`), startOf(scope, sql`b.last_day + 1`), presenceKeyMatch) : sql``}
    ${
      skipsByKey
        ? sql`left join lateral (
      select jsonb_object_agg(reason, n) as by_reason from (
        select s.reason, count(*)::int as n from compliance_skips s
        where s.organization_id = ${scope.organizationId}
          ${scope.campaignId ? sql`and s.campaign_id = ${scope.campaignId}` : sql``}
          ${skipsByKey}
          and s.occurred_at >= ${startOf(scope, sql`b.first_day`)} and s.occurred_at < ${startOf(scope, sql`b.last_day + 1`)}
        group by s.reason) per_reason
    ) s on true`
        : sql``
    }
    left join lateral (
      select count(*) as caused from compliance_skips s
      where ${causedSkipFilters(scope)} ${causedSkipKeyMatch(groupBy)}
        and s.occurred_at >= ${startOf(scope, sql`b.first_day`)} and s.occurred_at < ${startOf(scope, sql`b.last_day + 1`)}
    ) sc on true
    order by ${groupBy === "day" || groupBy === "week" ? sql`b.first_day` : sql`b.label, b.key`}`;
}

/** The skips agents caused (alias `s`, domain/kpis.ts AGENT_CAUSED_SKIP) in the scope's campaign, agent or team. */
function causedSkipFilters(scope: KpiScope): SQL {
  return sql`s.organization_id = ${scope.organizationId} and s.agent_user_id is not null
    ${scope.campaignId ? sql`and s.campaign_id = ${scope.campaignId}` : sql``}
    ${scope.agentId ? sql`and s.agent_user_id = ${scope.agentId}` : sql``}
    ${scope.teamId ? sql`and ${teamOfSkipAgent} = ${scope.teamId}::uuid` : sql``}`;
}
const teamOfSkipAgent = teamOfUser(sql`s.agent_user_id`, sql`s.organization_id`);

/** How a caused skip (alias `s`) belongs to a bucket (alias `b`) beyond its days. */
function causedSkipKeyMatch(groupBy: KpiGroupBy | "total"): SQL {
  if (groupBy === "campaign") return sql`and s.campaign_id is not distinct from b.key::uuid`;
  if (groupBy === "agent") return sql`and s.agent_user_id is not distinct from b.key::uuid`;
  if (groupBy === "team") return sql`and ${teamOfSkipAgent} is not distinct from b.key::uuid`;
  return sql``;
}

export async function loadKpis(db: Queryable, scope: KpiScope, groupBy: KpiGroupBy): Promise<{ rows: KpiRow[]; totals: KpiRow }> {
  const [grouped, total] = await Promise.all([db.execute<RawRow>(kpiQuery(scope, groupBy)), db.execute<RawRow>(kpiQuery(scope, "total"))]);
  return { rows: grouped.rows.map(toKpiRow), totals: toKpiRow(total.rows[0]!) };
}

function toKpiRow(raw: RawRow): KpiRow {
  const skips = raw.skips;
  return {
    key: raw.key,
    label: raw.label,
    firstDay: raw.first_day,
    lastDay: raw.last_day,
    dials: raw.dials,
    connects: raw.connects,
    rightPartyContacts: raw.right_party,
    talkSeconds: raw.talk_seconds,
    ahtSeconds: averageHandleSeconds({ handleSeconds: raw.handle_seconds, connects: raw.ended_connects }),
    abandon: {
      period: { liveAnswered: raw.live, abandoned: raw.abandoned, rate: abandonRate({ liveAnswered: raw.live, abandoned: raw.abandoned }) },
      rolling30d: { liveAnswered: raw.live_30d, abandoned: raw.abandoned_30d, rate: abandonRate({ liveAnswered: raw.live_30d, abandoned: raw.abandoned_30d }) },
    },
    promisesToPay: { count: raw.ptp_count, amountCents: raw.ptp_cents },
    promiseKept: { due: raw.ptp_due, kept: raw.ptp_kept, rate: promiseKeptRate({ due: raw.ptp_due, kept: raw.ptp_kept }) },
    paymentsCollected: { count: raw.payments, amountCents: raw.collected_cents },
    conversion: { rightPartyContacts: raw.right_party, converted: raw.converted, rate: conversionRate({ rightPartyContacts: raw.right_party, converted: raw.converted }) },
    complianceSkips: skips ? { total: Object.values(skips).reduce((sum, n) => sum + n, 0), byReason: skips } : null,
    complianceSkipsCaused: raw.skips_caused,
    ai: { handled: raw.ai_handled, takenOver: raw.ai_taken_over, takeoverRate: aiTakeoverRate({ handled: raw.ai_handled, takenOver: raw.ai_taken_over }) },
    presence: presenceOf(raw),
  };
}

function presenceOf(raw: RawRow): KpiRow["presence"] {
  if (raw.handling_seconds === null || raw.idle_seconds === null || raw.break_seconds === null || raw.logged_in_seconds === null) return null;
  const time = { handlingSeconds: raw.handling_seconds, idleSeconds: raw.idle_seconds, breakSeconds: raw.break_seconds, loggedInSeconds: raw.logged_in_seconds };
  return {
    ...time,
    occupancy: occupancy(time),
    contactsPerAgentHour: contactsPerAgentHour({ rightPartyContacts: raw.right_party, loggedInSeconds: time.loggedInSeconds }),
  };
}
