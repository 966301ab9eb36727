// Names for the ids a record keeps. A call's timeline and a compliance skip's explanation
// are written by actors that know ids (an agent, an account, a debt); a person reading
// them wants names. Resolved here, on the server, so every reader gets the same words.
import { and, eq, inArray } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { accounts, debts, users } from "../../db/schema";
import { timelineEntryView } from "../../objects/call/protocol";
import type { z } from "zod";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** What builds before the agent's id had its own field wrote into the text. */
const LEGACY_AGENT_RESERVED = /^Agent reserved \(([^)]*)\)$/;

type TimelineEntry = z.infer<typeof timelineEntryView>;
export type NamedTimelineEntry = TimelineEntry & { agentName?: string | null };

/**
 * The stored timeline with each agent's name beside their id (`agentName`; null for a
 * user who no longer exists). Entries written before the id had a field ("Agent
 * reserved (<id or name>)") are read into the same shape. An unreadable entry is dropped
 * from the view, never from the record.
 */
export async function namedTimeline(db: Queryable, stored: unknown): Promise<NamedTimelineEntry[]> {
  const entries = (Array.isArray(stored) ? stored : []).flatMap((raw) => {
    const parsed = timelineEntryView.safeParse(raw);
    return parsed.success ? [fromLegacy(parsed.data)] : [];
  });
  const ids = [...new Set(entries.flatMap((entry) => (entry.agentUserId && isUuid(entry.agentUserId) ? [entry.agentUserId.toLowerCase()] : [])))];
  const names = new Map<string, string>();
  if (ids.length > 0) {
    for (const user of await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))) names.set(user.id, user.name);
  }
  return entries.map((entry) => (entry.agentUserId ? { ...entry, agentName: names.get(entry.agentUserId.toLowerCase()) ?? null } : entry));
}

function fromLegacy(entry: TimelineEntry): NamedTimelineEntry {
  const legacy = entry.agentUserId ? null : LEGACY_AGENT_RESERVED.exec(entry.text);
  if (!legacy) return entry;
  const who = legacy[1]!;
  // Old entries named the agent when the pool knew the name, else the id.
  return isUuid(who) ? { ...entry, text: "Agent reserved", agentUserId: who } : { ...entry, text: "Agent reserved", agentName: who };
}

const IDS_PER_QUERY = 5_000;

const isUuid = (text: string) => new RegExp(`^${UUID.source}$`, "i").test(text);

/**
 * Explanations with the accounts and debts they name by id written as names: the
 * account's name, the debt's reference (else its creditor). Ids of nothing this
 * organisation has stay as they are.
 */
export async function withNamedExplanations<Row extends { explanation: string }>(db: Queryable, organizationId: string, rows: Row[]): Promise<Row[]> {
  const ids = [...new Set(rows.flatMap((row) => row.explanation.match(UUID) ?? []).map((id) => id.toLowerCase()))];
  if (ids.length === 0) return rows;
  const labels = new Map<string, string>();
  // The CSV may name tens of thousands: ask in slices, far below Postgres's bind-parameter limit.
  for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
    const slice = ids.slice(start, start + IDS_PER_QUERY);
    const [accountNames, debtNames] = await Promise.all([
      db.select({ id: accounts.id, label: accounts.name }).from(accounts).where(and(eq(accounts.organizationId, organizationId), inArray(accounts.id, slice))),
      db.select({ id: debts.id, ref: debts.externalRef, creditor: debts.creditor }).from(debts).where(and(eq(debts.organizationId, organizationId), inArray(debts.id, slice))),
    ]);
    for (const account of accountNames) labels.set(account.id, account.label);
    for (const debt of debtNames) labels.set(debt.id, debt.ref || debt.creditor || "without a reference");
  }
  return rows.map((row) => ({ ...row, explanation: row.explanation.replace(UUID, (id) => labels.get(id.toLowerCase()) ?? id) }));
}
