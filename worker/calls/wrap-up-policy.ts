// The organisation's wrap-up time (its setting in `organizations`), read where a call's
// wrap-up is decided: campaigns use it when they set no time of their own (a direct
// call reads it with the rest of its placement: placement-context.ts).
import { eq } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { organizations } from "../../db/schema";
import { DEFAULT_WRAP_UP_SECONDS } from "../../domain/wrap-up";

export async function organizationWrapUpSeconds(db: Queryable, organizationId: string): Promise<number> {
  const [row] = await db.select({ wrapUpSeconds: organizations.wrapUpSeconds }).from(organizations).where(eq(organizations.id, organizationId));
  return row?.wrapUpSeconds ?? DEFAULT_WRAP_UP_SECONDS;
}
