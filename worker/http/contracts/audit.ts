// The audit log and the verdict on its hash chain.
import { z } from "zod";
import { id, instant, routeContract } from "./contract";

export const auditEntry = z.strictObject({
  id,
  seq: z.number().int(),
  occurredAt: instant,
  actorType: z.string(),
  actorId: z.string().nullable(),
  /** The user's name, "API key <name>", or the actor type when neither is known. */
  actorName: z.string(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditPage = z.strictObject({
  entries: z.array(auditEntry),
  nextBeforeSeq: z.number().int().nullable(),
  /** The organisation's zone, whose calendar the `from` / `to` days are. */
  timeZone: z.string(),
});
export type AuditPage = z.infer<typeof auditPage>;

export const auditVerification = z.discriminatedUnion("ok", [
  z.strictObject({ ok: z.literal(true), rowsChecked: z.number().int(), firstBrokenSeq: z.null(), reason: z.null() }),
  z.strictObject({ ok: z.literal(false), rowsChecked: z.number().int(), firstBrokenSeq: z.number().int(), reason: z.string() }),
]);
export type AuditVerification = z.infer<typeof auditVerification>;

export const listAudit = routeContract({ method: "GET", path: "/api/audit", response: { 200: auditPage }, errors: [] });
export const verifyAudit = routeContract({ method: "GET", path: "/api/audit/verify", response: { 200: auditVerification }, errors: [] });

export const auditRoutes = [listAudit, verifyAudit] as const;
