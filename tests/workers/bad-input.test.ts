// Generated from the route table: every body and query is validated, every
// rejection names the field, and nothing answers 500.
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_JSON_BODY_BYTES } from "../../worker/http/body";
import type { RouteSpec } from "../../worker/http/route-table";
import { call, type Caller } from "./support/client";
import { signUp } from "./support/orgs";
import { routeName, routeTable, validBodyFor } from "./support/routes";

let owner: Caller;
beforeAll(async () => {
  owner = await signUp("BadInput");
});

// The app reads and checks a body before the route's handler runs, so a refused body never
// reaches the resource its path names: an id that names nothing serves (a fixture per route
// would only cost time). Were a route to look its resource up first, it would answer 404 here.
const paths = new Map<RouteSpec, string>();
function pathFor(route: RouteSpec): Promise<string> {
  if (!paths.has(route)) paths.set(route, route.path.replace(":id", crypto.randomUUID()));
  return Promise.resolve(paths.get(route)!);
}

const callerFor = (route: RouteSpec) => (route.access.kind === "member" ? owner : null);
const shapeOf = (route: RouteSpec) => (route.body instanceof z.ZodObject ? Object.keys(route.body.shape) : []);

describe("bad request bodies", () => {
  for (const route of routeTable.filter((r) => r.body)) {
    describe(routeName(route), () => {
      it("rejects malformed JSON with 400 invalid_json", async () => {
        const response = await call(callerFor(route), route.method, await pathFor(route), undefined, {
          rawBody: '{"oops": ',
        });
        expect(response.status).toBe(400);
        expect(response.body.error.code).toBe("invalid_json");
      });

      it("rejects a body that is not an object", async () => {
        const response = await call(callerFor(route), route.method, await pathFor(route), [1, 2, 3]);
        expect(response.status).toBe(400);
        expect(response.body.error.code).toBe("validation_failed");
      });

      it("rejects unknown fields, naming them", async () => {
        const body = { ...(validBodyFor(route) as object), sneakyField: true };
        const response = await call(callerFor(route), route.method, await pathFor(route), body);
        expect(response.status).toBe(400);
        expect(response.body.error.fields).toContainEqual({ path: "sneakyField", message: "unknown field" });
      });

      it("rejects every field given the wrong type, naming the field", async () => {
        const fields = shapeOf(route);
        expect(fields.length).toBeGreaterThan(0);
        for (const field of fields) {
          const body = { ...(validBodyFor(route) as object), [field]: { not: "the right type" } };
          const response = await call(callerFor(route), route.method, await pathFor(route), body);
          expect(response.status, field).toBe(400);
          // A nested object's wrong shape is named down to its own fields ("guardrails.shortSentences").
          const named = response.body.error.fields.map((f: { path: string }) => f.path).filter((path: string) => path === field || path.startsWith(`${field}.`));
          expect(named, field).not.toEqual([]);
        }
      });

      it("refuses an oversized body with 413 before reading it all", async () => {
        const response = await call(callerFor(route), route.method, await pathFor(route), undefined, {
          rawBody: JSON.stringify({ padding: "x".repeat((route.maxBodyBytes ?? MAX_JSON_BODY_BYTES) + 10) }),
        });
        expect(response.status).toBe(413);
        expect(response.body.error.code).toBe("payload_too_large");
      });

      it("refuses a body that is not JSON with 415", async () => {
        const response = await call(callerFor(route), route.method, await pathFor(route), undefined, {
          rawBody: "name=x",
          contentType: "application/x-www-form-urlencoded",
        });
        expect(response.status).toBe(415);
      });
    });
  }
});

describe("bad query strings", () => {
  for (const route of routeTable.filter((r) => r.query)) {
    it(`${routeName(route)} rejects a wrong type and an unknown parameter, naming them`, async () => {
      const wrongType = await call(owner, "GET", `${route.path}?limit=lots`);
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.error.fields.map((f: { path: string }) => f.path)).toContain("limit");
      const unknown = await call(owner, "GET", `${route.path}?surprise=1`);
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.fields).toContainEqual({ path: "surprise", message: "unknown field" });
    });
  }
});

describe("ids that cannot exist", () => {
  for (const route of routeTable.filter((r) => r.path.includes(":id"))) {
    it(`${routeName(route)} answers 404 (not 500) for a malformed id`, async () => {
      const response = await call(owner, route.method, route.path.replace(":id", "not-a-uuid"), validBodyFor(route));
      expect(response.status).toBe(404);
    });
  }
});
