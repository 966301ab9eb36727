// Which API-key scope each route needs, derived from the route table rather than written
// per route: the family is named by the path's first segment, a read is a GET, and what
// only admins may do needs the admin scope whatever its family. A member route whose
// segment no family claims has no scope; tests/workers/role-matrix.test.ts fails naming
// it, so a new kind of route cannot be added without deciding who may call it with a key.
import type { ApiScope, ScopeFamily } from "../../domain/api-scopes";
import { hasRole } from "../../domain/roles";
import type { Access, HttpMethod } from "./route-table";

/** The resource family of each first path segment under /api/. */
const FAMILY_OF_SEGMENT: Record<string, ScopeFamily> = {
  accounts: "accounts",
  "account-imports": "accounts",
  debts: "accounts",
  payments: "accounts",
  dnc: "accounts",
  segments: "accounts",
  campaigns: "campaigns",
  calls: "calls",
  queues: "calls",
  softphone: "calls",
  reports: "reports",
  analytics: "reports",
  qa: "reports",
  organization: "organization",
  members: "organization",
  teams: "organization",
  invites: "organization",
  "phone-numbers": "organization",
  "ivr-settings": "organization",
  "ai-agent-settings": "organization",
  "intelligence-settings": "organization",
  "api-keys": "organization",
  audit: "organization",
  "webhook-endpoints": "organization",
  "webhook-deliveries": "organization",
  auth: "organization",
  profile: "organization",
  "retention-policy": "organization",
  "legal-holds": "organization",
  billing: "organization",
};

/** Path segments that name money wherever they appear (a payment link on a call). */
const PAYMENT_SEGMENTS: ReadonlySet<string> = new Set(["payment-links", "payments", "refunds"]);

export interface ScopedRoute {
  method: HttpMethod;
  path: string;
  access: Access;
}

/** The scope a key needs to call the route; undefined for a public route or an unknown family. */
export function requiredScope(route: ScopedRoute): ApiScope | undefined {
  if (route.access.kind !== "member") return undefined;
  const segments = route.path.replace(/^\/api\//, "").split("/");
  const family = FAMILY_OF_SEGMENT[segments[0] ?? ""];
  if (!family) return undefined;
  if (hasRole(route.access.minRole, "admin")) return "admin";
  if (segments.some((segment) => PAYMENT_SEGMENTS.has(segment))) return "payments";
  return `${family}:${route.method === "GET" ? "read" : "write"}`;
}
