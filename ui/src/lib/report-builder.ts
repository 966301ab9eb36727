// The report builder's form as plain state, and the definition it sends: the dataset's own
// allow-list (domain/report-definition.ts) gives the fields, operators and measures to offer,
// so the console never offers what the API would refuse, and the API still checks it all.
import { type MEASURE_FUNCTIONS, OPERATORS_BY_TYPE, REPORT_DATASETS, type FilterOperator, type ReportDataset, type ReportField } from "../../../domain/report-definition";

export interface FilterRow {
  field: string;
  op: FilterOperator;
  /** As typed; a list for "in" is comma-separated. */
  value: string;
}
export interface MeasureRow {
  fn: (typeof MEASURE_FUNCTIONS)[number];
  field: string;
}
export interface BuilderState {
  dataset: ReportDataset;
  filters: FilterRow[];
  groupBy: string[];
  measures: MeasureRow[];
  sortBy: string;
  sortDirection: "asc" | "desc";
}

export const fieldsOf = (dataset: ReportDataset): [string, ReportField][] => Object.entries(REPORT_DATASETS[dataset].fields);
export const operatorsFor = (dataset: ReportDataset, field: string): readonly FilterOperator[] => {
  const found = (REPORT_DATASETS[dataset].fields as Record<string, ReportField>)[field];
  return found ? OPERATORS_BY_TYPE[found.type] : [];
};
const typeOf = (dataset: ReportDataset, field: string) => (REPORT_DATASETS[dataset].fields as Record<string, ReportField>)[field]?.type;

function typed(dataset: ReportDataset, field: string, text: string): string | number | boolean {
  const type = typeOf(dataset, field);
  const trimmed = text.trim();
  if (type === "number" && trimmed !== "" && Number.isFinite(Number(trimmed))) return Number(trimmed);
  if (type === "boolean" && (trimmed === "true" || trimmed === "false")) return trimmed === "true";
  return trimmed;
}

/** The definition the API takes, built from the form; what the API refuses it names by path. */
export function definitionOf(state: BuilderState) {
  return {
    dataset: state.dataset,
    filters: state.filters.map((f) =>
      f.op === "is_null" || f.op === "not_null"
        ? { field: f.field, op: f.op }
        : { field: f.field, op: f.op, value: f.op === "in" ? f.value.split(",").map((v) => typed(state.dataset, f.field, v)) : typed(state.dataset, f.field, f.value) },
    ),
    groupBy: state.groupBy,
    measures: state.groupBy.length === 0 ? [] : state.measures.map((m) => (m.fn === "count" ? { fn: m.fn } : { fn: m.fn, field: m.field })),
    sort: state.sortBy ? [{ by: state.sortBy, direction: state.sortDirection }] : [],
  };
}

/** The form back from a saved definition (to edit or re-run it). */
export function stateOf(definition: ReturnType<typeof definitionOf> | { dataset: ReportDataset; filters: { field: string; op: string; value?: unknown }[]; groupBy: string[]; measures: { fn: string; field?: string }[]; sort: { by: string; direction: "asc" | "desc" }[] }): BuilderState {
  return {
    dataset: definition.dataset,
    filters: definition.filters.map((f) => ({ field: f.field, op: f.op as FilterOperator, value: Array.isArray(f.value) ? f.value.join(",") : f.value === undefined ? "" : String(f.value) })),
    groupBy: [...definition.groupBy],
    measures: definition.measures.map((m) => ({ fn: m.fn as MeasureRow["fn"], field: m.field ?? "" })),
    sortBy: definition.sort[0]?.by ?? "",
    sortDirection: definition.sort[0]?.direction ?? "asc",
  };
}
