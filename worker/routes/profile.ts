// The profile shape returned by signup, login, invite acceptance and /me.
import { eq } from "drizzle-orm";
import type { Identity } from "../auth/identity";
import type { Queryable } from "../../db/client";
import { organizations, users } from "../../db/schema";
import type { Role } from "../../domain/roles";
import { notFound } from "../http/errors";

export interface Profile {
  user: { id: string; email: string; name: string } | null;
  organization: { id: string; name: string; slug: string };
  role: Role;
}

export async function loadProfile(
  db: Queryable,
  who: { userId: string | null; organizationId: string; role: Role },
): Promise<Profile> {
  const [organization] = await db
    .select({ id: organizations.id, name: organizations.name, slug: organizations.slug })
    .from(organizations)
    .where(eq(organizations.id, who.organizationId));
  if (!organization) throw notFound("Organization");
  const [user] = who.userId
    ? await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, who.userId))
    : [];
  return { user: user ?? null, organization, role: who.role };
}

export const profileOf = (identity: Identity) => ({
  userId: identity.userId,
  organizationId: identity.organizationId,
  role: identity.role,
});
