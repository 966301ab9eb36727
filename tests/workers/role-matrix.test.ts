// Generated from the route table: each member route against each role, and against API
// keys with and without the scope it needs.
import { beforeAll, describe, expect, it } from "vitest";
import { API_SCOPES, type ApiScope } from "../../domain/api-scopes";
import { hasRole, ROLES } from "../../domain/roles";
import { requiredScope } from "../../worker/http/route-scopes";
import { call, type Caller } from "./support/client";
import { createOrgWithEveryRole, logIn, type TestOrg } from "./support/orgs";
import { concretePath, memberRoutes, routeName, routeTable, validBodyFor } from "./support/routes";

let org: TestOrg;
beforeAll(async () => {
  org = await createOrgWithEveryRole("Roles");
});

describe("role matrix", () => {
  for (const route of memberRoutes()) {
    const access = route.access as { kind: "member"; minRole: (typeof ROLES)[number]; selfService?: boolean };
    it(`${routeName(route)} needs ${access.minRole} or higher`, async () => {
      // A read or a refusal leaves its resource as it was, so those share one; a change that
      // is allowed may consume it (a delete, a dial), so each allowed role gets a fresh one,
      // made side by side (a preview fixture holds its caller's one offer: one at a time).
      const allowedRoles = ROLES.filter((role) => hasRole(role, access.minRole));
      const freshPerRole = route.method !== "GET";
      const madeTogether = route.resource !== "previewCampaign";
      const shared = freshPerRole && allowedRoles.length === ROLES.length ? null : await concretePath(route, org.owner);
      const fresh = new Map(freshPerRole && madeTogether ? await Promise.all(allowedRoles.map(async (role) => [role, await concretePath(route, org.owner)] as const)) : []);
      for (const role of ROLES) {
        const allowed = hasRole(role, access.minRole);
        const path = (allowed && freshPerRole ? (fresh.get(role) ?? (await concretePath(route, org.owner))) : shared)!;
        // A self-service route may end the caller's session: give it a session of its own.
        const caller = access.selfService ? await logIn(org.members[role]) : org.members[role];
        const response = await call(caller, route.method, path, validBodyFor(route));
        expect(response.status === 403, `${role}: ${response.status} ${JSON.stringify(response.body)}`).toBe(!allowed);
        expect(response.status, role).not.toBe(500);
      }
    });

    it(`${routeName(route)} refuses a caller with no credentials with 401`, async () => {
      const path = route.path.replace(":id", crypto.randomUUID());
      const response = await call(null, route.method, path, validBodyFor(route));
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe("unauthorized");
    });
  }

  // The matrix above proves each route answers by the role it declares, for every role.
  // What is left is what each declaration must say: no route that changes anything is
  // open to a viewer, no admin route to an agent. Checked on the table itself, so a new
  // route declared too low fails here by name (asking the Worker again proved nothing more).
  const mutating = memberRoutes().filter((r) => r.method !== "GET" && !(r.access as { selfService?: boolean }).selfService);
  it("no route that changes anything lets a viewer in", () => {
    expect(mutating.length).toBeGreaterThan(5);
    const openToViewers = mutating.filter((r) => r.access.kind === "member" && hasRole("viewer", r.access.minRole)).map(routeName);
    expect(openToViewers).toEqual([]);
  });

  // Who belongs to the organisation and what they may do, and its audit log, are for
  // admins: named here by path, independently of the roles the table declares.
  const accessRoutes = memberRoutes().filter(
    (r) => /^\/api\/(invites|api-keys|audit|webhook-endpoints|webhook-deliveries)/.test(r.path) || (r.path.startsWith("/api/members") && r.method !== "GET") || (r.path === "/api/organization" && r.method !== "GET"),
  );
  it("no route managing members, invitations, API keys, the organisation or the audit log lets an agent or supervisor in", () => {
    expect(accessRoutes.length).toBeGreaterThan(5);
    const belowAdmin = accessRoutes.filter((r) => r.access.kind === "member" && hasRole("supervisor", r.access.minRole)).map(routeName);
    expect(belowAdmin).toEqual([]);
  });
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
