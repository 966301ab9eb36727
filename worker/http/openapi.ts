// The API's OpenAPI 3.1 document, generated from the route table (every route's method,
// path, summary, access, body and query schemas, success bodies and error codes) with
// zod 4's JSON Schema output (draft 2020-12, which OpenAPI 3.1 uses). Nothing here is
// written by hand per route: a route added to the table is in the document, and a test
// (tests/workers/openapi.test.ts) fails if one is missing or an example does not validate.
import { z } from "zod";
import { errorBody, type ErrorCode } from "./contracts/errors";
import type { ResponseBody } from "./contracts/contract";
import { SESSION_COOKIE } from "../auth/identity";
import { examplesFor } from "./openapi-examples";
import { errorCodesOf, type RouteSpec } from "./route-table";
import { requiredScope } from "./route-scopes";

/** The HTTP status each error code is answered with (worker/http/errors.ts and the app's handlers). */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  edited_elsewhere: 409,
  rate_limited: 429,
  plan_required: 402,
  internal: 500,
  service_unavailable: 503,
};

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: "input" | "output"): JsonSchema => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  return rest;
};

/** "/api/calls/:id" → "/api/calls/{id}". */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, "{$1}");
export const operationId = (route: Pick<RouteSpec, "method" | "path">) =>
  `${route.method.toLowerCase()}${route.path
    .replace(/^\/api/, "")
    .split(/[/-]/)
    .filter(Boolean)
    .map((part) => (part.startsWith(":") ? `By${cap(part.slice(1))}` : cap(part)))
    .join("")}`;
const cap = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

export function buildOpenApiDocument(routes: readonly RouteSpec[], serverUrl?: string): Record<string, unknown> {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const route of routes) {
    (paths[openApiPath(route.path)] ??= {})[route.method.toLowerCase()] = operationFor(route);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Word Is Bond API",
      version: "1",
      description:
        "The REST API the console and integrators use. Authenticate with the console's session cookie or an API key " +
        "(`Authorization: Bearer wib_…`, created by an admin). Every error is `{ error: { code, message, fields? } }`.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE, description: "The console's session, set by POST /api/auth/login." },
        apiKey: {
          type: "http",
          scheme: "bearer",
          description:
            "An API key (wib_…): one role in one organisation, never above its creator's, with scopes (each operation's security names the one it needs; " +
            "a family's write scope grants its read), an optional expiry, and a budget of requests a minute (429 with Retry-After when spent).",
        },
      },
      schemas: { Error: toSchema(errorBody, "output") },
    },
  };
}

function operationFor(route: RouteSpec): Operation {
  const examples = examplesFor(route);
  const parameters = [
    ...[...route.path.matchAll(/:(\w+)/g)].map((match) => ({ name: match[1], in: "path", required: true, schema: { type: "string" } })),
    ...queryParameters(route),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, body] of Object.entries(route.response) as [string, ResponseBody][]) {
    responses[status] = successResponse(body, examples.response?.status === Number(status) ? examples.response.body : undefined);
  }
  for (const [status, codes] of errorStatuses(route)) {
    responses[String(status)] = {
      description: `Error: ${codes.join(", ")}`,
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
  return {
    operationId: operationId(route),
    summary: route.summary,
    tags: [tagOf(route.path)],
    ...(route.access.kind === "member"
      ? { security: [{ session: [] }, { apiKey: scopesOf(route) }], description: `Least role: ${route.access.minRole}. API key scope: ${requiredScope(route) ?? "none (console only)"}.` }
      : { security: [] }),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(route.body, "input"), ...(examples.request !== undefined ? { example: examples.request } : {}) } } } }
      : {}),
    responses,
  };
}

function successResponse(body: ResponseBody, example: unknown): Record<string, unknown> {
  if (body === null) return { description: "No content" };
  if ("kind" in body) return { description: "A file", content: { [body.contentType]: { schema: { type: "string", contentMediaType: body.contentType } } } };
  return { description: "Success", content: { "application/json": { schema: toSchema(body, "output"), ...(example !== undefined ? { example } : {}) } } };
}

function queryParameters(route: RouteSpec): Record<string, unknown>[] {
  if (!route.query) return [];
  const schema = toSchema(route.query, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

function errorStatuses(route: RouteSpec): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...errorCodesOf(route)].sort()) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return byStatus;
}

/** OpenAPI 3.1 lets any scheme list the roles it needs: the key's scope. */
const scopesOf = (route: RouteSpec): string[] => {
  const scope = requiredScope(route);
  return scope ? [scope] : [];
};

const tagOf = (path: string) => path.split("/")[2] ?? "api";
