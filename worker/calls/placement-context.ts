// What placing a call reads from its organisation, read once per placement in one
// statement: the caller id (the organisation's first number), the wrap-up time, the
// recording disclosure and, when the call is for an account, that account's name,
// balance and state. Placing a call used to read them in three separate queries (five
// for a call with an account: the account twice), each a round trip through the Worker's
// connection; bench:calls counted them among the statements per webhook.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { accounts, organizations, phoneNumbers } from "../../db/schema";
import { DEFAULT_RECORDING_DISCLOSURE } from "../../domain/recording-disclosure";
import { DEFAULT_WRAP_UP_SECONDS } from "../../domain/wrap-up";

export interface PlacementContext {
  /** The organisation's first number (by when it was added), or null when it has none. */
  ownNumber: string | null;
  wrapUpSeconds: number;
  recordingDisclosure: string;
  /** The account the call is for, when the placement names one of this organisation's. */
  account: { name: string; balanceDueCents: number; state: string | null } | null;
}

export async function readPlacementContext(db: Queryable, organizationId: string, accountId: string | null): Promise<PlacementContext> {
  const firstNumber = db
    .select({ e164: phoneNumbers.e164 })
    .from(phoneNumbers)
    .where(eq(phoneNumbers.organizationId, organizations.id))
    .orderBy(asc(phoneNumbers.createdAt))
    .limit(1);
  const columns = {
    ownNumber: sql<string | null>`(${firstNumber})`,
    wrapUpSeconds: organizations.wrapUpSeconds,
    recordingDisclosure: organizations.recordingDisclosure,
  };
  if (accountId === null) {
    const [row] = await db.select(columns).from(organizations).where(eq(organizations.id, organizationId));
    return contextOf(row, null);
  }
  const [row] = await db
    .select({ ...columns, accountName: accounts.name, balanceDueCents: accounts.balanceDueCents, accountState: accounts.state })
    .from(organizations)
    .leftJoin(accounts, and(eq(accounts.id, accountId), eq(accounts.organizationId, organizations.id)))
    .where(eq(organizations.id, organizationId));
  return contextOf(row, row && row.accountName !== null ? { name: row.accountName, balanceDueCents: row.balanceDueCents ?? 0, state: row.accountState } : null);
}

function contextOf(row: { ownNumber: string | null; wrapUpSeconds: number; recordingDisclosure: string } | undefined, account: PlacementContext["account"]): PlacementContext {
  return {
    ownNumber: row?.ownNumber ?? null,
    wrapUpSeconds: row?.wrapUpSeconds ?? DEFAULT_WRAP_UP_SECONDS,
    recordingDisclosure: row?.recordingDisclosure ?? DEFAULT_RECORDING_DISCLOSURE,
    account,
  };
}
