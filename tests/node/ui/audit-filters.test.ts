// The audit log's filters become GET /api/audit's query (empty ones left out, the page kept),
// and an entry's before / after become one line per field a compliance officer can read.
import { describe, expect, it } from "vitest";
import { auditChanges, auditQuery, NO_AUDIT_FILTERS } from "../../../ui/src/lib/audit-filters";

describe("audit filters", () => {
  it("asks only for the filters that are set, trimmed, with the page", () => {
    expect(auditQuery(NO_AUDIT_FILTERS, { limit: 50, beforeSeq: null })).toBe("limit=50");
    const query = auditQuery({ ...NO_AUDIT_FILTERS, action: " call.* ", from: "2026-12-01", to: "2026-12-05", actorId: "u-1" }, { limit: 50, beforeSeq: 120 });
    expect(Object.fromEntries(new URLSearchParams(query))).toEqual({
      limit: "50",
      beforeSeq: "120",
      actorId: "u-1",
      action: "call.*",
      from: "2026-12-01",
      to: "2026-12-05",
    });
  });

  it("lists each changed field with its value before and after", () => {
    expect(auditChanges({ role: "agent" }, { role: "supervisor", note: { by: "x" } })).toEqual([
      { field: "note", before: "—", after: '{"by":"x"}' },
      { field: "role", before: "agent", after: "supervisor" },
    ]);
    expect(auditChanges(null, null)).toEqual([]);
  });
});
