// Analytics: the KPIs by day, week, campaign or agent (domain/kpis.ts defines each one),
// with the organisation's time zone stated on every answer.
import { z } from "zod";
import { KPI_UNITS } from "../../../domain/kpis";
import { routeContract } from "./contract";

const localDate = z.iso.date();

const abandonFigures = z.strictObject({
  liveAnswered: z.number().int(),
  abandoned: z.number().int(),
  /** Null while nobody answered: no rate, not 0 %. */
  rate: z.number().nullable(),
});

export const kpiRow = z.strictObject({
  /** The day or week's first day (YYYY-MM-DD), the campaign's, agent's or team's id; null: calls of no campaign / agent / team; "total" for the totals. */
  key: z.string().nullable(),
  label: z.string(),
  /** The org-calendar days this row covers, inclusive. */
  firstDay: localDate,
  lastDay: localDate,
  dials: z.number().int(),
  connects: z.number().int(),
  rightPartyContacts: z.number().int(),
  talkSeconds: z.number(),
  /** Null with no ended connect. */
  ahtSeconds: z.number().nullable(),
  abandon: z.strictObject({ period: abandonFigures, rolling30d: abandonFigures }),
  promisesToPay: z.strictObject({ count: z.number().int(), amountCents: z.number().int() }),
  /** Promises whose date has passed, those the account paid by it, the rate (null with none due). */
  promiseKept: z.strictObject({ due: z.number().int(), kept: z.number().int(), rate: z.number().nullable() }),
  /** Payments paid in the row's days and what they kept (cents, less refunds and disputes). */
  paymentsCollected: z.strictObject({ count: z.number().int(), amountCents: z.number().int() }),
  /** Right-party contacts with a payment on the call; rate null with no right-party contact. */
  conversion: z.strictObject({ rightPartyContacts: z.number().int(), converted: z.number().int(), rate: z.number().nullable() }),
  /** Null where skips cannot be attributed (to an agent) or are not shown (to an agent's own view). */
  complianceSkips: z.strictObject({ total: z.number().int(), byReason: z.record(z.string(), z.number().int()) }).nullable(),
  /** Skips agents caused (domain/kpis.ts AGENT_CAUSED_SKIP): the row's agent's, team's, campaign's or days'. */
  complianceSkipsCaused: z.number().int(),
  /** Calls the AI voice agent answered, those a person took over, and the share taken over (null with none). */
  ai: z.strictObject({ handled: z.number().int(), takenOver: z.number().int(), takeoverRate: z.number().nullable() }),
  /**
   * Agents' time in the row's days by what their state counts as (domain/kpis.ts), occupancy
   * and contacts per agent hour (null with nothing to divide by). Null by campaign or for one
   * campaign: agents' time belongs to no campaign.
   */
  presence: z
    .strictObject({
      loggedInSeconds: z.number(),
      handlingSeconds: z.number(),
      idleSeconds: z.number(),
      breakSeconds: z.number(),
      occupancy: z.number().nullable(),
      contactsPerAgentHour: z.number().nullable(),
    })
    .nullable(),
});
export type KpiRow = z.infer<typeof kpiRow>;

export const kpiDefinition = z.strictObject({
  key: z.string(),
  name: z.string(),
  unit: z.enum(KPI_UNITS),
  formula: z.string(),
  counts: z.string(),
  /** What the record lacks for it (domain/kpis.ts KPI_NEEDS); null: computed. */
  needs: z.string().nullable(),
});

export const kpiReport = z.strictObject({
  /** The IANA zone whose calendar draws the days: the organisation's. */
  timeZone: z.string(),
  from: localDate,
  to: localDate,
  groupBy: z.enum(["day", "week", "campaign", "agent", "team"]),
  /** True when the caller is an agent: only their own calls count. */
  ownCallsOnly: z.boolean(),
  campaignId: z.string().nullable(),
  agentId: z.string().nullable(),
  /** Calls of the agents who are members of this team now. */
  teamId: z.string().nullable(),
  rows: z.array(kpiRow),
  totals: kpiRow,
  /** KPIs the record cannot give yet, with what they need: no number is shown for them. */
  unavailable: z.array(z.strictObject({ kpi: z.string(), needs: z.string(), reason: z.string() })),
  definitions: z.array(kpiDefinition),
  generatedAt: z.iso.datetime({ offset: true }),
});
export type KpiReport = z.infer<typeof kpiReport>;

export const getKpis = routeContract({
  method: "GET",
  path: "/api/analytics/kpis",
  response: { 200: kpiReport },
  errors: [],
});

export const analyticsRoutes = [getKpis] as const;
