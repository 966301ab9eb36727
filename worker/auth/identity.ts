// Who is calling: a console session (cookie) or an integrator's API key (Bearer).
// Resolved from Postgres on every request, so a role change or a removed membership
// takes effect at once. Identity never comes from a body, query string or socket message.
import { and, eq, gt, isNull } from "drizzle-orm";
import { parse as parseCookies } from "hono/utils/cookie";
import type { Queryable } from "../../db/client";
import { apiKeys, memberships, organizations, sessions, users } from "../../db/schema";
import type { Role } from "../../domain/roles";
import { sha256Hex } from "../../domain/sha256";

export const SESSION_COOKIE = "wib_session";
export const API_KEY_PREFIX = "wib_";
const LAST_USED_RESOLUTION_MS = 60_000;

export interface Identity {
  kind: "session" | "api_key";
  organizationId: string;
  organizationName: string;
  role: Role;
  /** The person: null for API keys. */
  userId: string | null;
  apiKeyId: string | null;
  sessionId: string | null;
  displayName: string;
}

export async function resolveIdentity(request: Request, db: Queryable): Promise<Identity | null> {
  const authorization = request.headers.get("authorization");
  if (authorization?.startsWith("Bearer ")) return identityFromApiKey(db, authorization.slice(7).trim());
  const token = parseCookies(request.headers.get("cookie") ?? "", SESSION_COOKIE)[SESSION_COOKIE];
  return token ? identityFromSessionToken(db, token) : null;
}

export async function identityFromSessionToken(db: Queryable, token: string): Promise<Identity | null> {
  const sessionId = await sha256Hex(token);
  const [row] = await db
    .select({
      organizationId: sessions.organizationId,
      organizationName: organizations.name,
      userId: users.id,
      userName: users.name,
      role: memberships.role,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, sessions.organizationId))
    .innerJoin(
      memberships,
      and(eq(memberships.userId, sessions.userId), eq(memberships.organizationId, sessions.organizationId)),
    )
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, new Date())))
    .limit(1);
  if (!row) return null;
  return {
    kind: "session",
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    role: row.role,
    userId: row.userId,
    apiKeyId: null,
    sessionId,
    displayName: row.userName,
  };
}

async function identityFromApiKey(db: Queryable, secret: string): Promise<Identity | null> {
  if (!secret.startsWith(API_KEY_PREFIX)) return null;
  const keyHash = await sha256Hex(secret);
  const [row] = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      role: apiKeys.role,
      lastUsedAt: apiKeys.lastUsedAt,
      organizationId: apiKeys.organizationId,
      organizationName: organizations.name,
    })
    .from(apiKeys)
    .innerJoin(organizations, eq(organizations.id, apiKeys.organizationId))
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return null;
  // Coarse on purpose: one write a minute per key, not one per request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.id));
  }
  return {
    kind: "api_key",
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    role: row.role,
    userId: null,
    apiKeyId: row.id,
    sessionId: null,
    displayName: `API key ${row.name}`,
  };
}
