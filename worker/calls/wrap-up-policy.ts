// The organisation's wrap-up time (its setting in `organizations`), read where a call's
// wrap-up is decided: direct and inbound calls use it as is, campaigns when they set
// no time of their own.
import { eq } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { organizations } from "../../db/schema";
import { DEFAULT_WRAP_UP_SECONDS, ordinaryCallWrapUp, type WrapUpPolicy } from "../../domain/wrap-up";

export async function organizationWrapUpSeconds(db: Queryable, organizationId: string): Promise<number> {
  const [row] = await db.select({ wrapUpSeconds: organizations.wrapUpSeconds }).from(organizations).where(eq(organizations.id, organizationId));
  return row?.wrapUpSeconds ?? DEFAULT_WRAP_UP_SECONDS;
}

/** An ordinary (non-campaign) call's wrap-up in this organisation. */
export async function ordinaryCallWrapUpIn(db: Queryable, organizationId: string): Promise<WrapUpPolicy> {
  return ordinaryCallWrapUp(await organizationWrapUpSeconds(db, organizationId));
}
