// The generated role matrix (each member route against each role, and with no
// credentials), as a function of which routes, so its files can share the work: the
// whole table is among the longest files of the run; split in two, the halves run side
// by side.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasRole, ROLES } from "../../../domain/roles";
import type { RouteSpec } from "../../../worker/http/route-table";
import { stopCampaignsStarted } from "./campaign-clock";
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
  // The rehearsal route's allowed roles each start a rehearsal: their copies stop with the file.
  afterAll(() => stopCampaignsStarted());

  describe(title, () => {
    for (const route of routes) {
      const access = route.access as { kind: "member"; minRole: (typeof ROLES)[number]; selfService?: boolean };
      it(`${routeName(route)} needs ${access.minRole} or higher`, async () => {
        // One resource per route. The route table's role guard answers before the handler
        // runs, so a refusal never touches the resource and never depends on its state:
        // the refused roles go first, then the allowed ones from the lowest up, so the
        // route's least role meets the resource untouched. A higher role may find it consumed
        // (a delete, a dial: 404 or 409), which still shows the guard let it through.
        const path = await concretePath(route, org.owner);
        const lowestFirst = [...ROLES].reverse();
        const inOrder = [...lowestFirst.filter((role) => !hasRole(role, access.minRole)), ...lowestFirst.filter((role) => hasRole(role, access.minRole))];
        for (const role of inOrder) {
          const allowed = hasRole(role, access.minRole);
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
