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
      // A read leaves its resource as it was, so every role may read the same one; a change
      // may consume it (a delete, a dial), so each role gets a fresh one, made side by side
      // (a preview fixture holds its caller's one offer, so those are made one at a time).
      const freshPerRole = route.method !== "GET";
      const madeTogether = route.resource !== "previewCampaign";
      const shared = freshPerRole ? null : await concretePath(route, org.owner);
      const fresh = freshPerRole && madeTogether ? await Promise.all(ROLES.map(() => concretePath(route, org.owner))) : null;
      for (const [index, role] of ROLES.entries()) {
        const path = shared ?? fresh?.[index] ?? (await concretePath(route, org.owner));
        // A self-service route may end the caller's session: give it a session of its own.
        const caller = access.selfService ? await logIn(org.members[role]) : org.members[role];
        const response = await call(caller, route.method, path, validBodyFor(route));
        const allowed = hasRole(role, access.minRole);
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

  // One test per route (each with its own fixture and time limit): walking every route in
  // one test ran past its limit on a busy machine.
  const mutating = routeTable.filter((r) => r.method !== "GET" && r.access.kind === "member" && !r.access.selfService);
  it("a viewer's refusals cover every route that changes anything", () => {
    expect(mutating.length).toBeGreaterThan(5);
  });
  for (const route of mutating) {
    it(`a viewer cannot change anything: ${routeName(route)} answers 403`, async () => {
      const response = await call(org.members.viewer, route.method, await concretePath(route, org.owner), validBodyFor(route));
      expect(response.status, routeName(route)).toBe(403);
    });
  }

  const adminRoutes = memberRoutes().filter((r) => r.access.kind === "member" && hasRole(r.access.minRole, "admin"));
  it("an agent's refusals cover every admin route", () => {
    expect(adminRoutes.length).toBeGreaterThan(5);
  });
  for (const route of adminRoutes) {
    it(`an agent cannot reach any admin route: ${routeName(route)} answers 403`, async () => {
      const response = await call(org.members.agent, route.method, await concretePath(route, org.owner), validBodyFor(route));
      expect(response.status, routeName(route)).toBe(403);
      expect(response.body.error.code).toBe("forbidden");
    });
  }
});
