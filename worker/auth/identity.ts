// Who is calling: a console session (cookie) or an integrator's API key (Bearer).
// Resolved from Postgres on every request, so a role change or a removed membership
// takes effect at once. Identity never comes from a body, query string or socket message.
import { and, eq, gt } from "drizzle-orm";
import { parse as parseCookies } from "hono/utils/cookie";
import type { Queryable } from "../../db/client";
import { apiKeys, memberships, organizations } from "../../db/schema";
import { findSessionMember, type SessionMember } from "../../db/session-members";
import type { ApiScope } from "../../domain/api-scopes";
import { hasRole, type Role } from "../../domain/roles";
import { sha256Hex } from "../../domain/sha256";
import { ApiError } from "../http/errors";

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
  /** What an API key may do (worker/http/route-scopes.ts); null for a session, bounded by its role alone. */
  scopes: readonly ApiScope[] | null;
  /** An API key's requests a minute; null for a session. */
  rateLimitPerMinute: number | null;
  /** The person an API key acts for (its creator): a key never does more than they may. */
  onBehalfOfUserId: string | null;
}

export async function resolveIdentity(request: Request, db: Queryable): Promise<Identity | null> {
  const authorization = request.headers.get("authorization");
  if (authorization?.startsWith("Bearer ")) return identityFromApiKey(db, authorization.slice(7).trim());
  const token = sessionTokenOf(request);
  return token ? identityFromSessionToken(db, token) : null;
}

export async function identityFromSessionToken(db: Queryable, token: string): Promise<Identity | null> {
  const sessionId = await sha256Hex(token);
  return sessionIdentity(sessionId, await findSessionMember(db, sessionId, new Date()));
}

/** The console session's token from the cookie header, or null. */
export function sessionTokenOf(request: Request): string | null {
  return parseCookies(request.headers.get("cookie") ?? "", SESSION_COOKIE)[SESSION_COOKIE] ?? null;
}

/** A session's identity from its member row (read here or by a RecordWriter for a room socket). */
export function sessionIdentity(sessionId: string, row: SessionMember | null): Identity | null {
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
    scopes: null,
    rateLimitPerMinute: null,
    onBehalfOfUserId: row.userId,
  };
}

/**
 * A key that names nothing is no identity (401, like no credentials); a revoked or expired
 * key, or one whose creator has left, is refused with 401 saying which, so an integrator
 * knows to make a new one. A key's role is its own or its creator's current one, the lower.
 */
async function identityFromApiKey(db: Queryable, secret: string): Promise<Identity | null> {
  if (!secret.startsWith(API_KEY_PREFIX)) return null;
  const keyHash = await sha256Hex(secret);
  const [row] = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      role: apiKeys.role,
      scopes: apiKeys.scopes,
      rateLimitPerMinute: apiKeys.rateLimitPerMinute,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
      createdByUserId: apiKeys.createdByUserId,
      creatorRole: memberships.role,
      organizationId: apiKeys.organizationId,
      organizationName: organizations.name,
    })
    .from(apiKeys)
    .innerJoin(organizations, eq(organizations.id, apiKeys.organizationId))
    .leftJoin(memberships, and(eq(memberships.userId, apiKeys.createdByUserId), eq(memberships.organizationId, apiKeys.organizationId)))
    .where(eq(apiKeys.keyHash, keyHash))
    .limit(1);
  if (!row) return null;
  const now = new Date();
  if (row.revokedAt) throw refusedKey(`This API key was revoked at ${row.revokedAt.toISOString()}`);
  if (row.expiresAt && row.expiresAt <= now) throw refusedKey(`This API key expired at ${row.expiresAt.toISOString()}; create a new one`);
  if (!row.creatorRole) throw refusedKey("The person who created this API key is no longer a member; create a new one");
  // Coarse on purpose: one write a minute per key, not one per request.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
  }
  return {
    kind: "api_key",
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    role: hasRole(row.creatorRole, row.role) ? row.role : row.creatorRole,
    userId: null,
    apiKeyId: row.id,
    sessionId: null,
    displayName: `API key ${row.name}`,
    scopes: row.scopes,
    rateLimitPerMinute: row.rateLimitPerMinute,
    onBehalfOfUserId: row.createdByUserId,
  };
}

const refusedKey = (message: string) => new ApiError(401, "unauthorized", message);
