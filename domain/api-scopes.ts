// What an API key may do: its scopes. The families are the API's resource groups (read
// and write each); payments and admin are one scope each, because reading them is as
// sensitive as changing them. Which scope each route needs is derived from the route table
// (worker/http/route-scopes.ts); this module is the vocabulary the API, Postgres and the
// console share. No zod here: the console imports it.

export const SCOPE_FAMILIES = ["accounts", "campaigns", "calls", "reports", "organization"] as const;
export type ScopeFamily = (typeof SCOPE_FAMILIES)[number];

export const API_SCOPES = [
  "accounts:read",
  "accounts:write",
  "campaigns:read",
  "campaigns:write",
  "calls:read",
  "calls:write",
  "reports:read",
  "reports:write",
  "organization:read",
  "organization:write",
  "payments",
  "admin",
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** What each scope lets a key do, in the console's words. */
export const SCOPE_DESCRIPTIONS: Record<ApiScope, string> = {
  "accounts:read": "Read accounts, debts, do-not-call entries, segments and imports",
  "accounts:write": "Change accounts, debts, do-not-call entries and segments; import files",
  "campaigns:read": "Read campaigns and their reports",
  "campaigns:write": "Create, start, pause and stop campaigns; dial and skip preview leads",
  "calls:read": "Read call records, transcripts and recordings",
  "calls:write": "Place, hang up, supervise and wrap up calls",
  "reports:read": "Read KPIs and saved reports, and export them",
  "reports:write": "Save, change and delete reports",
  "organization:read": "Read the organisation, its members, numbers and IVR settings",
  "organization:write": "Change what a supervisor may change in the organisation",
  payments: "Take payments (payment links on calls)",
  admin: "Manage members, invitations, API keys, webhooks, numbers, settings and the audit log",
};

/** Requests a minute a new key may make unless its creator says otherwise, and the bounds. */
export const DEFAULT_API_KEY_RATE_LIMIT_PER_MINUTE = 600;
export const MAX_API_KEY_RATE_LIMIT_PER_MINUTE = 6_000;

const scopeSet: ReadonlySet<string> = new Set(API_SCOPES);
export const isApiScope = (value: string): value is ApiScope => scopeSet.has(value);

/** A key's scopes grant the one a route needs: that scope, or for a read its family's write. */
export function scopesGrant(granted: readonly ApiScope[], needed: ApiScope): boolean {
  if (granted.includes(needed)) return true;
  return needed.endsWith(":read") && granted.includes(needed.replace(/:read$/, ":write") as ApiScope);
}
