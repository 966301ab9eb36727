// Each report dataset of domain/report-definition.ts as drizzle SQL: the rows it reads
// (the organisation's only, joined to the names a reader wants) and one SQL expression per
// allow-listed field. Nothing else of a definition ever becomes SQL.
import { sql, type SQL } from "drizzle-orm";
import { accounts, calls, campaigns, complianceSkips, memberships, payments, teamMembers, teams, users } from "../../db/schema";
import type { ReportDataset } from "../../domain/report-definition";

export interface DatasetSql {
  /** FROM … WHERE <the organisation's rows>. */
  source: SQL;
  fields: Record<string, SQL>;
  /** The order that makes equal sort keys stable (and a preview repeatable). */
  tiebreak: SQL;
}

export interface DatasetContext {
  organizationId: string;
  /** The organisation's zone: a "day" field is a date of its calendar. */
  timeZone: string;
}

const localDay = (instant: SQL | typeof calls.createdAt, ctx: DatasetContext) => sql`to_char((${instant} at time zone ${ctx.timeZone}::text)::date, 'YYYY-MM-DD')`;

/** The team the call's agent is a member of now (one at most, domain/teams.ts). */
const teamOfAgent = sql`(select tm.team_id from ${teamMembers} tm
  where tm.user_id = ${calls.agentUserId} and tm.organization_id = ${calls.organizationId} and tm.role = 'member')`;
const teamFields = {
  teamId: sql`${teamOfAgent}::text`,
  teamName: sql`(select t.name from ${teams} t where t.id = ${teamOfAgent})`,
};

