// What the record says for the QA queue and an agent's scorecard, in Postgres: the
// period's unevaluated connects (the queue's candidates), one agent's facts for the
// scorecard's automatic criteria, and the agent's evaluations. Days are the
// organisation's calendar (`local_date::timestamp AT TIME ZONE zone`, as the KPIs draw them).
import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { averageHandleSeconds } from "../../domain/kpis";
import type { AgentFacts } from "../../domain/scorecard";
import type { QueueCall } from "../http/contracts/qa";

export interface PeriodScope {
  organizationId: string;
  timeZone: string;
  from: string;
  to: string;
}

/** How many of the newest candidates the queue samples from: a supervisor's week, bounded. */
export const MAX_QUEUE_CANDIDATES = 5000;

const inPeriod = (scope: PeriodScope) =>
  sql`c.created_at >= (${scope.from}::date::timestamp at time zone ${scope.timeZone}::text)
    and c.created_at < ((${scope.to}::date + 1)::timestamp at time zone ${scope.timeZone}::text)`;
const talk = sql`greatest(0, extract(epoch from (c.ended_at - c.bridged_at)))`;
const connected = sql`c.bridged_at is not null and c.ended_at is not null and c.agent_user_id is not null`;

interface CandidateRow extends Record<string, unknown> {
  call_id: string;
  agent_user_id: string;
  agent_name: string | null;
  campaign_name: string | null;
  created_at: string;
  talk_seconds: number;
  disposition: string | null;
  low_sentiment_alerts: number;
  average_sentiment: number | null;
  disputed: boolean;
  has_recording: boolean;
}

export async function loadQueueCandidates(db: Queryable, scope: PeriodScope & { agentId: string | null; teamId: string | null }): Promise<QueueCall[]> {
  const result = await db.execute<CandidateRow>(sql`
    select c.id as call_id, c.agent_user_id, u.name as agent_name, camp.name as campaign_name,
      to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
      ${talk}::float8 as talk_seconds, c.disposition,
      (select count(*) from call_alerts a where a.call_id = c.id and a.rule = 'low_sentiment')::int as low_sentiment_alerts,
      (select s.average_score from call_sentiment_summaries s where s.call_id = c.id) as average_sentiment,
      (c.disposition = 'dispute' or exists (select 1 from call_alerts a where a.call_id = c.id and a.key = 'objection:dispute')) as disputed,
      exists (select 1 from recordings r where r.call_id = c.id) as has_recording
    from calls c
    left join users u on u.id = c.agent_user_id
    left join campaigns camp on camp.id = c.campaign_id
    where c.organization_id = ${scope.organizationId} and ${connected} and ${inPeriod(scope)}
      and not exists (select 1 from qa_evaluations e where e.call_id = c.id)
      ${scope.agentId ? sql`and c.agent_user_id = ${scope.agentId}` : sql``}
      ${scope.teamId ? sql`and c.agent_user_id in (select tm.user_id from team_members tm where tm.team_id = ${scope.teamId} and tm.organization_id = ${scope.organizationId} and tm.role = 'member')` : sql``}
    order by c.created_at desc, c.id
    limit ${MAX_QUEUE_CANDIDATES}`);
  return result.rows.map((r) => ({
    callId: r.call_id,
    agentUserId: r.agent_user_id,
    agentName: r.agent_name,
    campaignName: r.campaign_name,
    createdAt: r.created_at,
    talkSeconds: r.talk_seconds,
    disposition: r.disposition,
    lowSentimentAlerts: r.low_sentiment_alerts,
    averageSentiment: r.average_sentiment,
    disputed: r.disputed === true,
    hasRecording: r.has_recording,
  }));
}

interface FactsRow extends Record<string, unknown> {
  connects: number;
  dispositioned: number;
  ended_connects: number;
  handle_seconds: number;
  skips_caused: number;
  /** Each scored connect's customer sentiment, oldest call first. */
  call_sentiments: number[];
}

/** The scorecard's automatic facts for one agent's calls of the period (evaluations come separately). */
export async function loadAgentFacts(db: Queryable, scope: PeriodScope, agentUserId: string): Promise<Omit<AgentFacts, "evaluationPercents">> {
  const bridged = sql`c.bridged_at is not null`;
  const ended = sql`c.bridged_at is not null and c.ended_at is not null`;
  const skipsInPeriod = sql`s.occurred_at >= (${scope.from}::date::timestamp at time zone ${scope.timeZone}::text)
    and s.occurred_at < ((${scope.to}::date + 1)::timestamp at time zone ${scope.timeZone}::text)`;
  const result = await db.execute<FactsRow>(sql`
    select count(*) filter (where ${bridged})::int as connects,
      count(*) filter (where ${bridged} and c.disposition is not null)::int as dispositioned,
      count(*) filter (where ${ended})::int as ended_connects,
      coalesce(sum(${talk} + coalesce(camp.wrap_up_seconds, org.wrap_up_seconds)) filter (where ${ended}), 0)::float8 as handle_seconds,
      (select count(*) from compliance_skips s
        where s.organization_id = ${scope.organizationId} and s.agent_user_id = ${agentUserId} and ${skipsInPeriod})::int as skips_caused,
      coalesce(array_agg(ss.average_score::float8 order by c.created_at, c.id) filter (where ${bridged} and ss.scored_segments > 0), '{}') as call_sentiments
    from calls c
    join organizations org on org.id = c.organization_id
    left join campaigns camp on camp.id = c.campaign_id
    left join call_sentiment_summaries ss on ss.call_id = c.id and ss.organization_id = c.organization_id
    where c.organization_id = ${scope.organizationId} and c.agent_user_id = ${agentUserId} and ${inPeriod(scope)}`);
  const row = result.rows[0]!;
  return {
    connects: row.connects,
    dispositioned: row.dispositioned,
    ahtSeconds: averageHandleSeconds({ handleSeconds: row.handle_seconds, connects: row.ended_connects }),
    complianceSkipsCaused: row.skips_caused,
    callSentiments: row.call_sentiments.map(Number),
  };
}

/** Evaluations (alias `e`) of calls (alias `c`) in the period, for the given extra condition. */
export const evaluationsOfPeriod = (scope: PeriodScope, condition: SQL) =>
  sql`e.organization_id = ${scope.organizationId} and ${condition} and ${inPeriod(scope)}`;

interface TrendRow extends Record<string, unknown> {
  week_of: string;
  evaluations: number;
  mean_percent: number | null;
}

/** The agent's evaluations by ISO week of the organisation's calendar (of the call), oldest first. */
export async function loadEvaluationTrend(db: Queryable, scope: PeriodScope, agentUserId: string) {
  const result = await db.execute<TrendRow>(sql`
    select to_char(date_trunc('week', c.created_at at time zone ${scope.timeZone}::text), 'YYYY-MM-DD') as week_of,
      count(*)::int as evaluations, avg(e.total_percent)::float8 as mean_percent
    from qa_evaluations e join calls c on c.id = e.call_id
    where ${evaluationsOfPeriod(scope, sql`e.agent_user_id = ${agentUserId}`)}
    group by 1 order by 1`);
  return result.rows.map((r) => ({ weekOf: r.week_of, evaluations: r.evaluations, meanPercent: r.mean_percent === null ? null : Math.round(r.mean_percent * 10) / 10 }));
}
