// The API reference's reading of /api/openapi.json: operations grouped by tag, each with
// what a reader needs (method, path, summary, who may call it and with which key scope,
// parameters, the request example, each answer). Pure, so the page only renders it.
// The document is our own (worker/http/openapi.ts), read defensively: a missing part is
// left out, never a crash.

export interface ReferenceParameter {
  name: string;
  in: string;
  required: boolean;
  type: string;
}

export interface ReferenceOperation {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  /** The API key scope, or null for a public route. */
  scope: string | null;
  parameters: ReferenceParameter[];
  requestExample: string | null;
  responses: { status: string; description: string; example: string | null }[];
}

export interface ReferenceGroup {
  tag: string;
  operations: ReferenceOperation[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === "string" ? value : "");
const pretty = (value: unknown) => (value === undefined ? null : JSON.stringify(value, null, 2));

export function readReference(document: unknown): ReferenceGroup[] {
  const paths = isObject(document) && isObject(document.paths) ? document.paths : {};
  const groups = new Map<string, ReferenceOperation[]>();
  for (const [path, operations] of Object.entries(paths)) {
    if (!isObject(operations)) continue;
    for (const [method, operation] of Object.entries(operations)) {
      if (!isObject(operation)) continue;
      const tag = Array.isArray(operation.tags) ? text(operation.tags[0]) || "api" : "api";
      const list = groups.get(tag) ?? [];
      list.push(readOperation(method, path, operation));
      groups.set(tag, list);
    }
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([tag, operations]) => ({ tag, operations }));
}

function readOperation(method: string, path: string, operation: Json): ReferenceOperation {
  const security = Array.isArray(operation.security) ? operation.security.filter(isObject) : [];
  const keyScopes = security.map((s) => s.apiKey).find(Array.isArray) as unknown[] | undefined;
  const body = isObject(operation.requestBody) && isObject(operation.requestBody.content) ? operation.requestBody.content["application/json"] : undefined;
  const responses = isObject(operation.responses) ? operation.responses : {};
  return {
    id: text(operation.operationId) || `${method}${path}`,
    method: method.toUpperCase(),
    path,
    summary: text(operation.summary),
    description: text(operation.description),
    scope: security.length ? (keyScopes?.map(text).join(", ") ?? "") : null,
    parameters: (Array.isArray(operation.parameters) ? operation.parameters.filter(isObject) : []).map((p) => ({
      name: text(p.name),
      in: text(p.in),
      required: p.required === true,
      type: isObject(p.schema) ? schemaType(p.schema) : "",
    })),
    requestExample: isObject(body) ? pretty(body.example) : null,
    responses: Object.entries(responses).map(([status, answer]) => {
      const content = isObject(answer) && isObject(answer.content) ? Object.values(answer.content).find(isObject) : undefined;
      return { status, description: isObject(answer) ? text(answer.description) : "", example: content ? pretty(content.example) : null };
    }),
  };
}

function schemaType(schema: Json): string {
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join(" | ");
  if (Array.isArray(schema.type)) return schema.type.map(String).join(" | ");
  return text(schema.type) || text(schema.format);
}

/** Operations whose method, path, summary or scope contain every word of the filter. */
export function filterReference(groups: readonly ReferenceGroup[], filter: string): ReferenceGroup[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...groups];
  return groups
    .map((group) => ({
      tag: group.tag,
      operations: group.operations.filter((op) => {
        const haystack = `${op.method} ${op.path} ${op.summary} ${op.scope ?? "public"} ${group.tag}`.toLowerCase();
        return words.every((word) => haystack.includes(word));
      }),
    }))
    .filter((group) => group.operations.length > 0);
}
