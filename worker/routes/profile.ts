// The profile shape returned by signup, login, invite acceptance and /me, and the
// caller's own sign-in history.
import { eq } from "drizzle-orm";
import type { Identity } from "../auth/identity";
import type { Queryable } from "../../db/client";
import { organizations, users } from "../../db/schema";
import type { Role } from "../../domain/roles";
import { notFound } from "../http/errors";
import { listOwnSignIns } from "../http/contracts/auth";
import { defineRoute, member } from "../http/route-table";
import { latestSignIns } from "../auth/sign-in-history";

defineRoute(listOwnSignIns, {
  summary: "The caller's own latest sign-ins (an API key has none)",
  access: member("viewer"),
  handler: async (c) => {
    const { userId, organizationId } = c.var.identity;
    return c.json({ signIns: userId ? await latestSignIns(c.var.db, { userId, organizationId }) : [] });
  },
});

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
