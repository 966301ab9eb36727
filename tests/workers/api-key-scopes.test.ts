// Generated from the route table: each member route against API keys with and without
// the scope it needs (worker/http/route-scopes.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_SCOPES, type ApiScope } from "../../domain/api-scopes";
import { requiredScope } from "../../worker/http/route-scopes";
import { stopCampaignsStarted } from "./support/campaign-clock";
import { call, type Caller } from "./support/client";
import { createOrgWithEveryRole, type TestOrg } from "./support/orgs";
import { memberRoutes, routeName, validBodyFor } from "./support/routes";

// A valid body starts a rehearsal (POST /api/campaigns/:id/rehearsals): its copy stops with the file.
afterAll(() => stopCampaignsStarted());

let org: TestOrg;
beforeAll(async () => {
  org = await createOrgWithEveryRole("Scopes");
});

describe("API key scopes", () => {
  // Every member route needs a scope, derived from the table: a route of a family no scope
  // claims fails here by name, before any key could call it.
  it("every member route needs a scope", () => {
    expect(memberRoutes().filter((route) => !requiredScope(route)).map(routeName)).toEqual([]);
  });

  // Per scope, an owner key with only that scope, and one with every other scope (less the
  // family's write, which grants a read): the role never refuses, so a 403 is the scope's.
  const only = new Map<ApiScope, Caller>();
  const allBut = new Map<ApiScope, Caller>();
  beforeAll(async () => {
    const keyWith = async (scopes: ApiScope[]): Promise<Caller> => {
      const created = await call(org.owner, "POST", "/api/api-keys", { name: `scopes ${scopes.length}`, role: "owner", scopes });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return { apiKey: created.body.secret as string };
    };
    for (const scope of API_SCOPES) {
      const granting = new Set<ApiScope>([scope, scope.replace(/:read$/, ":write") as ApiScope]);
      only.set(scope, await keyWith([scope]));
      allBut.set(scope, await keyWith(API_SCOPES.filter((other) => !granting.has(other))));
    }
  });

  for (const route of memberRoutes()) {
    const scope = requiredScope(route);
    if (!scope) continue;
    it(`${routeName(route)} needs the ${scope} scope from an API key`, async () => {
      const path = route.path.replace(":id", crypto.randomUUID());
      const refused = await call(allBut.get(scope)!, route.method, path, validBodyFor(route));
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(`This API key lacks the ${scope} scope`);
      const admitted = await call(only.get(scope)!, route.method, path, validBodyFor(route));
      expect(admitted.status).not.toBe(500);
      expect(admitted.body?.error?.message ?? "").not.toMatch(/^This API key lacks the /);
      expect(admitted.status).not.toBe(401);
    });
  }
});
