// A person's sign-in history (sign_ins): written for every session started and every
// wrong password for a known user, read back for the person and their admins. Whether a
// browser is a known device is asked of it by the login's own query (login-account.ts).
import { and, desc, eq } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { signIns } from "../../db/schema";
import { SIGN_IN_HISTORY_LIMIT, type SignInOutcome } from "../../domain/sign-in";

export interface SignInAttempt {
  userId: string;
  organizationId: string;
  address: string;
  userAgent: string | undefined;
  deviceHash: string | null;
  outcome: SignInOutcome;
}

export async function recordSignIn(db: Queryable, attempt: SignInAttempt): Promise<void> {
  await db.insert(signIns).values({
    userId: attempt.userId,
    organizationId: attempt.organizationId,
    address: attempt.address.slice(0, 100),
    userAgent: attempt.userAgent?.slice(0, 300) ?? null,
    deviceHash: attempt.deviceHash,
    outcome: attempt.outcome,
  });
}

/** The latest sign-ins of one person in one organisation, newest first. */
export async function latestSignIns(db: Queryable, who: { userId: string; organizationId: string }) {
  const rows = await db
    .select({
      occurredAt: signIns.occurredAt,
      address: signIns.address,
      userAgent: signIns.userAgent,
      deviceHash: signIns.deviceHash,
      outcome: signIns.outcome,
    })
    .from(signIns)
    .where(and(eq(signIns.userId, who.userId), eq(signIns.organizationId, who.organizationId)))
    .orderBy(desc(signIns.occurredAt))
    .limit(SIGN_IN_HISTORY_LIMIT);
  // A short prefix of the hash tells devices apart without handing out anything usable.
  return rows.map(({ deviceHash, ...row }) => ({ ...row, device: deviceHash?.slice(0, 8) ?? null }));
}