export function datasetSql(dataset: ReportDataset, ctx: DatasetContext): DatasetSql {
  switch (dataset) {
    case "calls":
      return {
        source: sql`${calls} left join ${campaigns} on ${campaigns.id} = ${calls.campaignId} left join ${users} on ${users.id} = ${calls.agentUserId}
          where ${calls.organizationId} = ${ctx.organizationId}`,
        fields: {
          id: sql`${calls.id}::text`,
          createdAt: sql`${calls.createdAt}`,
          day: localDay(sql`${calls.createdAt}`, ctx),
          direction: sql`${calls.direction}`,
          origin: sql`${calls.origin}`,
          outcome: sql`${calls.outcome}`,
          status: sql`${calls.status}::text`,
          campaignId: sql`${calls.campaignId}::text`,
          campaignName: sql`${campaigns.name}`,
          agentId: sql`${calls.agentUserId}::text`,
          agentName: sql`${users.name}`,
          ...teamFields,
          accountId: sql`${calls.accountId}::text`,
          toNumber: sql`${calls.toNumber}`,
          liveAnswered: sql`${calls.liveAnswered}`,
          abandoned: sql`${calls.abandoned}`,
          connected: sql`(${calls.bridgedAt} is not null)`,
          // Talk as the KPIs count it (domain/kpis.ts): from the bridge to the end.
          talkSeconds: sql`(case when ${calls.bridgedAt} is not null and ${calls.endedAt} is not null then greatest(0, extract(epoch from (${calls.endedAt} - ${calls.bridgedAt}))) end)::float8`,
          disposition: sql`${calls.disposition}`,
        },
        tiebreak: sql`${calls.createdAt}, ${calls.id}`,
      };
    case "dispositions":
      return {
        source: sql`${calls} left join ${campaigns} on ${campaigns.id} = ${calls.campaignId} left join ${users} on ${users.id} = ${calls.agentUserId}
          where ${calls.organizationId} = ${ctx.organizationId} and ${calls.disposition} is not null`,
        fields: {
          callId: sql`${calls.id}::text`,
          dispositionAt: sql`${calls.dispositionAt}`,
          day: localDay(sql`${calls.createdAt}`, ctx),
          disposition: sql`${calls.disposition}`,
          agentId: sql`${calls.agentUserId}::text`,
          agentName: sql`${users.name}`,
          ...teamFields,
          campaignId: sql`${calls.campaignId}::text`,
          campaignName: sql`${campaigns.name}`,
          promiseAmountCents: sql`(${calls.dispositionDetails} ->> 'promiseAmountCents')::float8`,
          promiseDate: sql`${calls.dispositionDetails} ->> 'promiseDate'`,
          callbackAt: sql`${calls.dispositionDetails} ->> 'callbackAt'`,
          annotatedByName: sql`${calls.annotatedByName}`,
        },
        tiebreak: sql`${calls.createdAt}, ${calls.id}`,
      };
    case "agents":
      return {
        source: sql`${memberships} join ${users} on ${users.id} = ${memberships.userId} where ${memberships.organizationId} = ${ctx.organizationId}`,
        fields: {
          userId: sql`${users.id}::text`,
          name: sql`${users.name}`,
          email: sql`${users.email}`,
          role: sql`${memberships.role}::text`,
          joinedAt: sql`${memberships.createdAt}`,
        },
        tiebreak: sql`${users.name}, ${users.id}`,
      };
    case "campaigns":
      return {
        source: sql`${campaigns} where ${campaigns.organizationId} = ${ctx.organizationId}`,
        fields: {
          id: sql`${campaigns.id}::text`,
          name: sql`${campaigns.name}`,
          status: sql`${campaigns.status}`,
          pacingMode: sql`${campaigns.pacingMode}`,
          abandonCapPercent: sql`${campaigns.abandonCapPercent}`,
          createdAt: sql`${campaigns.createdAt}`,
          startedAt: sql`${campaigns.startedAt}`,
          stoppedAt: sql`${campaigns.stoppedAt}`,
        },
        tiebreak: sql`${campaigns.createdAt}, ${campaigns.id}`,
      };
    case "complianceSkips":
      return {
        source: sql`${complianceSkips} left join ${campaigns} on ${campaigns.id} = ${complianceSkips.campaignId}
          left join ${users} on ${users.id} = ${complianceSkips.agentUserId}
          where ${complianceSkips.organizationId} = ${ctx.organizationId}`,
        fields: {
          id: sql`${complianceSkips.id}`,
          occurredAt: sql`${complianceSkips.occurredAt}`,
          day: localDay(sql`${complianceSkips.occurredAt}`, ctx),
          campaignId: sql`${complianceSkips.campaignId}::text`,
          campaignName: sql`${campaigns.name}`,
          reason: sql`${complianceSkips.reason}`,
          phone: sql`${complianceSkips.phone}`,
          accountId: sql`${complianceSkips.accountId}::text`,
          explanation: sql`${complianceSkips.explanation}`,
          nextEligibleAt: sql`${complianceSkips.nextEligibleAt}`,
          agentUserId: sql`${complianceSkips.agentUserId}::text`,
          agentName: sql`${users.name}`,
        },
        tiebreak: sql`${complianceSkips.occurredAt}, ${complianceSkips.id}`,
      };
    case "payments":
      // The call (and so its campaign and agent) only if it is this organisation's; cents are
      // bigint, which the driver reads as text: float8 keeps them numbers (exact below 2^53).
      return {
        source: sql`${payments} join ${accounts} on ${accounts.id} = ${payments.accountId}
          left join ${calls} on ${calls.id} = ${payments.callId} and ${calls.organizationId} = ${payments.organizationId}
          left join ${campaigns} on ${campaigns.id} = ${calls.campaignId} left join ${users} on ${users.id} = ${calls.agentUserId}
          where ${payments.organizationId} = ${ctx.organizationId}`,
        fields: {
          id: sql`${payments.id}::text`,
          paidAt: sql`${payments.paidAt}`,
          day: localDay(sql`${payments.paidAt}`, ctx),
          accountId: sql`${payments.accountId}::text`,
          accountName: sql`${accounts.name}`,
          callId: sql`${payments.callId}::text`,
          campaignId: sql`${calls.campaignId}::text`,
          campaignName: sql`${campaigns.name}`,
          agentId: sql`${calls.agentUserId}::text`,
          agentName: sql`${users.name}`,
          method: sql`${payments.method}`,
          status: sql`${payments.status}`,
          currency: sql`${payments.currency}`,
          amountCents: sql`${payments.amountCents}::float8`,
          refundedCents: sql`${payments.refundedCents}::float8`,
          disputedCents: sql`${payments.disputedCents}::float8`,
          keptCents: sql`(${payments.amountCents} - ${payments.refundedCents} - ${payments.disputedCents})::float8`,
          receiptNumber: sql`${payments.receiptNumber}`,
        },
        tiebreak: sql`${payments.paidAt}, ${payments.id}`,
      };
  }
}
