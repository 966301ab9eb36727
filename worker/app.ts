// The Hono app: registers the route table, resolves identity and enforces roles per
// route, opens one database handle per request, and turns every failure into the
// one error shape. Unknown /api routes answer 404 in that shape.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { resolveIdentity } from "./auth/identity";
import { assertScope, spendApiKeyRequest } from "./auth/api-key-policy";
import { hasRole } from "../domain/roles";
import { openRequestDatabase, type Database, type RequestDatabaseHandle } from "../db/client";
import { systemAccess } from "../db/access";
import { readJsonBody, parseWith } from "./http/body";
import { isDatabaseUnavailable } from "../db/postgres-errors";
import { ApiError, databaseUnavailable, errorResponse, forbidden, unauthorized } from "./http/errors";
import { logEvent } from "../domain/log";
import { routeTable, type AppVariables, type RouteSpec } from "./http/route-table";
import { requiredScope } from "./http/route-scopes";
import "./routes";
import { handleStripeWebhook } from "./webhooks/stripe";
import { handleTelnyxWebhook } from "./webhooks/telnyx";

type AppEnv = { Bindings: Env; Variables: AppVariables };

export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // One database handle per request, opened on first use (a Pool connects lazily
  // anyway) and closed after the response: a Pool must not outlive its request.
  // It starts as the system: reading the session or API key, and the public routes
  // (login, sign-up, accepting an invite), are system paths. A member route's handler
  // gets it scoped to the member's organisation in registerRoute() below.
  app.use("/api/*", async (c, next) => {
    let handle: RequestDatabaseHandle | undefined;
    const open = () => (handle ??= openRequestDatabase(c.env, systemAccess("the session and API-key lookup, and the public routes")));
    c.set("db", lazyDatabase(() => open().db));
    c.set("systemDb", lazyDatabase(() => open().db));
    c.set("scopeDatabase", (organizationId) => open().scopeTo(organizationId));
    try {
      await next();
    } finally {
      if (handle) c.executionCtx.waitUntil(handle.close().catch(() => undefined));
    }
  });

  for (const route of routeTable) registerRoute(app, route);
  app.post("/webhooks/telnyx", (c) => handleTelnyxWebhook(c.req.raw, c.env, c.executionCtx as ExecutionContext));
  app.post("/webhooks/stripe", (c) => handleStripeWebhook(c.req.raw, c.env, c.executionCtx as ExecutionContext));

  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    return errorResponse(new ApiError(404, "not_found", `No route ${c.req.method} ${path}`));
  });

  app.onError((err, c) => {
    if (err instanceof ApiError) return errorResponse(err);
    if (err instanceof HTTPException && err.status < 500) {
      return errorResponse(new ApiError(400, "validation_failed", err.message || "Bad request"));
    }
    if (isDatabaseUnavailable(err)) {
      logEvent({ event: "database_unreachable", path: new URL(c.req.url).pathname, error: describe(err) });
      return errorResponse(databaseUnavailable());
    }
    logEvent({ event: "unhandled_error", method: c.req.method, path: new URL(c.req.url).pathname, error: describe(err) });
    return errorResponse(new ApiError(500, "internal", "Something went wrong on our side; it has been logged"));
  });

  return app;
}

/** Serves one route of the table: identity, roles, scopes, the organisation's database scope, then its handler. */
export function registerRoute(app: Hono<AppEnv>, route: RouteSpec): void {
  const scope = requiredScope(route);
  app.on(route.method, route.path, async (c) => {
    route.admit?.(c);
    if (route.access.kind === "member") {
      const identity = await resolveIdentity(c.req.raw, c.var.db);
      if (!identity) throw unauthorized();
      if (identity.kind === "session" && route.method !== "GET") assertSameOrigin(c.req.raw);
      // Every request a key makes counts, refused ones too: a key probing routes spends its budget.
      await spendApiKeyRequest(c, identity);
      if (!hasRole(identity.role, route.access.minRole)) {
        throw forbidden(`This needs the ${route.access.minRole} role or higher; you are ${identity.role}`);
      }
      assertScope(identity, scope);
      c.set("identity", identity);
      // From here on the handler's queries see only this organisation's rows, even one that forgets its where-clause.
      c.set("db", await c.var.scopeDatabase(identity.organizationId));
    }
    const body = route.body ? await readJsonBody(c.req.raw, route.body, route.maxBodyBytes) : undefined;
    const query = route.query ? parseWith(route.query, c.req.query(), "query") : undefined;
    return route.handler(c, { body, query });
  });
}

/**
 * A browser sends Origin on cross-site requests; a cookie-authenticated change from
 * another site is refused even if a browser's SameSite handling lets the cookie through.
 */
function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  if (origin && origin !== new URL(request.url).origin) throw forbidden("Cross-site request refused");
}

/** Defers opening the database until a handler first touches it. */
function lazyDatabase(open: () => Database): Database {
  return new Proxy({} as Database, {
    get(_target, property) {
      const db = open();
      const value = Reflect.get(db, property, db) as unknown;
      return typeof value === "function" ? value.bind(db) : value;
    },
  });
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ""}` : String(err);
}
