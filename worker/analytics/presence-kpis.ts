// The presence KPIs of domain/kpis.ts (occupancy, idle time, contacts per agent hour) in
// SQL: agents' time per state over a bucket of the KPI report, from the spans the agent
// pool writes (`agent_presence_spans`). Each span is cut at the bucket's bounds (the
// organisation's midnights, drawn by Postgres in its zone) and a span still open counts
// until now. Agents' time belongs to no campaign: by campaign, or for one campaign, the
// report has no presence (null), never a zero. Every value is a bound parameter.
import { sql, type SQL } from "drizzle-orm";
import { PRESENCE_BREAK, PRESENCE_HANDLING, PRESENCE_IDLE, PRESENCE_LOGGED_IN } from "../../domain/kpis";

/** The team a user is a member of now (one at most, domain/teams.ts). */
export const teamOfUser = (userId: SQL, organizationId: SQL) => sql`(select tm.team_id from team_members tm
  where tm.user_id = ${userId} and tm.organization_id = ${organizationId} and tm.role = 'member')`;

export interface PresenceScope {
  organizationId: string;
  campaignId: string | null;
  agentId: string | null;
  teamId: string | null;
}

/** Whether a report with this scope and grouping has presence at all. */
export const hasPresence = (scope: PresenceScope, groupBy: string) => scope.campaignId === null && groupBy !== "campaign";

const statuses = (list: readonly string[]) => sql.join(list.map((status) => sql`${status}`), sql`, `);

/** The spans (alias `s`) of the scope's agents that overlap [start, end). */
function spansIn(scope: PresenceScope, start: SQL, end: SQL): SQL {
  return sql`s.organization_id = ${scope.organizationId}
    and s.started_at < ${end} and (s.ended_at is null or s.ended_at > ${start})
    ${scope.agentId ? sql`and s.user_id = ${scope.agentId}` : sql``}
    ${scope.teamId ? sql`and ${teamOfUser(sql`s.user_id`, sql`s.organization_id`)} = ${scope.teamId}::uuid` : sql``}`;
}

/**
 * A lateral subquery (alias `pr`) of a bucket [start, end): seconds handling, idle, on
 * break and logged in. `keyMatch` ties the spans to an agent or team bucket's key.
 */
export function presenceLateral(scope: PresenceScope, start: SQL, end: SQL, keyMatch: SQL): SQL {
  const seconds = sql`extract(epoch from (least(coalesce(s.ended_at, now()), ${end}) - greatest(s.started_at, ${start})))`;
  return sql`left join lateral (
      select
        sum(x.seconds) filter (where x.status in (${statuses(PRESENCE_HANDLING)})) as handling_seconds,
        sum(x.seconds) filter (where x.status in (${statuses(PRESENCE_IDLE)})) as idle_seconds,
        sum(x.seconds) filter (where x.status in (${statuses(PRESENCE_BREAK)})) as break_seconds,
        sum(x.seconds) filter (where x.status in (${statuses(PRESENCE_LOGGED_IN)})) as logged_in_seconds
      from (
        select s.status, ${seconds} as seconds from agent_presence_spans s
        where ${spansIn(scope, start, end)} ${keyMatch}
      ) x
      where x.seconds > 0
    ) pr on true`;
}

/** The keys of an agent or team grouping that had logged-in time in [start, end) but perhaps no call. */
export function presenceKeys(scope: PresenceScope, start: SQL, end: SQL, groupBy: "agent" | "team"): SQL {
  const key = groupBy === "agent" ? sql`s.user_id::text` : sql`${teamOfUser(sql`s.user_id`, sql`s.organization_id`)}::text`;
  return sql`union select distinct ${key} from agent_presence_spans s
    where ${spansIn(scope, start, end)} and s.status in (${statuses(PRESENCE_LOGGED_IN)})`;
}
