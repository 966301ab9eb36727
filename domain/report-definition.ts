// What a report builder's report is: a dataset, filters, group-by, measures, sort and
// columns, every name checked against the dataset's allow-list here, so an unknown field
// or an operator a field does not take is a 400 naming it (its path in the definition)
// before anything reaches SQL. The console builds its form from the same lists; the
// Worker compiles a checked definition to drizzle SQL (worker/reports/compile.ts).
import { z } from "zod";
import type { Role } from "./roles";

export const FIELD_TYPES = ["text", "number", "instant", "date", "boolean"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface ReportField {
  label: string;
  type: FieldType;
  /** May be grouped by (instants may not: group by their day). */
  groupable: boolean;
}

const text = (label: string, groupable = true): ReportField => ({ label, type: "text", groupable });
const number = (label: string): ReportField => ({ label, type: "number", groupable: false });
const instant = (label: string): ReportField => ({ label, type: "instant", groupable: false });
const day = (label: string): ReportField => ({ label, type: "date", groupable: true });
const bool = (label: string): ReportField => ({ label, type: "boolean", groupable: true });

/** Datasets and their fields. */
export const REPORT_DATASETS = {
  calls: {
    label: "Calls",
    fields: {
      id: text("Call id", false),
      createdAt: instant("Started"),
      day: day("Day (organisation's calendar)"),
      direction: text("Direction"),
      origin: text("Origin"),
      outcome: text("Outcome"),
      status: text("Status"),
      campaignId: text("Campaign id"),
      campaignName: text("Campaign"),
      agentId: text("Agent id"),
      agentName: text("Agent"),
      teamId: text("Team id (the agent's team now)"),
      teamName: text("Team (the agent's team now)"),
      accountId: text("Account id"),
      toNumber: text("To number", false),
      liveAnswered: bool("Live answered"),
      abandoned: bool("Abandoned"),
      connected: bool("Connected to an agent"),
      talkSeconds: number("Talk seconds"),
      disposition: text("Disposition"),
    },
  },
  dispositions: {
    label: "Dispositions",
    fields: {
      callId: text("Call id", false),
      dispositionAt: instant("Dispositioned"),
      day: day("Day of the call (organisation's calendar)"),
      disposition: text("Disposition"),
      agentId: text("Agent id"),
      agentName: text("Agent"),
      teamId: text("Team id (the agent's team now)"),
      teamName: text("Team (the agent's team now)"),
      campaignId: text("Campaign id"),
      campaignName: text("Campaign"),
      promiseAmountCents: number("Promised amount (cents)"),
      promiseDate: text("Promised date"),
      callbackAt: text("Callback at", false),
      annotatedByName: text("Saved by"),
    },
  },
  agents: {
    label: "Agents",
    fields: {
      userId: text("User id", false),
      name: text("Name"),
      email: text("Email", false),
      role: text("Role"),
      joinedAt: instant("Joined"),
    },
  },
  campaigns: {
    label: "Campaigns",
    fields: {
      id: text("Campaign id", false),
      name: text("Name"),
      status: text("Status"),
      pacingMode: text("Pacing mode"),
      abandonCapPercent: number("Abandon cap (%)"),
      createdAt: instant("Created"),
      startedAt: instant("Started"),
      stoppedAt: instant("Stopped"),
    },
  },
  complianceSkips: {
    label: "Compliance skips",
    fields: {
      id: text("Skip id", false),
      occurredAt: instant("Refused at"),
      day: day("Day (organisation's calendar)"),
      campaignId: text("Campaign id"),
      campaignName: text("Campaign"),
      reason: text("Reason"),
      phone: text("Phone", false),
      accountId: text("Account id"),
      explanation: text("Explanation", false),
      nextEligibleAt: instant("Next eligible"),
      // The agent who caused it (domain/kpis.ts skipCausedBy); none for most skips.
      agentUserId: text("Caused by (agent id)"),
      agentName: text("Caused by (agent)"),
    },
  },
  payments: {
    label: "Payments",
    fields: {
      id: text("Payment id", false),
      paidAt: instant("Paid"),
      day: day("Day paid (organisation's calendar)"),
      accountId: text("Account id"),
      accountName: text("Account"),
      callId: text("Call id", false),
      campaignId: text("Campaign id (the call's)"),
      campaignName: text("Campaign (the call's)"),
      agentId: text("Agent id (the call's)"),
      agentName: text("Agent (the call's)"),
      method: text("Method"),
      status: text("Status"),
      currency: text("Currency"),
      amountCents: number("Amount (cents)"),
      refundedCents: number("Refunded (cents)"),
      disputedCents: number("Disputed (cents)"),
      keptCents: number("Kept (cents): amount less refunds and disputes"),
      receiptNumber: text("Receipt number", false),
    },
  },
} as const satisfies Record<string, { label: string; fields: Record<string, ReportField> }>;

export type ReportDataset = keyof typeof REPORT_DATASETS;

/**
 * Datasets only some roles may read, whoever saved the report: the ledger is for
 * supervisors and up, as the payments list is (a viewer runs saved reports, not this one).
 */
export const DATASET_LEAST_ROLE: Partial<Record<ReportDataset, Role>> = { payments: "supervisor" };
export const REPORT_DATASET_NAMES = Object.keys(REPORT_DATASETS) as ReportDataset[];

export const FILTER_OPERATORS = ["eq", "neq", "gt", "gte", "lt", "lte", "in", "contains", "is_null", "not_null"] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** Which operators each type of field takes. */
export const OPERATORS_BY_TYPE: Record<FieldType, readonly FilterOperator[]> = {
  text: ["eq", "neq", "in", "contains", "is_null", "not_null"],
  number: ["eq", "neq", "gt", "gte", "lt", "lte", "in", "is_null", "not_null"],
  instant: ["gt", "gte", "lt", "lte", "is_null", "not_null"],
  date: ["eq", "neq", "gt", "gte", "lt", "lte", "in", "is_null", "not_null"],
  boolean: ["eq", "neq", "is_null", "not_null"],
};

export const MEASURE_FUNCTIONS = ["count", "count_distinct", "sum", "avg", "min", "max"] as const;
export type MeasureFunction = (typeof MEASURE_FUNCTIONS)[number];
/** Which types each measure takes a field of (count takes none). */
const MEASURE_TYPES: Record<Exclude<MeasureFunction, "count">, readonly FieldType[]> = {
  count_distinct: ["text", "number", "date", "boolean"],
  sum: ["number"],
  avg: ["number"],
  min: ["number", "instant", "date"],
  max: ["number", "instant", "date"],
};

/** Preview rows at most; an export has no limit (it streams). */
export const MAX_PREVIEW_ROWS = 200;

const name = z.string().min(1).max(60);
const filterValue = z.union([z.string().max(500), z.number().finite(), z.boolean()]);

const filterShape = z.strictObject({
  field: name,
  op: z.string().max(20),
  /** in: a list; is_null / not_null: none. */
  value: z.union([filterValue, z.array(filterValue).min(1).max(500)]).optional(),
});
const measureShape = z.strictObject({ fn: z.string().max(20), field: name.optional() });
const sortShape = z.strictObject({ by: name, direction: z.enum(["asc", "desc"]).default("asc") });

export type ReportFilter = { field: string; op: FilterOperator; value?: string | number | boolean | (string | number | boolean)[] };
export type ReportMeasure = { fn: MeasureFunction; field?: string };

/** The output column a measure makes: "count", "sum_talkSeconds". */
export const measureAlias = (m: { fn: string; field?: string }) => (m.field ? `${m.fn}_${m.field}` : m.fn);

export const reportDefinition = z
  .strictObject({
    dataset: z.enum(REPORT_DATASET_NAMES as [ReportDataset, ...ReportDataset[]], { message: `one of ${REPORT_DATASET_NAMES.join(", ")}` }),
    /** Without group-by: the fields shown (default: all). */
    columns: z.array(name).max(40).optional(),
    filters: z.array(filterShape).max(20).default([]),
    groupBy: z.array(name).max(5).default([]),
    /** With group-by: what each group shows (default: count). */
    measures: z.array(measureShape).max(10).default([]),
    sort: z.array(sortShape).max(5).default([]),
  })
  .superRefine((definition, ctx) => {
    const fields: Record<string, ReportField> = REPORT_DATASETS[definition.dataset].fields;
    const known = Object.keys(fields);
    const unknown = (path: (string | number)[], field: string) =>
      ctx.addIssue({ code: "custom", path, message: `unknown field "${field}" in ${definition.dataset} (known: ${known.join(", ")})` });
    const fieldOf = (field: string, path: (string | number)[]) => {
      const found = Object.hasOwn(fields, field) ? fields[field] : undefined;
      if (!found) unknown(path, field);
      return found;
    };
    definition.columns?.forEach((c, i) => fieldOf(c, ["columns", i]));
    if (definition.columns && definition.groupBy.length > 0) ctx.addIssue({ code: "custom", path: ["columns"], message: "a grouped report shows its group-by fields and measures; leave columns out" });
    definition.filters.forEach((f, i) => {
      const field = fieldOf(f.field, ["filters", i, "field"]);
      if (!field) return;
      const ops = OPERATORS_BY_TYPE[field.type];
      if (!(ops as readonly string[]).includes(f.op)) {
        ctx.addIssue({ code: "custom", path: ["filters", i, "op"], message: `unknown operator "${f.op}" for ${f.field} (a ${field.type}: ${ops.join(", ")})` });
        return;
      }
      const valueIssue = filterValueIssue(field.type, f.op as FilterOperator, f.value);
      if (valueIssue) ctx.addIssue({ code: "custom", path: ["filters", i, "value"], message: valueIssue });
    });
    definition.groupBy.forEach((g, i) => {
      const field = fieldOf(g, ["groupBy", i]);
      if (field && !field.groupable) ctx.addIssue({ code: "custom", path: ["groupBy", i], message: `${g} cannot be grouped by${field.type === "instant" ? " (group by day)" : ""}` });
    });
    if (definition.measures.length > 0 && definition.groupBy.length === 0) ctx.addIssue({ code: "custom", path: ["measures"], message: "measures need a group-by" });
    definition.measures.forEach((m, i) => {
      if (!(MEASURE_FUNCTIONS as readonly string[]).includes(m.fn)) {
        ctx.addIssue({ code: "custom", path: ["measures", i, "fn"], message: `unknown measure "${m.fn}" (${MEASURE_FUNCTIONS.join(", ")})` });
        return;
      }
      if (m.fn === "count") {
        if (m.field !== undefined) ctx.addIssue({ code: "custom", path: ["measures", i, "field"], message: "count takes no field" });
        return;
      }
      if (m.field === undefined) return void ctx.addIssue({ code: "custom", path: ["measures", i, "field"], message: `${m.fn} needs a field` });
      const field = fieldOf(m.field, ["measures", i, "field"]);
      const types = MEASURE_TYPES[m.fn as Exclude<MeasureFunction, "count">];
      if (field && !types.includes(field.type)) ctx.addIssue({ code: "custom", path: ["measures", i, "field"], message: `${m.fn} takes a ${types.join(" or ")} field; ${m.field} is a ${field.type}` });
    });
    const output = new Set(outputColumns(definition));
    definition.sort.forEach((s, i) => {
      if (!output.has(s.by)) ctx.addIssue({ code: "custom", path: ["sort", i, "by"], message: `unknown column "${s.by}" to sort by (the report's columns: ${[...output].join(", ")})` });
    });
  });
export type ReportDefinition = z.infer<typeof reportDefinition>;

/** The columns a report answers, in order: its fields, or its group-by fields then its measures. */
export function outputColumns(definition: Pick<ReportDefinition, "dataset" | "columns" | "groupBy" | "measures">): string[] {
  if (definition.groupBy.length === 0) return definition.columns ?? Object.keys(REPORT_DATASETS[definition.dataset].fields);
  const measures = definition.measures.length > 0 ? definition.measures : [{ fn: "count" }];
  return [...definition.groupBy, ...measures.map(measureAlias)];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function filterValueIssue(type: FieldType, op: FilterOperator, value: unknown): string | null {
  if (op === "is_null" || op === "not_null") return value === undefined ? null : `${op} takes no value`;
  if (value === undefined) return `${op} needs a value`;
  const values = Array.isArray(value) ? value : [value];
  if (op === "in" ? !Array.isArray(value) : Array.isArray(value)) return op === "in" ? "in takes a list" : `${op} takes one value, not a list`;
  for (const v of values) {
    const issue = valueIssue(type, v);
    if (issue) return issue;
  }
  return null;
}

function valueIssue(type: FieldType, value: unknown): string | null {
  switch (type) {
    case "text":
      return typeof value === "string" ? null : "a text value";
    case "number":
      return typeof value === "number" ? null : "a number";
    case "boolean":
      return typeof value === "boolean" ? null : "true or false";
    case "date":
      return typeof value === "string" && DATE.test(value) ? null : "a date, like 2026-11-30";
    case "instant":
      return typeof value === "string" && !Number.isNaN(Date.parse(value)) && /T/.test(value) ? null : "an ISO 8601 instant, like 2026-11-30T00:00:00Z";
  }
}
