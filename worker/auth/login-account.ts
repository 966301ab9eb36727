// What a login needs to know about an email, in one round trip: the user, the
// organisation the login lands in (their first membership) and whether this browser's
// device token has signed in to them before. A floor logging in at once feels every
// round trip, so this is one query instead of four.
import { asc, eq, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { memberships, organizations, signIns, users } from "../../db/schema";

export async function findLoginAccount(db: Queryable, email: string, deviceHash: string | null) {
  const knownDevice = deviceHash
    ? sql<boolean>`exists (select 1 from ${signIns} where ${signIns.userId} = ${users.id} and ${signIns.deviceHash} = ${deviceHash} and ${signIns.outcome} = 'succeeded')`
    : sql<boolean>`false`;
  const [row] = await db
    .select({
      user: { id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash },
      membership: { role: memberships.role },
      organization: { id: organizations.id, name: organizations.name, slug: organizations.slug },
      knownDevice,
    })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(sql`lower(${users.email}) = ${email}`)
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  return row;
}
