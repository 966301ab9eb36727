// The generated role matrix (each member route against each role, and with no
// credentials), as a function of which routes, so its files can share the work: each
// mutating route needs fresh resources per allowed role, which makes the whole table the
// longest file of the run; split in two, the halves run side by side.
import { beforeAll, describe, expect, it } from "vitest";
import { hasRole, ROLES } from "../../../domain/roles";
import type { RouteSpec } from "../../../worker/http/route-table";
import { call } from "./client";
import { createOrgWithEveryRole, logIn, type TestOrg } from "./orgs";
import { concretePath, memberRoutes, routeName, validBodyFor } from "./routes";

/** The member routes, in table order, split into `parts` parts; part `index` of them. */
export function memberRoutesPart(index: number, parts: number): RouteSpec[] {
  return memberRoutes().filter((_, position) => position % parts === index);
}

export function roleMatrixFor(title: string, routes: readonly RouteSpec[]): void {
  let org: TestOrg;
  beforeAll(async () => {
    org = await createOrgWithEveryRole(title);
  });

  describe(title, () => {
    for (const route of routes) {
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
  });
}
