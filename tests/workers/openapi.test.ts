// The OpenAPI document at /api/openapi.json: valid OpenAPI 3.1 (checked by a validator
// of the spec's own JSON Schema, run beside the tests in Node), every route of the route
// table in it and nothing else, auth and the one error shape declared, and every route's
// examples accepted by that route's own zod schemas.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { routeTable, type RouteSpec } from "../../worker/http/route-table";
import { openApiPath } from "../../worker/http/openapi";
import { requiredScope } from "../../worker/http/route-scopes";
import { call } from "./support/client";
import { routeName } from "./support/routes";
import type { z } from "zod";

interface Operation {
  security: Record<string, string[]>[];
  requestBody?: { content: { "application/json": { example?: unknown } } };
  responses: Record<string, { content?: Record<string, { example?: unknown; schema?: unknown }> }>;
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };

async function fetchDocument(): Promise<Document> {
  const response = await call(null, "GET", "/api/openapi.json");
  expect(response.status).toBe(200);
  return response.body as Document;
}

const operationOf = (document: Document, route: RouteSpec) => document.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1", async () => {
    const document = await fetchDocument();
    expect(document.openapi).toBe("3.1.0");
    const verdict = await (await fetch(`${env.TEST_MAILBOX_URL}/openapi/validate`, { method: "POST", body: JSON.stringify(document) })).json<{ valid: boolean; version: string; errors: unknown }>();
    expect(verdict.errors).toEqual([]);
    expect(verdict).toMatchObject({ valid: true, version: "3.1" });
  });

  it("has every route of the route table, and no route the table does not have", async () => {
    const document = await fetchDocument();
    const missing = routeTable.filter((route) => !operationOf(document, route)).map(routeName);
    expect(missing).toEqual([]);
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routeTable.map((route) => `${route.method} ${openApiPath(route.path)}`).sort());
  });

  it("declares the session cookie and API keys, and each member route needs one of them, a key with the route's scope", async () => {
    const document = await fetchDocument();
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(["apiKey", "session"]);
    for (const route of routeTable) {
      const operation = operationOf(document, route)!;
      expect(operation.security, routeName(route)).toEqual(route.access.kind === "public" ? [] : [{ session: [] }, { apiKey: [requiredScope(route)] }]);
      if (route.access.kind === "member") expect(operation.responses["401"], routeName(route)).toBeDefined();
    }
  });

  it("gives every route an example that its own schemas accept", async () => {
    const document = await fetchDocument();
    const refused: string[] = [];
    for (const route of routeTable) {
      const operation = operationOf(document, route)!;
      if (route.body) {
        const example = operation.requestBody?.content["application/json"].example;
        const parsed = route.body.safeParse(example);
        if (example === undefined || !parsed.success) refused.push(`${routeName(route)} request: ${parsed.error?.message ?? "no example"}`);
      }
      for (const [status, body] of Object.entries(route.response)) {
        if (body === null || "kind" in body) continue;
        const example = operation.responses[status]?.content?.["application/json"]?.example;
        if (example === undefined) continue;
        const parsed = (body as z.ZodType).safeParse(example);
        if (!parsed.success) refused.push(`${routeName(route)} ${status}: ${parsed.error.message}`);
      }
      const jsonSuccess = Object.entries(route.response).filter(([, body]) => body !== null && !("kind" in body));
      const examples = jsonSuccess.filter(([status]) => operation.responses[status]?.content?.["application/json"]?.example !== undefined);
      if (jsonSuccess.length > 0 && examples.length === 0) refused.push(`${routeName(route)}: no response example`);
    }
    expect(refused).toEqual([]);
  });
});
