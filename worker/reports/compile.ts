// A checked report definition (domain/report-definition.ts) compiled to one drizzle SQL
// query. Field names choose expressions from the dataset's allow-list (datasets.ts),
// operators choose fixed fragments, output names are quoted identifiers from the
// allow-list, and every value is a bound parameter: no SQL is built from the caller's text.
import { sql, type SQL } from "drizzle-orm";
import { REPORT_DATASETS, measureAlias, outputColumns, type FilterOperator, type ReportDefinition, type ReportField } from "../../domain/report-definition";
import { datasetSql, type DatasetContext } from "./datasets";

export interface CompiledReport {
  /** The query; `limit` null: every row (an export streams them from a cursor). */
  query: SQL;
  columns: string[];
}

export function compileReport(definition: ReportDefinition, ctx: DatasetContext, limit: number | null): CompiledReport {
  const dataset = datasetSql(definition.dataset, ctx);
  const field = (name: string): SQL => {
    // The definition was checked against the same allow-list; this only guards a caller that skipped the check.
    if (!Object.hasOwn(dataset.fields, name)) throw new Error(`field ${name} is not in ${definition.dataset}`);
    return dataset.fields[name]!;
  };
  const fieldTypes: Record<string, ReportField> = REPORT_DATASETS[definition.dataset].fields;
  /** What a field shows: an instant as ISO 8601 UTC text, one spelling whatever the driver makes of timestamps. */
  const shown = (name: string, expression: SQL = field(name)): SQL => (fieldTypes[name]?.type === "instant" ? isoText(expression) : expression);
  const columns = outputColumns(definition);
  const grouped = definition.groupBy.length > 0;
  const measures = definition.measures.length > 0 ? definition.measures : [{ fn: "count" as const }];

  const selected = grouped
    ? [
        ...definition.groupBy.map((name) => sql`${field(name)} as ${sql.identifier(name)}`),
        ...measures.map((m) => {
          const measured = measureSql(m.fn, m.field === undefined ? null : field(m.field));
          return sql`${m.field === undefined ? measured : shown(m.field, measured)} as ${sql.identifier(measureAlias(m))}`;
        }),
      ]
    : columns.map((name) => sql`${shown(name)} as ${sql.identifier(name)}`);

  const conditions = definition.filters.map((f) => filterSql(field(f.field), f.op as FilterOperator, f.value));
  const where = conditions.length > 0 ? sql` and ${sql.join(conditions, sql` and `)}` : sql``;
  // By position: the same expression twice would carry its parameters twice ($1, $5), and
  // Postgres would not see that the selected and the grouped expressions are one.
  const groupBy = grouped ? sql` group by ${sql.raw(definition.groupBy.map((_, i) => String(i + 1)).join(", "))}` : sql``;
  // Ungrouped, by the field itself (an instant, not its text: an index on it can serve the order); grouped, by the output column.
  const sortKeys = definition.sort.map((s) => sql`${grouped ? sql.identifier(s.by) : field(s.by)} ${s.direction === "desc" ? sql`desc nulls last` : sql`asc nulls first`}`);
  // Equal sort keys keep one order: the group's keys, or the dataset's own.
  const tiebreak = grouped ? definition.groupBy.map((name) => sql.identifier(name)) : [dataset.tiebreak];
  const orderBy = sql` order by ${sql.join([...sortKeys, ...tiebreak], sql`, `)}`;
  const limitSql = limit === null ? sql`` : sql` limit ${limit}`;
  return { query: sql`select ${sql.join(selected, sql`, `)} from ${dataset.source}${where}${groupBy}${orderBy}${limitSql}`, columns };
}

const isoText = (instant: SQL) => sql`to_char(${instant} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

function measureSql(fn: string, expression: SQL | null): SQL {
  switch (fn) {
    case "count":
      return sql`count(*)::int`;
    case "count_distinct":
      return sql`count(distinct ${expression})::int`;
    case "sum":
      return sql`sum(${expression})::float8`;
    case "avg":
      return sql`avg(${expression})::float8`;
    case "min":
      return sql`min(${expression})`;
    case "max":
      return sql`max(${expression})`;
    default:
      throw new Error(`measure ${fn} is not allow-listed`);
  }
}

type FilterValue = string | number | boolean | (string | number | boolean)[] | undefined;

/** `contains` matches the text literally: LIKE's own wildcards in it are escaped. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function filterSql(expression: SQL, op: FilterOperator, value: FilterValue): SQL {
  switch (op) {
    case "eq":
      return sql`${expression} = ${value}`;
    case "neq":
      return sql`${expression} is distinct from ${value}`;
    case "gt":
      return sql`${expression} > ${value}`;
    case "gte":
      return sql`${expression} >= ${value}`;
    case "lt":
      return sql`${expression} < ${value}`;
    case "lte":
      return sql`${expression} <= ${value}`;
    case "in":
      return sql`${expression} in (${sql.join((value as (string | number | boolean)[]).map((v) => sql`${v}`), sql`, `)})`;
    case "contains":
      return sql`${expression} ilike ${likePattern(String(value))}`;
    case "is_null":
      return sql`${expression} is null`;
    case "not_null":
      return sql`${expression} is not null`;
  }
}
