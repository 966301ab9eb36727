// Sign-up, login, logout, who-am-I and invitation acceptance: the caller's profile.
import { z } from "zod";
import { ROLES } from "../../../domain/roles";
import { SIGN_IN_OUTCOMES } from "../../../domain/sign-in";
import { NO_BODY, id, instant, routeContract } from "./contract";

export const role = z.enum(ROLES);

const profileUser = z.strictObject({ id, email: z.string(), name: z.string() });
const profileOrganization = z.strictObject({ id, name: z.string(), slug: z.string() });

/** Who is calling: an API key has no user. */
export const profile = z.strictObject({ user: profileUser.nullable(), organization: profileOrganization, role });
export type Profile = z.infer<typeof profile>;

/** A session a person just started (signup, login, accepted invitation): there is always a user. */
export const sessionProfile = profile.extend({ user: profileUser });
export type SessionProfile = z.infer<typeof sessionProfile>;

export const inviteLookup = z.strictObject({ email: z.string(), role, organization: z.strictObject({ name: z.string() }) });
export type InviteLookup = z.infer<typeof inviteLookup>;

export const signUp = routeContract({ method: "POST", path: "/api/auth/signup", response: { 201: sessionProfile }, errors: ["rate_limited", "conflict"] });
export const logIn = routeContract({
  method: "POST",
  path: "/api/auth/login",
  response: { 200: sessionProfile },
  errors: ["rate_limited", "invalid_credentials", "forbidden"],
});
export const logOut = routeContract({ method: "POST", path: "/api/auth/logout", response: { 204: NO_BODY }, errors: [] });
/** not_found: the caller's organisation is gone (deleted under a live session). */
export const whoAmI = routeContract({ method: "GET", path: "/api/auth/me", response: { 200: profile }, errors: ["not_found"] });
export const lookUpInvite = routeContract({ method: "GET", path: "/api/invites/lookup/:token", response: { 200: inviteLookup }, errors: ["not_found"] });
export const acceptInvite = routeContract({
  method: "POST",
  path: "/api/auth/accept-invite",
  response: { 201: sessionProfile },
  errors: ["rate_limited", "not_found", "invalid_credentials", "conflict", "plan_required"],
});

/** One row of a person's sign-in history; `device` is a short prefix of the device's hash, to tell browsers apart. */
export const signIn = z.strictObject({
  occurredAt: instant,
  address: z.string(),
  userAgent: z.string().nullable(),
  device: z.string().nullable(),
  outcome: z.enum(SIGN_IN_OUTCOMES),
});
export type SignIn = z.infer<typeof signIn>;
export const signInHistory = z.strictObject({ signIns: z.array(signIn) });

/** The caller's own latest sign-ins (an API key has none). */
export const listOwnSignIns = routeContract({ method: "GET", path: "/api/profile/sign-ins", response: { 200: signInHistory }, errors: [] });

export const authRoutes = [signUp, logIn, logOut, whoAmI, lookUpInvite, acceptInvite, listOwnSignIns] as const;
