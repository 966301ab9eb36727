// The API reference page's reading of the OpenAPI document: grouped, scoped, filterable.
import { describe, expect, it } from "vitest";
import { filterReference, readReference } from "../../../ui/src/lib/api-reference/openapi-view";

const document = {
  openapi: "3.1.0",
  paths: {
    "/api/accounts": {
      get: { operationId: "getAccounts", tags: ["accounts"], summary: "List accounts", security: [{ session: [] }, { apiKey: ["accounts:read"] }], responses: { "200": { description: "Success", content: { "application/json": { example: { accounts: [] } } } } } },
      post: { operationId: "postAccounts", tags: ["accounts"], summary: "Create an account", security: [{ session: [] }, { apiKey: ["accounts:write"] }], requestBody: { content: { "application/json": { example: { name: "Ada" } } } }, responses: {} },
    },
    "/api/health": { get: { operationId: "getHealth", tags: ["health"], summary: "Health", security: [], parameters: [{ name: "deep", in: "query", schema: { type: "boolean" } }], responses: {} } },
  },
};

describe("the API reference's reading of the document", () => {
  it("groups operations by tag with their key scope, examples and parameters; public ones have no scope", () => {
    const groups = readReference(document);
    expect(groups.map((g) => g.tag)).toEqual(["accounts", "health"]);
    const [list, create] = groups[0]!.operations;
    expect(list).toMatchObject({ method: "GET", path: "/api/accounts", scope: "accounts:read", responses: [{ status: "200", example: '{\n  "accounts": []\n}' }] });
    expect(create!.requestExample).toBe('{\n  "name": "Ada"\n}');
    expect(groups[1]!.operations[0]).toMatchObject({ scope: null, parameters: [{ name: "deep", in: "query", required: false, type: "boolean" }] });
  });

  it("filters by every word over method, path, summary and scope", () => {
    const groups = readReference(document);
    expect(filterReference(groups, "post accounts").flatMap((g) => g.operations.map((o) => o.id))).toEqual(["postAccounts"]);
    expect(filterReference(groups, "accounts:read").flatMap((g) => g.operations.map((o) => o.id))).toEqual(["getAccounts"]);
    expect(filterReference(groups, "public")).toHaveLength(1);
  });

  it("reads a document missing its parts as empty, never throwing", () => {
    expect(readReference(null)).toEqual([]);
    expect(readReference({ paths: { "/x": { get: "nonsense" } } })).toEqual([]);
  });
});
