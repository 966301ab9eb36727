// Seeds the demo organisation idempotently: running it twice changes nothing. Users
// are found by email and accounts by external reference, so a second `npm start`
// reuses what is there. Every row it adds is audited like any other change.
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { recordAudit } from "../../worker/audit/record.ts";
import { hashPassword } from "../../worker/auth/password.ts";
import { accounts, memberships, organizations, phoneNumbers, users, type Role } from "../../worker/db/schema.ts";

export const DEMO_ORG = { name: "Demo Collections", slug: "demo" };
export const DEMO_PASSWORD = "demo-password";
/** The demo organisation's line: its caller id, and inbound calls to it ring Ava Agent. */
export const DEMO_MAIN_NUMBER = "+15550001000";

export const DEMO_USERS: readonly { email: string; name: string; role: Role }[] = [
  { email: "owner@demo.test", name: "Olivia Owner", role: "owner" },
  { email: "supervisor@demo.test", name: "Sam Supervisor", role: "supervisor" },
  { email: "agent1@demo.test", name: "Ava Agent", role: "agent" },
  { email: "agent2@demo.test", name: "Ben Agent", role: "agent" },
  { email: "agent3@demo.test", name: "Cleo Agent", role: "agent" },
];

const DEMO_ACCOUNTS = [
  { externalRef: "DEMO-1001", name: "Maria Garcia", phones: ["+13125550101"], timeZone: "America/Chicago", balanceDueCents: 125_000, preferredLanguage: "es" },
  { externalRef: "DEMO-1002", name: "James Smith", phones: ["+12125550102"], timeZone: "America/New_York", balanceDueCents: 48_050, preferredLanguage: "en" },
  { externalRef: "DEMO-1003", name: "Linh Nguyen", phones: ["+14155550103"], timeZone: "America/Los_Angeles", balanceDueCents: 230_000, preferredLanguage: "en" },
  { externalRef: "DEMO-1004", name: "Pierre Dubois", phones: ["+13055550104"], timeZone: "America/New_York", balanceDueCents: 9_900, preferredLanguage: "fr" },
  { externalRef: "DEMO-1005", name: "Aisha Khan", phones: ["+17135550105", "+17135550115"], timeZone: "America/Chicago", balanceDueCents: 67_500, preferredLanguage: "en" },
  { externalRef: "DEMO-1006", name: "Kenji Sato", phones: ["+12065550106"], timeZone: "America/Los_Angeles", balanceDueCents: 15_000, preferredLanguage: "ja" },
];

const SYSTEM = { kind: "system" } as const;

export async function seedDemo(databaseUrl: string): Promise<{ organizationId: string; created: boolean }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await drizzle({ client }).transaction(async (tx) => {
      const [found] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, DEMO_ORG.slug));
      const organizationId = found?.id ?? (await tx.insert(organizations).values(DEMO_ORG).returning())[0]!.id;
      if (!found) {
        await recordAudit(tx, organizationId, SYSTEM, {
          action: "organization.created",
          resourceType: "organization",
          resourceId: organizationId,
          after: DEMO_ORG,
        });
      }
      for (const user of DEMO_USERS) {
        const [existing] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${user.email}`);
        const userId =
          existing?.id ??
          (await tx
            .insert(users)
            .values({ email: user.email, name: user.name, passwordHash: await hashPassword(DEMO_PASSWORD) })
            .returning())[0]!.id;
        const [membership] = await tx
          .insert(memberships)
          .values({ organizationId, userId, role: user.role })
          .onConflictDoNothing()
          .returning();
        if (membership) {
          await recordAudit(tx, organizationId, SYSTEM, {
            action: "membership.created",
            resourceType: "membership",
            resourceId: membership.id,
            after: { userId, email: user.email, role: user.role },
          });
        }
      }
      const [ava] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = 'agent1@demo.test'`);
      const [line] = await tx
        .insert(phoneNumbers)
        .values({ organizationId, e164: DEMO_MAIN_NUMBER, label: "Main line", inboundAction: "ring_agent", inboundAgentUserId: ava!.id })
        .onConflictDoNothing()
        .returning();
      if (line) {
        await recordAudit(tx, organizationId, SYSTEM, {
          action: "phone_number.added",
          resourceType: "phone_number",
          resourceId: line.id,
          after: { e164: DEMO_MAIN_NUMBER, inboundAction: "ring_agent" },
        });
      }
      for (const account of DEMO_ACCOUNTS) {
        const [inserted] = await tx
          .insert(accounts)
          .values({ ...account, organizationId })
          .onConflictDoNothing()
          .returning();
        if (inserted) {
          await recordAudit(tx, organizationId, SYSTEM, {
            action: "account.created",
            resourceType: "account",
            resourceId: inserted.id,
            after: account,
          });
        }
      }
      return { organizationId, created: !found };
    });
  } finally {
    await client.end();
  }
}
