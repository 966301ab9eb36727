// Who a console session is: the one query behind every cookie, read by the Worker's
// requests (worker/auth/identity.ts) and, for room sockets, by a RecordWriter over its
// kept connection (a new Postgres session per socket cost ~33 ms of Postgres CPU).
import { and, eq, gt } from "drizzle-orm";
import type { Queryable } from "./client";
import { memberships, organizations, sessions, users } from "./schema";
import type { Role } from "../domain/roles";

export interface SessionMember {
  organizationId: string;
  organizationName: string;
  userId: string;
  userName: string;
  role: Role;
}

/** The member a live session (by the hash of its token) belongs to now, or null when it has expired or names nobody. */
export async function findSessionMember(db: Queryable, sessionId: string, now: Date): Promise<SessionMember | null> {
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
    .innerJoin(memberships, and(eq(memberships.userId, sessions.userId), eq(memberships.organizationId, sessions.organizationId)))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now)))
    .limit(1);
  return row ?? null;
}
