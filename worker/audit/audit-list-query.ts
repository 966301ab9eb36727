// GET /api/audit's query, decided without I/O: which entries a compliance officer asked for
// (who did it, what, to which resource, on which days of the organisation's calendar) and the
// page. An action is named exactly (`membership.role_changed`) or as a family (`call.*`).
import { z } from "zod";

export const MAX_AUDIT_PAGE = 200;
const DEFAULT_AUDIT_PAGE = 50;

/** Actions are dotted lower-case names; a family ends in `.*`. */
const ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?$/;

const localDate = z.iso.date("a date of the organisation's calendar, like 2026-11-30");
const name = (what: string) => z.string().trim().min(1, `${what} must not be empty`).max(100);

export const auditListQuery = z
  .strictObject({
    limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(DEFAULT_AUDIT_PAGE),
    beforeSeq: z.coerce.number().int().min(1).optional(),
    /** A user's or an API key's id, as the entries carry it. */
    actorId: name("actorId").optional(),
    action: name("action")
      .regex(ACTION_PATTERN, "an action like membership.role_changed, or a family like call.*")
      .optional(),
    resourceType: name("resourceType").optional(),
    resourceId: name("resourceId").optional(),
    from: localDate.optional(),
    to: localDate.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "must not be before from", path: ["to"] });
export type AuditListQuery = z.infer<typeof auditListQuery>;

/** `call.*` → the prefix `call.` every action of the family starts with; an exact name → null. */
export function actionFamilyPrefix(action: string): string | null {
  return action.endsWith(".*") ? action.slice(0, -1) : null;
}
