// Which API-key scope a route needs, derived from its method, path and least role; and
// what a key's scopes grant. The real route table is checked in tests/workers/role-matrix.test.ts.
import { describe, expect, it } from "vitest";
import { API_SCOPES, scopesGrant } from "../../../domain/api-scopes";
import { requiredScope, type ScopedRoute } from "../../../worker/http/route-scopes";
import type { Role } from "../../../domain/roles";

const route = (method: ScopedRoute["method"], path: string, minRole: Role = "viewer"): ScopedRoute => ({ method, path, access: { kind: "member", minRole } });

describe("the scope a route needs", () => {
  it("is its family's read for a GET and write for any change", () => {
    expect(requiredScope(route("GET", "/api/accounts/:id"))).toBe("accounts:read");
    expect(requiredScope(route("PATCH", "/api/debts/:id", "supervisor"))).toBe("accounts:write");
    expect(requiredScope(route("POST", "/api/campaigns/:id/start", "supervisor"))).toBe("campaigns:write");
    expect(requiredScope(route("POST", "/api/calls", "agent"))).toBe("calls:write");
    expect(requiredScope(route("GET", "/api/analytics/kpis"))).toBe("reports:read");
  });

  it("is admin for anything only admins may do, whatever its family", () => {
    expect(requiredScope(route("POST", "/api/phone-numbers", "admin"))).toBe("admin");
    expect(requiredScope(route("GET", "/api/audit", "admin"))).toBe("admin");
    expect(requiredScope(route("DELETE", "/api/members/:id", "owner"))).toBe("admin");
  });

  it("is payments for a route about money, even under another family", () => {
    expect(requiredScope(route("POST", "/api/calls/:id/payment-links", "agent"))).toBe("payments");
  });

  it("is none for a public route, and none for a family nobody declared (the route-table test names it)", () => {
    expect(requiredScope({ method: "GET", path: "/api/health", access: { kind: "public" } })).toBeUndefined();
    expect(requiredScope(route("GET", "/api/gadgets"))).toBeUndefined();
  });
});

describe("what a key's scopes grant", () => {
  it("a family's write grants its read, not the other way round", () => {
    expect(scopesGrant(["accounts:write"], "accounts:read")).toBe(true);
    expect(scopesGrant(["accounts:read"], "accounts:write")).toBe(false);
  });

  it("no scope grants another family, payments or admin", () => {
    const allButAdmin = API_SCOPES.filter((s) => s !== "admin");
    expect(scopesGrant(allButAdmin, "admin")).toBe(false);
    expect(scopesGrant(["calls:write"], "payments")).toBe(false);
    expect(scopesGrant(["admin"], "accounts:read")).toBe(false);
  });
});
