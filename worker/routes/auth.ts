// Sign-up, login, logout, who-am-I and invitation acceptance. Every attempt endpoint
// is rate limited through the RateLimiter actor; every change lands in the audit log.
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
import {
  clientAddress,
  enforceRateLimit,
  INVITE_ACCEPT_PER_ADDRESS,
  LOGIN_PER_ADDRESS,
  LOGIN_PER_EMAIL,
  SIGNUP_PER_ADDRESS,
} from "../http/rate-limit";
import { acceptInvite, logIn, logOut, lookUpInvite, signUp, whoAmI } from "../http/contracts/auth";
import { defineRoute, member, PUBLIC, type AppContext } from "../http/route-table";
import { loadProfile, profileOf } from "./profile";
import { emailField, passwordField, personNameField } from "./validation";

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
    await enforceRateLimit(c.env, LOGIN_PER_ADDRESS, clientAddress(c));
    await enforceRateLimit(c.env, LOGIN_PER_EMAIL, await sha256Hex(body.email));
    const [user] = await c.var.db.select().from(users).where(sql`lower(${users.email}) = ${body.email}`);
    const passwordOk = await verifyPassword(body.password, user?.passwordHash ?? DECOY_PASSWORD_HASH);
    if (!user || !passwordOk) throw invalidCredentials();
    const [membership] = await c.var.db
      .select()
      .from(memberships)
      .where(eq(memberships.userId, user.id))
      .orderBy(asc(memberships.createdAt))
      .limit(1);
    if (!membership) throw new ApiError(403, "forbidden", "You are not a member of any organisation");
    const session = await c.var.db.transaction((tx) => createAuditedSession(tx, c, user.id, membership.organizationId));
    setSessionCookie(c, session.token, session.expiresAt);
    return c.json(await loadProfile(c.var.db, { userId: user.id, organizationId: membership.organizationId, role: membership.role }));
  },
});

defineRoute(logOut, {
  summary: "End the current session",
  access: { kind: "member", minRole: "viewer", selfService: true },
  handler: async (c) => {
    const identity = c.var.identity;
    if (identity.sessionId) {
      await c.var.db.transaction(async (tx) => {
        await tx.delete(sessions).where(eq(sessions.id, identity.sessionId!));
        await recordAudit(tx, identity.organizationId, identity, {
          action: "session.ended",
          resourceType: "session",
          resourceId: identity.userId,
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

/** Every session start is on the record, whichever way it began. */
async function createAuditedSession(tx: Transaction, c: AppContext, userId: string, organizationId: string) {
  const userAgent = c.req.header("user-agent");
  const session = await createSession(tx, { userId, organizationId, userAgent });
  await recordAudit(tx, organizationId, { kind: "session", userId, apiKeyId: null }, {
    action: "session.created",
    resourceType: "session",
    resourceId: userId,
    after: { userAgent: userAgent?.slice(0, 120) ?? null },
  });
  return session;
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
