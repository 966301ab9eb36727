// Sign-up, login, logout, who-am-I and invitation acceptance. Every attempt endpoint
// is rate limited through the RateLimiter actor (the login by its failures only:
// worker/auth/login-guard.ts); every change lands in the audit log. Sessions started go to
// the person's sign-in history; an ordinary login writes no audit row, a lock does.
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { randomToken } from "../auth/crypto";
import { sha256Hex } from "../../domain/sha256";
import { DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from "../auth/password";
import { clearSessionCookie, createSession, setSessionCookie } from "../auth/session";
import type { Transaction } from "../../db/client";
import { invites, memberships, organizations, sessions, users } from "../../db/schema";
import { ApiError, conflict, notFound } from "../http/errors";
import { clientAddress, enforceRateLimit, INVITE_ACCEPT_PER_ADDRESS, SIGNUP_PER_ADDRESS } from "../http/rate-limit";
import { deviceOf, deviceOrNew, setDeviceCookie, type Device } from "../auth/device";
import { accountLockKey, beginAccountAttempt, beginAddressAttempt, type AccountAttempt } from "../auth/login-guard";
import { findLoginAccount } from "../auth/login-account";
import { recordSignIn } from "../auth/sign-in-history";
import { acceptInvite, logIn, logOut, lookUpInvite, signUp, whoAmI } from "../http/contracts/auth";
import { defineRoute, member, PUBLIC, type AppContext } from "../http/route-table";
import { loadProfile, profileOf, type Profile } from "./profile";
import { emailField, passwordField, personNameField } from "./validation";
import { requireSeats } from "../billing/plan-gate";
import { logEvent } from "../../domain/log";
import { revokeSoftphoneCredentials, softphoneConfigured, type SoftphoneCarrierConfig } from "../softphone/telephony-credentials";

const invalidCredentials = () => new ApiError(401, "invalid_credentials", "Email or password is wrong");

defineRoute(signUp, {
  summary: "Create an organisation and its owner, and log in",
  access: PUBLIC,
  body: z.strictObject({
    organizationName: z.string().trim().min(2).max(100),
    name: personNameField,
    email: emailField,
    password: passwordField,
  }),
  handler: async (c, { body }) => {
    await enforceRateLimit(c.env, SIGNUP_PER_ADDRESS, clientAddress(c));
    const passwordHash = await hashPassword(body.password);
    const created = await c.var.db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${body.email}`);
      if (existing) throw conflict("An account with this email exists: log in, or ask an admin for an invitation");
      const [organization] = await tx
        .insert(organizations)
        .values({ name: body.organizationName, slug: `${slugify(body.organizationName)}-${randomToken(4).toLowerCase()}` })
        .returning();
      const [user] = await tx.insert(users).values({ email: body.email, name: body.name, passwordHash }).returning();
      const [membership] = await tx
        .insert(memberships)
        .values({ organizationId: organization!.id, userId: user!.id, role: "owner" })
        .returning();
      const actor = { kind: "session" as const, userId: user!.id, apiKeyId: null };
      await recordAudit(tx, organization!.id, actor, {
        action: "organization.created",
        resourceType: "organization",
        resourceId: organization!.id,
        after: { name: organization!.name, slug: organization!.slug },
      });
      await recordAudit(tx, organization!.id, actor, {
        action: "membership.created",
        resourceType: "membership",
        resourceId: membership!.id,
        after: { userId: user!.id, email: user!.email, role: "owner" },
      });
      const session = await createAuditedSession(tx, c, user!.id, organization!.id);
      return { session, userId: user!.id, organizationId: organization!.id };
    });
    setSessionCookie(c, created.session.token, created.session.expiresAt);
    const profile = await loadProfile(c.var.db, { ...created, role: "owner" });
    return c.json(profile, 201);
  },
});

defineRoute(logIn, {
  summary: "Log in with email and password",
  access: PUBLIC,
  body: z.strictObject({ email: emailField, password: z.string().min(1).max(200) }),
  handler: async (c, { body }) => {
    const address = clientAddress(c);
    const device = await deviceOf(c);
    const [addressAttempt, account] = await Promise.all([
      beginAddressAttempt(c.env, address),
      findLoginAccount(c.var.db, body.email, device?.hash ?? null),
    ]);
    const knownDevice = account?.knownDevice ? device : null;
    // The hash runs while the lock is asked; its answer is used only if the lock lets the attempt through.
    const [accountAttempt, passwordOk] = await Promise.all([
      beginAccountAttempt(c.env, await accountLockKey(body.email, knownDevice?.hash ?? null)),
      verifyPassword(body.password, account?.user.passwordHash ?? DECOY_PASSWORD_HASH),
    ]);
    if (!account || !passwordOk) {
      if (account?.organization) {
        await recordFailedLogin(c, { user: account.user, organizationId: account.organization.id, address, device, knownDevice: knownDevice !== null, accountAttempt });
      }
      throw invalidCredentials();
    }
    const { user, organization, membership } = account;
    const givenBack = Promise.all([addressAttempt.succeeded(), accountAttempt.succeeded()]);
    if (!organization || !membership) {
      await givenBack;
      throw new ApiError(403, "forbidden", "You are not a member of any organisation");
    }
    // An ordinary login goes to the sign-in history, not the audit log.
    const [session] = await Promise.all([c.var.db.transaction((tx) => startSession(tx, c, user.id, organization.id)), givenBack]);
    setSessionCookie(c, session.token, session.expiresAt);
    return c.json({ user: { id: user.id, email: user.email, name: user.name }, organization, role: membership.role } satisfies Profile);
  },
});

defineRoute(logOut, {
  summary: "End the current session (and revoke your softphone's telephony credential at the carrier)",
  access: { kind: "member", minRole: "viewer", selfService: true },
  handler: async (c) => {
    const identity = c.var.identity;
    if (identity.sessionId) {
      const softphone = await revokeOnLogout(c.env, identity.userId);
      await c.var.db.transaction(async (tx) => {
        await tx.delete(sessions).where(eq(sessions.id, identity.sessionId!));
        await recordAudit(tx, identity.organizationId, identity, {
          action: "session.ended",
          resourceType: "session",
          resourceId: identity.userId,
          ...(softphone ? { after: { softphone } } : {}),
        });
      });
    }
    clearSessionCookie(c);
    return c.body(null, 204);
  },
});

defineRoute(whoAmI, {
  summary: "The caller's user, organisation and role",
  access: member("viewer"),
  handler: async (c) => c.json(await loadProfile(c.var.db, profileOf(c.var.identity))),
});

defineRoute(lookUpInvite, {
  summary: "What an invitation link offers (for the accept page)",
  access: PUBLIC,
  handler: async (c) => {
    const invite = await findOpenInvite(c, c.req.param("token") ?? "");
    const [organization] = await c.var.db
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, invite.organizationId));
    return c.json({ email: invite.email, role: invite.role, organization: { name: organization!.name } });
  },
});

defineRoute(acceptInvite, {
  summary: "Join an organisation through an invitation, and log in",
  access: PUBLIC,
  body: z.strictObject({ token: z.string().min(10).max(200), name: personNameField, password: passwordField }),
  handler: async (c, { body }) => {
    await enforceRateLimit(c.env, INVITE_ACCEPT_PER_ADDRESS, clientAddress(c));
    const invite = await findOpenInvite(c, body.token);
    const [existingUser] = await c.var.db.select().from(users).where(sql`lower(${users.email}) = ${invite.email}`);
    // An existing user proves who they are with their current password.
    if (existingUser && !(await verifyPassword(body.password, existingUser.passwordHash))) throw invalidCredentials();
    const passwordHash = existingUser ? null : await hashPassword(body.password);
    const joined = await c.var.db.transaction(async (tx) => {
      // The open invitation already holds its seat: joining adds none, unless the plan shrank meanwhile.
      await requireSeats(tx, invite.organizationId, 0);
      const claimed = await tx
        .update(invites)
        .set({ acceptedAt: new Date() })
        .where(and(eq(invites.id, invite.id), isNull(invites.acceptedAt), isNull(invites.revokedAt)))
        .returning({ id: invites.id });
      if (claimed.length === 0) throw notFound("Invitation");
      const userId =
        existingUser?.id ??
        (await tx.insert(users).values({ email: invite.email, name: body.name, passwordHash: passwordHash! }).returning())[0]!.id;
      const [already] = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.userId, userId), eq(memberships.organizationId, invite.organizationId)));
      if (already) throw conflict("You are already a member of this organisation");
      const [membership] = await tx
        .insert(memberships)
        .values({ organizationId: invite.organizationId, userId, role: invite.role })
        .returning();
      const actor = { kind: "session" as const, userId, apiKeyId: null };
      await recordAudit(tx, invite.organizationId, actor, {
        action: "invite.accepted",
        resourceType: "invite",
        resourceId: invite.id,
        after: { email: invite.email, role: invite.role },
      });
      await recordAudit(tx, invite.organizationId, actor, {
        action: "membership.created",
        resourceType: "membership",
        resourceId: membership!.id,
        after: { userId, email: invite.email, role: invite.role },
      });
      const session = await createAuditedSession(tx, c, userId, invite.organizationId);
      return { userId, session };
    });
    setSessionCookie(c, joined.session.token, joined.session.expiresAt);
    const profile = await loadProfile(c.var.db, {
      userId: joined.userId,
      organizationId: invite.organizationId,
      role: invite.role,
    });
    return c.json(profile, 201);
  },
});

/** A session started: in the sign-in history, and the browser becomes a known device. */
async function startSession(tx: Transaction, c: AppContext, userId: string, organizationId: string) {
  const userAgent = c.req.header("user-agent");
  const device = await deviceOrNew(c);
  const session = await createSession(tx, { userId, organizationId, userAgent });
  await recordSignIn(tx, { userId, organizationId, address: clientAddress(c), userAgent, deviceHash: device.hash, outcome: "succeeded" });
  setDeviceCookie(c, device);
  return session;
}

/** Sign-up and invitation acceptance also put the session on the audit record (rare, and part of joining). */
async function createAuditedSession(tx: Transaction, c: AppContext, userId: string, organizationId: string) {
  const session = await startSession(tx, c, userId, organizationId);
  await recordAudit(tx, organizationId, { kind: "session", userId, apiKeyId: null }, {
    action: "session.created",
    resourceType: "session",
    resourceId: userId,
    after: { userAgent: c.req.header("user-agent")?.slice(0, 120) ?? null },
  });
  return session;
}

/** A wrong password for a known user: their sign-in history, and the audit log when it starts a lock. */
async function recordFailedLogin(
  c: AppContext,
  failure: {
    user: { id: string; email: string };
    organizationId: string;
    address: string;
    device: Device | null;
    knownDevice: boolean;
    accountAttempt: AccountAttempt;
  },
): Promise<void> {
  const { user, organizationId, address, accountAttempt } = failure;
  const userAgent = c.req.header("user-agent");
  await c.var.db.transaction(async (tx) => {
    await recordSignIn(tx, {
      userId: user.id,
      organizationId,
      address,
      userAgent,
      deviceHash: failure.device?.hash ?? null,
      outcome: accountAttempt.lockSecondsIfFailed > 0 ? "locked" : "wrong_password",
    });
    if (!accountAttempt.startsEpisode) return;
    // The engine locked the account, not the caller (who is unknown): a system row.
    await recordAudit(tx, organizationId, { kind: "system" }, {
      action: "login.locked",
      resourceType: "user",
      resourceId: user.id,
      after: {
        email: user.email,
        address,
        userAgent: userAgent?.slice(0, 120) ?? null,
        lockedForSeconds: accountAttempt.lockSecondsIfFailed,
        scope: failure.knownDevice ? "known_device" : "account",
      },
    });
  });
}

async function findOpenInvite(c: AppContext, token: string) {
  const [invite] = await c.var.db
    .select()
    .from(invites)
    .where(
      and(
        eq(invites.tokenHash, await sha256Hex(token)),
        isNull(invites.acceptedAt),
        isNull(invites.revokedAt),
        gt(invites.expiresAt, new Date()),
      ),
    );
  if (!invite) throw notFound("Invitation (it may have expired or been used)");
  return invite;
}

function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "org"
  );
}

/**
 * A logout ends the person's softphone too: its credential is deleted at the carrier. The
 * logout never waits on the carrier's failure (it logs, and the audit row says so): a
 * credential left behind expires within its shift (domain/softphone.ts). Null: nothing to
 * revoke (no credential connection, or not a person).
 */
async function revokeOnLogout(env: SoftphoneCarrierConfig, userId: string | null): Promise<{ credentialsRevoked: number } | { revocationFailed: string } | null> {
  if (!userId || !softphoneConfigured(env)) return null;
  try {
    const credentialsRevoked = await revokeSoftphoneCredentials(env, userId.toLowerCase());
    return credentialsRevoked > 0 ? { credentialsRevoked } : null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logEvent({ event: "softphone_revoke_failed", userId, error: reason });
    return { revocationFailed: "the carrier did not answer; the credential expires on its own" };
  }
}
