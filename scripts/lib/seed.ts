// Seeds the demo organisation idempotently: running it twice changes nothing. Users
// are found by email, accounts and debts by external reference, so a second `npm start`
// reuses what is there. Every row it adds is audited like any other change.
import { and, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { recordAudit } from "../../db/audit/record.ts";
import { hashPassword } from "../../worker/auth/password.ts";
import { accounts, campaigns, debts, memberships, organizations, phoneNumbers, users } from "../../db/schema.ts";
import { phoneLineTypesOf } from "../../domain/phone-number.ts";
import type { Role } from "../../domain/roles.ts";
import { columnsOf } from "../../worker/campaigns/config.ts";
import { newCampaignSettings } from "../../worker/campaigns/settings.ts";

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

/** Each account's debts add up to its balance due (Regulation F counts attempts per debt). The demo's consent is on record. */
const DEMO_ACCOUNTS = [
  {
    externalRef: "DEMO-1001", name: "Maria Garcia", phones: ["+13125550101"], timeZone: "America/Chicago", balanceDueCents: 125_000, preferredLanguage: "es", consent: true,
    debts: [{ externalRef: "DEMO-1001-A", creditor: "Lakeside Bank", balanceCents: 100_000 }, { externalRef: "DEMO-1001-B", creditor: "Metro Card Services", balanceCents: 25_000 }],
  },
  {
    externalRef: "DEMO-1002", name: "James Smith", phones: ["+12125550102"], timeZone: "America/New_York", balanceDueCents: 48_050, preferredLanguage: "en", consent: true,
    debts: [{ externalRef: "DEMO-1002-A", creditor: "Metro Card Services", balanceCents: 48_050 }],
  },
  {
    externalRef: "DEMO-1003", name: "Linh Nguyen", phones: ["+14155550103"], timeZone: "America/Los_Angeles", balanceDueCents: 230_000, preferredLanguage: "en", consent: true,
    debts: [{ externalRef: "DEMO-1003-A", creditor: "Bayview Auto Finance", balanceCents: 200_000 }, { externalRef: "DEMO-1003-B", creditor: "Lakeside Bank", balanceCents: 30_000 }],
  },
  {
    externalRef: "DEMO-1004", name: "Pierre Dubois", phones: ["+13055550104"], timeZone: "America/New_York", balanceDueCents: 9_900, preferredLanguage: "fr", consent: true,
    debts: [{ externalRef: "DEMO-1004-A", creditor: "Sunshine Medical Group", balanceCents: 9_900 }],
  },
  {
    externalRef: "DEMO-1005", name: "Aisha Khan", phones: ["+17135550105", "+17135550115"], timeZone: "America/Chicago", balanceDueCents: 67_500, preferredLanguage: "en", consent: true,
    debts: [{ externalRef: "DEMO-1005-A", creditor: "Lakeside Bank", balanceCents: 50_000 }, { externalRef: "DEMO-1005-B", creditor: "Sunshine Medical Group", balanceCents: 17_500 }],
  },
  {
    externalRef: "DEMO-1006", name: "Kenji Sato", phones: ["+12065550106"], timeZone: "America/Los_Angeles", balanceDueCents: 15_000, preferredLanguage: "ja", consent: true,
    debts: [{ externalRef: "DEMO-1006-A", creditor: "Metro Card Services", balanceCents: 15_000 }],
  },
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
      for (const { debts: accountDebts, ...account } of DEMO_ACCOUNTS) {
        const [inserted] = await tx
          .insert(accounts)
          .values({ ...account, phoneLineTypes: phoneLineTypesOf(account.phones), organizationId })
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
        const accountId =
          inserted?.id ??
          (await tx
            .select({ id: accounts.id })
            .from(accounts)
            .where(and(eq(accounts.organizationId, organizationId), eq(accounts.externalRef, account.externalRef))))[0]!.id;
        for (const debt of accountDebts) {
          const [added] = await tx
            .insert(debts)
            .values({ ...debt, organizationId, accountId })
            .onConflictDoNothing()
            .returning({ id: debts.id });
          if (added) {
            await recordAudit(tx, organizationId, SYSTEM, {
              action: "debt.created",
              resourceType: "debt",
              resourceId: added.id,
              after: { accountId, ...debt },
            });
          }
        }
      }
      await seedDemoCampaign(tx, organizationId);
      return { organizationId, created: !found };
    });
  } finally {
    await client.end();
  }
}

export const DEMO_CAMPAIGN_NAME = "Collections demo";
const DEMO_CAMPAIGN_AGENTS = ["agent1@demo.test", "agent2@demo.test", "agent3@demo.test"];

type SeedTransaction = Parameters<Parameters<ReturnType<typeof drizzle>["transaction"]>[0]>[0];

/** A draft predictive campaign worked by the three demo agents; found again by its name. */
async function seedDemoCampaign(tx: SeedTransaction, organizationId: string): Promise<void> {
  const [existing] = await tx
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.organizationId, organizationId), eq(campaigns.name, DEMO_CAMPAIGN_NAME)));
  if (existing) return;
  const agents = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(sql`lower(${users.email}) in (${sql.join(DEMO_CAMPAIGN_AGENTS.map((email) => sql`${email}`), sql`, `)})`);
  const agentUserIds = DEMO_CAMPAIGN_AGENTS.map((email) => agents.find((a) => a.email.toLowerCase() === email)!.id);
  const settings = newCampaignSettings({ name: DEMO_CAMPAIGN_NAME, pacingMode: "predictive", agentUserIds });
  const [campaign] = await tx
    .insert(campaigns)
    .values({ ...columnsOf(settings), organizationId } as typeof campaigns.$inferInsert)
    .returning({ id: campaigns.id });
  await recordAudit(tx, organizationId, SYSTEM, { action: "campaign.created", resourceType: "campaign", resourceId: campaign!.id, after: settings });
}
