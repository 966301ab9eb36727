// GET /api/openapi.json: public, like any API reference; built once per isolate from the
// route table (every route module has registered itself by the first request).
import { getOpenApiDocument } from "../http/contracts/openapi";
import { buildOpenApiDocument } from "../http/openapi";
import { defineRoute, PUBLIC, routeTable } from "../http/route-table";

let document: Record<string, unknown> | null = null;

defineRoute(getOpenApiDocument, {
  summary: "This API as an OpenAPI 3.1 document (routes, schemas, errors, auth, an example per route)",
  access: PUBLIC,
  handler: (c) => {
    document ??= buildOpenApiDocument(routeTable);
    return c.json(document);
  },
});
