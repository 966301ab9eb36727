// Generated from the route table: each member route against each role.
import { beforeAll, describe, expect, it } from "vitest";
import { hasRole, ROLES } from "../../domain/roles";
import { call } from "./support/client";
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
