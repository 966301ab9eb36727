// "Ask in plain words": what the model is told and what it may answer. The model turns a
// question into a report definition of the report builder's own allow-listed shape
// (report-definition.ts), through one tool whose arguments are then checked with the same
// schema the builder's routes use, so a model can propose nothing the builder would refuse.
// It is shown the datasets, fields, operators and measures, the question and today's date;
// never a row, and never asked for SQL.
import { z } from "zod";
import { FILTER_OPERATORS, MEASURE_FUNCTIONS, OPERATORS_BY_TYPE, REPORT_DATASETS, reportDefinition, type ReportDefinition } from "./report-definition";

export const MAX_QUESTION_CHARS = 500;

export const reportQuestion = z.string().trim().min(3, "at least 3 characters").max(MAX_QUESTION_CHARS, `at most ${MAX_QUESTION_CHARS} characters`);

/** The one tool the model may call; its arguments are the definition. */
export const REPORT_TOOL_NAME = "propose_report";

/** The words the model simulator recognises this request by (sim/model/report-question.ts). */
export const REPORT_QUESTION_MARKER = "You turn a question about a call centre's records into a report definition";

/** The allow-list as the model reads it: one line per field, with its type. */
function allowList(): string {
  return Object.entries(REPORT_DATASETS)
    .map(([name, dataset]) => {
      const fields = Object.entries(dataset.fields as Record<string, { label: string; type: string; groupable: boolean }>)
        .map(([field, f]) => `${field} (${f.type}${f.groupable ? ", groupable" : ""}: ${f.label})`)
        .join("; ");
      return `- ${name}: ${fields}`;
    })
    .join("\n");
}

/** The system prompt: the builder's shape, the organisation's today, and what not to do. */
export function reportQuestionPrompt(context: { today: string; timeZone: string }): string {
  const operators = Object.entries(OPERATORS_BY_TYPE)
    .map(([type, ops]) => `${type}: ${ops.join(", ")}`)
    .join("; ");
  return [
    `${REPORT_QUESTION_MARKER}. Answer only by calling ${REPORT_TOOL_NAME} with the definition; never write SQL.`,
    `Today is ${context.today} in the organisation's time zone (${context.timeZone}); "day" fields are dates of that calendar. A week starts on Monday.`,
    `A definition is { dataset, filters: [{ field, op, value }], groupBy: [field], measures: [{ fn, field }], sort: [{ by, direction }], columns: [field] }.`,
    `Datasets and their fields:\n${allowList()}`,
    `Operators by field type: ${operators} (in takes a list; is_null and not_null take no value).`,
    `Measures: ${MEASURE_FUNCTIONS.join(", ")} (count takes no field; measures need a group-by). A measure's column is fn_field, e.g. sum_talkSeconds; count's is count. Sort by a group-by field or a measure's column.`,
    `Use only these names. If the question cannot be answered from these fields, say so in words and call no tool.`,
  ].join("\n");
}

/** The tool as offered to the model: a JSON Schema of the definition's outer shape (the allow-list is checked after). */
export const reportTool = {
  name: REPORT_TOOL_NAME,
  description: "Propose the report that answers the question, in the report builder's definition shape.",
  parameters: {
    type: "object",
    additionalProperties: false,
    required: ["dataset"],
    properties: {
      dataset: { type: "string", enum: Object.keys(REPORT_DATASETS) },
      filters: {
        type: "array",
        items: { type: "object", required: ["field", "op"], properties: { field: { type: "string" }, op: { type: "string", enum: [...FILTER_OPERATORS] }, value: {} } },
      },
      groupBy: { type: "array", items: { type: "string" } },
      measures: { type: "array", items: { type: "object", required: ["fn"], properties: { fn: { type: "string", enum: [...MEASURE_FUNCTIONS] }, field: { type: "string" } } } },
      sort: { type: "array", items: { type: "object", required: ["by"], properties: { by: { type: "string" }, direction: { type: "string", enum: ["asc", "desc"] } } } },
      columns: { type: "array", items: { type: "string" } },
    },
  },
} as const;

export type ProposedReport =
  | { ok: true; definition: ReportDefinition }
  | { ok: false; reason: string; issues: { path: string; message: string }[] };

const MAX_SAID_CHARS = 300;

/**
 * What the model answered, read as a definition or refused: no tool call (it answered in
 * words), arguments that are not JSON, or a definition the builder's schema refuses (an
 * unknown field, an operator the field does not take, SQL in any key) are all refusals
 * naming why, and nothing of them runs.
 */
export function readProposedReport(answer: { text: string; toolCalls: readonly { name: string; arguments: string }[] }): ProposedReport {
  const proposal = answer.toolCalls.find((call) => call.name === REPORT_TOOL_NAME);
  if (!proposal) {
    const said = answer.text.trim().slice(0, MAX_SAID_CHARS);
    return { ok: false, reason: `The model did not propose a report${said ? `; it said: "${said}"` : ""}`, issues: [] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(proposal.arguments);
  } catch {
    return { ok: false, reason: "The model's proposal is not JSON", issues: [] };
  }
  const checked = reportDefinition.safeParse(parsed);
  if (checked.success) return { ok: true, definition: checked.data };
  const issues = checked.error.issues.map((issue) => ({ path: ["definition", ...issue.path].join("."), message: issue.message }));
  return { ok: false, reason: `The model proposed a report the builder cannot run: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues };
}
