// The caller's organisation, its members, invitations and API keys.
import { z } from "zod";
import { role, signInHistory } from "./auth";
import { NO_BODY, id, instant, routeContract } from "./contract";
import { API_SCOPES } from "../../../domain/api-scopes";

export const organization = z.strictObject({
  id,
  name: z.string(),
  slug: z.string(),
  /** Seconds of wrap-up after a call (0–600): ordinary calls, and campaigns that set no time of their own. */
  wrapUpSeconds: z.number().int(),
  /** IANA zone of the organisation's calendar: analytics draw days and weeks in it. */
  timeZone: z.string(),
  /** How many supervisors may be on one call at once (1 unless the organisation allows more). */
  supervisorsPerCall: z.number().int(),
  /** Agents see who listens to their call and in which mode (off: quality monitoring). */
  showSupervisorsToAgents: z.boolean(),
  /** Spoken before recording starts on calls to or from an all-party-consent state. */
  recordingDisclosure: z.string(),
  /** How long a payment link sent by SMS stays payable (30 min – 24 h; domain/payments.ts). */
  paymentLinkValiditySeconds: z.number().int(),
  /** Unanswered queue rings in a row that put an agent on a break (1–10), for queues that set no number of their own. */
  ringMissesBeforeBreak: z.number().int(),
  /** A rehearsal's own organisation names the organisation whose campaign it rehearses; null otherwise. */
  rehearsalOf: id.nullable(),
  createdAt: instant,
});
const organizationBody = z.strictObject({ organization });

export const getOrganization = routeContract({ method: "GET", path: "/api/organization", response: { 200: organizationBody }, errors: [] });
/** Rename the organisation and/or set its defaults (wrapUpSeconds, timeZone, supervisorsPerCall, showSupervisorsToAgents, recordingDisclosure, paymentLinkValiditySeconds, ringMissesBeforeBreak). */
export const renameOrganization = routeContract({ method: "PATCH", path: "/api/organization", response: { 200: organizationBody }, errors: [] });

export const member = z.strictObject({
  /** Membership id: the id PATCH/DELETE /api/members/:id take. */
  id,
  userId: id,
  name: z.string(),
  email: z.string(),
  role,
  createdAt: instant,
});
export type Member = z.infer<typeof member>;

export const listMembers = routeContract({ method: "GET", path: "/api/members", response: { 200: z.strictObject({ members: z.array(member) }) }, errors: [] });
/** forbidden: a role above the caller's; conflict: the last owner. */
export const changeMemberRole = routeContract({
  method: "PATCH",
  path: "/api/members/:id",
  response: { 200: z.strictObject({ member: member.omit({ createdAt: true }) }) },
  errors: ["forbidden", "conflict"],
});
export const removeMember = routeContract({ method: "DELETE", path: "/api/members/:id", response: { 204: NO_BODY }, errors: ["forbidden", "conflict"] });
/** A member's latest sign-ins to this organisation, for its admins. */
export const listMemberSignIns = routeContract({ method: "GET", path: "/api/members/:id/sign-ins", response: { 200: signInHistory }, errors: [] });
/**
 * Revokes a member's softphone: every telephony credential of theirs is deleted at the
 * carrier (their registered softphone stops; the engine rings their own address), and their
 * sessions in this organisation end, so a console still signed in cannot mint a new one. forbidden:
 * a role above the caller's; service_unavailable: no credential connection, or the carrier
 * did not answer (nothing is recorded as revoked then).
 */
export const revokeMemberSoftphone = routeContract({
  method: "DELETE",
  path: "/api/members/:id/softphone-credential",
  response: { 200: z.strictObject({ userId: id, credentialsRevoked: z.number().int().min(0), sessionsEnded: z.number().int().min(0) }) },
  errors: ["forbidden", "service_unavailable"],
});

export const invite = z.strictObject({
  id,
  email: z.string(),
  role,
  createdAt: instant,
  expiresAt: instant,
  acceptedAt: instant.nullable(),
  revokedAt: instant.nullable(),
});
export type Invite = z.infer<typeof invite>;

export const createdInvite = z.strictObject({
  invite,
  token: z.string(),
  /** Path like /invite/<token>; the console prefixes location.origin. */
  acceptPath: z.string(),
});
export type CreatedInvite = z.infer<typeof createdInvite>;

export const listInvites = routeContract({ method: "GET", path: "/api/invites", response: { 200: z.strictObject({ invites: z.array(invite) }) }, errors: [] });
/** plan_required: no seat left on the plan (members and open invitations). */
export const createInvite = routeContract({ method: "POST", path: "/api/invites", response: { 201: createdInvite }, errors: ["forbidden", "conflict", "plan_required"] });
export const revokeInvite = routeContract({ method: "DELETE", path: "/api/invites/:id", response: { 200: z.strictObject({ invite }) }, errors: [] });

export const apiScope = z.enum(API_SCOPES);

export const apiKey = z.strictObject({
  id,
  name: z.string(),
  displayPrefix: z.string(),
  role,
  /** What the key may do (domain/api-scopes.ts): each route needs one scope. */
  scopes: z.array(apiScope),
  /** Null: never expires. */
  expiresAt: instant.nullable(),
  /** Requests a minute before 429. */
  rateLimitPerMinute: z.number().int(),
  createdAt: instant,
  /** Recorded at most once a minute. */
  lastUsedAt: instant.nullable(),
  revokedAt: instant.nullable(),
});
export type ApiKey = z.infer<typeof apiKey>;

export const createdApiKey = z.strictObject({
  apiKey,
  /** Shown exactly once; the server keeps only a hash. */
  secret: z.string(),
});
export type CreatedApiKey = z.infer<typeof createdApiKey>;

export const listApiKeys = routeContract({ method: "GET", path: "/api/api-keys", response: { 200: z.strictObject({ apiKeys: z.array(apiKey) }) }, errors: [] });
export const createApiKey = routeContract({ method: "POST", path: "/api/api-keys", response: { 201: createdApiKey }, errors: ["forbidden"] });
export const revokeApiKey = routeContract({ method: "DELETE", path: "/api/api-keys/:id", response: { 200: z.strictObject({ apiKey }) }, errors: [] });

export const organizationRoutes = [
  getOrganization,
  renameOrganization,
  listMembers,
  changeMemberRole,
  removeMember,
  listMemberSignIns,
  revokeMemberSoftphone,
  listInvites,
  createInvite,
  revokeInvite,
  listApiKeys,
  createApiKey,
  revokeApiKey,
] as const;
