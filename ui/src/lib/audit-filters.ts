// The audit log's filters as the console holds them, and the query they ask GET /api/audit for.
// An empty field filters nothing; the server checks each one and names any it refuses.

export interface AuditFilters {
  /** A member's user id (or an API key's id), "" for anyone. */
  actorId: string;
  /** `membership.role_changed`, or a family like `call.*`. */
  action: string;
  resourceType: string;
  resourceId: string;
  /** Days of the organisation's calendar, YYYY-MM-DD. */
  from: string;
  to: string;
}

export const NO_AUDIT_FILTERS: AuditFilters = { actorId: "", action: "", resourceType: "", resourceId: "", from: "", to: "" };

export function auditQuery(filters: AuditFilters, page: { limit: number; beforeSeq: number | null }): string {
  const params = new URLSearchParams({ limit: String(page.limit) });
  if (page.beforeSeq !== null) params.set("beforeSeq", String(page.beforeSeq));
  for (const key of ["actorId", "action", "resourceType", "resourceId", "from", "to"] as const) {
    const value = filters[key].trim();
    if (value !== "") params.set(key, value);
  }
  return params.toString();
}

/** What an entry changed, as lines a person reads: each field's value before and after. */
export function auditChanges(before: unknown, after: unknown): { field: string; before: string; after: string }[] {
  const fields = new Set([...Object.keys(asRecord(before)), ...Object.keys(asRecord(after))]);
  return [...fields].sort().map((field) => ({ field, before: shown(asRecord(before)[field]), after: shown(asRecord(after)[field]) }));
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const shown = (value: unknown): string => (value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value));
