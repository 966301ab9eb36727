// A campaign rehearsal's floor in Postgres, in one transaction: an organisation of its own
// (organizations.rehearsal_of names the organisation it rehearses for), so its leads,
// calls, agents, pool and campaign are apart from every real record; a runner (the
// supervisor whose session stops the campaign when the shift is over) and N agents who
// cannot log in (no password; their sessions are made here and handed to the carrier
// simulator's desks); one account per lead, numbered as the simulator's workload plan
// reads them, with consent, in a zone where it is midday; and the campaign's settings
// copied as a draft, its agents the rehearsal's, its selection every lead.
import { eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { accounts, campaigns, memberships, organizations, users } from "../../db/schema";
import { phoneLineTypesOf } from "../../domain/phone-number";
import { middayZone, rehearsalLeadNumber } from "../../domain/rehearsal";
import { randomToken } from "../auth/crypto";
import { createSession } from "../auth/session";
import { columnsOf, settingsOf, type CampaignRow } from "./config";

/** Not a password hash verifyPassword can match: nobody logs in as a rehearsal's people. */
const NO_LOGIN = "rehearsal$no-login";
const LEAD_INSERT_BATCH = 1_000;
const LEAD_BALANCE_CENTS = 10_000;

export interface RehearsalFloor {
  organizationId: string;
  campaign: CampaignRow;
  runner: { userId: string; session: string };
  agents: { userId: string; session: string }[];
  leads: number;
}

export async function createRehearsalFloor(
  db: Database,
  input: { source: CampaignRow; agents: number; leads: number; nowMs: number },
): Promise<RehearsalFloor> {
  const { source } = input;
  const tag = randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, "x");
  return db.transaction(async (tx) => {
    const [organization] = await tx
      .insert(organizations)
      .values({ name: `Rehearsal of ${source.name}`.slice(0, 200), slug: `rehearsal-${tag}-${input.nowMs.toString(36)}`, rehearsalOf: source.organizationId })
      .returning({ id: organizations.id });
    const organizationId = organization!.id;
    const people = [
      { email: `runner-${tag}@rehearsal.invalid`, name: "Rehearsal runner", role: "supervisor" as const },
      ...Array.from({ length: input.agents }, (_, i) => ({ email: `agent${i + 1}-${tag}@rehearsal.invalid`, name: `Simulated agent ${i + 1}`, role: "agent" as const })),
    ];
    const inserted = await tx
      .insert(users)
      .values(people.map((p) => ({ email: p.email, name: p.name, passwordHash: NO_LOGIN })))
      .returning({ id: users.id, email: users.email });
    const idOf = new Map(inserted.map((u) => [u.email, u.id]));
    const userIds = people.map((p) => idOf.get(p.email)!);
    await tx.insert(memberships).values(people.map((p, i) => ({ organizationId, userId: userIds[i]!, role: p.role })));
    const sessions = [];
    for (const userId of userIds) {
      const { token } = await createSession(tx, { userId, organizationId, userAgent: "rehearsal (carrier simulator)" });
      sessions.push({ userId, session: token });
    }

    const timeZone = middayZone(input.nowMs);
    for (let from = 0; from < input.leads; from += LEAD_INSERT_BATCH) {
      const rows = [];
      for (let lead = from; lead < Math.min(input.leads, from + LEAD_INSERT_BATCH); lead++) {
        const phones = [rehearsalLeadNumber(lead)];
        rows.push({ organizationId, externalRef: `LEAD-${lead}`, name: `Lead ${lead}`, phones, phoneLineTypes: phoneLineTypesOf(phones), timeZone, balanceDueCents: LEAD_BALANCE_CENTS, consent: true });
      }
      await tx.insert(accounts).values(rows);
    }

    const settings = {
      ...settingsOf(source),
      name: `Rehearsal of ${source.name}`.slice(0, 200),
      agentUserIds: userIds.slice(1),
      accountSelection: {},
      segmentId: null,
    };
    const [campaign] = await tx
      .insert(campaigns)
      .values({ ...columnsOf(settings), organizationId } as typeof campaigns.$inferInsert)
      .returning();
    return { organizationId, campaign: campaign!, runner: sessions[0]!, agents: sessions.slice(1), leads: input.leads };
  });
}

/** Undoes a floor whose rehearsal could not begin: everything of it goes with its organisation. */
export async function dropRehearsalFloor(db: Database, floor: Pick<RehearsalFloor, "organizationId" | "runner" | "agents">): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(organizations).where(eq(organizations.id, floor.organizationId));
    await tx.delete(users).where(inArray(users.id, [floor.runner.userId, ...floor.agents.map((a) => a.userId)]));
  });
}
