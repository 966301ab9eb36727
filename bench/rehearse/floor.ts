// The rehearsal's floor, set up in Postgres as an organisation's own data would be: a
// fresh organisation (so nothing else it holds is dialled), an owner who runs the
// campaign through the API, N agents, and one account per lead whose number carries
// the lead number the carrier simulator's workload plan reads. The accounts live in a
// zone where it is midday now, so the calling window never decides the rehearsal.
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { accounts, memberships, organizations, users } from "../../db/schema.ts";
import { phoneLineTypesOf } from "../../domain/phone-number.ts";
import { hashPassword } from "../../worker/auth/password.ts";
import { middayZone, rehearsalLeadNumber as leadNumber } from "../../domain/rehearsal.ts";

/** The workload plan's number range (one place: domain/rehearsal.ts, which the console's rehearsal dials too). */
export { REHEARSAL_NUMBER_PREFIX as LEAD_NUMBER_PREFIX } from "../../domain/rehearsal.ts";
const MAX_LEADS = 1_000_000;
const PASSWORD = "rehearsal-password";
const INSERT_BATCH = 1_000;

export interface Floor {
  organizationId: string;
  owner: { email: string; password: string };
  agents: { userId: string; email: string; password: string }[];
  leads: number;
}

export async function setUpFloor(databaseUrl: string, input: { agents: number; leads: number; tag: string }): Promise<Floor> {
  if (input.leads > MAX_LEADS) throw new Error(`At most ${MAX_LEADS} leads fit the plan's number range (asked ${input.leads})`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const db = drizzle({ client });
    const passwordHash = await hashPassword(PASSWORD);
    return await db.transaction(async (tx) => {
      const [org] = await tx.insert(organizations).values({ name: `Rehearsal ${input.tag}`, slug: `rehearsal-${input.tag}` }).returning({ id: organizations.id });
      const organizationId = org!.id;
      const people = [
        { email: `owner-${input.tag}@rehearsal.test`, name: "Rehearsal Owner", role: "owner" as const },
        ...Array.from({ length: input.agents }, (_, i) => ({ email: `agent${i + 1}-${input.tag}@rehearsal.test`, name: `Agent ${i + 1}`, role: "agent" as const })),
      ];
      const inserted = await tx
        .insert(users)
        .values(people.map((p) => ({ email: p.email, name: p.name, passwordHash })))
        .returning({ id: users.id, email: users.email });
      const idOf = new Map(inserted.map((u) => [u.email, u.id]));
      await tx.insert(memberships).values(people.map((p) => ({ organizationId, userId: idOf.get(p.email)!, role: p.role })));
      const timeZone = middayZone(Date.now());
      for (let from = 0; from < input.leads; from += INSERT_BATCH) {
        const rows = [];
        for (let lead = from; lead < Math.min(input.leads, from + INSERT_BATCH); lead++) {
          const phones = [leadNumber(lead)];
          rows.push({ organizationId, externalRef: `LEAD-${lead}`, name: `Lead ${lead}`, phones, phoneLineTypes: phoneLineTypesOf(phones), timeZone, balanceDueCents: 10_000, consent: true });
        }
        await tx.insert(accounts).values(rows);
      }
      return {
        organizationId,
        owner: { email: people[0]!.email, password: PASSWORD },
        agents: people.slice(1).map((p) => ({ userId: idOf.get(p.email)!, email: p.email, password: PASSWORD })),
        leads: input.leads,
      };
    });
  } finally {
    await client.end();
  }
}

/** A console session (the wib_session cookie), as the login page gets one. */
export async function logIn(apiUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${apiUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const cookie = /(?:^|,\s*)(wib_session=[^;,]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1];
  if (!response.ok || !cookie) throw new Error(`Logging in as ${email} answered ${response.status}: ${await response.text()}`);
  return cookie;
}
