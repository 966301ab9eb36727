// Retention and legal holds (domain/retention.ts): the organisation's retention policy
// (days per kind of data), and the holds that keep an account or a call whatever it says.
import { z } from "zod";
import { LEGAL_HOLD_SUBJECTS, retentionPolicy } from "../../../domain/retention";
import { id, instant, routeContract } from "./contract";

const retentionPolicyBody = z.strictObject({ retentionPolicy });

export const legalHold = z.strictObject({
  id,
  subjectType: z.enum(LEGAL_HOLD_SUBJECTS),
  subjectId: id,
  /** The account's name (for a call, its account's, or the number called): what the list shows. */
  subjectName: z.string().nullable(),
  reason: z.string(),
  placedByUserId: id.nullable(),
  placedAt: instant,
  liftedAt: instant.nullable(),
  liftedByUserId: id.nullable(),
  liftReason: z.string().nullable(),
});
export type LegalHold = z.infer<typeof legalHold>;

const holdBody = z.strictObject({ hold: legalHold });

/** The policy in force (nothing deleted until an admin sets days). */
export const getRetentionPolicy = routeContract({ method: "GET", path: "/api/retention-policy", response: { 200: retentionPolicyBody }, errors: [] });
/** Replaces the policy as a whole (a bad field is a 400 naming it), audited with before and after. */
export const setRetentionPolicy = routeContract({ method: "PATCH", path: "/api/retention-policy", response: { 200: retentionPolicyBody }, errors: [] });
/** Standing holds, newest first; `?include=lifted` adds lifted ones. */
export const listLegalHolds = routeContract({ method: "GET", path: "/api/legal-holds", response: { 200: z.strictObject({ holds: z.array(legalHold) }) }, errors: [] });
/** Places a hold on an account (its calls, recordings, transcripts, payments), with a reason (409 when one already stands on it). */
export const holdAccount = routeContract({ method: "POST", path: "/api/accounts/:id/legal-holds", response: { 201: holdBody }, errors: ["conflict"] });
/** Places a hold on one call, with a reason (409 when one already stands on it). */
export const holdCall = routeContract({ method: "POST", path: "/api/calls/:id/legal-holds", response: { 201: holdBody }, errors: ["conflict"] });
/** Lifts a standing hold, with a reason (409 when it was lifted already). */
export const liftLegalHoldRoute = routeContract({ method: "POST", path: "/api/legal-holds/:id/lift", response: { 200: holdBody }, errors: ["conflict"] });

export const retentionRoutes = [getRetentionPolicy, setRetentionPolicy, listLegalHolds, holdAccount, holdCall, liftLegalHoldRoute] as const;
