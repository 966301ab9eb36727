// Generated from the route table: the first half of the member routes against each role
// (tests/workers/support/role-matrix.ts; the other half is role-matrix-b.test.ts), and
// what the declarations themselves must say.
import { describe, expect, it } from "vitest";
import { hasRole } from "../../domain/roles";
import { memberRoutesPart, roleMatrixFor } from "./support/role-matrix";
import { memberRoutes, routeName } from "./support/routes";

roleMatrixFor("role matrix, first half", memberRoutesPart(0, 2));

describe("role declarations", () => {
  // The matrix proves each route answers by the role it declares, for every role.
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

