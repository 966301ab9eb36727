// Console sessions: a random token in an HttpOnly cookie, only its hash in Postgres.
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import type { Queryable } from "../../db/client";
import { sessions } from "../../db/schema";
import { randomToken } from "./crypto";
import { sha256Hex } from "../../domain/sha256";
import { SESSION_COOKIE } from "./identity";

export const SESSION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

export async function createSession(
  db: Queryable,
  input: { userId: string; organizationId: string; userAgent: string | undefined },
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = randomToken(32);
  const sessionId = await sha256Hex(token);
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
  await db.insert(sessions).values({
    id: sessionId,
    userId: input.userId,
    organizationId: input.organizationId,
    expiresAt,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  });
  return { token, sessionId, expiresAt };
}

export function setSessionCookie(c: Context, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    // Secure whenever served over https (production); plain http only on localhost.
    secure: new URL(c.req.url).protocol === "https:",
    sameSite: "Lax",
    path: "/",
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}
