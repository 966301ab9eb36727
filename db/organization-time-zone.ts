// The organisation's time zone, which draws its calendar's days for every date a query names.
import { eq } from "drizzle-orm";
import type { Queryable } from "./client";
import { organizations } from "./schema";

export async function organizationTimeZone(db: Queryable, organizationId: string): Promise<string> {
  const [row] = await db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, organizationId));
  return row?.timeZone ?? "UTC";
}
